/**
 * The pace guard (stoppingRules.ts PaceWatch): an explicit adaptive run on a stiff flow — one
 * weight of −515325, the case the 1,000-mutant fuzz run found taking ~10⁷ steps — ends after
 * PACE_WINDOWS·STALL_WINDOW trial steps with the step-limit reason, while an ordinary run to a long
 * horizon, whose pace varies (kinks, sliding, a fast start), is not cut short.
 */
import { describe, expect, it } from "vitest";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate } from "../../src/dynamics/integrate.js";
import { PACE_WINDOWS, STALL_WINDOW } from "../../src/dynamics/stoppingRules.js";

const base: InstanceFile = {
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [["1", "0.5"], ["-0.3", "1"], ["0.8", "-0.6"]], y: ["0.7", "-0.4", "0.2"] },
  params: { W: [["0.4", "-0.2"], ["0.1", "0.9"], ["-0.7", "0.3"]], a: ["0.5", "-1.1", "0.8"] },
};
const run = (file: InstanceFile, horizon: number) => {
  const instance = instanceOverField(float64Field, file);
  return integrate(gradientFlowSystem(float64Field, instance), initialState(instance), { method: "dopri", horizon });
};

describe("the pace guard", () => {
  it("ends a stiff explicit run early, with the step-limit reason and the pace in words", () => {
    const stiff: InstanceFile = { ...base, params: { ...base.params, W: [["0.4", "-0.2"], ["-515325", "0.9"], ["-0.7", "0.3"]] } };
    const trajectory = run(stiff, 0.5);
    expect(trajectory.summary.stopReason).toBe("step limit");
    expect(trajectory.summary.guard).toMatch(/too stiff here for an explicit method/);
    expect(trajectory.summary.steps + trajectory.summary.rejectedSteps).toBeLessThanOrEqual((PACE_WINDOWS + 1) * STALL_WINDOW);
    expect(trajectory.summary.time).toBeLessThan(0.5);
  });

  it("lets an ordinary run reach a long horizon", () => {
    const trajectory = run(base, 200);
    expect(trajectory.summary.stopReason).toBe("horizon");
  });
});
