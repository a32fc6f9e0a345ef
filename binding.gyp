{
  "targets": [
    {
      "target_name": "shallowcheck_gdstep",
      "sources": ["native/gdStep.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-strict-aliasing"],
      "cflags!": ["-O2", "-O0"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=gnu11"] }
    },
    {
      "target_name": "shallowcheck_kernels",
      "sources": ["native/lossGradient.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-strict-aliasing", "-Wno-psabi"],
      "cflags!": ["-O2", "-O0"],
      "libraries": ["-lm", "-ldl"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=gnu11"] }
    },
    {
      "target_name": "shallowcheck_planted",
      "sources": ["native/plantedGd.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-strict-aliasing", "-ffp-contract=off", "-fno-fast-math"],
      "cflags!": ["-O2", "-O0", "-ffast-math"],
      "libraries": ["-lm"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-fast-math"] }
    }
  ]
}
