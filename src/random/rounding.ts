/**
 * Small float64 vector kernels for the samplers, with the rounding bounds (Higham, "Accuracy
 * and Stability of Numerical Algorithms", §3.1) that let a sampler certify what it promises
 * about the doubles it actually returns, not only about the real numbers it aimed at.
 */
import { gamma } from "../field/errorBound.js";

export { gamma };

export function dot(x: readonly number[], y: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < x.length; k++) total += x[k] * y[k];
  return total;
}

/** Σ_k |x_k y_k|, the magnitude that scales the rounding error of {@link dot}. */
export function absoluteDot(x: readonly number[], y: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < x.length; k++) total += Math.abs(x[k] * y[k]);
  return total;
}

export function squaredNorm(x: readonly number[]): number {
  return dot(x, x);
}

export function norm(x: readonly number[]): number {
  return Math.sqrt(squaredNorm(x));
}

/**
 * A double ≥ the exact Euclidean norm of x. The float sum of squares is within a relative γ_d
 * of the exact one and the square root adds one rounding, so inflating by 1 + 2γ_{d+4} covers
 * both and the rounding of the inflation itself (no underflow occurs within the magnitudes the
 * options allow).
 */
export function normUpperBound(x: readonly number[]): number {
  return norm(x) * (1 + 2 * gamma(x.length + 4));
}

/**
 * x rescaled to Euclidean norm `target` (x ≠ 0). The exact norm of the result is target·(1 + θ)
 * with |θ| ≲ (d/2 + 3)·u: γ_d/2 from the sum of squares, one rounding each for √, ÷ and ×.
 */
export function scaledToNorm(x: readonly number[], target: number): number[] {
  const factor = target / norm(x);
  return x.map((value) => value * factor);
}
