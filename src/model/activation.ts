/**
 * Activations σ with σ' and σ'' written over a {@link Field}.
 *
 * Conventions that matter for the theorems:
 * - relu: σ'(0) = 0 (PyTorch's choice, which dana2025's code uses), so a neuron with ⟨w_j, x_i⟩ = 0 gets
 *   no gradient from x_i. σ'' = 0 is the almost-everywhere second derivative: the
 *   Hessian-vector product of a ReLU network is that of the piecewise-quadratic loss on the
 *   current activation pattern.
 * - leaky-relu: σ(z) = αz + (1−α)·max(z, 0), σ'(0) = α (also PyTorch's choice).
 * - softplus is evaluated as max(z,0) + log1p(exp(−|z|)), which never overflows.
 */
import type { Field } from "../field/field.js";

export const ACTIVATION_NAMES = ["relu", "identity", "quadratic", "leaky-relu", "tanh", "sigmoid", "softplus"] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export interface ActivationSpec {
  name: ActivationName;
  /** Negative-side slope of leaky-relu; ignored by the others. */
  alpha?: number | string;
}

export interface Activation<T> {
  readonly name: ActivationName;
  /** True when σ is twice continuously differentiable, so Hessian-vector products are classical. */
  readonly smooth: boolean;
  value(z: T): T;
  derivative(z: T): T;
  secondDerivative(z: T): T;
}

/** Default negative slope of leaky-relu (PyTorch's). */
export const DEFAULT_LEAKY_ALPHA = "0.01";

export function activation<T>(F: Field<T>, spec: ActivationSpec): Activation<T> {
  const two = F.fromNumber(2);
  const sigmoid = (z: T): T => F.div(F.one, F.add(F.one, F.exp(F.neg(z))));
  switch (spec.name) {
    case "relu":
      return {
        name: "relu",
        smooth: false,
        value: (z) => F.positivePart(z),
        derivative: (z) => F.indicatorPositive(z),
        secondDerivative: () => F.zero,
      };
    case "leaky-relu": {
      const alphaInput = spec.alpha ?? DEFAULT_LEAKY_ALPHA;
      const alpha = typeof alphaInput === "string" ? F.fromDecimalString(alphaInput) : F.fromNumber(alphaInput);
      const oneMinusAlpha = F.sub(F.one, alpha);
      return {
        name: "leaky-relu",
        smooth: false,
        value: (z) => F.add(F.mul(alpha, z), F.mul(oneMinusAlpha, F.positivePart(z))),
        derivative: (z) => F.add(alpha, F.mul(oneMinusAlpha, F.indicatorPositive(z))),
        secondDerivative: () => F.zero,
      };
    }
    case "identity":
      return { name: "identity", smooth: true, value: (z) => z, derivative: () => F.one, secondDerivative: () => F.zero };
    case "quadratic":
      return {
        name: "quadratic",
        smooth: true,
        value: (z) => F.mul(z, z),
        derivative: (z) => F.mul(two, z),
        secondDerivative: () => two,
      };
    case "tanh":
      return {
        name: "tanh",
        smooth: true,
        value: (z) => F.tanh(z),
        derivative: (z) => {
          const t = F.tanh(z);
          return F.sub(F.one, F.mul(t, t));
        },
        secondDerivative: (z) => {
          const t = F.tanh(z);
          return F.mul(F.mul(F.neg(two), t), F.sub(F.one, F.mul(t, t)));
        },
      };
    case "sigmoid":
      return {
        name: "sigmoid",
        smooth: true,
        value: sigmoid,
        derivative: (z) => {
          const s = sigmoid(z);
          return F.mul(s, F.sub(F.one, s));
        },
        secondDerivative: (z) => {
          const s = sigmoid(z);
          return F.mul(F.mul(s, F.sub(F.one, s)), F.sub(F.one, F.mul(two, s)));
        },
      };
    case "softplus":
      return {
        name: "softplus",
        smooth: true,
        value: (z) => F.add(F.positivePart(z), F.log1p(F.exp(F.neg(F.abs(z))))),
        derivative: sigmoid,
        secondDerivative: (z) => {
          const s = sigmoid(z);
          return F.mul(s, F.sub(F.one, s));
        },
      };
  }
}
