/*
 * One GD step of dana2025's model, the same arithmetic contract as src/fast/wasm/gdStepF32.wat
 * (see src/fast/gdStepWasm.ts): every operation in T (float or double) except Σ r², which
 * squares each T residual and sums in double. Included once per (T, vector width, target):
 *   KT      element type            KV      vector type of KT (GCC vector extension)
 *   KI      integer vector of KV's shape (comparison masks)
 *   KL      lanes per vector        KATTR   function attributes (target ISA)
 *   KNAME   the step function's name (KN(name) names its helpers after it)
 * Each parameter but KATTR (shared by a target's two precisions) is undefined at the end, so the
 * next inclusion defines its own.
 * Layout (all buffers 64-byte aligned): X nP×dP, W pP×dP, y nP, a pP, z 4×pP, sumA pP,
 * Wt dP×pP (W transposed, then the raw gradient sums of W, transposed), coef nP×pP; nP a multiple of 4,
 * dP and pP multiples of KL; padding is zero, which changes no value (see gdStepWasm.ts).
 * Multiply-adds may be contracted to FMA where the target has it (one rounding; the differential
 * test's running error bound covers fused and unfused).
 */
#include "transposedBackward.h"

/*
 * Gt (dP×pP) = Σ_i coef_i·x_iᵀ, transposed, a panel of rows at a time (transposedBackward.h: the
 * panel's X rows and coef rows stay in cache while every tile of Gt walks them). Kept out of the
 * step function: inlined there, its live values pushed one of the forward pass's 12
 * accumulators onto the stack (a store-to-load chain in the hottest loop, 20% slower per step).
 */
static __attribute__((noinline)) KATTR void KN(backwardPanels)(const KT *X, const KT *coef, int nP, int dP, int pP, KT *Gt) {
  memset(Gt, 0, sizeof(KT) * (size_t)pP * dP);
  const KT *rows[BACKWARD_PANEL_ROWS];
  for (int i0 = 0; i0 < nP; i0 += BACKWARD_PANEL_ROWS) {
    const int count = nP - i0 < BACKWARD_PANEL_ROWS ? nP - i0 : BACKWARD_PANEL_ROWS;
    for (int b = 0; b < count; b++) rows[b] = X + (size_t)(i0 + b) * dP;
    KN(backward)(rows, count, coef + (size_t)i0 * pP, pP, Gt, dP);
  }
}

KATTR static double KNAME(const KT *restrict X, KT *restrict W, const KT *restrict y, KT *restrict a,
                          KT *restrict z, KT *restrict sumA, KT *restrict Wt, KT *restrict coef,
                          int nP, int dP, int pP, KT scale, KT stepSize, double stopBelow) {
  const int pV = pP / KL;
  for (int j = 0; j < pP; j++)
    for (int k = 0; k < dP; k++) Wt[(size_t)k * pP + j] = W[(size_t)j * dP + k];
  memset(sumA, 0, sizeof(KT) * pP);
  double squares = 0;
  const KV zero = {0};
  for (int i = 0; i < nP; i += 4) {
    const KT *x0 = X + (size_t)i * dP, *x1 = x0 + dP, *x2 = x1 + dP, *x3 = x2 + dP;
    /* z for 4 rows: lanes along j, running sums along k. An odd count of neuron vectors starts
       with a 3-vector pass (12 accumulators), so no pass is left with 4 accumulators, too few to
       hide the multiply-add latency (at p = 37, AVX2: 3 + 2 vectors instead of 2 + 2 + 1). Every
       z entry is still one chain of multiply-adds in k order: the same values in any blocking. */
    int jv = 0;
    if (pV % 2 == 1 && pV >= 3) {
      KV a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
      KV c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      const KT *wk = Wt;
      for (int k = 0; k < dP; k++, wk += pP) {
        const KV wa = *(const KV *)wk, wb = *(const KV *)(wk + KL), wc = *(const KV *)(wk + 2 * KL);
        a0 += wa * x0[k]; b0 += wb * x0[k]; c0 += wc * x0[k];
        a1 += wa * x1[k]; b1 += wb * x1[k]; c1 += wc * x1[k];
        a2 += wa * x2[k]; b2 += wb * x2[k]; c2 += wc * x2[k];
        a3 += wa * x3[k]; b3 += wb * x3[k]; c3 += wc * x3[k];
      }
      KT *zo = z;
      *(KV *)zo = a0; *(KV *)(zo + KL) = b0; *(KV *)(zo + 2 * KL) = c0; zo += pP;
      *(KV *)zo = a1; *(KV *)(zo + KL) = b1; *(KV *)(zo + 2 * KL) = c1; zo += pP;
      *(KV *)zo = a2; *(KV *)(zo + KL) = b2; *(KV *)(zo + 2 * KL) = c2; zo += pP;
      *(KV *)zo = a3; *(KV *)(zo + KL) = b3; *(KV *)(zo + 2 * KL) = c3;
      jv = 3;
    }
    for (; jv + 2 <= pV; jv += 2) {
      KV a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
      const KT *wk = Wt + (size_t)jv * KL;
      for (int k = 0; k < dP; k++, wk += pP) {
        const KV wa = *(const KV *)wk, wb = *(const KV *)(wk + KL);
        a0 += wa * x0[k]; b0 += wb * x0[k];
        a1 += wa * x1[k]; b1 += wb * x1[k];
        a2 += wa * x2[k]; b2 += wb * x2[k];
        a3 += wa * x3[k]; b3 += wb * x3[k];
      }
      KT *zo = z + (size_t)jv * KL;
      *(KV *)zo = a0; *(KV *)(zo + KL) = b0; zo += pP;
      *(KV *)zo = a1; *(KV *)(zo + KL) = b1; zo += pP;
      *(KV *)zo = a2; *(KV *)(zo + KL) = b2; zo += pP;
      *(KV *)zo = a3; *(KV *)(zo + KL) = b3;
    }
    if (jv < pV) {
      KV a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      const KT *wk = Wt + (size_t)jv * KL;
      for (int k = 0; k < dP; k++, wk += pP) {
        const KV wa = *(const KV *)wk;
        a0 += wa * x0[k]; a1 += wa * x1[k]; a2 += wa * x2[k]; a3 += wa * x3[k];
      }
      KT *zo = z + (size_t)jv * KL;
      *(KV *)zo = a0; zo += pP; *(KV *)zo = a1; zo += pP; *(KV *)zo = a2; zo += pP; *(KV *)zo = a3;
    }
    for (int b = 0; b < 4; b++) {
      const KT *zrow = z + (size_t)b * pP;
      KV acc = zero;
      for (int v = 0; v < pV; v++) {
        const KV zv = *(const KV *)(zrow + v * KL);
        const KV relu = (KV)((KI)zv & (KI)(zv > zero));
        acc += *(const KV *)(a + v * KL) * relu;
      }
      KT out = 0;
      for (int l = 0; l < KL; l++) out += acc[l];
      const KT r = y[i + b] - scale * out;
      squares += (double)r * (double)r;
      KT *crow = coef + (size_t)(i + b) * pP;
      for (int v = 0; v < pV; v++) {
        const KV zv = *(const KV *)(zrow + v * KL);
        const KI active = (KI)(zv > zero);
        const KV relu = (KV)((KI)zv & active);
        *(KV *)(sumA + v * KL) += relu * r;
        *(KV *)(crow + v * KL) = (KV)((KI)(*(const KV *)(a + v * KL) * r) & active);
      }
    }
  }
  if (squares < stopBelow) return squares;
  /* Backward: the raw sums G = Σ_i coef_ij·x_i, transposed (dP×pP, in L1), into Wt, which the
     forward pass no longer needs. */
  KT *const Gt = Wt;
  KN(backwardPanels)(X, coef, nP, dP, pP, Gt);
  for (int j = 0; j < pP; j++) {
    KT *wrow = W + (size_t)j * dP;
    for (int k = 0; k < dP; k++) wrow[k] += Gt[(size_t)k * pP + j] * stepSize;
  }
  for (int v = 0; v < pV; v++) *(KV *)(a + v * KL) += *(const KV *)(sumA + v * KL) * stepSize;
  return squares;
}

#undef KT
#undef KV
#undef KI
#undef KL
#undef KNAME
