/**
 * The gradient flow of a shallow network as an ODE system dθ/dt = −c∇L(θ): c = p under
 * mean-field scaling (dana2025 eq. (3)), 1 under standard scaling. Gradient descent with step η
 * is forward Euler on the same system: θ_{k+1} = θ_k − η·c·∇L(θ_k).
 *
 * The system also exposes the switching functions of ReLU-type networks, z_ij = ⟨w_j, x_i⟩,
 * whose sign changes are the kinks of the vector field.
 */
import type { Field } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import { forward, gradient, lossFromResiduals, type ForwardPass } from "../model/network.js";
import { slidingSlopes, type KinkPair } from "./sliding.js";
import { packParameters, withParameters } from "../model/parameters.js";

export interface FlowSystem<T> {
  readonly field: Field<T>;
  /** Data and model; the parameters of a state replace the instance's own. */
  readonly instance: Instance<T>;
  /** c in dθ/dt = −c∇L. */
  readonly flowFactor: T;
  /** True when the vector field has kinks (relu, leaky-relu). */
  readonly piecewise: boolean;
  /** −c∇L at the state; pairs sliding on their kink move with their Filippov slopes (sliding.ts). */
  rhs(state: readonly T[], sliding?: readonly KinkPair[]): T[];
  /** −c∇L with σ'(z_ij) replaced where `slopeOverride` says so (one-sided fields at a kink). */
  rhsWithSlopes(state: readonly T[], slopeOverride: SlopeOverride<T>): T[];
  /** z_ij = ⟨w_j, x_i⟩, flattened as i·p + j. */
  switching(state: readonly T[]): T[];
  /** L at the state. */
  loss(state: readonly T[]): T;
  /** Number of right-hand-side evaluations so far. */
  readonly evaluations: number;
}

/** σ'(z_ij) to use instead of the activation's own, or undefined to keep it. */
export type SlopeOverride<T> = (sample: number, neuron: number) => T | undefined;

export function flowFactor<T>(F: Field<T>, instance: Instance<T>): T {
  return instance.model.scaling === "mean-field" ? F.fromNumber(instance.a.length) : F.one;
}

export function gradientFlowSystem<T>(F: Field<T>, instance: Instance<T>): FlowSystem<T> {
  const c = flowFactor(F, instance);
  const minusC = F.neg(c);
  let evaluations = 0;
  const name = instance.model.activation.name;
  return {
    field: F,
    instance,
    flowFactor: c,
    piecewise: name === "relu" || name === "leaky-relu",
    get evaluations() {
      return evaluations;
    },
    rhs(state, sliding) {
      evaluations++;
      const at = withParameters(instance, state);
      const pass: ForwardPass<T> = forward(F, at);
      let override: SlopeOverride<T> | undefined;
      if (sliding && sliding.length > 0) {
        const slopes = slidingSlopes(F, at, pass, sliding);
        override = (i, j) => slopes.get(i * at.a.length + j);
      }
      return packParameters(gradient(F, at, pass, override)).map((g) => F.mul(minusC, g));
    },
    rhsWithSlopes(state, slopeOverride) {
      evaluations++;
      const at = withParameters(instance, state);
      return packParameters(gradient(F, at, forward(F, at), slopeOverride)).map((g) => F.mul(minusC, g));
    },
    switching(state) {
      return forward(F, withParameters(instance, state)).preactivations.flat();
    },
    loss(state) {
      return lossFromResiduals(F, forward(F, withParameters(instance, state)).residuals);
    },
  };
}

export function initialState<T>(instance: Instance<T>): T[] {
  return packParameters(instance);
}
