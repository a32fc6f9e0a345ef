/**
 * The float32 fast path's entry points: loss, residuals and gradient of a shallow network with
 * the instance rounded to float32 once and every operation in float32, dispatched to the fastest
 * float32 kernel available — native (./float32NativeKernels.ts: AVX-512, AVX2+FMA or portable C)
 * where the addon is built, else WebAssembly SIMD (./float32WasmKernel.ts, "wasm-simd-float32")
 * where the platform has it, else the TypeScript kernel (./float32TypescriptKernel.ts). Kernel
 * names end in "-float32" and are counted with the float64 kernels' (kernels.ts
 * kernelUsage/kernelsUsedSince), so rows and reports say which one ran.
 * test/fast/float32KernelContract.ts holds every one to the same contract against exact arithmetic.
 */
import { recordKernelEvaluation } from "./kernels.js";
import { float32NativeKernels } from "./float32NativeKernels.js";
import { float32WasmKernel } from "./float32WasmKernel.js";
import type { Float32Instance, Float32Workspace } from "./float32Instance.js";
import type { ActivationName } from "../model/activation.js";
import { float32Loss, float32LossAndGradient } from "./float32TypescriptKernel.js";

export interface Float32Kernel {
  /** e.g. "native-avx2-float32", "wasm-simd-float32", "typescript-float32". */
  readonly name: string;
  /** Accuracy of the kernel's float32 tanh, exp and log1p, in float32 ulps of the result. */
  readonly elementaryUlps: number;
  /** Fills workspace.outputs and residuals and returns L. */
  loss(instance: Float32Instance, workspace: Float32Workspace): number;
  /** Fills workspace.outputs, residuals, gradA and gradW (all overwritten) and returns L. */
  lossAndGradient(instance: Float32Instance, workspace: Float32Workspace): number;
}

/** fround(V8's < 1 ulp double result): within 1 float32 ulp (see ./float32Field.ts). */
export const typescriptFloat32Kernel: Float32Kernel = {
  name: "typescript-float32",
  elementaryUlps: 1,
  loss: float32Loss,
  lossAndGradient: float32LossAndGradient,
};

/** Every float32 kernel this process can run, fastest first: native, WebAssembly SIMD, TypeScript last. */
export function availableFloat32Kernels(): Float32Kernel[] {
  const wasm = float32WasmKernel();
  return [...float32NativeKernels(), ...(wasm === undefined ? [] : [wasm]), typescriptFloat32Kernel];
}

let selected: Float32Kernel | undefined;

/**
 * Problems with n·d·p at most this run on the TypeScript kernel, by activation, for the reason of
 * kernels.ts SizeDispatch (a call's fixed cost against TypeScript's per-entry σ). Read off CPU µs
 * per lossAndGradient, best of 3, n = d = p (AMD EPYC, AVX2, 2026-12-07): native-avx2-float32
 * against typescript-float32, ReLU 2.50 / 2.56 at 125 and 2.96 / 3.84 at 216, quadratic 2.02 /
 * 1.48 at 125 and 1.93 / 2.33 at 216, tanh 1.84 / 1.73 at 64 and 1.99 / 2.67 at 125; each
 * threshold lies between the two sizes. The float32 WebAssembly kernel's fixed cost (≈ 2.3 µs)
 * is above the native one's, so unlike float64 it gets no middle tier.
 */
export function float32TypescriptUpTo(activation: ActivationName): number {
  return FLOAT32_TYPESCRIPT_UP_TO[activation];
}

const FLOAT32_TYPESCRIPT_UP_TO: Readonly<Record<ActivationName, number>> = {
  identity: 160,
  relu: 160,
  "leaky-relu": 160,
  quadratic: 160,
  tanh: 90,
  sigmoid: 90,
  softplus: 90,
};

function kernelFor(instance: Float32Instance): Float32Kernel {
  if (instance.n * instance.d * instance.p <= float32TypescriptUpTo(instance.model.activation.name)) return typescriptFloat32Kernel;
  selected ??= availableFloat32Kernels()[0]!;
  return selected;
}

function counted(kernel: Float32Kernel): Float32Kernel {
  recordKernelEvaluation(kernel.name);
  return kernel;
}

/** The float32 kernel that runs for this instance (or for large problems when none is given). */
export function float32KernelName(instance?: Float32Instance): string {
  if (instance !== undefined) return kernelFor(instance).name;
  selected ??= availableFloat32Kernels()[0]!;
  return selected.name;
}

/** Forward pass only, in float32: fills outputs and residuals and returns L. */
export function lossFloat32(instance: Float32Instance, workspace: Float32Workspace): number {
  return counted(kernelFor(instance)).loss(instance, workspace);
}

/** L and ∇L in float32: fills outputs, residuals, gradA and gradW and returns L. */
export function lossAndGradientFloat32(instance: Float32Instance, workspace: Float32Workspace): number {
  return counted(kernelFor(instance)).lossAndGradient(instance, workspace);
}
