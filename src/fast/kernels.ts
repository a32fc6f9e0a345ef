/**
 * The float64 fast path's public entry points: loss, residuals and gradient of a shallow network
 * (the formulas of src/model/network.ts, see ./typescriptKernels.ts), dispatched to the fastest
 * kernel available — native (./nativeKernels.ts: AVX-512, AVX2+FMA or portable C, as the CPU
 * allows) where the addon is built, else WebAssembly SIMD (./wasmKernels.ts), else TypeScript;
 * small problems on TypeScript or WebAssembly, whichever is faster there (see {@link SizeDispatch}) — plus the
 * quantities derived from them (‖∇L‖², μ, balance). {@link fastKernelName} and
 * {@link kernelsUsedSince} say which kernel ran, for rows and reports; SHALLOWCHECK_NATIVE=0
 * leaves the native kernels out.
 */
import type { FlatParameters, FloatKernel } from "./floatKernel.js";
import { type FloatInstance, type FloatWorkspace, workspaceFor } from "./floatInstance.js";
import { typescriptHessianVectorProduct } from "./flatHessianVector.js";
import { nativeKernels } from "./nativeKernels.js";
import { wasmKernel } from "./wasmKernels.js";
import type { ActivationName } from "../model/activation.js";
import {
  loss as typescriptLoss,
  lossAndGradient as typescriptLossAndGradient,
  preactivations as typescriptPreactivations,
} from "./typescriptKernels.js";

export { outputScale } from "./typescriptKernels.js";
export type { FlatParameters, FloatKernel } from "./floatKernel.js";

/** The TypeScript kernel: V8's Math.tanh/exp/log1p are fdlibm ports, < 1 ulp. */
export const typescriptKernel: FloatKernel = {
  name: "typescript",
  elementaryUlps: 1,
  loss: typescriptLoss,
  lossAndGradient: typescriptLossAndGradient,
  hessianVectorProduct: typescriptHessianVectorProduct,
  preactivations: typescriptPreactivations,
};

/** The WebAssembly SIMD kernel, or none without WebAssembly SIMD. */
function wasmKernels(): FloatKernel[] {
  const kernel = wasmKernel();
  return kernel === undefined ? [] : [kernel];
}

/** Every kernel this process can run, fastest first (the TypeScript kernel always last). */
export function availableKernels(): FloatKernel[] {
  return [...nativeKernels(), ...wasmKernels(), typescriptKernel];
}

let selected: FloatKernel | undefined;

function kernel(): FloatKernel {
  selected ??= availableKernels()[0]!;
  return selected;
}

/**
 * Which kernel runs a problem of n·d·p multiply-adds per product, for one activation: TypeScript
 * up to `typescript`, WebAssembly (where the platform has SIMD) up to `wasm`, the fastest
 * available kernel above. A native call costs a fixed ≈ 1.8 µs (argument checks, scratch), a
 * WebAssembly call ≈ 0.8 µs (copies into its memory), TypeScript nothing; TypeScript computes σ
 * entry by entry, which for a compare (identity, ReLU, leaky ReLU) or a multiply (quadratic) is
 * cheap and for tanh, sigmoid and softplus is a Math.tanh / exp / log1p call, which the SIMD
 * kernels vectorise. Read off `npm run bench`'s small-problems table (bench/smallProblems.ts;
 * AMD EPYC, AVX2, 2026-12-07, CPU µs per lossAndGradient, best of 3): ReLU is fastest on
 * TypeScript at n·d·p = 125 (0.84 against 0.88 on WebAssembly), on WebAssembly at 216 (1.10
 * against 1.44) through 1000 (2.00 against native 2.35), native at 1728 (2.39 against 2.73);
 * quadratic on TypeScript at 64, WebAssembly at 125 through 1000, native at 1728; tanh on
 * TypeScript at 27, WebAssembly at 64 through 216 (1.86 against native 2.20 and TypeScript 3.73),
 * native from 343 (2.28 against 2.63). Each threshold lies between the two sizes measured.
 */
export interface SizeDispatch {
  readonly typescript: number;
  readonly wasm: number;
}

const PIECEWISE_LINEAR: SizeDispatch = { typescript: 160, wasm: 1300 };
const QUADRATIC: SizeDispatch = { typescript: 90, wasm: 1300 };
const TRANSCENDENTAL: SizeDispatch = { typescript: 40, wasm: 280 };

const SIZE_DISPATCH: Readonly<Record<ActivationName, SizeDispatch>> = {
  identity: PIECEWISE_LINEAR,
  relu: PIECEWISE_LINEAR,
  "leaky-relu": PIECEWISE_LINEAR,
  quadratic: QUADRATIC,
  tanh: TRANSCENDENTAL,
  sigmoid: TRANSCENDENTAL,
  softplus: TRANSCENDENTAL,
};

/** The size thresholds of the kernel dispatch for this activation (see {@link SizeDispatch}). */
export function sizeDispatch(activation: ActivationName): SizeDispatch {
  return SIZE_DISPATCH[activation];
}

let wasmForSmallProblems: FloatKernel | null | undefined;

/** The kernel for this instance's size and activation (see {@link SizeDispatch}). */
function kernelFor(instance: FloatInstance): FloatKernel {
  const work = instance.n * instance.d * instance.p;
  const thresholds = SIZE_DISPATCH[instance.model.activation.name];
  if (work <= thresholds.typescript) return typescriptKernel;
  if (work <= thresholds.wasm) {
    wasmForSmallProblems ??= wasmKernels()[0] ?? null;
    if (wasmForSmallProblems !== null) return wasmForSmallProblems;
  }
  return kernel();
}

/** Kernel calls (loss, gradient, pre-activations, Hessian-vector products) per kernel name since the process started, for reports of which kernel ran. */
const evaluationsByKernel = new Map<string, number>();

/** Counts one evaluation by the named kernel (./float32Kernels.ts counts its kernels here too, so reports see both). */
export function recordKernelEvaluation(name: string): void {
  evaluationsByKernel.set(name, (evaluationsByKernel.get(name) ?? 0) + 1);
}

function counted(using: FloatKernel): FloatKernel {
  recordKernelEvaluation(using.name);
  return using;
}

/** A snapshot of how many evaluations each kernel has run so far (pass it to {@link kernelsUsedSince}). */
export function kernelUsage(): ReadonlyMap<string, number> {
  return new Map(evaluationsByKernel);
}

/** The names of the kernels that ran since `before` (a {@link kernelUsage} snapshot), most used first. */
export function kernelsUsedSince(before: ReadonlyMap<string, number>): string[] {
  return [...evaluationsByKernel]
    .map(([name, count]) => [name, count - (before.get(name) ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([name]) => name);
}

/**
 * The kernel that {@link loss} and {@link lossAndGradient} run, e.g. "native-avx2" or
 * "typescript": for this instance when one is given (see {@link SizeDispatch}), else for the largest problems.
 */
export function fastKernelName(instance?: FloatInstance): string {
  return (instance === undefined ? kernel() : kernelFor(instance)).name;
}

/** Forward pass only: fills workspace.outputs and workspace.residuals and returns L. */
export function loss(instance: FloatInstance, workspace: FloatWorkspace): number {
  return counted(kernelFor(instance)).loss(instance, workspace);
}

/**
 * L and ∇L in one pass over X: fills workspace.outputs, residuals, gradA and gradW (all
 * overwritten) and returns L.
 */
export function lossAndGradient(instance: FloatInstance, workspace: FloatWorkspace): number {
  return counted(kernelFor(instance)).lossAndGradient(instance, workspace);
}

/**
 * z_ij = ⟨w_j, x_i⟩ for every row into out[i·p + j]: the switching functions whose sign
 * changes are the kinks of a ReLU network's gradient flow.
 */
export function preactivations(instance: FloatInstance, out: Float64Array = new Float64Array(instance.n * instance.p)): Float64Array {
  if (out.length !== instance.n * instance.p) throw new RangeError(`preactivations: output has length ${out.length}, expected n·p = ${instance.n * instance.p}`);
  counted(kernelFor(instance)).preactivations(instance, out);
  return out;
}

/**
 * ∇²L·v (a.e. Hessian for ReLU-type σ) for v = (direction.a, direction.W), into `out` (fresh
 * arrays by default), which is returned.
 */
export function hessianVectorProduct(
  instance: FloatInstance,
  direction: FlatParameters,
  out: FlatParameters = { a: new Float64Array(instance.p), W: new Float64Array(instance.p * instance.d) },
): FlatParameters {
  const { d, p } = instance;
  if (direction.a.length !== p || direction.W.length !== p * d || out.a.length !== p || out.W.length !== p * d) {
    throw new RangeError(`hessianVectorProduct: direction and out must have a of length p = ${p} and W of length p·d = ${p * d}`);
  }
  counted(kernelFor(instance)).hessianVectorProduct(instance, direction, out);
  return out;
}

/** ‖∇L‖² of the gradient in `gradient` (e.g. a workspace after {@link lossAndGradient}). */
export function gradientSquaredNorm(gradient: { gradA: Float64Array; gradW: Float64Array }): number {
  const { gradA, gradW } = gradient;
  let s0 = 0;
  let s1 = 0;
  for (let j = 0; j < gradA.length; j++) s0 += gradA[j] * gradA[j];
  const m = gradW.length;
  let k = 0;
  for (; k + 1 < m; k += 2) {
    s0 += gradW[k] * gradW[k];
    s1 += gradW[k + 1] * gradW[k + 1];
  }
  if (k < m) s0 += gradW[k] * gradW[k];
  return s0 + s1;
}

/**
 * Local PL curvature μ = (c·‖∇L‖²)/L (c = p under mean-field scaling, 1 under standard), from
 * the loss and gradient of {@link lossAndGradient}; undefined at L = 0.
 */
export function plCurvature(
  instance: FloatInstance,
  lossValue: number,
  gradient: { gradA: Float64Array; gradW: Float64Array },
): number | undefined {
  // As the generic path: undefined exactly when the field's sign of L is 0 (NaN included).
  if (!(lossValue > 0 || lossValue < 0)) return undefined;
  const flowFactor = instance.model.scaling === "mean-field" ? instance.p : 1;
  return (flowFactor * gradientSquaredNorm(gradient)) / lossValue;
}

/** a_j·a_j − ‖w_j‖² per neuron, into `out` (length p), which is returned. */
export function balance(instance: FloatInstance, out: Float64Array = new Float64Array(instance.p)): Float64Array {
  const { d, p, W, a } = instance;
  if (out.length !== p) throw new RangeError(`balance: output has length ${out.length}, expected p = ${p}`);
  for (let j = 0; j < p; j++) {
    const wo = j * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += W[wo + k] * W[wo + k];
    out[j] = a[j] * a[j] - s;
  }
  return out;
}

/** Every per-instance quantity, in freshly allocated arrays (for tests and one-off use). */
export interface FloatEvaluation {
  loss: number;
  residuals: Float64Array;
  outputs: Float64Array;
  gradA: Float64Array;
  gradW: Float64Array;
  balance: Float64Array;
  /** μ, or undefined at L = 0. */
  pl: number | undefined;
}

export function evaluateFloat(instance: FloatInstance, workspace?: FloatWorkspace, using: FloatKernel = kernelFor(instance)): FloatEvaluation {
  const ws = workspace ?? workspaceFor(instance);
  const lossValue = counted(using).lossAndGradient(instance, ws);
  return {
    loss: lossValue,
    residuals: ws.residuals.slice(),
    outputs: ws.outputs.slice(),
    gradA: ws.gradA.slice(),
    gradW: ws.gradW.slice(),
    balance: balance(instance),
    pl: plCurvature(instance, lossValue, ws),
  };
}
