/**
 * The float64 work of the dana2025 entries' fast paths on the SIMD kernels of src/fast/kernels.ts
 * (native, WebAssembly SIMD or TypeScript, chosen by size; `check`, `hunt` and `tighten` report
 * which ran): dot products with their a-priori rounding bounds (the Gram matrix and the
 * pre-activations of floatFacts.ts), the tangent-kernel trace that sets GD step sizes, and one GD
 * point (L, h, p∇L with rigorous bounds on L and h) for theorem1-gd-decay.
 *
 * Why the kernels' reordered sums keep the bounds: Higham's bound |fl(Σ_k a_k b_k) − Σ_k a_k b_k|
 * ≤ γ_m·Σ_k |a_k b_k| (m the number of roundings on any path from a term to the result) holds for
 * ANY summation order, and a fused multiply-add rounds once where a product and a sum round twice,
 * so the blocked, vectorized and fused sums of every kernel are covered (the kernel contract,
 * test/fast/kernelContract.ts, checks the kernels against the same kind of bound).
 */
import { gamma } from "../../../src/field/errorBound.js";
import type { FloatInstance, FloatWorkspace } from "../../../src/fast/floatInstance.js";
import { lossAndGradient, preactivations } from "../../../src/fast/kernels.js";
import type { ModelSpec } from "../../../src/model/instance.js";

/** The model of dana2025's formulas (ReLU, mean-field): one object, so the kernels build σ once. */
export const RELU_MEAN_FIELD: ModelSpec = { activation: { name: "relu" }, scaling: "mean-field" };

/** |v| entrywise, in a new array. */
export function absolute(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = Math.abs(values[k]);
  return out;
}

/** The rows (each of length `columns`) in one row-major array: the kernels' layout. */
export function flatRows(rows: readonly (readonly number[])[], columns: number): Float64Array {
  const out = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => out.set(row, i * columns));
  return out;
}

/**
 * ⟨b_j, a_i⟩ for the rows a_i of A (m×d) and b_j of B (q×d), row-major, into out[i·q + j]: the
 * kernels' pre-activations of a network with first-layer weights B on data A.
 */
export function rowProducts(A: Float64Array, m: number, B: Float64Array, q: number, d: number): Float64Array {
  const asNetwork: FloatInstance = { model: RELU_MEAN_FIELD, n: m, d, p: q, X: A, W: B, y: new Float64Array(m), a: new Float64Array(q) };
  return preactivations(asNetwork);
}

/** Values and bounds on their distance from the exact values. */
export interface BoundedProducts {
  value: Float64Array;
  error: Float64Array;
}

/**
 * Dot products of the rows of A (m×d) with the rows of B (q×d), with the bound γ_d·Σ_k|A_ik B_jk|:
 * the magnitude Σ_k|A_ik B_jk| = ⟨|b_j|, |a_i|⟩ is itself a kernel product of non-negative terms,
 * computed within a relative γ_d below its exact value, so it is enlarged by (1 + γ_{d+1}) ≥ 1/(1 − γ_d).
 */
export function boundedProducts(A: Float64Array, m: number, B: Float64Array, q: number, d: number, absA = absolute(A)): BoundedProducts {
  const value = rowProducts(A, m, B, q, d);
  const error = rowProducts(absA, m, absolute(B), q, d);
  const g = gamma(d) * (1 + gamma(d + 1));
  for (let k = 0; k < error.length; k++) error[k] *= g;
  return { value, error };
}

/** ‖x_i‖² for each row of the instance's data. */
export function rowSquaredNorms(instance: FloatInstance): Float64Array {
  const { n, d, X } = instance;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = i * d; k < (i + 1) * d; k++) s += X[k] * X[k];
    out[i] = s;
  }
  return out;
}

/**
 * tr K(θ) = (1/(np))·Σ_i Σ_j [σ(z_ij)² + a_j²·1{z_ij > 0}·‖x_i‖²], K the tangent kernel of
 * dana2025's flow, eq. (3) (lib/kernel.ts), from the pre-activations z (n×p) and the ‖x_i‖².
 */
export function traceFromPreactivations(instance: FloatInstance, z: Float64Array, squaredNorms: Float64Array): number {
  const { n, p, a } = instance;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = z[i * p + j];
      if (v > 0) total += v * v + a[j] * a[j] * squaredNorms[i];
    }
  }
  return total / (n * p);
}

/** c·v entrywise, in a new array. */
function scaled(values: Float64Array, c: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = c * values[k];
  return out;
}

/** One GD point: L, h and p∇L at θ, with rigorous bounds on L and on every h_i, and tr K(θ). */
export interface GdPoint {
  loss: number;
  lossError: number;
  outputs: Float64Array;
  outputErrors: Float64Array;
  /** p∇L (the direction of eq. (3)'s Euler step), a then W row-major. */
  gradA: Float64Array;
  gradW: Float64Array;
  trace: number;
}

/**
 * The GD point at the instance's parameters, in ReLU mean-field whatever instance.model says
 * (callers pass {@link RELU_MEAN_FIELD}). `absX` = |X| and `squaredNorms` = ‖x_i‖² are per data set.
 *
 * Bounds: h_i = fl(1/p)·Σ_j a_j·σ(z_ij) is a computation of d + p + 2 roundings on any path (the
 * dot product, the sum over j, the rounded 1/p and its product), so |ĥ_i − h_i| ≤ γ_{d+p+2}·M_i/p
 * with M_i = Σ_j |a_j|·Σ_k|w_jk x_ik|; a ReLU sign misread within its bound moves h_i by at most
 * that bound, as |σ(z) − σ(ẑ)| ≤ |z − ẑ|. M_i is computed from below within γ_{d+p+1} (non-negative
 * terms), hence the factor (1 + γ_{d+p+2}). L = (Σ r_i²)/(2n): each r_i within e_i moves r_i² by
 * at most 2|r̂_i|e_i + e_i², and the sum and the division round within γ_{n+2}·2L̂.
 */
export function gdPointOnKernels(instance: FloatInstance, workspace: FloatWorkspace, absX: Float64Array, squaredNorms: Float64Array): GdPoint {
  const { n, d, p, a } = instance;
  const z = preactivations(instance);
  const magnitudes = rowProducts(absX, n, absolute(instance.W), p, d);
  const lossValue = lossAndGradient(instance, workspace);
  const g = (gamma(d + p + 2) * (1 + gamma(d + p + 2))) / p;
  const outputErrors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < p; j++) m += Math.abs(a[j]) * magnitudes[i * p + j];
    outputErrors[i] = g * m;
  }
  let spread = 0;
  for (let i = 0; i < n; i++) {
    const e = outputErrors[i];
    spread += 2 * Math.abs(workspace.residuals[i]) * e + e * e;
  }
  return {
    loss: lossValue,
    lossError: spread / (2 * n) + gamma(n + 2) * lossValue * 2,
    outputs: workspace.outputs.slice(),
    outputErrors,
    gradA: scaled(workspace.gradA, p),
    gradW: scaled(workspace.gradW, p),
    trace: traceFromPreactivations(instance, z, squaredNorms),
  };
}
