/**
 * The float64 fast path of reluTeacherStudent.ts for gradient descent: loss and gradient in one
 * pass over plain arrays (no Field indirection, no allocation per pair). Same formulas; the
 * angle is arccos of the clamped cosine and sin θ = √(1 − cos²θ), which is accurate enough for
 * a descent (a certified point is re-evaluated by the generic code in decimal arithmetic).
 * A zero student row gets the gradient ½w_i = 0 from its own term and 0 from its pairs (the
 * minimal-norm subgradient choice of Safran & Shamir's g.m, which divides by ‖w‖ and would give NaN).
 */

export interface LossAndGradient {
  loss: number;
  /** k×d, ∂F/∂w_i. */
  gradient: number[][];
}

const TWO_PI = 2 * Math.PI;

function pairTerms(w: readonly number[], u: readonly number[], normW: number, normU: number): { kernel: number; alongW: number; alongU: number } {
  if (normW === 0 || normU === 0) return { kernel: 0, alongW: 0, alongU: 0 };
  let inner = 0;
  for (let c = 0; c < w.length; c++) inner += w[c] * u[c];
  const cosine = Math.max(-1, Math.min(1, inner / (normW * normU)));
  const angle = Math.acos(cosine);
  const gramRoot = normW * normU * Math.sqrt(Math.max(0, 1 - cosine * cosine));
  return { kernel: (gramRoot + (Math.PI - angle) * inner) / TWO_PI, alongW: gramRoot / (normW * normW) / TWO_PI, alongU: (Math.PI - angle) / TWO_PI };
}

const norm = (x: readonly number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/** ½Σ_{j,j′} f(v_j,v_{j′}), computed once per teacher. */
export function teacherEnergyFloat(V: readonly (readonly number[])[]): number {
  const norms = V.map(norm);
  let total = 0;
  for (let j = 0; j < V.length; j++) for (let jj = 0; jj < V.length; jj++) total += jj === j ? (norms[j] * norms[j]) / 2 : pairTerms(V[j], V[jj], norms[j], norms[jj]).kernel;
  return total / 2;
}

/** F(W) and ∇F(W) in float64; `teacherEnergy` may be passed to skip recomputing it. */
export function lossAndGradientFloat(W: readonly (readonly number[])[], V: readonly (readonly number[])[], teacherEnergy = teacherEnergyFloat(V)): LossAndGradient {
  const k = W.length;
  const d = W[0].length;
  const normsW = W.map(norm);
  const normsV = V.map(norm);
  const gradient = W.map((w) => w.map((x) => x / 2));
  let loss = teacherEnergy;
  for (let i = 0; i < k; i++) {
    const w = W[i];
    loss += (normsW[i] * normsW[i]) / 4;
    for (let j = 0; j < k; j++) {
      if (j === i) continue;
      const t = pairTerms(w, W[j], normsW[i], normsW[j]);
      if (j > i) loss += t.kernel;
      for (let c = 0; c < d; c++) gradient[i][c] += t.alongW * w[c] + t.alongU * W[j][c];
    }
    for (let j = 0; j < V.length; j++) {
      const t = pairTerms(w, V[j], normsW[i], normsV[j]);
      loss -= t.kernel;
      for (let c = 0; c < d; c++) gradient[i][c] -= t.alongW * w[c] + t.alongU * V[j][c];
    }
  }
  return { loss, gradient };
}
