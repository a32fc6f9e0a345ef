/**
 * The gradient-flow system in float32 on the float32 kernels (src/fast/float32Kernels.ts): what
 * `flow --precision float32` integrates, over float32Field so that the integrator's own
 * arithmetic (stage combinations, θ − η·c·∇L) is float32 too. The right-hand side −c·∇L is the
 * kernel's float32 gradient times fl(−c) rounded to float32. Same state layout as the generic
 * system (flowSystem.ts); sliding motion and one-sided slopes at kinks, rare and on small sets of
 * pairs, go through the generic system over float32Field.
 */
import { float32Field } from "../fast/float32Field.js";
import { float32WorkspaceFor, toFloat32Instance } from "../fast/float32Instance.js";
import { lossAndGradientFloat32, lossFloat32 } from "../fast/float32Kernels.js";
import { float32Preactivations } from "../fast/float32TypescriptKernel.js";
import { mapInstance, type Instance } from "../model/instance.js";
import { type FlowSystem, gradientFlowSystem } from "./flowSystem.js";

export function float32GradientFlowSystem(instance: Instance<number>): FlowSystem<number> {
  const flat = toFloat32Instance(instance);
  const generic = gradientFlowSystem(float32Field, mapInstance(instance, Math.fround));
  const workspace = float32WorkspaceFor(flat);
  const { p } = flat;
  const minusC = -generic.flowFactor;
  let evaluations = 0;
  // Float32Array stores round: a state entry is loaded as the float32 the arithmetic sees.
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
      lossAndGradientFloat32(flat, workspace);
      const out = new Array<number>(state.length);
      for (let j = 0; j < p; j++) out[j] = Math.fround(minusC * workspace.gradA[j]);
      for (let m = 0; m < workspace.gradW.length; m++) out[p + m] = Math.fround(minusC * workspace.gradW[m]);
      return out;
    },
    rhsWithSlopes: generic.rhsWithSlopes,
    switching(state) {
      load(state);
      return Array.from(float32Preactivations(flat));
    },
    loss(state) {
      load(state);
      return lossFloat32(flat, workspace);
    },
  };
}
