/**
 * The gradient-flow system in float64 on the fast kernels: what long runs use. Same state
 * layout and same products as the generic system (flowSystem.ts); the sums inside the kernels
 * are reordered, which the running error bound of errorBound.ts covers. Sliding motion, rare
 * and on small sets of pairs, goes through the generic system.
 */
import { float64Field } from "../field/float64.js";
import { toFloatInstance, workspaceFor } from "../fast/floatInstance.js";
import { loss as kernelLoss, lossAndGradient, preactivations, type FloatKernel } from "../fast/kernels.js";
import type { Instance } from "../model/instance.js";
import { type FlowSystem, gradientFlowSystem } from "./flowSystem.js";

/** On the dispatching kernels of src/fast/kernels.ts, or on `kernel` alone where given (the kernel contract's tests). */
export function fastGradientFlowSystem(instance: Instance<number>, kernel?: FloatKernel): FlowSystem<number> {
  const generic = gradientFlowSystem(float64Field, instance);
  const flat = toFloatInstance(instance);
  const workspace = workspaceFor(flat);
  const { p } = flat;
  const minusC = -generic.flowFactor;
  let evaluations = 0;
  const load = (state: readonly number[]) => {
    for (let j = 0; j < p; j++) flat.a[j] = state[j];
    for (let m = 0; m < flat.W.length; m++) flat.W[m] = state[p + m];
  };
  return {
    ...generic,
    get evaluations() {
      return evaluations + generic.evaluations;
    },
    rhs(state, sliding) {
      if (sliding && sliding.length > 0) return generic.rhs(state, sliding);
      evaluations++;
      load(state);
      if (kernel === undefined) lossAndGradient(flat, workspace);
      else kernel.lossAndGradient(flat, workspace);
      const out = new Array<number>(state.length);
      for (let j = 0; j < p; j++) out[j] = minusC * workspace.gradA[j];
      for (let m = 0; m < workspace.gradW.length; m++) out[p + m] = minusC * workspace.gradW[m];
      return out;
    },
    rhsWithSlopes: generic.rhsWithSlopes,
    switching(state) {
      load(state);
      if (kernel === undefined) return Array.from(preactivations(flat));
      const out = new Float64Array(flat.n * p);
      kernel.preactivations(flat, out);
      return Array.from(out);
    },
    loss(state) {
      load(state);
      return kernel === undefined ? kernelLoss(flat, workspace) : kernel.loss(flat, workspace);
    },
  };
}
