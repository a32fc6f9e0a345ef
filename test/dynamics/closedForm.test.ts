/**
 * dana2025, Section 4, orthogonal data (closed form derived here): one neuron on one group of unit-norm orthogonal data, balanced start with w in
 * the data span. With T = ‖y‖, c = cos∠(u(0), y), φ = artanh c, τ = T·t/n:
 *   N(t) = a(t)² = cosh²(τ+φ) / [cosh²(φ)/N(0) + (1/(pT))·(τ + (sinh(2τ+2φ) − sinh(2φ))/2)].
 * Dormand–Prince must reproduce N(t) within what its global error estimate E allows:
 * |a² − N| ≤ 2|a|·E + E², plus the float evaluation of the closed form (≈ 20 operations of
 * relative error ≤ 2u each, so 40u·N to first order).
 */
import { describe, expect, it } from "vitest";
import { UNIT_ROUNDOFF } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate } from "../../src/dynamics/integrate.js";

const y = [1, 0.5, 2];
const w0 = [0.3, 0.2, 0.1];
const n = 3;
const p = 1;
const N0 = w0.reduce((s, v) => s + v * v, 0);
const T = Math.hypot(...y);
const cosine = w0.reduce((s, v, i) => s + v * y[i], 0) / (Math.sqrt(N0) * T);
const phi = Math.atanh(cosine);

function closedFormN(t: number): number {
  const tau = (T * t) / n;
  return Math.cosh(tau + phi) ** 2 / (Math.cosh(phi) ** 2 / N0 + (1 / (p * T)) * (tau + (Math.sinh(2 * tau + 2 * phi) - Math.sinh(2 * phi)) / 2));
}

describe("orthogonal single-group closed form (dana2025, Section 4; derived here)", () => {
  const instance = instanceOverField(float64Field, {
    model: { activation: "relu", scaling: "mean-field" },
    data: { X: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], y },
    params: { W: [w0], a: [Math.sqrt(N0)] },
  });
  const times = [0.5, 1, 2, 4, 8, 16];
  const trajectory = integrate(gradientFlowSystem(float64Field, instance), initialState(instance), {
    method: "dopri",
    rtol: 1e-10,
    atol: 1e-12,
    horizon: 16,
    checkpoints: { kind: "times", times },
  });

  it("hits every checkpoint time exactly", () => {
    expect(trajectory.checkpoints.map((c) => c.time)).toEqual([0, ...times]);
  });

  it.each(times)("N(%s) = a² matches the closed form within the reported error", (t) => {
    const checkpoint = trajectory.checkpoints.find((c) => c.time === t)!;
    const a = checkpoint.parameters[0];
    const E = trajectory.summary.globalErrorEstimate!;
    const expected = closedFormN(t);
    expect(Math.abs(a * a - expected)).toBeLessThanOrEqual(2 * Math.abs(a) * E + E * E + 40 * UNIT_ROUNDOFF * expected);
  });

  it("the closed form is not trivially matched: N grows several-fold over the run", () => {
    expect(closedFormN(16) / N0).toBeGreaterThan(5);
  });
});
