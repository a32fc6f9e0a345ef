/**
 * Balance a_j² − ‖w_j‖² is conserved by the exact gradient flow (dana2025 Lemma 1), so its
 * drift measures integration error.
 *
 * Implicit midpoint conserves it exactly up to the solver: with contraction factor
 * q = h·Lip(f)/2 ≤ 1/2 the accepted iterate is within tol·(1 + M) of the exact midpoint step
 * per component (M = max |θ_i|), and δ_j has |∂δ_j/∂θ_i| ≤ 2M on its d + 1 components, so a step
 * adds at most (d+1)·(2M·e + e²) with e = tol·(1 + M). Rounding (40 digits) is ~10^-38, far below.
 *
 * Dormand–Prince: if its reported global error estimate E bounds the error of θ, then
 * |Δδ_j| ≤ 2(|a_j| + ‖w_j‖₁)·E + (d+1)·E².
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate, type IntegrateOptions } from "../../src/dynamics/integrate.js";

const F = decimalField({ digits: 40 });
const file = {
  model: { activation: "relu" as const, scaling: "mean-field" as const },
  data: { X: [["1", "0.5"], ["-0.5", "1"], ["0.25", "-1"]], y: ["1", "-0.5", "0.75"] },
  params: { W: [["0.8", "-0.3"], ["0.2", "0.9"]], a: ["1.2", "-0.7"] },
};
const instance = instanceOverField(F, file);
const d = 2;

function run(options: IntegrateOptions) {
  const trajectory = integrate(gradientFlowSystem(F, instance), initialState(instance), { checkpoints: { kind: "every", steps: 1 }, ...options });
  const states = trajectory.checkpoints.map((c) => c.parameters.map((v) => Math.abs(F.toNumber(v))));
  const largest = Math.max(...states.flat());
  // max over the path of |a_j| + ‖w_j‖₁, for each neuron j
  const neuronSize = (j: number) => Math.max(...states.map((s) => s[j] + s.slice(2 + j * d, 2 + (j + 1) * d).reduce((x, y) => x + y, 0)));
  return { trajectory, drift: F.toNumber(trajectory.summary.maxBalanceDrift), largest, neuronSize };
}

describe("balance drift as a measure of integration error", () => {
  const solverTolerance = 1e-30;
  const midpoint = run({ method: "midpoint", step: 0.01, horizon: 0.5, solverTolerance });
  const e = solverTolerance * (1 + midpoint.largest);
  const midpointBound = midpoint.trajectory.summary.steps * (d + 1) * (2 * midpoint.largest * e + e * e);

  it("implicit midpoint conserves a_j² − ‖w_j‖² to its solver tolerance", () => {
    expect(midpoint.drift).toBeLessThanOrEqual(midpointBound);
  });

  it("RK4 at the same step drifts far more: the measure sees integration error", () => {
    expect(run({ method: "rk4", step: 0.01, horizon: 0.5 }).drift).toBeGreaterThan(1e6 * midpointBound);
  });

  it("Dormand–Prince drifts no more than its global error estimate allows", () => {
    const { trajectory, drift, neuronSize } = run({ method: "dopri", rtol: 1e-8, atol: 1e-10, horizon: 2 });
    const E = trajectory.summary.globalErrorEstimate!;
    expect(E).toBeGreaterThan(0);
    expect(drift).toBeGreaterThan(0);
    const bound = Math.max(neuronSize(0), neuronSize(1)) * 2 * E + (d + 1) * E * E;
    expect(drift).toBeLessThanOrEqual(bound);
  });
});
