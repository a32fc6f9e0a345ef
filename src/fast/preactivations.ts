/**
 * The forward-pass block shared by the fast kernels (src/fast/kernels.ts) and the fused GD step
 * (src/fast/gdStep.ts): pre-activations of 4 data rows against every neuron, in double
 * arithmetic whatever the storage (a Float32Array entry loads exactly into a double).
 */

/**
 * z_bj = ⟨w_j, x_(i0+b)⟩ for the 4 rows i0 … i0+3 into values[b·p + j]. Register-blocked 4
 * rows × 4 neurons: per k, 4 entries of X and 4 of W are loaded and feed 16 independent
 * accumulators, so every load serves 4 multiply-adds.
 */
export function preactivations4(X: Float64Array | Float32Array, W: Float64Array | Float32Array, d: number, p: number, i0: number, values: Float64Array): void {
  const o0 = i0 * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const wa = j * d;
    const wb = wa + d;
    const wc = wb + d;
    const wd = wc + d;
    let z0a = 0, z1a = 0, z2a = 0, z3a = 0;
    let z0b = 0, z1b = 0, z2b = 0, z3b = 0;
    let z0c = 0, z1c = 0, z2c = 0, z3c = 0;
    let z0d = 0, z1d = 0, z2d = 0, z3d = 0;
    for (let k = 0; k < d; k++) {
      const x0 = X[o0 + k];
      const x1 = X[o1 + k];
      const x2 = X[o2 + k];
      const x3 = X[o3 + k];
      const va = W[wa + k];
      z0a += va * x0;
      z1a += va * x1;
      z2a += va * x2;
      z3a += va * x3;
      const vb = W[wb + k];
      z0b += vb * x0;
      z1b += vb * x1;
      z2b += vb * x2;
      z3b += vb * x3;
      const vc = W[wc + k];
      z0c += vc * x0;
      z1c += vc * x1;
      z2c += vc * x2;
      z3c += vc * x3;
      const vd = W[wd + k];
      z0d += vd * x0;
      z1d += vd * x1;
      z2d += vd * x2;
      z3d += vd * x3;
    }
    values[j] = z0a;
    values[j + 1] = z0b;
    values[j + 2] = z0c;
    values[j + 3] = z0d;
    values[p + j] = z1a;
    values[p + j + 1] = z1b;
    values[p + j + 2] = z1c;
    values[p + j + 3] = z1d;
    values[2 * p + j] = z2a;
    values[2 * p + j + 1] = z2b;
    values[2 * p + j + 2] = z2c;
    values[2 * p + j + 3] = z2d;
    values[3 * p + j] = z3a;
    values[3 * p + j + 1] = z3b;
    values[3 * p + j + 2] = z3c;
    values[3 * p + j + 3] = z3d;
  }
  for (; j < p; j++) {
    const wo = j * d;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let k = 0; k < d; k++) {
      const w = W[wo + k];
      z0 += w * X[o0 + k];
      z1 += w * X[o1 + k];
      z2 += w * X[o2 + k];
      z3 += w * X[o3 + k];
    }
    values[j] = z0;
    values[p + j] = z1;
    values[2 * p + j] = z2;
    values[3 * p + j] = z3;
  }
}
