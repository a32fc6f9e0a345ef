/**
 * The gradient-flow system with its right-hand side, loss and switching functions computed by a
 * flat kernel (float64: fastFlowSystem.ts; float32: float32FlowSystem.ts): the state is loaded
 * into the kernel's flat parameters, dθ/dt = −c·∇L is the kernel's gradient times −c, and sliding
 * motion and one-sided slopes at kinks, rare and on small sets of pairs, go through `generic`.
 */
import type { FlowSystem } from "./flowSystem.js";

/** What a flat kernel offers the flow, all at the parameters last written into `a` and `W`. */
export interface FlatFlowKernel {
  /** The flat parameters a (p) and W (p×d, row-major) the kernel reads. */
  readonly a: Float64Array | Float32Array;
  readonly W: Float64Array | Float32Array;
  /** Computes the gradient into `gradA` and `gradW`. */
  gradient(): { gradA: ArrayLike<number>; gradW: ArrayLike<number> };
  loss(): number;
  preactivations(): ArrayLike<number>;
  /** Rounds a right-hand-side entry to the kernel's precision (identity in float64). */
  round(x: number): number;
}

export function kernelFlowSystem(generic: FlowSystem<number>, kernel: FlatFlowKernel): FlowSystem<number> {
  const p = kernel.a.length;
  const minusC = -generic.flowFactor;
  let evaluations = 0;
  // A Float32Array store rounds: a state entry is loaded as the value the kernel's arithmetic sees.
  const load = (state: readonly number[]) => {
    for (let j = 0; j < p; j++) kernel.a[j] = state[j];
    for (let m = 0; m < kernel.W.length; m++) kernel.W[m] = state[p + m];
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
      const { gradA, gradW } = kernel.gradient();
      const out = new Array<number>(state.length);
      for (let j = 0; j < p; j++) out[j] = kernel.round(minusC * gradA[j]);
      for (let m = 0; m < gradW.length; m++) out[p + m] = kernel.round(minusC * gradW[m]);
      return out;
    },
    rhsWithSlopes: generic.rhsWithSlopes,
    switching(state) {
      load(state);
      return Array.from(kernel.preactivations());
    },
    loss(state) {
      load(state);
      return kernel.loss();
    },
  };
}
