/*
 * One GD step of dana2025's model, the same arithmetic contract as src/fast/wasm/gdStepF32.wat
 * (see src/fast/gdStepWasm.ts): every operation in T (float or double) except Σ r², which
 * squares each T residual and sums in double. Included once per (T, vector width, target):
 *   KT      element type            KV      vector type of KT (GCC vector extension)
 *   KI      integer vector of KV's shape (comparison masks)
 *   KL      lanes per vector        KATTR   function attributes (target ISA)
 *   KNAME   the step function's name
 * Each parameter but KATTR (shared by a target's two precisions) is undefined at the end, so the
 * next inclusion defines its own.
 * Layout (all buffers 64-byte aligned): X nP×dP, W pP×dP, y nP, a pP, z 4×pP, sumA pP,
 * Wt dP×pP (+ one dP gradient row), coef nP×pP, listRows nP, listCoef nP; nP a multiple of 4,
 * dP and pP multiples of KL; padding is zero, which changes no value (see gdStepWasm.ts).
 * Multiply-adds may be contracted to FMA where the target has it (one rounding; the differential
 * test's running error bound covers fused and unfused).
 */
KATTR static double KNAME(const KT *restrict X, KT *restrict W, const KT *restrict y, KT *restrict a,
                          KT *restrict z, KT *restrict sumA, KT *restrict Wt, KT *restrict coef,
                          int32_t *restrict listRows, KT *restrict listCoef,
                          int nP, int dP, int pP, KT scale, KT stepSize, double stopBelow) {
  const int pV = pP / KL, dV = dP / KL;
  for (int j = 0; j < pP; j++)
    for (int k = 0; k < dP; k++) Wt[(size_t)k * pP + j] = W[(size_t)j * dP + k];
  KT *sumW = Wt + (size_t)dP * pP;
  memset(sumA, 0, sizeof(KT) * pP);
  double squares = 0;
  const KV zero = {0};
  for (int i = 0; i < nP; i += 4) {
    const KT *x0 = X + (size_t)i * dP, *x1 = x0 + dP, *x2 = x1 + dP, *x3 = x2 + dP;
    /* z for 4 rows: lanes along j, 2 vectors of neurons per pass (8 accumulators), running sums along k. */
    int jv = 0;
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
  /* Backward, neuron by neuron: the rows with a nonzero coefficient, 4 at a time, each added in
     turn into sumW (a chain of multiply-adds along i). */
  for (int j = 0; j < pP; j++) {
    int m = 0;
    for (int i = 0; i < nP; i++) {
      const KT c = coef[(size_t)i * pP + j];
      listRows[m] = i;
      listCoef[m] = c;
      m += (c != 0);
    }
    if (m == 0) continue;
    memset(sumW, 0, sizeof(KT) * dP);
    int t = 0;
    for (; t + 4 <= m; t += 4) {
      const KT *r0 = X + (size_t)listRows[t] * dP, *r1 = X + (size_t)listRows[t + 1] * dP;
      const KT *r2 = X + (size_t)listRows[t + 2] * dP, *r3 = X + (size_t)listRows[t + 3] * dP;
      const KT c0 = listCoef[t], c1 = listCoef[t + 1], c2 = listCoef[t + 2], c3 = listCoef[t + 3];
      for (int v = 0; v < dV; v++) {
        KV s = *(KV *)(sumW + v * KL);
        s += *(const KV *)(r0 + v * KL) * c0;
        s += *(const KV *)(r1 + v * KL) * c1;
        s += *(const KV *)(r2 + v * KL) * c2;
        s += *(const KV *)(r3 + v * KL) * c3;
        *(KV *)(sumW + v * KL) = s;
      }
    }
    for (; t < m; t++) {
      const KT *r0 = X + (size_t)listRows[t] * dP;
      const KT c0 = listCoef[t];
      for (int v = 0; v < dV; v++) *(KV *)(sumW + v * KL) += *(const KV *)(r0 + v * KL) * c0;
    }
    KT *wrow = W + (size_t)j * dP;
    for (int v = 0; v < dV; v++) *(KV *)(wrow + v * KL) += *(const KV *)(sumW + v * KL) * stepSize;
  }
  for (int v = 0; v < pV; v++) *(KV *)(a + v * KL) += *(const KV *)(sumA + v * KL) * stepSize;
  return squares;
}

#undef KT
#undef KV
#undef KI
#undef KL
#undef KNAME
