/*
 * Native planted-model gradient descent (N-API, plain C): the loop of src/fast/plantedGd.ts,
 * whole runs per call, bit-identical to it. Every floating-point operation and the order of every
 * sum are the TypeScript kernel's; exp and log1p are fdlibm's, as V8's Math.exp and Math.log1p
 * (plantedFdlibm.h); the file must be compiled with -ffp-contract=off and without -ffast-math.
 * Loops keep the TypeScript layout (W row-major k×d, each dot product over c inner): holding W
 * transposed to vectorize over the hidden units was measured slower at these sizes (k ≤ 20: the
 * short inner loops cost more than they save; 3.9× slower at k = 1).
 * Context-aware (NAPI_MODULE_INIT, no mutable globals): safe in worker threads.
 * JS API (wrapped by src/fast/plantedNative.ts):
 *   train(kind, sharpness, n, d, k, X, y, W, v, step, iterations, trainV, stopLoss, checkpoints, out)
 *     kind 0 = quadratic, 1 = softplus; X, y, W, v, checkpoints, out Float64Array; W (k×d) and v
 *     updated in place; out ← [loss, iterations, finalStep, fixedAt (−1: none), L at each checkpoint…]
 *   exp(in, out), log1p(in, out): the fdlibm routines element-wise (for tests and the self-check)
 */
#include <node_api.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "plantedFdlibm.h"

enum { QUADRATIC = 0, SOFTPLUS = 1 };

typedef struct {
  int kind;
  double sharpness;
  int n, d, k;
  const double *X, *y;
} Problem;

/* One point's gradient and the per-sample scratch φ, φ′, coefficients. */
typedef struct {
  double *gradW, *gradV;
} Gradient;

typedef struct {
  double *z, *phi, *phiPrime, *coef;
} Scratch;

/* Math.max(x, 0) as V8 computes it: NaN stays NaN, −0 becomes +0. */
static inline double maxZero(double x) { return x > 0 ? x : (x == x ? 0.0 : x); }

/* z_j = Σ_c W[j][c]·x_c for every j, each sum in the order c = 0…d−1 from 0. */
static inline void preactivations(const Problem *p, const double *W, const double *x, double *z) {
  const int k = p->k, d = p->d;
  for (int j = 0; j < k; j++) {
    const double *row = W + (size_t)j * d;
    double s = 0;
    for (int c = 0; c < d; c++) s += row[c] * x[c];
    z[j] = s;
  }
}

/* gradW[j][c] += coef_j·x_c for every (j, c). */
static inline void accumulate(const Problem *p, const double *coef, const double *x, double *gradW) {
  const int k = p->k, d = p->d;
  for (int j = 0; j < k; j++) {
    const double cj = coef[j];
    double *row = gradW + (size_t)j * d;
    for (int c = 0; c < d; c++) row[c] += cj * x[c];
  }
}

/* L at (W, v) and its gradient: plantedLossAndGradient of plantedGd.ts, operation for operation. */
static double lossAndGradient(const Problem *p, const double *W, const double *v, Gradient *g, Scratch *s) {
  const int n = p->n, d = p->d, k = p->k;
  const double b = p->sharpness;
  double *z = s->z, *phi = s->phi, *phiPrime = s->phiPrime, *coef = s->coef;
  memset(g->gradW, 0, sizeof(double) * (size_t)k * d);
  memset(g->gradV, 0, sizeof(double) * (size_t)k);
  double loss = 0;
  for (int i = 0; i < n; i++) {
    const double *x = p->X + (size_t)i * d;
    preactivations(p, W, x, z);
    double h = 0;
    if (p->kind == QUADRATIC) {
      for (int j = 0; j < k; j++) h += v[j] * (z[j] * z[j]);
    } else {
      for (int j = 0; j < k; j++) {
        const double bz = b * z[j];
        const double decay = fdlibmExp(-fabs(bz));
        phi[j] = (maxZero(bz) + fdlibmLog1p(decay)) / b;
        phiPrime[j] = 1 / (1 + (bz >= 0 ? decay : fdlibmExp(-b * z[j])));
      }
      for (int j = 0; j < k; j++) h += v[j] * phi[j];
    }
    const double r = h - p->y[i];
    loss += r * r;
    if (p->kind == QUADRATIC) {
      for (int j = 0; j < k; j++) {
        g->gradV[j] += r * (z[j] * z[j]);
        coef[j] = r * v[j] * (2 * z[j]);
      }
    } else {
      for (int j = 0; j < k; j++) {
        g->gradV[j] += r * phi[j];
        coef[j] = r * v[j] * phiPrime[j];
      }
    }
    accumulate(p, coef, x, g->gradW);
  }
  for (size_t j = 0; j < (size_t)k * d; j++) g->gradW[j] /= n;
  for (int j = 0; j < k; j++) g->gradV[j] /= n;
  return loss / (2 * n);
}

typedef struct {
  double step, iterations, stopLoss;
  bool trainV;
  const double *checkpoints;
  size_t checkpointCount;
} Options;

/* Gradient descent in place on (W, v), the step halved on any increase: plantedTrain of
 * plantedGd.ts, with its exit at a fixed point. Writes [loss, iterations, finalStep, fixedAt, history…]
 * to out (fixedAt −1 when none). Returns 0 when out of memory. */
static int train(const Problem *p, double *W, double *v, const Options *o, double *out) {
  const size_t kd = (size_t)p->k * p->d, k = (size_t)p->k;
  double *block = malloc(sizeof(double) * (4 * kd + 8 * k));
  if (!block) return 0;
  Gradient current = {block, block + kd}, trial = {block + kd + k, block + 2 * kd + k};
  double *trialW = block + 2 * kd + 2 * k, *trialV = block + 3 * kd + 2 * k;
  double *rest = block + 3 * kd + 3 * k;
  Scratch scratch = {rest, rest + k, rest + 2 * k, rest + 3 * k};
  double *history = out + 4;
  size_t recorded = 0;
  double step = o->step;
  double loss = lossAndGradient(p, W, v, &current, &scratch);
  double t = 0;
  double fixedAt = -1;
#define RECORD() while (recorded < o->checkpointCount && o->checkpoints[recorded] <= t) history[recorded++] = loss
  RECORD();
  while (t < o->iterations && !(loss <= o->stopLoss) && step > 1e-300) {
    for (size_t j = 0; j < kd; j++) trialW[j] = W[j] - step * current.gradW[j];
    for (size_t j = 0; j < k; j++) trialV[j] = o->trainV ? v[j] - step * current.gradV[j] : v[j];
    if (loss <= loss && memcmp(trialW, W, sizeof(double) * kd) == 0 && memcmp(trialV, v, sizeof(double) * k) == 0) {
      /* A fixed point: the step rounds away in every entry, so each remaining iteration would
       * evaluate these same bits, accept (L ≤ L) and change nothing. Finish the count. */
      fixedAt = t;
      t = ceil(o->iterations);
      RECORD();
      break;
    }
    const double next = lossAndGradient(p, trialW, trialV, &trial, &scratch);
    if (!(next <= loss)) {
      step /= 2;
      continue;
    }
    memcpy(W, trialW, sizeof(double) * kd);
    memcpy(v, trialV, sizeof(double) * k);
    const Gradient swap = current;
    current = trial;
    trial = swap;
    loss = next;
    t++;
    RECORD();
  }
#undef RECORD
  while (recorded < o->checkpointCount) history[recorded++] = loss;
  out[0] = loss;
  out[1] = t;
  out[2] = step;
  out[3] = fixedAt;
  free(block);
  return 1;
}

#define THROW(env, msg) do { napi_throw_error((env), NULL, (msg)); return NULL; } while (0)
#define CHECK(env, call) do { if ((call) != napi_ok) THROW(env, "shallowcheck native planted GD: N-API call failed"); } while (0)

/* A Float64Array argument: its data and length; 0 if it is not one. */
static int float64Arg(napi_env env, napi_value value, double **data, size_t *length) {
  bool is = false;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return 0;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *raw;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, &buffer, &offset) != napi_ok) return 0;
  *data = raw;
  return type == napi_float64_array;
}

static napi_value Train(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value argv[15];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 15) THROW(env, "train: 15 arguments expected");
  int32_t kind, n, d, k;
  double sharpness, step, iterations, stopLoss;
  bool trainV;
  CHECK(env, napi_get_value_int32(env, argv[0], &kind));
  CHECK(env, napi_get_value_double(env, argv[1], &sharpness));
  CHECK(env, napi_get_value_int32(env, argv[2], &n));
  CHECK(env, napi_get_value_int32(env, argv[3], &d));
  CHECK(env, napi_get_value_int32(env, argv[4], &k));
  if (kind != QUADRATIC && kind != SOFTPLUS) THROW(env, "train: kind must be 0 (quadratic) or 1 (softplus)");
  if (n < 1 || d < 1 || k < 1 || n > (1 << 24) || d > (1 << 20) || k > (1 << 20)) THROW(env, "train: n, d, k out of range");
  double *X, *y, *W, *v, *checkpoints, *out;
  size_t lX, ly, lW, lv, lc, lo;
  if (!float64Arg(env, argv[5], &X, &lX) || !float64Arg(env, argv[6], &y, &ly) || !float64Arg(env, argv[7], &W, &lW) ||
      !float64Arg(env, argv[8], &v, &lv) || !float64Arg(env, argv[13], &checkpoints, &lc) || !float64Arg(env, argv[14], &out, &lo))
    THROW(env, "train: X, y, W, v, checkpoints, out must be Float64Arrays");
  if (lX != (size_t)n * d || ly != (size_t)n || lW != (size_t)k * d || lv != (size_t)k || lo != 4 + lc)
    THROW(env, "train: array lengths do not match (n, d, k) and the checkpoints");
  CHECK(env, napi_get_value_double(env, argv[9], &step));
  CHECK(env, napi_get_value_double(env, argv[10], &iterations));
  CHECK(env, napi_get_value_bool(env, argv[11], &trainV));
  CHECK(env, napi_get_value_double(env, argv[12], &stopLoss));
  const Problem problem = {kind, sharpness, n, d, k, X, y};
  const Options options = {step, iterations, stopLoss, trainV, checkpoints, lc};
  if (!train(&problem, W, v, &options, out)) THROW(env, "train: out of memory");
  return NULL;
}

static napi_value Elementwise(napi_env env, napi_callback_info info, double (*f)(double)) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  double *in, *out;
  size_t lin, lout;
  if (argc < 2 || !float64Arg(env, argv[0], &in, &lin) || !float64Arg(env, argv[1], &out, &lout) || lin != lout)
    THROW(env, "(in, out): two Float64Arrays of one length expected");
  for (size_t i = 0; i < lin; i++) out[i] = f(in[i]);
  return NULL;
}

static napi_value Exp(napi_env env, napi_callback_info info) { return Elementwise(env, info, fdlibmExp); }
static napi_value Log1p(napi_env env, napi_callback_info info) { return Elementwise(env, info, fdlibmLog1p); }

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"train", NULL, Train, NULL, NULL, NULL, napi_default, NULL},
      {"exp", NULL, Exp, NULL, NULL, NULL, napi_default, NULL},
      {"log1p", NULL, Log1p, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
