/**
 * μ is not defined where a pre-activation sits on its ReLU kink (issue 14, item 5). On the sliding
 * instance of sliding.test.ts (z = ⟨w, x_1⟩ trapped on its kink from t ≈ 0.25), the flow's final
 * state is the same for every integrator, so its μ must read the same: undefined, pair (0, 0),
 * with the same one-sided values — not the σ'(0) = 0 convention's value for one method and a
 * chattering side's for another.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { float64Field } from "../../src/field/float64.js";
import { intervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate, type IntegrateOptions } from "../../src/dynamics/integrate.js";
import { forward, gradient, lossFromResiduals } from "../../src/model/network.js";
import { plReading, roundingKinkTest } from "../../src/model/plReading.js";
import { evalReport } from "../../src/cli/eval.js";

const file: InstanceFile = {
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [["1", "0"], ["1", "1"]], y: ["-1", "0.5"] },
  params: { W: [["0.1", "0.2"]], a: ["1"] },
};
const instance = instanceOverField(float64Field, file);
const run = (options: Partial<IntegrateOptions> & Pick<IntegrateOptions, "method">) =>
  integrate(gradientFlowSystem(float64Field, instance), initialState(instance), { horizon: 10, ...options });

describe("μ at a kink", () => {
  const runs = {
    dopri: run({ method: "dopri", rtol: 1e-10, atol: 1e-12 }),
    midpoint: run({ method: "midpoint", step: 0.005 }),
    rk4: run({ method: "rk4", step: 0.05 }),
    gd: run({ method: "gd", step: 0.001 }),
  };

  it("is undefined at the end of every method's run, on pair (0, 0), with one-sided values that agree", () => {
    const ends = Object.entries(runs).map(([method, trajectory]) => ({ method, end: trajectory.checkpoints[trajectory.checkpoints.length - 1] }));
    for (const { method, end } of ends) {
      expect(end.pl, method).toBeUndefined();
      expect(end.plUndefined, method).toMatchObject({ reason: "kink", pairs: [{ sample: 0, neuron: 0 }] });
    }
    const ranges = ends.map(({ end }) => (end.plUndefined as { oneSided: { lo: number; hi: number } }).oneSided);
    // The final states agree to ~1e-4 (sliding.test.ts: the methods' orders at these steps); μ is
    // Lipschitz in θ away from L = 0, so its one-sided values agree to the same relative order.
    for (const range of ranges) {
      expect(Math.abs(range.lo - ranges[0].lo)).toBeLessThan(1e-3 * Math.max(1, ranges[0].lo));
      expect(Math.abs(range.hi - ranges[0].hi)).toBeLessThan(1e-3 * Math.max(1, ranges[0].hi));
      expect(range.hi).toBeGreaterThan(range.lo);
    }
  });

  it("is defined before the pair reaches its kink", () => {
    const first = runs.dopri.checkpoints[1];
    expect(first.time).toBeLessThan(0.2);
    expect(first.plUndefined).toBeUndefined();
    expect(first.pl).toBeGreaterThan(0);
  });

  it("eval reports an exact zero pre-activation as a kink in every field, with enclosing one-sided values over intervals", () => {
    const onKink: InstanceFile = { ...file, params: { W: [["0", "0.2"]], a: ["1"] } };
    const exact = evalReport(decimalField({ digits: 40 }), onKink);
    const float = evalReport(float64Field, onKink);
    const interval = evalReport(intervalField({ digits: 30 }), onKink);
    for (const report of [exact, float, interval]) {
      expect(report.pl).toBeNull();
      expect(report.plUndefined).toMatchObject({ reason: "kink", pairs: [[0, 0]] });
    }
    // Hand computation: z = (0, 0.2), h = (0, 0.2), r = (−1, 0.3), L = (1 + 0.09)/4 = 0.2725, c = p = 1.
    // ∂L/∂a = −(1/2)(r_1·0 + r_2·0.2) = −0.03; ∂L/∂w = −(1/2)(r_1 s x_1 + r_2 x_2) with s ∈ {0, 1}:
    // s = 0: (−0.15, −0.15), ‖∇L‖² = 0.0009 + 0.045 = 0.0459; s = 1: (0.35, −0.15), ‖∇L‖² = 0.0009 + 0.145 = 0.1459.
    const lo = 0.0459 / 0.2725;
    const hi = 0.1459 / 0.2725;
    const exactRange = (exact.plUndefined as { oneSided: { lo: string; hi: string } }).oneSided;
    expect(Number(exactRange.lo)).toBeCloseTo(lo, 14);
    expect(Number(exactRange.hi)).toBeCloseTo(hi, 14);
    const enclosure = (interval.plUndefined as { oneSided: { lo: { lo: string; hi: string }; hi: { lo: string; hi: string } } }).oneSided;
    expect(Number(enclosure.lo.lo)).toBeLessThanOrEqual(lo);
    expect(Number(enclosure.lo.hi)).toBeGreaterThanOrEqual(lo);
    expect(Number(enclosure.hi.lo)).toBeLessThanOrEqual(hi);
    expect(Number(enclosure.hi.hi)).toBeGreaterThanOrEqual(hi);
  });

  it("a pre-activation within float rounding of 0 is a kink in float64, and decided exactly where it is not 0", () => {
    // z = 0.1 + 0.2 − 0.3 is exactly 0 as the file states it, but 5.6e-17 > 0 in float64: only the
    // rounding criterion (|z| ≤ γ_{d+2}·Σ|w_k x_k|) can see it is on the kink; a pair 0.01 away is not.
    const cancelling: InstanceFile = {
      model: { activation: "relu", scaling: "mean-field" },
      data: { X: [["1", "1", "1"], ["1", "0", "0"]], y: ["-1", "0.5"] },
      params: { W: [["0.1", "0.2", "-0.3"]], a: ["1"] },
    };
    const F = float64Field;
    const at = instanceOverField(F, cancelling);
    const pass = forward(F, at);
    const loss = lossFromResiduals(F, pass.residuals);
    expect(F.sign(pass.preactivations[0][0])).toBe(1);
    const reading = plReading(F, at, pass, loss, gradient(F, at, pass), roundingKinkTest(F, at));
    expect(reading.undefined).toMatchObject({ reason: "kink", pairs: [{ sample: 0, neuron: 0 }] });
    // Off the kink by much more than rounding: defined.
    const off = instanceOverField(F, { ...cancelling, params: { W: [["0.1", "0.2", "-0.29"]], a: ["1"] } });
    const offPass = forward(F, off);
    const offReading = plReading(F, off, offPass, lossFromResiduals(F, offPass.residuals), gradient(F, off, offPass), roundingKinkTest(F, off));
    expect(offReading.undefined).toBeUndefined();
    expect(offReading.value).toBeGreaterThan(0);
  });

  it("is undefined at L = 0, in words", () => {
    const fitted: InstanceFile = {
      model: { activation: "relu", scaling: "mean-field" },
      data: { X: [["1", "0"]], y: ["0.5"] },
      params: { W: [["0.5", "0"]], a: ["1"] },
    };
    const report = evalReport(decimalField({ digits: 30 }), fitted);
    expect(report.pl).toBeNull();
    expect(report.plUndefined).toEqual({ reason: "zero-loss" });
  });
});
