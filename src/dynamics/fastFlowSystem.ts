/**
 * The gradient-flow system in float64 on the fast kernels: what long runs use. Same state
 * layout and same products as the generic system (flowSystem.ts); the sums inside the kernels
 * are reordered, which the running error bound of errorBound.ts covers. Sliding motion, rare
 * and on small sets of pairs, goes through the generic system (kernelFlowSystem.ts).
 */
import { float64Field } from "../field/float64.js";
import { toFloatInstance, workspaceFor } from "../fast/floatInstance.js";
import { loss as kernelLoss, lossAndGradient, preactivations, type FloatKernel } from "../fast/kernels.js";
import type { Instance } from "../model/instance.js";
import { gradientFlowSystem, type FlowSystem } from "./flowSystem.js";
import { kernelFlowSystem } from "./kernelFlowSystem.js";

/** On the dispatching kernels of src/fast/kernels.ts, or on `kernel` alone where given (the kernel contract's tests). */
export function fastGradientFlowSystem(instance: Instance<number>, kernel?: FloatKernel): FlowSystem<number> {
  const flat = toFloatInstance(instance);
  const workspace = workspaceFor(flat);
  return kernelFlowSystem(gradientFlowSystem(float64Field, instance), {
    a: flat.a,
    W: flat.W,
    gradient() {
      if (kernel === undefined) lossAndGradient(flat, workspace);
      else kernel.lossAndGradient(flat, workspace);
      return workspace;
    },
    loss: () => (kernel === undefined ? kernelLoss(flat, workspace) : kernel.loss(flat, workspace)),
    preactivations() {
      if (kernel === undefined) return preactivations(flat);
      const out = new Float64Array(flat.n * flat.p);
      kernel.preactivations(flat, out);
      return out;
    },
    round: (x) => x,
  });
}
