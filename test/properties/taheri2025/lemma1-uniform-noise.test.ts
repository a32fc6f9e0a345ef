/** taheri2025/lemma1-uniform-noise: holds at random β with normalized rows (tight at coordinate atoms); a row with ‖Θ_j‖₁ = 2 breaks it. */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { lemma1UniformNoise } from "../../../properties/taheri2025/lemma1-uniform-noise.js";
import { context } from "./candidates.js";

describe("taheri2025/lemma1-uniform-noise", () => {
  it("holds at random β with ‖Θ_j‖₁ ≤ 1, none skipped, and is attained (margin 0) on some coordinate-atom draws", () => {
    const result = runProperty(lemma1UniformNoise, { runs: 200, seed: 5, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    expect(result.minMargin).toBe(0);
  });

  it("fails on its known bad case: ⟨u, f⟩_n = 2 against the bound 1, margin −1/2", () => {
    const bad = lemma1UniformNoise.knownBad!()[0].candidate;
    expect(missedAssumptions(lemma1UniformNoise, bad, context)).toEqual(["coercive-penalty"]);
    const evaluation = lemma1UniformNoise.evaluate(bad, context);
    expect(evaluation.detail).toMatchObject({ noiseCorrelation: 2, bound: 1 });
    expect(evaluation.margin).toBe(-0.5);
  });

  it("with coercive-penalty dropped (rows up to ‖Θ_j‖₁ = 6) the runner finds failures", () => {
    const result = runProperty(lemma1UniformNoise, { runs: 100, seed: 5, digits: 50, dropped: new Set(["coercive-penalty"]) });
    expect(result.status).toBe("failed");
  });
});
