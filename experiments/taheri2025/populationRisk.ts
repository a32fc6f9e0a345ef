/**
 * Closed-form population risks for x ~ N(0, I_d):
 * - linear: E(f* − f_β)² = ‖b* − b‖²₂ with b = Θᵀγ;
 * - ReLU: E[f_β f_β′] = Σ_{j,k} γ_j γ′_k κ(Θ_j, Θ′_k), κ(a, b) = ‖a‖‖b‖/(2π)·(sin φ + (π − φ)cos φ),
 *   φ = ∠(a, b) — the degree-1 arc-cosine kernel (Cho & Saul 2009).
 */
export function endToEnd(gamma: readonly number[], theta: readonly (readonly number[])[]): number[] {
  const d = theta[0]?.length ?? 0;
  const b = new Array<number>(d).fill(0);
  theta.forEach((row, j) => row.forEach((v, k) => (b[k] += gamma[j] * v)));
  return b;
}

export function linearExcessRisk(bStar: readonly number[], b: readonly number[]): number {
  return bStar.reduce((t, v, k) => t + (v - b[k]) ** 2, 0);
}

export function arcCosineKernel(a: readonly number[], b: readonly number[]): number {
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  if (na === 0 || nb === 0) return 0;
  const cosine = Math.max(-1, Math.min(1, a.reduce((t, v, k) => t + v * b[k], 0) / (na * nb)));
  const phi = Math.acos(cosine);
  return ((na * nb) / (2 * Math.PI)) * (Math.sin(phi) + (Math.PI - phi) * cosine);
}

function crossMoment(g1: readonly number[], t1: readonly (readonly number[])[], g2: readonly number[], t2: readonly (readonly number[])[]): number {
  let total = 0;
  g1.forEach((a, j) => {
    if (a !== 0) g2.forEach((b, k) => (total += b === 0 ? 0 : a * b * arcCosineKernel(t1[j], t2[k])));
  });
  return total;
}

/** E(f* − f_β)² for ReLU networks under x ~ N(0, I). */
export function reluExcessRisk(gammaStar: readonly number[], thetaStar: readonly (readonly number[])[], gamma: readonly number[], theta: readonly (readonly number[])[]): number {
  return Math.max(0, crossMoment(gammaStar, thetaStar, gammaStar, thetaStar) - 2 * crossMoment(gammaStar, thetaStar, gamma, theta) + crossMoment(gamma, theta, gamma, theta));
}
