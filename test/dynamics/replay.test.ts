/** The exact replay of a float run: agrees on a true run, catches a float run that is wrong. */
import { describe, expect, it } from "vitest";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { fastGradientFlowSystem } from "../../src/dynamics/fastFlowSystem.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate } from "../../src/dynamics/integrate.js";
import { compareWithinRoundingBound, replayExact } from "../../src/dynamics/replay.js";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField } from "../../src/field/errorBound.js";

const file = {
  model: { activation: "softplus" as const, scaling: "standard" as const },
  data: { X: [[0.9, -0.4, 0.3], [-0.2, 1.1, 0.5], [0.6, 0.2, -1.3]], y: [0.8, -0.6, 1.1] },
  params: { W: [[0.3, -0.7, 0.2], [-0.5, 0.4, 0.9]], a: [1.3, -0.8] },
};

describe("replayExact", () => {
  const instance = instanceOverField(float64Field, file);
  const run = integrate(fastGradientFlowSystem(instance), initialState(instance), { method: "dopri", horizon: 2 });

  it("replays the recorded step sizes and agrees within the rounding bound", () => {
    const report = replayExact(file, "dopri", run, 10);
    expect(report).toMatchObject({ steps: 10, agrees: true });
    expect(report.maxBound).toBeGreaterThan(0);
    expect(report.maxDeviation).toBeLessThanOrEqual(report.maxBound);
  });

  it("flags a float state moved by 4× its rounding bound", () => {
    const D = decimalField({ digits: 50 });
    const sequence = run.summary.stepSizes.slice(0, 10);
    const options = { method: "dopri" as const, stepSequence: sequence };
    const float = integrate(fastGradientFlowSystem(instance), initialState(instance), options).finalState;
    const boundedInstance = instanceOverField(errorBoundField, file);
    const bounded = integrate(gradientFlowSystem(errorBoundField, boundedInstance), initialState(boundedInstance), options).finalState;
    const exactInstance = instanceOverField(D, file);
    const exact = integrate(gradientFlowSystem(D, exactInstance), initialState(exactInstance), options).finalState;
    expect(compareWithinRoundingBound(float, bounded, exact, D).agrees).toBe(true);
    const wrong = float.slice();
    wrong[4] += 4 * errorBound(bounded[4]) * (1 + D.unitRoundoff / UNIT_ROUNDOFF);
    expect(compareWithinRoundingBound(wrong, bounded, exact, D).agrees).toBe(false);
  });
});
