/**
 * The TypeScript float32 kernel: loss, residuals and gradient of a shallow network with every
 * operation rounded to float32 (Math.fround, or the store into a Float32Array, after each one).
 * The reference and last resort of ./float32Kernels.ts. Same formulas and products as the
 * float64 kernels (./typescriptKernels.ts header) and the generic model:
 *   z_ij = Σ_k w_jk·x_ik,  h_i = scale·Σ_j (a_j·σ(z_ij)),  r_i = y_i − h_i,  L = (Σ_i r_i·r_i)/(2n),
 *   ∂L/∂a_j = factor·Σ_i (r_i·σ(z_ij)),  ∂L/∂w_jk = factor·Σ_i (((r_i·a_j)·σ'(z_ij))·x_ik),
 *   scale = 1/p (mean-field) or 1,  factor = −(scale/n),
 * with σ and σ' the closures of `activation(float32Field, spec)`. One row at a time: this kernel
 * is for correctness and small problems; the native kernels are the fast ones.
 */
import { activation, type Activation, type ActivationSpec } from "../model/activation.js";
import { float32Field } from "./float32Field.js";
import { type Float32Instance, type Float32Workspace, requireFloat32Workspace } from "./float32Instance.js";

const f = Math.fround;
const activationCache = new WeakMap<ActivationSpec, Activation<number>>();

/** σ over float32, built once per activation spec object. */
export function float32Activation(spec: ActivationSpec): Activation<number> {
  let sigma = activationCache.get(spec);
  if (sigma === undefined) {
    sigma = activation(float32Field, spec);
    activationCache.set(spec, sigma);
  }
  return sigma;
}

/** scale in float32: fl(1/p) under mean-field scaling, 1 under standard (as outputScale in network.ts). */
export function float32OutputScale(instance: Float32Instance): number {
  return instance.model.scaling === "mean-field" ? f(1 / instance.p) : 1;
}

/** z_j = ⟨w_j, x_i⟩ in float32 for one row, into out[j]. */
function preactivationRow(X: Float32Array, W: Float32Array, d: number, p: number, i: number, out: Float32Array): void {
  const o = i * d;
  for (let j = 0; j < p; j++) {
    const wo = j * d;
    let s = 0;
    for (let k = 0; k < d; k++) s = f(s + f(W[wo + k] * X[o + k]));
    out[j] = s;
  }
}

function run(instance: Float32Instance, workspace: Float32Workspace, gradients: boolean): number {
  requireFloat32Workspace(instance, workspace);
  const { n, d, p, X, y, W, a } = instance;
  const { values, coefficients, outputs, residuals, gradA, gradW } = workspace;
  const sigma = float32Activation(instance.model.activation);
  const scale = float32OutputScale(instance);
  if (gradients) {
    gradA.fill(0);
    gradW.fill(0);
  }
  let squares = 0;
  for (let i = 0; i < n; i++) {
    preactivationRow(X, W, d, p, i, values);
    let total = 0;
    for (let j = 0; j < p; j++) {
      const z = values[j];
      const s = sigma.value(z);
      if (gradients) coefficients[j] = sigma.derivative(z);
      values[j] = s;
      total = f(total + f(a[j] * s));
    }
    const h = f(scale * total);
    const r = f(y[i] - h);
    outputs[i] = h;
    residuals[i] = r;
    squares = f(squares + f(r * r));
    if (!gradients) continue;
    const o = i * d;
    for (let j = 0; j < p; j++) {
      // Float32Array stores round: gradA[j] += … is fl(gradA[j] + fl(r·σ)).
      gradA[j] += f(r * values[j]);
      const c = f(f(r * a[j]) * coefficients[j]);
      const go = j * d;
      for (let k = 0; k < d; k++) gradW[go + k] += f(c * X[o + k]);
    }
  }
  if (gradients) {
    const factor = -f(scale / n);
    for (let j = 0; j < p; j++) gradA[j] = factor * gradA[j];
    for (let m = 0; m < p * d; m++) gradW[m] = factor * gradW[m];
  }
  return f(squares / (2 * n));
}

/** Forward pass only: fills outputs and residuals and returns L (a float32 value). */
export function float32Loss(instance: Float32Instance, workspace: Float32Workspace): number {
  return run(instance, workspace, false);
}

/** L and ∇L: fills outputs, residuals, gradA and gradW (all overwritten) and returns L. */
export function float32LossAndGradient(instance: Float32Instance, workspace: Float32Workspace): number {
  return run(instance, workspace, true);
}

/** z_ij = ⟨w_j, x_i⟩ in float32 for every row into out[i·p + j]. */
export function float32Preactivations(instance: Float32Instance, out: Float32Array = new Float32Array(instance.n * instance.p)): Float32Array {
  const { n, d, p, X, W } = instance;
  if (out.length !== n * p) throw new RangeError(`float32Preactivations: output has length ${out.length}, expected n·p = ${n * p}`);
  for (let i = 0; i < n; i++) preactivationRow(X, W, d, p, i, out.subarray(i * p, (i + 1) * p));
  return out;
}
