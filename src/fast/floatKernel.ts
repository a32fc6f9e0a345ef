/**
 * What every float64 kernel implementation provides (native, TypeScript): the loss, and the loss
 * with its gradient, written into a {@link FloatWorkspace}. src/fast/kernels.ts dispatches to the
 * fastest available one; test/fast/kernelContract.ts holds every one to the same contract.
 */
import type { FloatInstance, FloatWorkspace } from "./floatInstance.js";

/** A parameter-shaped vector in the flat layout: a (p) and W (p×d, row-major). */
export interface FlatParameters {
  a: Float64Array;
  W: Float64Array;
}

export interface FloatKernel {
  /** e.g. "native-avx2", "typescript": recorded in rows and reports. */
  readonly name: string;
  /** Accuracy of the kernel's tanh, exp and log1p, in ulps of the result. */
  readonly elementaryUlps: number;
  /** Fills workspace.outputs and workspace.residuals and returns L. */
  loss(instance: FloatInstance, workspace: FloatWorkspace): number;
  /** Fills workspace.outputs, residuals, gradA and gradW (all overwritten) and returns L. */
  lossAndGradient(instance: FloatInstance, workspace: FloatWorkspace): number;
  /**
   * ∇²L·v into `out` (overwritten): the Hessian-vector product of src/model/network.ts
   * (a.e. Hessian for ReLU-type σ), same formulas and products.
   */
  hessianVectorProduct(instance: FloatInstance, direction: FlatParameters, out: FlatParameters): void;
  /** z_ij = ⟨w_j, x_i⟩ into out[i·p + j] (length n·p). */
  preactivations(instance: FloatInstance, out: Float64Array): void;
}
