/**
 * `evaluate` of src/model/network.ts for a float64 instance in nested arrays, computed by the
 * fast kernels (./kernels.ts): what checkpoint recording and one-off float evaluations call
 * instead of the generic model. Same quantities, same products; the kernels reorder sums, which
 * the running error bound of src/field/errorBound.ts covers (test/fast/kernelContract.ts).
 *
 * The data are flattened once per data set, not once per call: runs evaluate thousands of
 * parameter values on one data set, and `withParameters` shares X and y between them. The cache
 * is keyed on the X and y arrays themselves, so it relies on instance data never being edited in
 * place (nothing in src/ or properties/ does; a new data set is a new array).
 */
import type { Instance } from "../model/instance.js";
import type { Evaluation } from "../model/network.js";
import { type FloatInstance, type FloatWorkspace, toFloatInstance, workspaceFor } from "./floatInstance.js";
import { balance, lossAndGradient, plCurvature } from "./kernels.js";

interface Flattened {
  y: readonly number[];
  flat: FloatInstance;
  workspace: FloatWorkspace;
}

const flattenedData = new WeakMap<readonly (readonly number[])[], Flattened>();

/** The instance in flat arrays, the data taken from the cache when this X and y were seen before. */
function flatten(instance: Instance<number>): Flattened {
  const cached = flattenedData.get(instance.X);
  const p = instance.a.length;
  if (cached !== undefined && cached.y === instance.y && cached.flat.p === p) {
    const { flat } = cached;
    flat.a.set(instance.a);
    instance.W.forEach((row, j) => {
      if (row.length !== flat.d) throw new RangeError(`evaluateOnKernels: W[${j}] has ${row.length} entries, expected d = ${flat.d}`);
      flat.W.set(row, j * flat.d);
    });
    flat.model = instance.model;
    return cached;
  }
  const flat = toFloatInstance(instance);
  const entry = { y: instance.y, flat, workspace: workspaceFor(flat) };
  flattenedData.set(instance.X, entry);
  return entry;
}

function rows(flat: Float64Array, count: number, length: number): number[][] {
  return Array.from({ length: count }, (_, j) => Array.from(flat.subarray(j * length, (j + 1) * length)));
}

/** Loss, residuals, outputs, gradient, balance and μ at the instance's parameters, on the fast kernels. */
export function evaluateOnKernels(instance: Instance<number>): Evaluation<number> {
  const { flat, workspace } = flatten(instance);
  const lossValue = lossAndGradient(flat, workspace);
  return {
    loss: lossValue,
    residuals: Array.from(workspace.residuals),
    outputs: Array.from(workspace.outputs),
    gradient: { a: Array.from(workspace.gradA), W: rows(workspace.gradW, flat.p, flat.d) },
    balance: Array.from(balance(flat)),
    pl: plCurvature(flat, lossValue, workspace),
  };
}
