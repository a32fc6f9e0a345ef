/**
 * dana2025/orthogonal-pl-sandwich: on orthogonal data with ‖w_j‖ ≤ |a_j|,
 * (2/n)·min‖x_i‖²E_i ≤ μ ≤ (4/n)·max‖x_i‖²E_i. The generator builds orthogonal data (ρ_i e_i) and
 * Assumption 1 exactly, so no candidate may be skipped (asserted: skip rate < 5%, observed 0).
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { Candidate } from "../../../src/check/property.js";
import { orthogonalPlSandwich } from "../../../properties/dana2025/orthogonal-pl-sandwich.js";

const OPTIONS = { runs: 30, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };

function candidate(X: string[][], y: string[], W: string[][], a: string[]): Candidate {
  return { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X, y }, params: { W, a } }, settings: {} };
}

describe("dana2025/orthogonal-pl-sandwich", () => {
  it("holds on random orthogonal A1 instances, none skipped, every one effective with μ ≥ μ_low > 0", () => {
    const result = runProperty(orthogonalPlSandwich, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.effectiveShare).toBeGreaterThan(0.9);
    expect(result.slackRatio).toBeGreaterThanOrEqual(1);
    expect(result.slackRatio).toBeLessThan(Infinity);
  });

  it("fails below on non-orthogonal data (known bad case): x_1 = x_2, r_1 = −r_2 gives μ = 0 < μ_low = 1", () => {
    // h = 1·σ(0.5) = 0.5 on both samples, r = (1.5, −1.5): the two gradients cancel, μ = 0.
    // ‖x_i‖²E_i = 1, so μ_low = (2/2)·1 = 1, μ_upp = 2 and the margin is (0 − 1)/max(2, 0) = −1/2.
    const bad = orthogonalPlSandwich.knownBad!()[0].candidate;
    expect(bad).toEqual(candidate([["1"], ["1"]], ["2", "-1"], [["0.5"]], ["1"]));
    expect(missedAssumptions(orthogonalPlSandwich, bad, context)).toEqual(["orthogonal-data"]);
    const evaluation = orthogonalPlSandwich.evaluate(bad, context);
    expect(evaluation.margin).toBe(-0.5);
    expect(evaluation.detail).toMatchObject({ mu: 0, muLow: 1, muUpp: 2, binding: "lower" });
  });

  it("fails above when |a_j| < ‖w_j‖ (known bad case): μ = 2(z² + a²) = 10 > μ_upp = 4", () => {
    // n = p = 1, x = 1, w = 2, a = 1: μ = 2rᵀKr/r² = 2(σ(2)² + a²‖x‖²) = 10; E = 1; margin (4 − 10)/10.
    const bad = orthogonalPlSandwich.knownBad!()[1].candidate;
    expect(bad).toEqual(candidate([["1"]], ["1"], [["2"]], ["1"]));
    expect(missedAssumptions(orthogonalPlSandwich, bad, context)).toEqual(["A1-weak"]);
    const evaluation = orthogonalPlSandwich.evaluate(bad, context);
    expect(evaluation.margin).toBe(-0.6);
    expect(evaluation.detail).toMatchObject({ mu: 10, muLow: 2, muUpp: 4, binding: "upper" });
  });

  it("is vacuous at L = 0, where μ is undefined (margin 0)", () => {
    const evaluation = orthogonalPlSandwich.evaluate(candidate([["1"]], ["1"], [["1"]], ["1"]), context);
    expect(evaluation.margin).toBe(0);
    expect(evaluation.vacuous).toMatch(/^L = 0/);
  });

  it("is vacuous on a dead network, where it reads 0 ≤ 0 ≤ 0", () => {
    const evaluation = orthogonalPlSandwich.evaluate(candidate([["1"]], ["1"], [["-1"]], ["1"]), context);
    expect(evaluation.margin).toBe(0);
    expect(evaluation.vacuous).toMatch(/μ = μ_upp = 0/);
  });

  it("reports the lower bound's slack μ/μ_low: n = p = 1, x = 1, w = 1, a = 1, y = 2 gives μ = 4, μ_low = 2", () => {
    // K = [[σ(1)² + a²]] = [[2]], μ = 2K = 4; E = 1, μ_low = 2·1 = 2, μ_upp = 4: the upper bound is tight.
    const evaluation = orthogonalPlSandwich.evaluate(candidate([["1"]], ["2"], [["1"]], ["1"]), context);
    expect(evaluation.slack).toEqual({ observed: 4, bound: 2 });
    expect(evaluation.margin).toBe(0);
    expect(evaluation.detail).toMatchObject({ upperRatio: 1, binding: "upper" });
  });

  it.each(["orthogonal-data", "A1-weak"])("a hunt with %s dropped finds a counterexample that violates it", (name) => {
    const result = runProperty(orthogonalPlSandwich, { ...OPTIONS, runs: 600, dropped: new Set([name]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual([name]);
    expect(result.counterexample?.evaluation.margin).toBeLessThan(0);
  });
});
