{
  "targets": [
    {
      "target_name": "shallowcheck_gdstep",
      "sources": ["native/gdStep.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-strict-aliasing"],
      "cflags!": ["-O2", "-O0"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=gnu11"] }
    }
  ]
}
