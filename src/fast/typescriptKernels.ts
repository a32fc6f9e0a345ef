/**
 * The TypeScript float64 kernels for the loss, residuals and gradient of a shallow network: the
 * last resort of {@link ./kernels.ts} (which prefers the native kernels of ./nativeKernels.ts),
 * computing the formulas of {@link ../model/network.ts} in the same multiplicative association,
 * in one pass over X.
 *
 * What is kept from the generic model, so that the running error bound of
 * src/field/errorBound.ts (which holds for ANY summation order, but only for the products the
 * model writes) covers these kernels too:
 *   scale  = 1/p (mean-field) or 1
 *   z_ij   = Σ_k w_jk·x_ik                      (sum reordered: 4 rows at a time, see below)
 *   h_i    = scale·Σ_j (a_j·σ(z_ij))
 *   r_i    = y_i − h_i
 *   L      = (Σ_i r_i·r_i)/(2n)
 *   factor = −(scale/n)
 *   ∂L/∂a_j  = factor·Σ_i (r_i·σ(z_ij))
 *   ∂L/∂w_jk = factor·Σ_i (((r_i·a_j)·σ'(z_ij))·x_ik)
 *   μ      = (c·‖∇L‖²)/L, c = p (mean-field) or 1; undefined at L = 0
 *   balance_j = a_j·a_j − Σ_k w_jk²
 * σ and σ' are the closures of `activation(float64Field, spec)`: one copy of the formulas.
 * JavaScript never contracts a·b + c into a fused multiply-add, so every product is rounded
 * exactly as in the generic path.
 *
 * Loop structure: X is read once per evaluation, 4 rows at a time. For a block of 4 rows,
 * the pre-activations are register-blocked 4 rows × 4 neurons (16 independent accumulators:
 * every entry of X or W loaded serves 4 multiply-adds, and no add waits on the previous one);
 * then the block's σ, σ', residuals and coefficients (r_i·a_j)·σ'(z_ij) are formed, and its
 * gradient contribution Σ_b c_bj·x_b is added into gradW, again 4 rows × 4 neurons, while the
 * 4 rows of X are still in L1. The raw sums live in the workspace; `factor` is applied once at
 * the end. Remainder rows (n mod 4) and neurons (p mod 4) take 1-wide loops.
 *
 * Measured on the 2-core development machine (node 20; best of 3 interleaved rounds, other
 * jobs sharing the CPU, so ±10%), lossAndGradient evaluations per second for ReLU at
 * (n,d,p) = (2000,100,37) / (3500,2000,32):
 *   1 row at a time, 1 accumulator per dot product:     48 / 1.65  (1.4 / 1.5 GFLOP/s)
 *   1 row at a time, 4 accumulators (k unrolled by 4):  50 / 1.75
 *   4 rows × 1 neuron blocks:                            93 / 3.4   (2.8 / 3.0 GFLOP/s)
 *   4 rows × 4 neuron blocks (kept):                    155 / 6.2   (4.6 / 5.5 GFLOP/s)
 * Isolated kernels, GFLOP/s at the two sizes: pre-activations 4×4 5.4/5.3, 4×8 6.1/5.0,
 * 2×8 5.5/4.6, 8×4 4.9/4.8, 4 rows × 1 neuron with k unrolled by 2 3.5/3.6; gradient
 * accumulation 4×4 6.3/6.2, 4×6 6.9/7.3, 8×4 7.1/6.5. Those within ~10% of 4×4 were not worth
 * a second block shape; 4×4 serves both phases with one 4-row block. `npm run bench` prints the
 * current figures next to the generic path's.
 */
import { preactivations4 } from "./preactivations.js";
import { float64Field } from "../field/float64.js";
import { activation, type Activation, type ActivationSpec } from "../model/activation.js";
import type { FloatInstance, FloatWorkspace } from "./floatInstance.js";

const activationCache = new WeakMap<ActivationSpec, Activation<number>>();

/** σ over float64, built once per activation spec object. */
export function floatActivation(spec: ActivationSpec): Activation<number> {
  let sigma = activationCache.get(spec);
  if (sigma === undefined) {
    sigma = activation(float64Field, spec);
    activationCache.set(spec, sigma);
  }
  return sigma;
}

export function requireWorkspace(instance: FloatInstance, workspace: FloatWorkspace): void {
  if (workspace.n !== instance.n || workspace.d !== instance.d || workspace.p !== instance.p) {
    throw new RangeError(
      `workspace is for (n, d, p) = (${workspace.n}, ${workspace.d}, ${workspace.p}), instance is (${instance.n}, ${instance.d}, ${instance.p})`,
    );
  }
}

/** s: 1/p under mean-field scaling, 1 under standard scaling (as `outputScale` in network.ts). */
export function outputScale(instance: FloatInstance): number {
  return instance.model.scaling === "mean-field" ? 1 / instance.p : 1;
}


/**
 * The gradient contribution of the 4 rows i0 … i0+3: gradA_j += Σ_b r_b·σ(z_bj) and
 * gradW_jk += Σ_b c_bj·x_bk, with σ(z_bj) in values[b·p+j] and c_bj = (r_b·a_j)·σ'(z_bj) in
 * coefficients[b·p+j]. Register-blocked 4 rows × 4 neurons: each x_bk loaded serves 4 neurons,
 * and each gradW entry is loaded and stored once per 4 rows.
 */
function accumulateGradient4(
  X: Float64Array,
  d: number,
  p: number,
  i0: number,
  residuals: Float64Array,
  values: Float64Array,
  coefficients: Float64Array,
  gradA: Float64Array,
  gradW: Float64Array,
): void {
  const o0 = i0 * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  const r0 = residuals[i0];
  const r1 = residuals[i0 + 1];
  const r2 = residuals[i0 + 2];
  const r3 = residuals[i0 + 3];
  for (let j = 0; j < p; j++) {
    gradA[j] += r0 * values[j] + r1 * values[p + j] + (r2 * values[2 * p + j] + r3 * values[3 * p + j]);
  }
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const ga = j * d;
    const gb = ga + d;
    const gc = gb + d;
    const gd = gc + d;
    const c0a = coefficients[j], c0b = coefficients[j + 1], c0c = coefficients[j + 2], c0d = coefficients[j + 3];
    const c1a = coefficients[p + j], c1b = coefficients[p + j + 1], c1c = coefficients[p + j + 2], c1d = coefficients[p + j + 3];
    const c2a = coefficients[2 * p + j], c2b = coefficients[2 * p + j + 1], c2c = coefficients[2 * p + j + 2], c2d = coefficients[2 * p + j + 3];
    const c3a = coefficients[3 * p + j], c3b = coefficients[3 * p + j + 1], c3c = coefficients[3 * p + j + 2], c3d = coefficients[3 * p + j + 3];
    for (let k = 0; k < d; k++) {
      const x0 = X[o0 + k];
      const x1 = X[o1 + k];
      const x2 = X[o2 + k];
      const x3 = X[o3 + k];
      gradW[ga + k] += c0a * x0 + c1a * x1 + (c2a * x2 + c3a * x3);
      gradW[gb + k] += c0b * x0 + c1b * x1 + (c2b * x2 + c3b * x3);
      gradW[gc + k] += c0c * x0 + c1c * x1 + (c2c * x2 + c3c * x3);
      gradW[gd + k] += c0d * x0 + c1d * x1 + (c2d * x2 + c3d * x3);
    }
  }
  for (; j < p; j++) {
    const go = j * d;
    const c0 = coefficients[j];
    const c1 = coefficients[p + j];
    const c2 = coefficients[2 * p + j];
    const c3 = coefficients[3 * p + j];
    for (let k = 0; k < d; k++) {
      gradW[go + k] += c0 * X[o0 + k] + c1 * X[o1 + k] + (c2 * X[o2 + k] + c3 * X[o3 + k]);
    }
  }
}

/** z_j = ⟨w_j, x_i⟩ for one row into values[j], with 4 independent partial sums. */
function preactivations1(X: Float64Array, W: Float64Array, d: number, p: number, i: number, values: Float64Array): void {
  const o = i * d;
  const d4 = d - (d % 4);
  for (let j = 0; j < p; j++) {
    const wo = j * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k < d4; k += 4) {
      s0 += W[wo + k] * X[o + k];
      s1 += W[wo + k + 1] * X[o + k + 1];
      s2 += W[wo + k + 2] * X[o + k + 2];
      s3 += W[wo + k + 3] * X[o + k + 3];
    }
    for (; k < d; k++) s0 += W[wo + k] * X[o + k];
    values[j] = s0 + s1 + (s2 + s3);
  }
}

/**
 * Forward pass of rows i0 … i0+count−1 whose pre-activations are in `values`: writes outputs
 * and residuals and returns Σ r_i². With `coefficients`, also replaces values[b·p+j] by
 * σ(z_bj) and writes coefficients[b·p+j] = (r_i·a_j)·σ'(z_bj).
 */
export function finishRows(
  instance: FloatInstance,
  sigma: Activation<number>,
  scale: number,
  i0: number,
  count: number,
  values: Float64Array,
  coefficients: Float64Array | undefined,
  workspace: FloatWorkspace,
): number {
  const { p, a, y } = instance;
  const { outputs, residuals } = workspace;
  const value = sigma.value;
  const derivative = sigma.derivative;
  let squares = 0;
  for (let b = 0; b < count; b++) {
    const base = b * p;
    let total = 0;
    for (let j = 0; j < p; j++) {
      const z = values[base + j];
      const s = value(z);
      if (coefficients !== undefined) {
        values[base + j] = s;
        coefficients[base + j] = derivative(z);
      }
      total += a[j] * s;
    }
    const i = i0 + b;
    const h = scale * total;
    const r = y[i] - h;
    outputs[i] = h;
    residuals[i] = r;
    squares += r * r;
    if (coefficients !== undefined) {
      for (let j = 0; j < p; j++) coefficients[base + j] = r * a[j] * coefficients[base + j];
    }
  }
  return squares;
}

/** Forward pass only: fills workspace.outputs and workspace.residuals and returns L. */
export function loss(instance: FloatInstance, workspace: FloatWorkspace): number {
  requireWorkspace(instance, workspace);
  const { n, d, p, X, W } = instance;
  const sigma = floatActivation(instance.model.activation);
  const scale = outputScale(instance);
  const values = workspace.values;
  let squares = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    preactivations4(X, W, d, p, i, values);
    squares += finishRows(instance, sigma, scale, i, 4, values, undefined, workspace);
  }
  for (; i < n; i++) {
    preactivations1(X, W, d, p, i, values);
    squares += finishRows(instance, sigma, scale, i, 1, values, undefined, workspace);
  }
  return squares / (2 * n);
}

/**
 * L and ∇L in one pass over X: fills workspace.outputs, residuals, gradA and gradW (all
 * overwritten) and returns L.
 */
export function lossAndGradient(instance: FloatInstance, workspace: FloatWorkspace): number {
  requireWorkspace(instance, workspace);
  const { n, d, p, X, W } = instance;
  const sigma = floatActivation(instance.model.activation);
  const scale = outputScale(instance);
  const { values, coefficients, gradA, gradW } = workspace;
  gradA.fill(0);
  gradW.fill(0);
  let squares = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    preactivations4(X, W, d, p, i, values);
    squares += finishRows(instance, sigma, scale, i, 4, values, coefficients, workspace);
    accumulateGradient4(X, d, p, i, workspace.residuals, values, coefficients, gradA, gradW);
  }
  for (; i < n; i++) {
    preactivations1(X, W, d, p, i, values);
    squares += finishRows(instance, sigma, scale, i, 1, values, coefficients, workspace);
    const o = i * d;
    const r = workspace.residuals[i];
    for (let j = 0; j < p; j++) {
      gradA[j] += r * values[j];
      const c = coefficients[j];
      const go = j * d;
      for (let k = 0; k < d; k++) gradW[go + k] += c * X[o + k];
    }
  }
  const factor = -(scale / n);
  for (let j = 0; j < p; j++) gradA[j] = factor * gradA[j];
  for (let m = 0; m < p * d; m++) gradW[m] = factor * gradW[m];
  return squares / (2 * n);
}

/**
 * z_ij = ⟨w_j, x_i⟩ for every row into out[i·p + j]: the switching functions whose sign
 * changes are the kinks of a ReLU network's gradient flow.
 */
export function preactivations(instance: FloatInstance, out: Float64Array = new Float64Array(instance.n * instance.p)): Float64Array {
  const { n, d, p, X, W } = instance;
  if (out.length !== n * p) throw new RangeError(`preactivations: output has length ${out.length}, expected n·p = ${n * p}`);
  let i = 0;
  for (; i + 4 <= n; i += 4) preactivations4(X, W, d, p, i, out.subarray(i * p));
  for (; i < n; i++) preactivations1(X, W, d, p, i, out.subarray(i * p));
  return out;
}
