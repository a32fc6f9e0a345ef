/**
 * Full-batch gradient descent on p·L (the Euler discretization of eq. (3) of Dana, Pillaud-Vivien &
 * Bach, arXiv 2502.16977, as the authors' code runs it) on the float64 fast path: the native fused
 * step (src/fast/gdStepNative.ts) where the addon is built, the TypeScript one otherwise — the same
 * formulas, the same early stop. Used by the Monte Carlo entries, where a run's outcome is a
 * success count, not a margin near 0.
 */
import { createGdWorkspace, gdStep, type DenseData, type Parameters } from "../../../src/fast/gdStep.js";
import { NativeGdStep, nativeGdStepAvailable } from "../../../src/fast/gdStepNative.js";
import type { Instance } from "../../../src/model/instance.js";
import { toFloatInstance } from "../../../src/fast/floatInstance.js";
import { preactivations } from "../../../src/fast/kernels.js";
import { rowSquaredNorms, traceFromPreactivations } from "./floatOnKernels.js";

export interface GdOutcome {
  /** Σ_i r_i² at θ_0 and at the last iterate. */
  initialSquares: number;
  finalSquares: number;
  /** Steps taken (the early stop takes none once reached). */
  steps: number;
  /** Σr² fell below stopBelow within the step budget. */
  reached: boolean;
}

/**
 * tr K(θ) = (1/(np))·Σ_i Σ_j [σ(z_ij)² + a_j²·1{z_ij > 0}·‖x_i‖²] for the tangent kernel K of
 * dana2025's flow, eq. (3) (dh/dt = K r, properties/dana2025/lib/kernel.ts): an upper bound on λ_max(K), from which the step sizes are set.
 * The pre-activations on the fast kernels (lib/floatOnKernels.ts).
 */
export function kernelTrace(instance: Instance<number>): number {
  const flat = toFloatInstance(instance);
  return traceFromPreactivations(flat, preactivations(flat), rowSquaredNorms(flat));
}

/** GD with step `lr` on p·L from the instance's parameters, at most `maxSteps` steps, stopping once Σr² < stopBelow. */
export function runGd(instance: Instance<number>, lr: number, maxSteps: number, stopBelow: number): GdOutcome {
  const n = instance.X.length;
  const d = instance.X[0].length;
  const p = instance.a.length;
  const data: DenseData<Float64Array> = { n, d, X: Float64Array.from(instance.X.flat()), y: Float64Array.from(instance.y) };
  const params: Parameters<Float64Array> = { p, W: Float64Array.from(instance.W.flat()), a: Float64Array.from(instance.a) };
  let step: (lr: number, stop: number) => number;
  if (nativeGdStepAvailable()) {
    const native = new NativeGdStep(data, params);
    step = (rate, stop) => native.step(rate, stop);
  } else {
    const ws = createGdWorkspace(n, d, p);
    step = (rate, stop) => gdStep(data, params, rate, ws, stop);
  }
  const initialSquares = step(0, Infinity);
  let squares = initialSquares;
  let steps = 0;
  while (steps < maxSteps && !(squares < stopBelow)) {
    squares = step(lr, stopBelow);
    if (squares < stopBelow) break;
    steps++;
    if (!Number.isFinite(squares)) break;
  }
  if (steps === maxSteps) squares = step(0, Infinity);
  return { initialSquares, finalSquares: squares, steps, reached: squares < stopBelow };
}
