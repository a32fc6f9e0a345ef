/**
 * dana2025/theorem1-convergence-probability: Theorem 1's 1 − ε, Monte Carlo with an exact
 * Clopper–Pearson bound. Holds on the theorem's regime; fails on its known bad case (width dropped).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { convergenceCandidate, convergenceRun, theorem1ConvergenceProbability } from "../../../properties/dana2025/theorem1-convergence-probability.js";
import { clopperPearsonUpper } from "../../../properties/dana2025/lib/clopperPearson.js";

const context = { digits: 50 };

describe("dana2025/theorem1-convergence-probability", () => {
  it("holds on random configurations of Theorem 1's regime (width ⌈4 log(n/ε)⌉), every run effective", () => {
    const result = runProperty(theorem1ConvergenceProbability, { runs: 3, seed: 5, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.effectiveShare).toBe(1);
    expect(result.largestN).toBeGreaterThanOrEqual(1);
  });

  it("fails when the width assumption is dropped (p = 1 for n = 8): no draw converges, U < 0.95", () => {
    const bad = theorem1ConvergenceProbability.knownBad!()[0].candidate;
    expect(missedAssumptions(theorem1ConvergenceProbability, bad, context)).toEqual(["width"]);
    const evaluation = theorem1ConvergenceProbability.evaluate(bad, context);
    expect(evaluation.detail!.successes).toBe(0);
    // 0 successes in 20: U = 1 − 0.01^(1/20) (Clopper–Pearson at k = 0 in closed form).
    expect(evaluation.margin).toBeCloseTo(1 - 0.01 ** (1 / 20) - 0.95, 12);
  });

  it("its margin is the Clopper–Pearson upper bound minus 1 − ε", () => {
    const c = convergenceCandidate(4, 16, 13, { epsilon: 0.1, samples: 10, seed: "unit" });
    const e = theorem1ConvergenceProbability.evaluate(c, context);
    const k = e.detail!.successes as number;
    expect(e.margin).toBe(clopperPearsonUpper(k, 10, 0.99) - 0.9);
  });

  it("a successful draw really reached τ: Σr² fell by 10⁴ within the horizon", () => {
    const run = convergenceRun(convergenceCandidate(6, 36, 16, { epsilon: 0.1, seed: "unit" }), 0);
    expect(run.outcome.reached).toBe(true);
    expect(run.outcome.finalSquares).toBeLessThan(1e-4 * run.outcome.initialSquares);
    expect(run.outcome.steps * run.lr).toBeLessThanOrEqual(run.horizon);
  });

  it("its generator meets the width and reaches n ≥ 12 with most n ≥ 4", () => {
    const sizes = fc.sample(theorem1ConvergenceProbability.generate(new Set()), { numRuns: 40, seed: 2 }).map((c) => c.file.data.X.length);
    expect(sizes.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThanOrEqual(12);
    expect(sizes.filter((n) => n >= 4).length / sizes.length).toBeGreaterThanOrEqual(0.75);
  });
});
