/**
 * dana2025/corollary1-low-correlation: at the suite's sufficient dimension the Assumption-2
 * encoding holds with probability ≥ 1 − δ; far below it (d = n) it fails.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { corollary1Candidate, corollary1Dimension, corollary1LowCorrelation, encodingHolds } from "../../../properties/dana2025/corollary1-low-correlation.js";

const context = { digits: 50 };

describe("dana2025/corollary1-low-correlation", () => {
  it("the sufficient dimension is 8(n−1)²r⁴ log(n(n−1)/δ): 8·49·log(56/0.05) at n = 8, r = 1, δ = 0.05", () => {
    expect(corollary1Dimension(8, 1, 0.05)).toBeCloseTo(8 * 49 * Math.log(1120), 9);
    expect(corollary1Dimension(3, 2, 0.1)).toBeCloseTo(8 * 4 * 16 * Math.log(60), 9);
    expect(corollary1Dimension(1, 2, 0.1)).toBe(0);
  });

  it("holds on random configurations at the sufficient dimension, every run effective", () => {
    const result = runProperty(corollary1LowCorrelation, { runs: 4, seed: 3, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.effectiveShare).toBe(1);
  });

  it("fails with the dimension condition dropped (its known bad case: n = 8 points in d = 8)", () => {
    const bad = corollary1LowCorrelation.knownBad!()[0].candidate;
    expect(missedAssumptions(corollary1LowCorrelation, bad, context)).toEqual(["corollary1-dimension"]);
    const evaluation = corollary1LowCorrelation.evaluate(bad, context);
    expect(evaluation.margin).toBeLessThan(0);
  });

  it("decides the encoding per draw: orthogonal points pass, a repeated point fails", () => {
    const model = { activation: { name: "relu" as const }, scaling: "mean-field" as const };
    expect(encodingHolds({ model, X: [[1, 0], [0, 1]], y: [1, 1], W: [[1, 0]], a: [1] })).toBe(true);
    expect(encodingHolds({ model, X: [[1, 0], [1, 0]], y: [1, 1], W: [[1, 0]], a: [1] })).toBe(false);
    // (n−1)ρ = 0.5 = (C_x^-)²/2 exactly: a tie the float path leaves to the exact decision (holds, ≤).
    expect(encodingHolds({ model, X: [[1, 0], [0.5, Math.sqrt(0.75) + 1e-3]], y: [1, 1], W: [[1, 0]], a: [1] })).toBe(true);
    expect(corollary1Candidate(3, 5, { delta: 0.1, normRatio: 1 }).file.data.X[0]).toHaveLength(5);
  });
});
