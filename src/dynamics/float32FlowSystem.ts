/**
 * The gradient-flow system in float32 on the float32 kernels (src/fast/float32Kernels.ts): what
 * `flow --precision float32` integrates, over float32Field so that the integrator's own
 * arithmetic (stage combinations, θ − η·c·∇L) is float32 too. The right-hand side −c·∇L is the
 * kernel's float32 gradient times fl(−c) rounded to float32. Same state layout as the generic
 * system (flowSystem.ts); sliding motion and one-sided slopes at kinks, rare and on small sets of
 * pairs, go through the generic system over float32Field (kernelFlowSystem.ts).
 */
import { float32Field } from "../fast/float32Field.js";
import { float32WorkspaceFor, toFloat32Instance } from "../fast/float32Instance.js";
import { lossAndGradientFloat32, lossFloat32 } from "../fast/float32Kernels.js";
import { float32Preactivations } from "../fast/float32TypescriptKernel.js";
import { mapInstance, type Instance } from "../model/instance.js";
import { gradientFlowSystem, type FlowSystem } from "./flowSystem.js";
import { kernelFlowSystem } from "./kernelFlowSystem.js";

export function float32GradientFlowSystem(instance: Instance<number>): FlowSystem<number> {
  const flat = toFloat32Instance(instance);
  const workspace = float32WorkspaceFor(flat);
  return kernelFlowSystem(gradientFlowSystem(float32Field, mapInstance(instance, Math.fround)), {
    a: flat.a,
    W: flat.W,
    gradient() {
      lossAndGradientFloat32(flat, workspace);
      return workspace;
    },
    loss: () => lossFloat32(flat, workspace),
    preactivations: () => float32Preactivations(flat),
    round: Math.fround,
  });
}
