/**
 * taheri2025/variant-b-characterization (derived here): holds on exact stationary points of variant B —
 * including ones whose two active rows are not parallel — fails on a hand-built non-stationary point
 * and once `stationary` is dropped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { variantBCharacterization } from "../../../properties/taheri2025/variant-b-characterization.js";
import { penalizedCandidate } from "../../../src/penalized/penalizedCandidate.js";
import { rationalField as Q } from "../../../src/field/rational.js";
import { context, OPTIONS, scalar } from "./candidates.js";

describe("taheri2025/variant-b-characterization", () => {
  it("holds on random exact stationary points, none skipped, some with non-parallel active rows", () => {
    const result = runProperty(variantBCharacterization, { ...OPTIONS, runs: 20 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    const samples = fc.sample(variantBCharacterization.generate(new Set()), { numRuns: 20, seed: 3 });
    const nonParallel = samples.filter((candidate) => {
      const { theta, gamma } = penalizedCandidate(Q, candidate).params;
      const active = theta.filter((_, j) => Q.sign(gamma[j]) !== 0);
      if (active.length < 2) return false;
      const [u, v] = active;
      return u.some((x, k) => u.some((y, l) => Q.sign(Q.sub(Q.mul(x, v[l]), Q.mul(y, v[k]))) !== 0));
    });
    expect(nonParallel.length).toBeGreaterThan(0);
  });

  it("fails at a non-stationary point: x = 1, y = 1, Θ = 1, γ = 1/2, r = 1 under B (balance holds, Lasso at λ = 2 does not)", () => {
    const bad = variantBCharacterization.knownBad!()[0].candidate;
    expect(bad).toEqual(scalar("1", "0.5", "1", { penalty: "B" }));
    expect(missedAssumptions(variantBCharacterization, bad, context)).toEqual(["stationary"]);
    const evaluation = variantBCharacterization.evaluate(bad, context);
    // a = 1/2, λ = 2: balance 1/2 ≠ 1, Lasso KKT 2·(1 − 1/2) = 1 ≠ 2, λ²‖b̃‖₁ = 2 ≠ m·r² = 1: three items fail.
    expect(evaluation.detail).toMatchObject({ balance: false, sharedMagnitude: true, lassoAtLevel: false, levelIdentity: false });
    expect(evaluation.margin).toBe(-3);
  });

  it("a run with stationary dropped finds a counterexample that violates it", () => {
    const result = runProperty(variantBCharacterization, { ...OPTIONS, runs: 30, dropped: new Set(["stationary"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual(["stationary"]);
  });
});
