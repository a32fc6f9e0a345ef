/**
 * Float and exact trajectories over a short horizon. The same fixed-step method runs in
 * float64-with-running-error-bound and in 50-digit decimal arithmetic from the same doubles;
 * every parameter at every step must agree within the float path's rigorous rounding bound
 * (plus the decimal path's own rounding, the same bound rescaled to its unit roundoff). The
 * plain float64 trajectory must equal the bounded one bit for bit, and the fast-kernel
 * trajectory — what long runs use — must lie within the same bound.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField } from "../../src/field/errorBound.js";
import type { Field } from "../../src/field/field.js";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { ActivationName } from "../../src/model/activation.js";
import { fastGradientFlowSystem } from "../../src/dynamics/fastFlowSystem.js";
import { type FlowSystem, gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate, type Method } from "../../src/dynamics/integrate.js";

const D = decimalField({ digits: 50 });
const rescale = 1 + D.unitRoundoff / UNIT_ROUNDOFF;

function file(activation: ActivationName) {
  return {
    model: { activation, scaling: "mean-field" as const },
    data: { X: [[0.9, -0.4, 0.3], [-0.2, 1.1, 0.5], [0.6, 0.2, -1.3]], y: [0.8, -0.6, 1.1] },
    params: { W: [[0.3, -0.7, 0.2], [-0.5, 0.4, 0.9]], a: [1.3, -0.8] },
  };
}

function trajectory<T>(F: Field<T>, activation: ActivationName, method: Method, fast = false) {
  const instance = instanceOverField(F, file(activation));
  const system = fast ? (fastGradientFlowSystem(instance as never) as unknown as FlowSystem<T>) : gradientFlowSystem(F, instance);
  return integrate(system, initialState(instance), {
    method,
    step: 0.05,
    maxSteps: 40,
    checkpoints: { kind: "every", steps: 1 },
  }).checkpoints.map((c) => c.parameters);
}

describe.each<ActivationName>(["tanh", "softplus", "quadratic"])("%s network", (activation) => {
  it.each<Method>(["gd", "rk4"])("%s: float within its rounding bound of exact, at every step", (method) => {
    const bounded = trajectory(errorBoundField, activation, method);
    const exact = trajectory(D, activation, method);
    const plain = trajectory(float64Field, activation, method);
    // The fast kernels reorder sums, which the bound covers: within it, but not bitwise equal.
    const fast = trajectory(float64Field, activation, method, true);
    expect(bounded).toHaveLength(41);
    const failures: string[] = [];
    let widest = 0;
    bounded.forEach((state, step) =>
      state.forEach((value, i) => {
        const bound = errorBound(value) * rescale;
        widest = Math.max(widest, bound);
        const error = Math.abs(D.toNumber(D.sub(D.fromNumber(value.value), exact[step][i])));
        if (!(error <= bound)) failures.push(`step ${step}, θ[${i}]: |float − exact| = ${error} > ${bound}`);
        if (!Object.is(plain[step][i], value.value)) failures.push(`step ${step}, θ[${i}]: float64 ${plain[step][i]} ≠ bounded ${value.value}`);
        const fastError = Math.abs(D.toNumber(D.sub(D.fromNumber(fast[step][i]), exact[step][i])));
        if (!(fastError <= bound)) failures.push(`step ${step}, θ[${i}]: |fast − exact| = ${fastError} > ${bound}`);
      }),
    );
    expect(failures).toEqual([]);
    // Non-vacuity: the bound certifies at least six digits of every parameter here, not a useless ∞.
    expect(widest).toBeLessThan(1e-6);
  });
});

describe("a float trajectory that is wrong is caught", () => {
  it("a value moved by 4× its bound fails the comparison", () => {
    const bounded = trajectory(errorBoundField, "tanh", "rk4");
    const exact = trajectory(D, "tanh", "rk4");
    const value = bounded[40][2];
    const wrong = value.value + 4 * errorBound(value) * rescale;
    expect(Math.abs(D.toNumber(D.sub(D.fromNumber(wrong), exact[40][2])))).toBeGreaterThan(errorBound(value) * rescale);
  });
});
