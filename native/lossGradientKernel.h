/*
 * float64 (and float32) loss, residuals and gradient of a shallow network in one pass over X (the
 * formulas and products of src/fast/kernels.ts), included once per vector width and element type:
 *   KV      vector of KT (GCC vector extension)          KVU   the same, KT-aligned (loads from JS arrays)
 *   KI      integer vector of KV's shape (masks)         KL    lanes
 *   KATTR   target attributes                            KNAME the entry point's name
 *   KT      element type, double unless defined       KSIGN KI's sign bit (INT64_MIN for double)
 *   KM(f)   the scalar libm function f for KT            KLOSS_ONLY  leave out the Hessian and preactivation entries
 * native/lossGradientF32.h includes it with KT float (Problem and Scratch its float structs).
 *
 * Rows go in panels of R (a multiple of 6) whose X rows stay in cache between the two phases:
 *   forward   Z = X_panel·Wᵀ, 6 rows × 2 vectors of neurons (12 accumulators), W packed once per
 *             evaluation into contiguous strips of 2 neuron vectors (KN(pack)); columns in chunks
 *             of FORWARD_COLUMNS, so a chunk stays in L2 while every row of the panel uses it;
 *   σ, σ', r  per row, vectorised along neurons (activationRow, and the gradA / C update);
 *   backward  Gt[k, ·] += Σ_b X[b, k]·C[b, ·] into gradW transposed (d×pP, lanes along neurons),
 *             6 columns × 2 neuron vectors (12 accumulators) summed over the panel's rows, so Gt
 *             is read and written once per panel, sequentially, and the panel's X rows come from
 *             cache; every column and neuron remainder is a narrower tile of the same loop.
 *             gradW = factor·Gtᵀ at the end (KN(untranspose)).
 * X is read from memory once per evaluation. What bounds it (AMD EPYC, AVX2, one core, timed by
 * phase, CPU time, under load): the two FMA loops themselves. The forward runs at 33–36 GFLOP/s
 * with X and W in L1/L2 at (960, 48, 32) as at (3500, 2000, 32), where X is 56 MB (read at
 * 17 GB/s: 3.3 ms of ≈ 25, prefetched behind the arithmetic), so memory is not its bound: its
 * 8 loads (6 broadcasts) per 12 FMAs hold it to ~70% of the 50 GFLOP/s FMA peak; the backward
 * runs at 35–43 GFLOP/s.
 * Sums are reordered and multiply-adds may be fused, which the running error bound of
 * src/field/errorBound.ts covers (see src/fast/nativeKernels.ts).
 */
#ifndef KT
#define KT double
#define KSIGN INT64_MIN
#define KM(f) f
#endif

static inline KATTR KV KN(load)(const KT *p) { return *(const KVU *)p; }
static inline KATTR void KN(store)(KT *p, KV v) { *(KVU *)p = v; }

/*
 * z[b, ·] (+)= Σ_{k0 ≤ k < k1} x_b[k]·Wt[k, ·] for the 6 rows x[0..5], 2 vectors of neurons at a time
 * (12 accumulators), then 1; `first` starts the sums at 0, else they continue from z.
 */
static KATTR void KN(forward6)(const KT *const x[6], const KT *Wp, int d, int k0, int k1, int pP, KT *z, int first) {
  int jv = 0;
  for (; jv + 2 * KL <= pP; jv += 2 * KL) {
    KV a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0};
    KV b0 = {0}, b1 = {0}, b2 = {0}, b3 = {0}, b4 = {0}, b5 = {0};
    if (!first) {
      const KT *o = z + jv;
      a0 = *(const KV *)o; b0 = *(const KV *)(o + KL); o += pP;
      a1 = *(const KV *)o; b1 = *(const KV *)(o + KL); o += pP;
      a2 = *(const KV *)o; b2 = *(const KV *)(o + KL); o += pP;
      a3 = *(const KV *)o; b3 = *(const KV *)(o + KL); o += pP;
      a4 = *(const KV *)o; b4 = *(const KV *)(o + KL); o += pP;
      a5 = *(const KV *)o; b5 = *(const KV *)(o + KL);
    }
    const KT *w = Wp + (size_t)d * jv + (size_t)k0 * 2 * KL;
    for (int k = k0; k < k1; k++, w += 2 * KL) {
      const KV wa = *(const KV *)w, wb = *(const KV *)(w + KL);
      KT s;
      s = x[0][k]; a0 += wa * s; b0 += wb * s;
      s = x[1][k]; a1 += wa * s; b1 += wb * s;
      s = x[2][k]; a2 += wa * s; b2 += wb * s;
      s = x[3][k]; a3 += wa * s; b3 += wb * s;
      s = x[4][k]; a4 += wa * s; b4 += wb * s;
      s = x[5][k]; a5 += wa * s; b5 += wb * s;
    }
    KT *o = z + jv;
    *(KV *)o = a0; *(KV *)(o + KL) = b0; o += pP;
    *(KV *)o = a1; *(KV *)(o + KL) = b1; o += pP;
    *(KV *)o = a2; *(KV *)(o + KL) = b2; o += pP;
    *(KV *)o = a3; *(KV *)(o + KL) = b3; o += pP;
    *(KV *)o = a4; *(KV *)(o + KL) = b4; o += pP;
    *(KV *)o = a5; *(KV *)(o + KL) = b5;
  }
  if (jv < pP) {
    KV a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0};
    if (!first) {
      const KT *o = z + jv;
      a0 = *(const KV *)o; o += pP; a1 = *(const KV *)o; o += pP; a2 = *(const KV *)o; o += pP;
      a3 = *(const KV *)o; o += pP; a4 = *(const KV *)o; o += pP; a5 = *(const KV *)o;
    }
    const KT *w = Wp + (size_t)d * jv + (size_t)k0 * KL;
    for (int k = k0; k < k1; k++, w += KL) {
      const KV wa = *(const KV *)w;
      a0 += wa * x[0][k]; a1 += wa * x[1][k]; a2 += wa * x[2][k];
      a3 += wa * x[3][k]; a4 += wa * x[4][k]; a5 += wa * x[5][k];
    }
    KT *o = z + jv;
    *(KV *)o = a0; o += pP; *(KV *)o = a1; o += pP; *(KV *)o = a2; o += pP;
    *(KV *)o = a3; o += pP; *(KV *)o = a4; o += pP; *(KV *)o = a5;
  }
}

/* out[l] = f(in[l]) for count (a multiple of KL) entries: the vector routine when present, else libm. */
static KATTR void KN(apply)(KV (*vector)(KV), KT (*scalar)(KT), const KT *in, KT *out, int count) {
  if (vector) {
    for (int l = 0; l < count; l += KL) *(KV *)(out + l) = vector(*(const KV *)(in + l));
  } else {
    for (int l = 0; l < count; l++) out[l] = scalar(in[l]);
  }
}

/*
 * One row: z (pP entries) → σ(z) in place in z, with coef σ'(z) into coef and with second (which
 * needs coef) σ''(z) into second; returns Σ_j a_j·σ(z_j). The formulas and their association are
 * those of src/model/activation.ts. tmp: 2·pP scratch.
 */
static KATTR KT KN(activationRow)(const Kernel *kern, int act, KT alpha, const KT *a, KT *z, KT *coef, KT *second, KT *tmp, int pP) {
  const KV zero = {0}, one = zero + (KT)1, two = zero + (KT)2;
  const KV vAlpha = zero + alpha, vOneMinusAlpha = zero + ((KT)1 - alpha);
  const KI signBit = (KI){0} + KSIGN;
  KT *t0 = tmp, *t1 = tmp + pP;
  switch (act) {
    case ACT_TANH:
      KN(apply)(kern->tanh, KM(tanh), z, t0, pP);
      break;
    case ACT_SIGMOID:
      for (int l = 0; l < pP; l += KL) *(KV *)(t1 + l) = -*(const KV *)(z + l);
      KN(apply)(kern->exp, KM(exp), t1, t0, pP);
      break;
    case ACT_SOFTPLUS:
      for (int l = 0; l < pP; l += KL) {
        const KV v = *(const KV *)(z + l);
        *(KV *)(t1 + l) = -(KV)((KI)v & ~signBit);
      }
      KN(apply)(kern->exp, KM(exp), t1, t0, pP);
      KN(apply)(kern->log1p, KM(log1p), t0, t0, pP);
      if (coef) {
        for (int l = 0; l < pP; l += KL) *(KV *)(coef + l) = -*(const KV *)(z + l);
        KN(apply)(kern->exp, KM(exp), coef, t1, pP);
      }
      break;
    default:
      break;
  }
  KV acc = zero;
  for (int l = 0; l < pP; l += KL) {
    const KV v = *(const KV *)(z + l);
    const KI positive = (KI)(v > zero);
    const KV indicator = (KV)((KI)one & positive);
    const KV plus = (KV)((KI)v & positive);
    KV s, ds, dds = zero;
    switch (act) {
      case ACT_RELU: s = plus; ds = indicator; break;
      case ACT_LEAKY: s = vAlpha * v + vOneMinusAlpha * plus; ds = vAlpha + vOneMinusAlpha * indicator; break;
      case ACT_IDENTITY: s = v; ds = one; break;
      case ACT_QUADRATIC: s = v * v; ds = two * v; dds = two; break;
      case ACT_TANH: { const KV t = *(const KV *)(t0 + l); s = t; ds = one - t * t; dds = (-two * t) * ds; break; }
      case ACT_SIGMOID: { s = one / (one + *(const KV *)(t0 + l)); ds = s * (one - s); dds = ds * (one - two * s); break; }
      default: /* softplus: σ = max(z, 0) + log1p(exp(−|z|)), σ' = 1/(1 + exp(−z)), σ'' = σ'(1 − σ') */
        s = plus + *(const KV *)(t0 + l);
        ds = coef ? one / (one + *(const KV *)(t1 + l)) : zero;
        dds = ds * (one - ds);
        break;
    }
    *(KV *)(z + l) = s;
    if (coef) *(KV *)(coef + l) = ds;
    if (second) *(KV *)(second + l) = dds;
    acc += *(const KV *)(a + l) * s;
  }
  KT total = 0;
  for (int l = 0; l < KL; l++) total += acc[l];
  return total;
}

#include "transposedBackward.h"

/* out[j, k] = factor·Gt[k, j] for the p real neurons (the padding lanes of Gt are dropped). */
static KATTR void KN(untranspose)(const KT *Gt, int p, int d, int pP, KT factor, KT *out) {
  for (int j = 0; j < p; j++) {
    KT *row = out + (size_t)j * d;
    for (int k = 0; k < d; k++) row[k] = factor * Gt[(size_t)k * pP + j];
  }
}

/*
 * Z = X_panel·Mᵀ for the panel's rows x[0 .. padded) (rows i0 … i0+rows−1 of X, padded with zero
 * rows to a multiple of 6), M given transposed as Mt (d×pP). With `prefetch`, the next panel's
 * rows (contiguous in X) are prefetched a slice per forward call, so memory streams them in while
 * this panel computes, instead of on demand in short row segments.
 */
static KATTR void KN(forwardPanel)(const Problem *pr, const KT *const *x, int i0, int rows, int padded, int R, const KT *Mp, int pP, KT *Z, int prefetch) {
  const int n = pr->n, d = pr->d;
  const char *next = (const char *)(pr->X + (size_t)(i0 + rows) * d);
  const size_t nextBytes = prefetch && i0 + rows < n ? sizeof(KT) * (size_t)d * (n - i0 - rows < R ? n - i0 - rows : R) : 0;
  const int calls = (d + FORWARD_COLUMNS - 1) / FORWARD_COLUMNS * (padded / 6);
  int call = 0;
  for (int k0 = 0; k0 < d; k0 += FORWARD_COLUMNS) {
    const int k1 = d - k0 < FORWARD_COLUMNS ? d : k0 + FORWARD_COLUMNS;
    for (int b = 0; b < padded; b += 6, call++) {
      for (size_t line = nextBytes * call / calls / 64 * 64; line < nextBytes * (call + 1) / calls; line += 64) __builtin_prefetch(next + line, 0, 2);
      KN(forward6)(x + b, Mp, d, k0, k1, pP, Z + (size_t)b * pP, k0 == 0);
    }
  }
}

/*
 * M (p×d) packed for forward6: strips of 2 neuron vectors (the last one 1 vector when pP/KL is
 * odd), each strip d×width with lanes along neurons and stored whole, so the strip forward6
 * walks is contiguous: M[j, k] at Mp[d·js + k·width + j − js] for the strip js ≤ j < js + width.
 * The padding neurons' entries stay as allocated, zero.
 */
static KATTR void KN(pack)(const KT *M, int p, int d, int pP, KT *Mp) {
  for (int js = 0; js < pP; js += 2 * KL) {
    const int width = pP - js < 2 * KL ? pP - js : 2 * KL;
    KT *strip = Mp + (size_t)d * js;
    for (int k = 0; k < d; k++)
      for (int j = js; j < js + width && j < p; j++) strip[(size_t)k * width + j - js] = M[(size_t)j * d + k];
  }
}

/*
 * Σ r_i² (not yet halved or divided by n); fills outputs, residuals and, with gradients, the
 * raw sums gradA_j = Σ r_i σ(z_ij), gradW_jk = Σ (r_i a_j) σ'(z_ij) x_ik, then multiplied by factor.
 * Both are summed with lanes along neurons (gA, Gt) and the padding neurons' lanes dropped at
 * the end: their a_j = 0, so their C column is 0 (or NaN with an infinite residual), which
 * reaches only their own lanes.
 */
static KATTR KT KNAME(const Kernel *kern, const Problem *pr, Scratch *s) {
  const int n = pr->n, d = pr->d, p = pr->p, pP = s->pP, R = s->rows;
  KT *Wt = s->Wt, *aP = s->a, *Z = s->z, *C = s->coef, *tmp = s->tmp, *Gt = s->Gt, *gA = s->gA;
  KN(pack)(pr->W, p, d, pP, Wt);
  const int gradients = pr->gradA != NULL;
  if (gradients) {
    memset(gA, 0, sizeof(KT) * pP);
    memset(Gt, 0, sizeof(KT) * (size_t)d * pP);
  }
  KT squares = 0;
  const KT *x[R];
  for (int i0 = 0; i0 < n; i0 += R) {
    const int rows = n - i0 < R ? n - i0 : R;
    const int padded = (rows + 5) / 6 * 6;
    for (int b = 0; b < padded; b++) x[b] = b < rows ? pr->X + (size_t)(i0 + b) * d : s->zeroRow;
    KN(forwardPanel)(pr, x, i0, rows, padded, R, Wt, pP, Z, 1);
    for (int b = 0; b < rows; b++) {
      KT *zb = Z + (size_t)b * pP;
      KT *cb = gradients ? C + (size_t)b * pP : NULL;
      const KT h = pr->scale * KN(activationRow)(kern, pr->activation, pr->alpha, aP, zb, cb, NULL, tmp, pP);
      const int i = i0 + b;
      const KT r = pr->y[i] - h;
      pr->outputs[i] = h;
      pr->residuals[i] = r;
      squares += r * r;
      if (gradients) {
        const KV vr = (KV){0} + r;
        for (int l = 0; l < pP; l += KL) {
          *(KV *)(gA + l) += vr * *(const KV *)(zb + l);
          *(KV *)(cb + l) = (vr * *(const KV *)(aP + l)) * *(const KV *)(cb + l);
        }
      }
    }
    if (gradients) KN(backward)(x, rows, C, pP, Gt, d);
  }
  if (gradients) {
    for (int j = 0; j < p; j++) pr->gradA[j] = pr->factor * gA[j];
    KN(untranspose)(Gt, p, d, pP, pr->factor, pr->gradW);
  }
  return squares;
}

#ifndef KLOSS_ONLY
/*
 * ∇²L·v for v = (u, V) into outA (p) and outW (p×d): the formulas and products of
 * hessianVectorProduct in src/model/network.ts (a.e. Hessian for ReLU-type σ). Per row,
 * q_i = s Σ_j [u_j σ_ij + (a_j σ'_ij) ⟨V_j, x_i⟩]; the a-part and the coefficient of x_i in the
 * W-part are formed per neuron, and the W-part summed by the gradient's backward pass. X is read
 * once per panel for ⟨W_j, x_i⟩ and ⟨V_j, x_i⟩ (two forward products) and the backward pass.
 */
static KATTR void KN(hessianVector)(const Kernel *kern, const Problem *pr, const KT *u, const KT *V, KT *outA, KT *outW, Scratch *s) {
  const int n = pr->n, d = pr->d, p = pr->p, pP = s->pP, R = s->rows;
  const KT scale = pr->scale;
  KT *Wt = s->Wt, *aP = s->a, *Z = s->z, *C = s->coef, *tmp = s->tmp, *Vt = s->Vt, *DV = s->dv, *second = s->second, *uP = s->u, *slope = s->slope, *Gt = s->Gt;
  KN(pack)(pr->W, p, d, pP, Wt);
  KN(pack)(V, p, d, pP, Vt);
  memset(outA, 0, sizeof(KT) * p);
  memset(Gt, 0, sizeof(KT) * (size_t)d * pP);
  const KT *x[R];
  for (int i0 = 0; i0 < n; i0 += R) {
    const int rows = n - i0 < R ? n - i0 : R;
    const int padded = (rows + 5) / 6 * 6;
    for (int b = 0; b < padded; b++) x[b] = b < rows ? pr->X + (size_t)(i0 + b) * d : s->zeroRow;
    KN(forwardPanel)(pr, x, i0, rows, padded, R, Wt, pP, Z, 0);
    KN(forwardPanel)(pr, x, i0, rows, padded, R, Vt, pP, DV, 1);
    for (int b = 0; b < rows; b++) {
      KT *values = Z + (size_t)b * pP, *cb = C + (size_t)b * pP;
      const KT *dv = DV + (size_t)b * pP;
      const KT h = scale * KN(activationRow)(kern, pr->activation, pr->alpha, aP, values, slope, second, tmp, pP);
      const KT minusResidual = -(pr->y[i0 + b] - h);
      KT q = 0;
      for (int j = 0; j < p; j++) q += uP[j] * values[j] + aP[j] * slope[j] * dv[j];
      q = scale * q;
      for (int j = 0; j < p; j++) {
        outA[j] += q * (scale * values[j]) + minusResidual * (scale * (slope[j] * dv[j]));
        cb[j] = q * (scale * (aP[j] * slope[j])) + minusResidual * (scale * (uP[j] * slope[j] + aP[j] * second[j] * dv[j]));
      }
      for (int j = p; j < pP; j++) cb[j] = 0;
    }
    KN(backward)(x, rows, C, pP, Gt, d);
  }
  const KT inverseN = (KT)1 / n;
  for (int j = 0; j < p; j++) outA[j] *= inverseN;
  KN(untranspose)(Gt, p, d, pP, inverseN, outW);
}

/* z_ij = ⟨w_j, x_i⟩ for every row into out[i·p + j] (the forward products alone). */
static KATTR void KN(preactivations)(const Problem *pr, KT *out, Scratch *s) {
  const int n = pr->n, d = pr->d, p = pr->p, pP = s->pP, R = s->rows;
  KN(pack)(pr->W, p, d, pP, s->Wt);
  const KT *x[R];
  for (int i0 = 0; i0 < n; i0 += R) {
    const int rows = n - i0 < R ? n - i0 : R;
    const int padded = (rows + 5) / 6 * 6;
    for (int b = 0; b < padded; b++) x[b] = b < rows ? pr->X + (size_t)(i0 + b) * d : s->zeroRow;
    KN(forwardPanel)(pr, x, i0, rows, padded, R, s->Wt, pP, s->z, 1);
    for (int b = 0; b < rows; b++) memcpy(out + (size_t)(i0 + b) * p, s->z + (size_t)b * pP, sizeof(KT) * p);
  }
}

#endif

#undef KV
#undef KVU
#undef KI
#undef KL
#undef KNAME
#undef KT
#undef KSIGN
#undef KM
