/*
 * Native float64 loss / residuals / gradient kernels (N-API, plain C) behind src/fast/kernels.ts:
 * the formulas of src/fast/kernels.ts for every activation, with 512-, 256- or 128-bit vectors
 * chosen at run time from the CPU (AVX-512F → AVX2+FMA → portable C), as native/gdStep.c does.
 * tanh, exp and log1p of the smooth activations are glibc's vector routines (libmvec, found with
 * dlopen at load; glibc documents them within 4 ulps) where present, else scalar libm (glibc:
 * within 2 ulps). Context-aware: safe in worker threads.
 * JS API (wrapped by src/fast/nativeKernels.ts):
 *   variant() → "avx512" | "avx2" | "generic";  supported() → the variants this CPU runs, best first
 *   vectorMath() → "libmvec" | "libm" (where tanh/exp/log1p come from)
 *   lossGradient(X, y, W, a, n, d, p, activation, alpha, scale, factor, outputs, residuals,
 *                gradA | null, gradW | null[, variant]) → Σ r_i²  (all arrays Float64Array)
 *   hessianVector(X, y, W, a, n, d, p, activation, alpha, scale, u, V, outA, outW[, variant]):
 *                ∇²L·(u, V) into (outA, outW)
 *   preactivations(X, y, W, a, n, d, p, activation, alpha, scale, out[, variant]): z_ij into out[i·p + j]
 *   lossGradientF32(…): the same as lossGradient in float32 (native/lossGradientF32.h)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define NATIVE_ADDON_NAME "native kernels"
#include "napiVariant.h"

/* The order of ACTIVATION_NAMES in src/model/activation.ts. */
enum { ACT_RELU = 0, ACT_IDENTITY = 1, ACT_QUADRATIC = 2, ACT_LEAKY = 3, ACT_TANH = 4, ACT_SIGMOID = 5, ACT_SOFTPLUS = 6 };

typedef double vd2 __attribute__((vector_size(16)));
typedef double vd2u __attribute__((vector_size(16), aligned(8)));
typedef int64_t vl2 __attribute__((vector_size(16)));
#ifdef X86
typedef double vd4 __attribute__((vector_size(32)));
typedef double vd4u __attribute__((vector_size(32), aligned(8)));
typedef int64_t vl4 __attribute__((vector_size(32)));
typedef double vd8 __attribute__((vector_size(64)));
typedef double vd8u __attribute__((vector_size(64), aligned(8)));
typedef int64_t vl8 __attribute__((vector_size(64)));
#endif

/* One evaluation's arguments: the caller's arrays, read and written in place. */
typedef struct {
  const double *X, *y, *W;
  double *outputs, *residuals, *gradA, *gradW;
  int n, d, p, activation;
  double alpha, scale, factor;
} Problem;

/* Per-evaluation buffers, 64-byte aligned; pP = p rounded up to the vector width. */
typedef struct {
  int pP, rows;
  double *Wt, *a, *z, *coef, *tmp, *zeroRow;
  /* The gradient's sums, lanes along neurons: gradW transposed (d×pP) and gradA (pP). */
  double *Gt, *gA;
  /* Hessian-vector products only: V transposed, u padded, ⟨V_j, x_i⟩ per panel row, σ', σ''. */
  double *Vt, *u, *dv, *slope, *second;
} Scratch;

/* Vector routines of one width (NULL: scalar libm instead). */
typedef struct {
  void *tanh, *exp, *log1p;
} VectorMath;

/* The instance data; `best` first, as napiVariant.h's variant() and supported() read it. */
typedef struct {
  Variant best;
  VectorMath math[3];
  int haveLibmvec;
  /* The float routines for lossGradientF32 (native/lossGradientF32.h). */
  VectorMath mathF32[3];
} Module;

#ifndef PANEL_BYTES
#define PANEL_BYTES (256 * 1024)
#endif
#ifndef PANEL_MAX_ROWS
#define PANEL_MAX_ROWS 96
#endif
/* Columns of X per forward chunk: the chunk of Wt (FORWARD_COLUMNS·pP doubles) stays in L2. */
#ifndef FORWARD_COLUMNS
#define FORWARD_COLUMNS 256
#endif

#define KCAT2(a, b) a##_##b
#define KCAT(a, b) KCAT2(a, b)
#define KN(name) KCAT(KNAME, name)

#define Kernel KCAT(Math, KNAME)
#define KATTR
#define KV vd2
#define KVU vd2u
#define KI vl2
#define KL 2
#define KNAME lossGradientGeneric
typedef struct { vd2 (*tanh)(vd2); vd2 (*exp)(vd2); vd2 (*log1p)(vd2); } Math_lossGradientGeneric;
#include "lossGradientKernel.h"
#undef KATTR

#ifdef X86
#define KATTR __attribute__((target("avx2,fma")))
#define KV vd4
#define KVU vd4u
#define KI vl4
#define KL 4
#define KNAME lossGradientAvx2
typedef struct { vd4 (*tanh)(vd4); vd4 (*exp)(vd4); vd4 (*log1p)(vd4); } Math_lossGradientAvx2;
#include "lossGradientKernel.h"
#undef KATTR

#define KATTR __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define KV vd8
#define KVU vd8u
#define KI vl8
#define KL 8
#define KNAME lossGradientAvx512
typedef struct { vd8 (*tanh)(vd8); vd8 (*exp)(vd8); vd8 (*log1p)(vd8); } Math_lossGradientAvx512;
#include "lossGradientKernel.h"
#undef KATTR
#endif
#undef Kernel

/* glibc's vector math (x86-64 vector ABI names: b = SSE 2 lanes, d = AVX2 4 lanes, e = AVX-512 8 lanes). */
static int loadLibmvec(Module *module) {
#ifdef X86
  void *lib = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return 0;
  static const char *const tags[3] = {"b", "d", "e"};
  static const int lanes[3] = {2, 4, 8};
  int all = 1;
  for (int v = 0; v < 3; v++) {
    char name[32];
    void **slots[3] = {&module->math[v].tanh, &module->math[v].exp, &module->math[v].log1p};
    const char *functions[3] = {"tanh", "exp", "log1p"};
    for (int f = 0; f < 3; f++) {
      snprintf(name, sizeof name, "_ZGV%sN%dv_%s", tags[v], lanes[v], functions[f]);
      *slots[f] = dlsym(lib, name);
    }
    if (!module->math[v].tanh || !module->math[v].exp || !module->math[v].log1p) {
      module->math[v] = (VectorMath){NULL, NULL, NULL};
      all = 0;
    }
  }
  return all;
#else
  (void)module;
  return 0;
#endif
}

static int lanesOf(Variant variant) { return variant == AVX512 ? 8 : variant == AVX2 ? 4 : 2; }

static void freeScratch(Scratch *s) {
  free(s->Wt); free(s->a); free(s->z); free(s->coef); free(s->tmp); free(s->zeroRow); free(s->Gt); free(s->gA);
  free(s->Vt); free(s->u); free(s->dv); free(s->slope); free(s->second);
}

/*
 * Rows per panel: a multiple of 6 whose X rows (R·d doubles) take at most PANEL_BYTES, so they are
 * still in L2 when the backward phase reads them again (256 KiB measured best at d = 2000 against
 * 1 and 2 MiB: 29 against 24 and 27 GFLOP/s of CPU time; with the transposed backward, 512 KiB,
 * 1 and 2 MiB took 0.95–1.01× the time in paired runs: no gain worth a larger footprint).
 */
static int panelRows(int d) {
  int rows = (int)(PANEL_BYTES / (8 * (size_t)d)) / 6 * 6;
  if (rows < 6) rows = 6;
  if (rows > PANEL_MAX_ROWS) rows = PANEL_MAX_ROWS;
  return rows;
}

/* u: the direction's a-part for a Hessian-vector product (NULL for the loss and gradient). */
static int allocScratch(Scratch *s, Variant variant, const Problem *pr, const double *a, const double *u) {
  const int L = lanesOf(variant);
  s->pP = (pr->p + L - 1) / L * L;
  s->rows = panelRows(pr->d);
  const size_t pP = s->pP, R = s->rows;
  s->Wt = alloc64(8 * (size_t)pr->d * pP);
  s->a = alloc64(8 * pP);
  s->z = alloc64(8 * R * pP);
  s->coef = alloc64(8 * R * pP);
  s->tmp = alloc64(8 * 2 * pP);
  s->zeroRow = alloc64(8 * (size_t)pr->d);
  s->Gt = alloc64(8 * (size_t)pr->d * pP);
  s->gA = alloc64(8 * pP);
  if (!s->Wt || !s->a || !s->z || !s->coef || !s->tmp || !s->zeroRow || !s->Gt || !s->gA) return 0;
  memcpy(s->a, a, 8 * (size_t)pr->p);
  if (u) {
    s->Vt = alloc64(8 * (size_t)pr->d * pP);
    s->u = alloc64(8 * pP);
    s->dv = alloc64(8 * R * pP);
    s->slope = alloc64(8 * pP);
    s->second = alloc64(8 * pP);
    if (!s->Vt || !s->u || !s->dv || !s->slope || !s->second) return 0;
    memcpy(s->u, u, 8 * (size_t)pr->p);
  }
  return 1;
}

/* A typed array of `type` with exactly `length` entries (or null when `optional`): its data, else NULL with *ok = 0. */
static void *typedArrayArg(napi_env env, napi_value value, napi_typedarray_type wanted, size_t length, int optional, int *ok) {
  napi_valuetype kind;
  if (napi_typeof(env, value, &kind) != napi_ok) { *ok = 0; return NULL; }
  if (optional && (kind == napi_null || kind == napi_undefined)) return NULL;
  bool is = false;
  napi_typedarray_type type;
  size_t count, offset;
  void *data;
  napi_value buffer;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, value, &type, &count, &data, &buffer, &offset) != napi_ok || type != wanted ||
      count != length) {
    *ok = 0;
    return NULL;
  }
  return data;
}

static double *float64Arg(napi_env env, napi_value value, size_t length, int optional, int *ok) {
  return typedArrayArg(env, value, napi_float64_array, length, optional, ok);
}

static napi_value VectorMath_(napi_env env, napi_callback_info info) {
  Module *module;
  CHECK(env, napi_get_cb_info(env, info, NULL, NULL, NULL, (void **)&module));
  napi_value result;
  CHECK(env, napi_create_string_utf8(env, module->haveLibmvec ? "libmvec" : "libm", NAPI_AUTO_LENGTH, &result));
  return result;
}

/* The problem's common arguments X, y, W, a, n, d, p, activation, alpha, scale (argv[0..9]); NULL message on success. */
static const char *problemArgs(napi_env env, napi_value *argv, Problem *pr, const double **a) {
  int32_t n, d, p, activation;
  if (napi_get_value_int32(env, argv[4], &n) != napi_ok || napi_get_value_int32(env, argv[5], &d) != napi_ok ||
      napi_get_value_int32(env, argv[6], &p) != napi_ok || napi_get_value_int32(env, argv[7], &activation) != napi_ok ||
      napi_get_value_double(env, argv[8], &pr->alpha) != napi_ok || napi_get_value_double(env, argv[9], &pr->scale) != napi_ok)
    return "n, d, p, activation must be integers and alpha, scale numbers";
  if (n < 1 || d < 1 || p < 1 || n > (1 << 26) || d > (1 << 22) || p > (1 << 20)) return "n, d, p out of range";
  if (activation < ACT_RELU || activation > ACT_SOFTPLUS) return "unknown activation code";
  int ok = 1;
  pr->X = float64Arg(env, argv[0], (size_t)n * d, 0, &ok);
  pr->y = float64Arg(env, argv[1], (size_t)n, 0, &ok);
  pr->W = float64Arg(env, argv[2], (size_t)p * d, 0, &ok);
  *a = float64Arg(env, argv[3], (size_t)p, 0, &ok);
  if (!ok) return "X, y, W, a must be Float64Arrays of lengths n·d, n, p·d, p";
  pr->n = n; pr->d = d; pr->p = p; pr->activation = activation;
  return NULL;
}

/* One call's arguments and buffers. */
typedef struct {
  Module *module;
  size_t argc;
  napi_value argv[16];
  Problem pr;
  const double *a;
  Variant variant;
  Scratch s;
} Call;

/*
 * The setup every entry shares: at least `needed` arguments, the problem's (argv[0..9]) and, when
 * given, the variant name at argv[needed]. NULL message on success; on failure the caller throws.
 */
static const char *openCall(napi_env env, napi_callback_info info, size_t needed, Call *call) {
  memset(call, 0, sizeof *call);
  call->argc = needed + 1;
  if (napi_get_cb_info(env, info, &call->argc, call->argv, NULL, (void **)&call->module) != napi_ok) return "N-API call failed";
  if (call->argc < needed) return "too few arguments";
  const char *problem = problemArgs(env, call->argv, &call->pr, &call->a);
  if (problem) return problem;
  if (!variantArg(env, call->module->best, call->argc > needed ? call->argv[needed] : NULL, &call->variant)) return "this CPU does not run the requested variant";
  return NULL;
}

/* The scratch buffers (u: the Hessian direction's a-part, else NULL); 0 when out of memory (then freed). */
static int callScratch(Call *call, const double *u) {
  if (allocScratch(&call->s, call->variant, &call->pr, call->a, u)) return 1;
  freeScratch(&call->s);
  return 0;
}

/* Runs `entry` (a kernel name suffix) at the call's variant with its vector math; ARGS... follow the Math table. */
#define DISPATCH(call, result, suffix, ...)                                                                       \
  do {                                                                                                         \
    const VectorMath *m = &(call)->module->math[(call)->variant];                                               \
    switch ((call)->variant) {                                                                                 \
      DISPATCH_X86(call, result, suffix, __VA_ARGS__)                                                          \
      default: { Math_lossGradientGeneric k = {m->tanh, m->exp, m->log1p}; result lossGradientGeneric##suffix(&k, __VA_ARGS__); break; } \
    }                                                                                                          \
  } while (0)
#ifdef X86
#define DISPATCH_X86(call, result, suffix, ...)                                                                    \
  case AVX512: { Math_lossGradientAvx512 k = {m->tanh, m->exp, m->log1p}; result lossGradientAvx512##suffix(&k, __VA_ARGS__); break; } \
  case AVX2: { Math_lossGradientAvx2 k = {m->tanh, m->exp, m->log1p}; result lossGradientAvx2##suffix(&k, __VA_ARGS__); break; }
#else
#define DISPATCH_X86(call, result, suffix, ...)
#endif

static napi_value HessianVector(napi_env env, napi_callback_info info) {
  Call call;
  const char *problem = openCall(env, info, 14, &call);
  if (problem) THROW(env, problem);
  const Problem *pr = &call.pr;
  int ok = 1;
  const double *u = float64Arg(env, call.argv[10], (size_t)pr->p, 0, &ok);
  const double *V = float64Arg(env, call.argv[11], (size_t)pr->p * pr->d, 0, &ok);
  double *outA = float64Arg(env, call.argv[12], (size_t)pr->p, 0, &ok);
  double *outW = float64Arg(env, call.argv[13], (size_t)pr->p * pr->d, 0, &ok);
  if (!ok) THROW(env, "hessianVector: u, V, outA, outW must be Float64Arrays of lengths p, p·d, p, p·d");
  if (!callScratch(&call, u)) THROW(env, "hessianVector: out of memory");
  DISPATCH(&call, , _hessianVector, pr, u, V, outA, outW, &call.s);
  freeScratch(&call.s);
  return NULL;
}

static napi_value Preactivations(napi_env env, napi_callback_info info) {
  Call call;
  const char *problem = openCall(env, info, 11, &call);
  if (problem) THROW(env, problem);
  int ok = 1;
  double *out = float64Arg(env, call.argv[10], (size_t)call.pr.n * call.pr.p, 0, &ok);
  if (!ok) THROW(env, "preactivations: out must be a Float64Array of length n·p");
  if (!callScratch(&call, NULL)) THROW(env, "preactivations: out of memory");
  switch (call.variant) {
#ifdef X86
    case AVX512: lossGradientAvx512_preactivations(&call.pr, out, &call.s); break;
    case AVX2: lossGradientAvx2_preactivations(&call.pr, out, &call.s); break;
#endif
    default: lossGradientGeneric_preactivations(&call.pr, out, &call.s); break;
  }
  freeScratch(&call.s);
  return NULL;
}

static napi_value LossGradient(napi_env env, napi_callback_info info) {
  Call call;
  const char *problem = openCall(env, info, 15, &call);
  if (problem) THROW(env, problem);
  Problem *pr = &call.pr;
  CHECK(env, napi_get_value_double(env, call.argv[10], &pr->factor));
  int ok = 1;
  pr->outputs = float64Arg(env, call.argv[11], (size_t)pr->n, 0, &ok);
  pr->residuals = float64Arg(env, call.argv[12], (size_t)pr->n, 0, &ok);
  pr->gradA = float64Arg(env, call.argv[13], (size_t)pr->p, 1, &ok);
  pr->gradW = float64Arg(env, call.argv[14], (size_t)pr->p * pr->d, 1, &ok);
  if (!ok) THROW(env, "lossGradient: outputs, residuals, gradA, gradW must be Float64Arrays of lengths n, n, p (or null), p·d (or null)");
  if ((pr->gradA == NULL) != (pr->gradW == NULL)) THROW(env, "lossGradient: gradA and gradW must both be given or both null");
  if (!callScratch(&call, NULL)) THROW(env, "lossGradient: out of memory");
  double squares = 0;
  DISPATCH(&call, squares =, , pr, &call.s);
  freeScratch(&call.s);
  napi_value result;
  CHECK(env, napi_create_double(env, squares, &result));
  return result;
}

#include "lossGradientF32.h"

NAPI_MODULE_INIT() {
  Module *module = calloc(1, sizeof(Module));
  if (!module) return NULL;
  module->best = detectVariant();
  module->haveLibmvec = loadLibmvec(module);
  loadLibmvecF32(module->mathF32);
  if (napi_set_instance_data(env, module, freeInstanceData, NULL) != napi_ok) {
    free(module);
    return NULL;
  }
  napi_property_descriptor props[] = {
      {"variant", NULL, Variant_, NULL, NULL, NULL, napi_default, module},
      {"supported", NULL, Supported, NULL, NULL, NULL, napi_default, module},
      {"vectorMath", NULL, VectorMath_, NULL, NULL, NULL, napi_default, module},
      {"lossGradient", NULL, LossGradient, NULL, NULL, NULL, napi_default, module},
      {"lossGradientF32", NULL, LossGradientF32, NULL, NULL, NULL, napi_default, module},
      {"hessianVector", NULL, HessianVector, NULL, NULL, NULL, napi_default, module},
      {"preactivations", NULL, Preactivations, NULL, NULL, NULL, napi_default, module},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
