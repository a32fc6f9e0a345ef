/*
 * The backward product of both native kernels (lossGradientKernel.h, gdStepKernel.h):
 * Gt (d×pP, the W gradient transposed, lanes along neurons) += X_panelᵀ·C for a panel of rows,
 * in tiles of BACKWARD_COLUMNS columns × 2 neuron vectors whose accumulators stay in registers.
 * Every Gt entry is one chain of multiply-adds over the rows in order, whatever the tiling, so
 * both kernels keep their summation order. Included inside a kernel header, after its KT, KV,
 * KL, KATTR and KN are defined; defines only KN-named functions.
 */
#ifndef BACKWARD_COLUMNS
/* Columns per backward tile: 6 × 2 neuron vectors = 12 accumulators (KN(backward)'s tail switch covers up to 6). */
#define BACKWARD_COLUMNS 6
#endif

/*
 * Gt[k, ·] += Σ_b x_b[k]·C[b, ·] over the panel's rows for the `cols` columns k0 … and the `vecs`
 * neuron vectors jv …: cols × vecs accumulators (12 at 6 × 2), each x_b[k] broadcast to vecs
 * FMAs and each loaded C vector used by cols of them. Inlined with constant cols and vecs, so the
 * accumulators live in registers.
 */
static inline __attribute__((always_inline)) KATTR void KN(backwardTile)(const KT *const *x, int rows, const KT *C, int pP, int k0, int jv, KT *Gt, const int cols, const int vecs) {
  KV acc[BACKWARD_COLUMNS][2];
  KT *g = Gt + (size_t)k0 * pP + jv;
  for (int c = 0; c < cols; c++)
    for (int v = 0; v < vecs; v++) acc[c][v] = *(const KV *)(g + (size_t)c * pP + v * KL);
  for (int b = 0; b < rows; b++) {
    const KT *cb = C + (size_t)b * pP + jv, *xb = x[b] + k0;
    const KV c0 = *(const KV *)cb, c1 = vecs > 1 ? *(const KV *)(cb + KL) : c0;
    for (int c = 0; c < cols; c++) {
      const KT s = xb[c];
      acc[c][0] += c0 * s;
      if (vecs > 1) acc[c][1] += c1 * s;
    }
  }
  for (int c = 0; c < cols; c++)
    for (int v = 0; v < vecs; v++) *(KV *)(g + (size_t)c * pP + v * KL) = acc[c][v];
}

/* Every neuron vector for the columns k0 … k0 + cols − 1: pairs, then the odd one. */
static inline __attribute__((always_inline)) KATTR void KN(backwardColumns)(const KT *const *x, int rows, const KT *C, int pP, int k0, KT *Gt, const int cols) {
  int jv = 0;
  for (; jv + 2 * KL <= pP; jv += 2 * KL) KN(backwardTile)(x, rows, C, pP, k0, jv, Gt, cols, 2);
  if (jv < pP) KN(backwardTile)(x, rows, C, pP, k0, jv, Gt, cols, 1);
}

/*
 * Gt (d×pP, gradW transposed, lanes along neurons) += X_panelᵀ·C: columns in groups of
 * BACKWARD_COLUMNS, the last 1 … BACKWARD_COLUMNS − 1 columns as one narrower group. Walking k
 * outermost reads Gt once, sequentially, per panel; the panel's X rows come from cache.
 */
static KATTR void KN(backward)(const KT *const *x, int rows, const KT *C, int pP, KT *Gt, int d) {
  int k0 = 0;
  for (; k0 + BACKWARD_COLUMNS <= d; k0 += BACKWARD_COLUMNS) KN(backwardColumns)(x, rows, C, pP, k0, Gt, BACKWARD_COLUMNS);
  switch (d - k0) {
    case 5: KN(backwardColumns)(x, rows, C, pP, k0, Gt, 5); break;
    case 4: KN(backwardColumns)(x, rows, C, pP, k0, Gt, 4); break;
    case 3: KN(backwardColumns)(x, rows, C, pP, k0, Gt, 3); break;
    case 2: KN(backwardColumns)(x, rows, C, pP, k0, Gt, 2); break;
    case 1: KN(backwardColumns)(x, rows, C, pP, k0, Gt, 1); break;
    default: break;
  }
}

