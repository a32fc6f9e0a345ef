/*
 * The float32 loss / residuals / gradient entry of native/lossGradient.c: lossGradientKernel.h
 * included with KT float (4, 8 or 16 lanes: portable, AVX2+FMA, AVX-512), every operation in
 * float32 (FLT_EVAL_METHOD 0 on x86-64: no wider intermediates; multiply-adds may be fused, which
 * the float32 contract's bound covers). tanhf/expf/log1pf from libmvec where present (glibc
 * documents its vector float routines within 4 ulps, as its double ones), else scalar libm.
 * Included by lossGradient.c after its Module and float64 kernels, before NAPI_MODULE_INIT.
 * JS API:
 *   lossGradientF32(X, y, W, a, n, d, p, activation, alpha, scale, factor, outputs, residuals,
 *                   gradA | null, gradW | null[, variant]) → Σ r_i² in float32 (all arrays Float32Array)
 */
typedef float vf4 __attribute__((vector_size(16)));
typedef float vf4u __attribute__((vector_size(16), aligned(4)));
typedef int32_t vi4 __attribute__((vector_size(16)));
#ifdef X86
typedef float vf8 __attribute__((vector_size(32)));
typedef float vf8u __attribute__((vector_size(32), aligned(4)));
typedef int32_t vi8 __attribute__((vector_size(32)));
typedef float vf16 __attribute__((vector_size(64)));
typedef float vf16u __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi16 __attribute__((vector_size(64)));
#endif

/* Problem and Scratch of lossGradient.c with float storage (the kernel header names them Problem and Scratch). */
typedef struct {
  const float *X, *y, *W;
  float *outputs, *residuals, *gradA, *gradW;
  int n, d, p, activation;
  float alpha, scale, factor;
} ProblemF32;

typedef struct {
  int pP, rows;
  float *Wt, *a, *z, *coef, *tmp, *zeroRow, *Gt, *gA;
} ScratchF32;

#define Problem ProblemF32
#define Scratch ScratchF32
#define KLOSS_ONLY 1
#define Kernel KCAT(Math, KNAME)

#define KT float
#define KSIGN INT32_MIN
#define KM(name) name##f
#define KATTR
#define KV vf4
#define KVU vf4u
#define KI vi4
#define KL 4
#define KNAME lossGradientF32Generic
typedef struct { vf4 (*tanh)(vf4); vf4 (*exp)(vf4); vf4 (*log1p)(vf4); } Math_lossGradientF32Generic;
#include "lossGradientKernel.h"
#undef KATTR

#ifdef X86
#define KT float
#define KSIGN INT32_MIN
#define KM(name) name##f
#define KATTR __attribute__((target("avx2,fma")))
#define KV vf8
#define KVU vf8u
#define KI vi8
#define KL 8
#define KNAME lossGradientF32Avx2
typedef struct { vf8 (*tanh)(vf8); vf8 (*exp)(vf8); vf8 (*log1p)(vf8); } Math_lossGradientF32Avx2;
#include "lossGradientKernel.h"
#undef KATTR

#define KT float
#define KSIGN INT32_MIN
#define KM(name) name##f
#define KATTR __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define KV vf16
#define KVU vf16u
#define KI vi16
#define KL 16
#define KNAME lossGradientF32Avx512
typedef struct { vf16 (*tanh)(vf16); vf16 (*exp)(vf16); vf16 (*log1p)(vf16); } Math_lossGradientF32Avx512;
#include "lossGradientKernel.h"
#undef KATTR
#endif
#undef Kernel
#undef KLOSS_ONLY
#undef Problem
#undef Scratch

/* glibc's float vector math: the double routines' names with an f, at twice the lanes. */
static int loadLibmvecF32(VectorMath math[3]) {
#ifdef X86
  void *lib = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return 0;
  static const char *const tags[3] = {"b", "d", "e"};
  static const int lanes[3] = {4, 8, 16};
  static const char *const functions[3] = {"tanhf", "expf", "log1pf"};
  int all = 1;
  for (int v = 0; v < 3; v++) {
    char name[32];
    void **slots[3] = {&math[v].tanh, &math[v].exp, &math[v].log1p};
    for (int f = 0; f < 3; f++) {
      snprintf(name, sizeof name, "_ZGV%sN%dv_%s", tags[v], lanes[v], functions[f]);
      *slots[f] = dlsym(lib, name);
    }
    if (!math[v].tanh || !math[v].exp || !math[v].log1p) {
      math[v] = (VectorMath){NULL, NULL, NULL};
      all = 0;
    }
  }
  return all;
#else
  (void)math;
  return 0;
#endif
}

static int lanesOfF32(Variant variant) { return variant == AVX512 ? 16 : variant == AVX2 ? 8 : 4; }

/* As panelRows, for 4-byte rows. */
static int panelRowsF32(int d) {
  int rows = (int)(PANEL_BYTES / (4 * (size_t)d)) / 6 * 6;
  if (rows < 6) rows = 6;
  if (rows > PANEL_MAX_ROWS) rows = PANEL_MAX_ROWS;
  return rows;
}

static void freeScratchF32(ScratchF32 *s) {
  free(s->Wt); free(s->a); free(s->z); free(s->coef); free(s->tmp); free(s->zeroRow); free(s->Gt); free(s->gA);
}

static int allocScratchF32(ScratchF32 *s, Variant variant, const ProblemF32 *pr, const float *a) {
  const int L = lanesOfF32(variant);
  s->pP = (pr->p + L - 1) / L * L;
  s->rows = panelRowsF32(pr->d);
  const size_t pP = s->pP, R = s->rows;
  s->Wt = alloc64(4 * (size_t)pr->d * pP);
  s->a = alloc64(4 * pP);
  s->z = alloc64(4 * R * pP);
  s->coef = alloc64(4 * R * pP);
  s->tmp = alloc64(4 * 2 * pP);
  s->zeroRow = alloc64(4 * (size_t)pr->d);
  s->Gt = alloc64(4 * (size_t)pr->d * pP);
  s->gA = alloc64(4 * pP);
  if (!s->Wt || !s->a || !s->z || !s->coef || !s->tmp || !s->zeroRow || !s->Gt || !s->gA) return 0;
  memcpy(s->a, a, 4 * (size_t)pr->p);
  return 1;
}

/* A Float32Array argument of exactly `length` entries (or null when `optional`); see typedArrayArg. */
static float *float32Arg(napi_env env, napi_value value, size_t length, int optional, int *ok) {
  return typedArrayArg(env, value, napi_float32_array, length, optional, ok);
}

static napi_value LossGradientF32(napi_env env, napi_callback_info info) {
  Module *module;
  size_t argc = 16;
  napi_value argv[16];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&module));
  if (argc < 15) THROW(env, "lossGradientF32: too few arguments");
  ProblemF32 pr;
  memset(&pr, 0, sizeof pr);
  int32_t n, d, p, activation;
  double alpha, scale, factor;
  if (napi_get_value_int32(env, argv[4], &n) != napi_ok || napi_get_value_int32(env, argv[5], &d) != napi_ok ||
      napi_get_value_int32(env, argv[6], &p) != napi_ok || napi_get_value_int32(env, argv[7], &activation) != napi_ok ||
      napi_get_value_double(env, argv[8], &alpha) != napi_ok || napi_get_value_double(env, argv[9], &scale) != napi_ok ||
      napi_get_value_double(env, argv[10], &factor) != napi_ok)
    THROW(env, "lossGradientF32: n, d, p, activation must be integers and alpha, scale, factor numbers");
  if (n < 1 || d < 1 || p < 1 || n > (1 << 26) || d > (1 << 22) || p > (1 << 20)) THROW(env, "lossGradientF32: n, d, p out of range");
  if (activation < ACT_RELU || activation > ACT_SOFTPLUS) THROW(env, "lossGradientF32: unknown activation code");
  /* The caller passes float32 values (JS rounds them with Math.fround): the casts are exact. */
  pr.n = n; pr.d = d; pr.p = p; pr.activation = activation;
  pr.alpha = (float)alpha; pr.scale = (float)scale; pr.factor = (float)factor;
  int ok = 1;
  pr.X = float32Arg(env, argv[0], (size_t)n * d, 0, &ok);
  pr.y = float32Arg(env, argv[1], (size_t)n, 0, &ok);
  pr.W = float32Arg(env, argv[2], (size_t)p * d, 0, &ok);
  const float *a = float32Arg(env, argv[3], (size_t)p, 0, &ok);
  pr.outputs = float32Arg(env, argv[11], (size_t)n, 0, &ok);
  pr.residuals = float32Arg(env, argv[12], (size_t)n, 0, &ok);
  pr.gradA = float32Arg(env, argv[13], (size_t)p, 1, &ok);
  pr.gradW = float32Arg(env, argv[14], (size_t)p * d, 1, &ok);
  if (!ok) THROW(env, "lossGradientF32: X, y, W, a, outputs, residuals, gradA, gradW must be Float32Arrays of lengths n·d, n, p·d, p, n, n, p (or null), p·d (or null)");
  if ((pr.gradA == NULL) != (pr.gradW == NULL)) THROW(env, "lossGradientF32: gradA and gradW must both be given or both null");
  Variant variant;
  if (!variantArg(env, module->best, argc > 15 ? argv[15] : NULL, &variant)) THROW(env, "lossGradientF32: this CPU does not run the requested variant");
  ScratchF32 s;
  memset(&s, 0, sizeof s);
  if (!allocScratchF32(&s, variant, &pr, a)) {
    freeScratchF32(&s);
    THROW(env, "lossGradientF32: out of memory");
  }
  const VectorMath *m = &module->mathF32[variant];
  float squares;
  switch (variant) {
#ifdef X86
    case AVX512: { Math_lossGradientF32Avx512 k = {m->tanh, m->exp, m->log1p}; squares = lossGradientF32Avx512(&k, &pr, &s); break; }
    case AVX2: { Math_lossGradientF32Avx2 k = {m->tanh, m->exp, m->log1p}; squares = lossGradientF32Avx2(&k, &pr, &s); break; }
#endif
    default: { Math_lossGradientF32Generic k = {m->tanh, m->exp, m->log1p}; squares = lossGradientF32Generic(&k, &pr, &s); break; }
  }
  freeScratchF32(&s);
  napi_value result;
  CHECK(env, napi_create_double(env, squares, &result));
  return result;
}
