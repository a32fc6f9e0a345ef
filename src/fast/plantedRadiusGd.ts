/**
 * Plain gradient descent (fixed step, both layers) for the Theorem 2.5 radius experiment
 * (soltanolkotabi2019): the model of src/model/network.ts with the softplus activation
 * σ(z) = max(z, 0) + log1p(e^{−|z|}) and standard scaling, over float64 typed arrays.
 *
 * Why a kernel of its own: the generic field code (forward + gradient over number[][] through
 * Field closures) allocates every row of every intermediate and costs ~15× more per step. Each
 * floating-point operation here is the field code's with the float64 field, in the same order
 * (residual y − h, gradient (−1/n)·Σ…, L = ‖r‖²/(2n)), so the trajectory is bit-identical; σ, σ′
 * and the per-sample gradient are plantedGd.ts's softplus units with b = 1, exact there
 * (test/experiments/soltanolkotabi2019/plantedRadiusGd.test.ts compares them).
 */
import { accumulateUnits, softplusUnits } from "./plantedGd.js";

export interface RadiusProblem {
  n: number;
  d: number;
  k: number;
  /** Row-major n×d inputs. */
  X: Float64Array;
  y: Float64Array;
}

export interface RadiusTrace {
  L0: number;
  /** L after the last step taken. */
  L: number;
  /** L after step ⌊steps/2⌋ − 1, i.e. the L in force when step ⌊steps/2⌋ began (NaN if not reached). */
  Lhalf: number;
  worstRatio: number;
  monotone: boolean;
  taken: number;
}

/** L at (W, a) and its gradient into gradW, gradA (the field code's forward then gradient). */
export function radiusLossAndGradient(problem: RadiusProblem, W: Float64Array, a: Float64Array, gradW: Float64Array, gradA: Float64Array, sigma: Float64Array, sigmaPrime: Float64Array): number {
  const { n, d, k, X, y } = problem;
  gradW.fill(0);
  gradA.fill(0);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    softplusUnits(1, i, d, k, X, W, sigma, sigmaPrime);
    let h = 0;
    for (let j = 0; j < k; j++) h += a[j] * sigma[j];
    // The field code multiplies h by the output scale, 1 for standard scaling: exact.
    const r = y[i] - h;
    squares += r * r;
    accumulateUnits(r, i, d, k, X, a, sigma, sigmaPrime, gradW, gradA);
  }
  const factor = -(1 / n);
  for (let j = 0; j < k * d; j++) gradW[j] = factor * gradW[j];
  for (let j = 0; j < k; j++) gradA[j] = factor * gradA[j];
  return squares / (2 * n);
}

/**
 * Up to `steps` steps of size `step` in place on (W, a), stopping once L ≤ reduction·L₀; the loop
 * of theorem25-radius.ts, recording what it records.
 */
export function radiusDescent(problem: RadiusProblem, W: Float64Array, a: Float64Array, step: number, steps: number, reduction: number): RadiusTrace {
  const { k, d } = problem;
  const gradW = new Float64Array(k * d);
  const gradA = new Float64Array(k);
  const sigma = new Float64Array(k);
  const sigmaPrime = new Float64Array(k);
  const L0 = radiusLossAndGradient(problem, W, a, gradW, gradA, sigma, sigmaPrime);
  const stopBelow = reduction * L0;
  let L = L0;
  let worstRatio = 0;
  let monotone = true;
  let taken = 0;
  let Lhalf = NaN;
  const half = Math.floor(steps / 2);
  for (; taken < steps && L > stopBelow; taken++) {
    if (taken === half) Lhalf = L;
    for (let j = 0; j < k; j++) a[j] = a[j] - step * gradA[j];
    for (let j = 0; j < k * d; j++) W[j] = W[j] - step * gradW[j];
    const next = radiusLossAndGradient(problem, W, a, gradW, gradA, sigma, sigmaPrime);
    worstRatio = Math.max(worstRatio, next / L);
    if (!(next < L)) monotone = false;
    L = next;
  }
  return { L0, L, Lhalf, worstRatio, monotone, taken };
}
