/**
 * Every per-instance quantity of src/model/network.ts `evaluate` in float32: the instance
 * rounded to float32 once, loss, residuals, outputs and gradient on the float32 kernels
 * (./float32Kernels.ts), balance and μ by the generic formulas over float32Field. What
 * `eval --precision float32` prints and what the library's `evaluateInPrecision` returns.
 */
import { balance, plCurvature, type Evaluation } from "../model/network.js";
import { mapInstance, type Instance } from "../model/instance.js";
import { evaluateOnKernels } from "./evaluateOnKernels.js";
import { float32Field } from "./float32Field.js";
import { float32WorkspaceFor, toFloat32Instance } from "./float32Instance.js";
import { type Float32Kernel, lossAndGradientFloat32 } from "./float32Kernels.js";

/** The float precisions of the fast path. */
export const PRECISIONS = ["float64", "float32"] as const;
export type Precision = (typeof PRECISIONS)[number];

function rows(flat: Float32Array, count: number, length: number): number[][] {
  return Array.from({ length: count }, (_, j) => Array.from(flat.subarray(j * length, (j + 1) * length)));
}

/**
 * The float32 evaluation; `kernel` runs it when given (tests), else the dispatching entry point.
 * The returned instance values are the float32-rounded ones the arithmetic saw.
 */
export function evaluateOnFloat32Kernels(instance: Instance<number>, kernel?: Float32Kernel): Evaluation<number> {
  const flat = toFloat32Instance(instance);
  const workspace = float32WorkspaceFor(flat);
  const lossValue = kernel === undefined ? lossAndGradientFloat32(flat, workspace) : kernel.lossAndGradient(flat, workspace);
  const gradient = { a: Array.from(workspace.gradA), W: rows(workspace.gradW, flat.p, flat.d) };
  const rounded = mapInstance(instance, Math.fround);
  return {
    loss: lossValue,
    residuals: Array.from(workspace.residuals),
    outputs: Array.from(workspace.outputs),
    gradient,
    balance: balance(float32Field, rounded),
    pl: plCurvature(float32Field, rounded, lossValue, gradient),
  };
}

/** `evaluate` on the fast kernels in the given precision (float64 unchanged: ./evaluateOnKernels.ts). */
export function evaluateInPrecision(instance: Instance<number>, precision: Precision = "float64"): Evaluation<number> {
  return precision === "float32" ? evaluateOnFloat32Kernels(instance) : evaluateOnKernels(instance);
}
