/**
 * dana2025/theorem1-gd-decay: the discrete form of Theorem 1 under η·tr K ≤ 1/2, and its known bad
 * case (a step twice too long overshoots; the numbers are worked by hand below).
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { Candidate } from "../../../src/check/property.js";
import { gdPoint, overshoot, theorem1GdDecay } from "../../../properties/dana2025/theorem1-gd-decay.js";
import { kernelTrace } from "../../../properties/dana2025/lib/gdRun.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { float64Field } from "../../../src/field/float64.js";

const context = { digits: 50 };

describe("dana2025/theorem1-gd-decay", () => {
  it("holds along GD from Theorem 1's regime, ≥ 80% effective", () => {
    const result = runProperty(theorem1GdDecay, { runs: 8, seed: 4, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.effectiveShare).toBeGreaterThanOrEqual(0.8);
    expect(result.slackRatio).toBeGreaterThanOrEqual(1);
  });

  it("the known bad case: tr K = 1.25, η = 1.6, a → 2.2, w → (1.7, 1.7), L grows from 1.125 to 1.74²/2", () => {
    const instance = instanceOverField(float64Field, overshoot.file);
    expect(kernelTrace(instance)).toBeCloseTo(1.25, 14);
    expect(gdPoint(instance).loss).toBeCloseTo(1.125, 14);
    expect(missedAssumptions(theorem1GdDecay, overshoot, context)).toEqual(["gd-step-size"]);
    const evaluation = theorem1GdDecay.evaluate(overshoot, context);
    expect(evaluation.margin).toBeLessThan(0);
    expect(evaluation.detail!.worstStep).toBe(0);
    expect(evaluation.slack!.observed).toBeCloseTo(1.125 - (1.74 ** 2) / 2, 12);
  });

  it("a step where L moves only at rounding level is not judged (a dying network, once a false failure)", () => {
    // n = 1, y < 0, only neurons with a > 0 active: h → 0 slowly, L ≈ 0.97 changes by ~1e-15 per step.
    const dying: Candidate = {"file": {"model": {"activation": "relu", "scaling": "mean-field"}, "data": {"X": [[1.9162666002436965]], "y": [-1.393582590943412]}, "params": {"W": [[-1], [-0.727706287614915], [0.5183090770560506], [0.6713227768458507], [-0.2234761584472888], [-0.5488728005766539], [-0.33456122506957], [-0.4410253338209786], [-0.48151117257858433], [-0.4612884512766027]], "a": [-1.9215751190239962, 2.0360317924350158, 0.5977881241903522, 1.4536563520276042, 2.383584963251285, -2.3927914767760097, 0.5651767753361522, -4.234650416725068, 1.0916585939565564, 0.6645775328284961]}}, "settings": {"epsilon": 0.1, "stepFraction": 0.5}};
    const evaluation = theorem1GdDecay.evaluate(dying, context);
    expect(evaluation.margin).toBeGreaterThanOrEqual(0);
    expect(evaluation.detail!.stepsUnresolved as number).toBeGreaterThan(0);
  });

  it("gdPoint's gradient is p∇L: a finite difference of L along a agrees to O(h²)", () => {
    const instance = instanceOverField(float64Field, overshoot.file);
    const h = 1e-5;
    const at = (a: number) => gdPoint({ ...instance, a: [a] }).loss;
    const difference = (at(1 + h) - at(1 - h)) / (2 * h);
    // p = 1: p∂L/∂a = ∂L/∂a; third derivative of this quadratic-in-a loss is 0, so only rounding (~u/h) remains.
    expect(Math.abs(difference - gdPoint(instance).gradA[0])).toBeLessThan(1e-9);
  });
});
