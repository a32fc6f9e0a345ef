/**
 * dana2025/output-energy-bound: ‖w_j‖ ≤ |a_j| ⇒ h(x_i)² ≤ ‖x_i‖²E_i². The generator builds
 * Assumption 1 exactly, so no candidate may be skipped (asserted: skip rate < 5%, observed 0).
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { Candidate } from "../../../src/check/property.js";
import { outputEnergyBound } from "../../../properties/dana2025/output-energy-bound.js";

const OPTIONS = { runs: 30, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };

function candidate(X: string[][], W: string[][], a: string[]): Candidate {
  return { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X, y: X.map(() => "1") }, params: { W, a } }, settings: {} };
}

describe("dana2025/output-energy-bound", () => {
  it("holds on random A1 instances, none skipped, most effective, slack ≤ 1", () => {
    const result = runProperty(outputEnergyBound, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.effectiveShare).toBeGreaterThan(0.8);
    expect(result.slackRatio).toBeLessThanOrEqual(1);
  });

  it("a dead network is vacuous: every output is 0", () => {
    const evaluation = outputEnergyBound.evaluate(candidate([["1"]], [["-1"]], ["2"]), context);
    expect(evaluation.margin).toBe(0);
    expect(evaluation.vacuous).toMatch(/every h\(x_i\) = 0/);
  });

  it("is tight when |a_j| = ‖w_j‖ and w_j ∥ x_i: margin exactly 0", () => {
    // w = (1.2, 1.6), a = 2 = ‖w‖, x = (0.6, 0.8) = w/2: h = 2·⟨w,x⟩ = 4 = ‖x‖·E = 1·2².
    const evaluation = outputEnergyBound.evaluate(candidate([["0.6", "0.8"]], [["1.2", "1.6"]], ["2"]), context);
    expect(evaluation.margin).toBe(0);
    expect(evaluation.detail).toMatchObject({ output: 4, bound: 16, energy: 4 });
    expect(evaluation.slack).toEqual({ observed: 4, bound: 4 });
  });

  it("fails when |a_j| < ‖w_j‖ (known bad case): h = 0.5, ‖x‖²E² = 0.0625", () => {
    // n = p = d = 1, x = 1, w = 1, a = 0.5: h = 0.5·σ(1) = 0.5, E = 0.25; margin (0.0625 − 0.25)/0.25.
    const bad = outputEnergyBound.knownBad!()[0].candidate;
    expect(bad).toEqual(candidate([["1"]], [["1"]], ["0.5"]));
    expect(missedAssumptions(outputEnergyBound, bad, context)).toEqual(["A1-weak"]);
    const evaluation = outputEnergyBound.evaluate(bad, context);
    expect(evaluation.margin).toBe(-0.75);
    expect(evaluation.detail).toMatchObject({ output: 0.5, bound: 0.0625, energy: 0.25 });
  });

  it("a hunt with A1-weak dropped finds a counterexample that violates it", () => {
    const result = runProperty(outputEnergyBound, { ...OPTIONS, runs: 200, dropped: new Set(["A1-weak"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual(["A1-weak"]);
    expect(result.counterexample?.evaluation.margin).toBeLessThan(0);
  });
});
