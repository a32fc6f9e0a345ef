/*
 * Native GD-step kernel (N-API, plain C): the fused step of src/fast/gdStepWasm.ts with 512-,
 * 256- or 128-bit vectors, chosen at run time from the CPU (AVX-512F → AVX2+FMA → portable C).
 * The wide paths carry function-level target attributes only, so a CPU without them never runs
 * their instructions. Context-aware (NAPI_MODULE_INIT, no mutable globals): safe in workers.
 * JS API (wrapped by src/fast/gdStepNative.ts):
 *   variant() → "avx512" | "avx2" | "generic" (the best this CPU runs)
 *   supported() → the variants this CPU runs, best first
 *   create(X, y, W, a, n, d, p[, variant]) → handle (all Float32Array or all Float64Array; a
 *     variant the CPU does not run is refused, so its instructions are never executed)
 *   step(handle, scale, stepSize, stopBelow) → Σ r² before the step
 *   writeParameters(handle, W, a), readParameters(handle, W, a)
 */
#include <stdint.h>

#define NATIVE_ADDON_NAME "native gdStep"
#include "napiVariant.h"

/* Rows per backward panel: its X rows (BACKWARD_PANEL_ROWS·dP) and coef rows stay in L1/L2 while
   every tile of the transposed gradient walks them (96 and 48 measured alike at (1700, 100, 37)). */
#define BACKWARD_PANEL_ROWS 96
#define KCAT2(a, b) a##_##b
#define KCAT(a, b) KCAT2(a, b)
#define KN(name) KCAT(KNAME, name)

typedef float vf4 __attribute__((vector_size(16)));
typedef int32_t vi4 __attribute__((vector_size(16)));
typedef double vd2 __attribute__((vector_size(16)));
typedef int64_t vl2 __attribute__((vector_size(16)));

#define KATTR
#define KT float
#define KV vf4
#define KI vi4
#define KL 4
#define KNAME stepF32Generic
#include "gdStepKernel.h"
#define KT double
#define KV vd2
#define KI vl2
#define KL 2
#define KNAME stepF64Generic
#include "gdStepKernel.h"
#undef KATTR

#ifdef X86
typedef float vf8 __attribute__((vector_size(32)));
typedef int32_t vi8 __attribute__((vector_size(32)));
typedef double vd4 __attribute__((vector_size(32)));
typedef int64_t vl4 __attribute__((vector_size(32)));
typedef float vf16 __attribute__((vector_size(64)));
typedef int32_t vi16 __attribute__((vector_size(64)));
typedef double vd8 __attribute__((vector_size(64)));
typedef int64_t vl8 __attribute__((vector_size(64)));

#define KATTR __attribute__((target("avx2,fma")))
#define KT float
#define KV vf8
#define KI vi8
#define KL 8
#define KNAME stepF32Avx2
#include "gdStepKernel.h"
#define KT double
#define KV vd4
#define KI vl4
#define KL 4
#define KNAME stepF64Avx2
#include "gdStepKernel.h"
#undef KATTR

#define KATTR __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define KT float
#define KV vf16
#define KI vi16
#define KL 16
#define KNAME stepF32Avx512
#include "gdStepKernel.h"
#define KT double
#define KV vd8
#define KI vl8
#define KL 8
#define KNAME stepF64Avx512
#include "gdStepKernel.h"
#undef KATTR
#endif

/* Lanes per vector, by variant and element size. */
static int lanesOf(Variant variant, size_t bytes) {
  const int vectorBytes = variant == AVX512 ? 64 : variant == AVX2 ? 32 : 16;
  return vectorBytes / (int)bytes;
}

typedef struct {
  Variant variant;
  int f64;
  size_t bytes;
  int n, d, p, nP, dP, pP;
  void *X, *W, *y, *a, *z, *sumA, *Wt, *coef;
} Problem;

static void freeProblem(Problem *pr) {
  if (!pr) return;
  free(pr->X); free(pr->W); free(pr->y); free(pr->a); free(pr->z); free(pr->sumA);
  free(pr->Wt); free(pr->coef);
  free(pr);
}

static void finalizeProblem(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  freeProblem((Problem *)data);
}

/* A typed array argument: its data, element count and element kind. */
static int typedArg(napi_env env, napi_value value, void **data, size_t *length, napi_typedarray_type *type) {
  bool is = false;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return 0;
  napi_value buffer;
  size_t offset;
  return napi_get_typedarray_info(env, value, type, length, data, &buffer, &offset) == napi_ok;
}

static Problem *problemArg(napi_env env, napi_value value) {
  Problem *pr = NULL;
  if (napi_get_value_external(env, value, (void **)&pr) != napi_ok) return NULL;
  return pr;
}

static void copyParameters(Problem *pr, const void *W, const void *a, int toKernel) {
  const size_t b = pr->bytes;
  char *kW = pr->W, *ka = pr->a;
  const int d = pr->d, p = pr->p, dP = pr->dP;
  if (toKernel) {
    memset(kW, 0, b * (size_t)pr->pP * dP);
    memset(ka, 0, b * (size_t)pr->pP);
    for (int j = 0; j < p; j++) memcpy(kW + b * (size_t)j * dP, (const char *)W + b * (size_t)j * d, b * d);
    memcpy(ka, a, b * p);
  } else {
    for (int j = 0; j < p; j++) memcpy((char *)W + b * (size_t)j * d, kW + b * (size_t)j * dP, b * d);
    memcpy((void *)a, ka, b * p);
  }
}

static napi_value Create(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  Variant *variant;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&variant));
  if (argc < 7) THROW(env, "create(X, y, W, a, n, d, p): 7 arguments expected");
  void *X, *y, *W, *a;
  size_t lX, ly, lW, la;
  napi_typedarray_type tX, ty, tW, ta;
  if (!typedArg(env, argv[0], &X, &lX, &tX) || !typedArg(env, argv[1], &y, &ly, &ty) || !typedArg(env, argv[2], &W, &lW, &tW) ||
      !typedArg(env, argv[3], &a, &la, &ta))
    THROW(env, "create: X, y, W, a must be typed arrays");
  if (!((tX == napi_float32_array || tX == napi_float64_array) && ty == tX && tW == tX && ta == tX))
    THROW(env, "create: X, y, W, a must all be Float32Array or all Float64Array");
  int32_t n, d, p;
  CHECK(env, napi_get_value_int32(env, argv[4], &n));
  CHECK(env, napi_get_value_int32(env, argv[5], &d));
  CHECK(env, napi_get_value_int32(env, argv[6], &p));
  if (n < 1 || d < 1 || p < 1 || n > (1 << 24) || d > (1 << 20) || p > (1 << 20)) THROW(env, "create: n, d, p out of range");
  if (lX != (size_t)n * d || ly != (size_t)n || lW != (size_t)p * d || la != (size_t)p) THROW(env, "create: array lengths do not match (n, d, p)");
  Problem *pr = calloc(1, sizeof(Problem));
  if (!pr) THROW(env, "create: out of memory");
  if (!variantArg(env, *variant, argc >= 8 ? argv[7] : NULL, &pr->variant)) {
    free(pr);
    THROW(env, "create: this CPU does not run the requested variant");
  }
  pr->f64 = tX == napi_float64_array;
  pr->bytes = pr->f64 ? 8 : 4;
  const int L = lanesOf(pr->variant, pr->bytes);
  pr->n = n; pr->d = d; pr->p = p;
  pr->nP = (n + 3) / 4 * 4;
  pr->dP = (d + L - 1) / L * L;
  pr->pP = (p + L - 1) / L * L;
  const size_t b = pr->bytes, nP = pr->nP, dP = pr->dP, pP = pr->pP;
  pr->X = alloc64(b * nP * dP); pr->W = alloc64(b * pP * dP); pr->y = alloc64(b * nP); pr->a = alloc64(b * pP);
  pr->z = alloc64(b * 4 * pP); pr->sumA = alloc64(b * pP); pr->Wt = alloc64(b * dP * pP);
  pr->coef = alloc64(b * nP * pP);
  if (!pr->X || !pr->W || !pr->y || !pr->a || !pr->z || !pr->sumA || !pr->Wt || !pr->coef) {
    freeProblem(pr);
    THROW(env, "create: out of memory");
  }
  for (int i = 0; i < n; i++) memcpy((char *)pr->X + b * (size_t)i * dP, (const char *)X + b * (size_t)i * d, b * d);
  memcpy(pr->y, y, b * n);
  copyParameters(pr, W, a, 1);
  napi_value handle;
  if (napi_create_external(env, pr, finalizeProblem, NULL, &handle) != napi_ok) {
    freeProblem(pr);
    THROW(env, "create: napi_create_external failed");
  }
  return handle;
}

static napi_value Step(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) THROW(env, "step(handle, scale, stepSize, stopBelow): 4 arguments expected");
  Problem *pr = problemArg(env, argv[0]);
  if (!pr) THROW(env, "step: not a problem handle");
  double scale, stepSize, stopBelow;
  CHECK(env, napi_get_value_double(env, argv[1], &scale));
  CHECK(env, napi_get_value_double(env, argv[2], &stepSize));
  CHECK(env, napi_get_value_double(env, argv[3], &stopBelow));
  double squares = 0;
#define ARGS(T) (T *)pr->X, (T *)pr->W, (T *)pr->y, (T *)pr->a, (T *)pr->z, (T *)pr->sumA, (T *)pr->Wt, (T *)pr->coef, \
                pr->nP, pr->dP, pr->pP, (T)scale, (T)stepSize, stopBelow
  switch (pr->variant) {
#ifdef X86
    case AVX512: squares = pr->f64 ? stepF64Avx512(ARGS(double)) : stepF32Avx512(ARGS(float)); break;
    case AVX2: squares = pr->f64 ? stepF64Avx2(ARGS(double)) : stepF32Avx2(ARGS(float)); break;
#endif
    default: squares = pr->f64 ? stepF64Generic(ARGS(double)) : stepF32Generic(ARGS(float)); break;
  }
#undef ARGS
  napi_value result;
  CHECK(env, napi_create_double(env, squares, &result));
  return result;
}

static napi_value Parameters_(napi_env env, napi_callback_info info, int toKernel) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) THROW(env, "parameters(handle, W, a): 3 arguments expected");
  Problem *pr = problemArg(env, argv[0]);
  if (!pr) THROW(env, "parameters: not a problem handle");
  void *W, *a;
  size_t lW, la;
  napi_typedarray_type tW, ta;
  const napi_typedarray_type want = pr->f64 ? napi_float64_array : napi_float32_array;
  if (!typedArg(env, argv[1], &W, &lW, &tW) || !typedArg(env, argv[2], &a, &la, &ta) || tW != want || ta != want)
    THROW(env, "parameters: W and a must be typed arrays of the problem's precision");
  if (lW != (size_t)pr->p * pr->d || la != (size_t)pr->p) THROW(env, "parameters: W must have p·d entries and a p");
  copyParameters(pr, W, a, toKernel);
  return NULL;
}

static napi_value WriteParameters(napi_env env, napi_callback_info info) { return Parameters_(env, info, 1); }
static napi_value ReadParameters(napi_env env, napi_callback_info info) { return Parameters_(env, info, 0); }

NAPI_MODULE_INIT() {
  Variant *variant = malloc(sizeof(Variant));
  if (!variant) return NULL;
  *variant = detectVariant();
  if (napi_set_instance_data(env, variant, freeInstanceData, NULL) != napi_ok) {
    free(variant);
    return NULL;
  }
  napi_property_descriptor props[] = {
      {"variant", NULL, Variant_, NULL, NULL, NULL, napi_default, variant},
      {"supported", NULL, Supported, NULL, NULL, NULL, napi_default, variant},
      {"create", NULL, Create, NULL, NULL, NULL, napi_default, variant},
      {"step", NULL, Step, NULL, NULL, NULL, napi_default, NULL},
      {"writeParameters", NULL, WriteParameters, NULL, NULL, NULL, napi_default, NULL},
      {"readParameters", NULL, ReadParameters, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
