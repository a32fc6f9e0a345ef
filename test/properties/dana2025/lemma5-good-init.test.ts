/**
 * dana2025/lemma5-good-init: P(G) ≥ 1 − n(3/4)^p, by Monte Carlo with a Clopper–Pearson upper
 * bound. The generator meets every assumption by construction (skip rate asserted < 5%, observed 0).
 * Bad cases: initialization laws that violate Lemma 5's randomness (all a_j > 0 with mixed labels; w_j reflected
 * away from x_1) make P(G) = 0, far below the bound.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import {
  ASYMMETRIC_INIT_LAWS,
  binomialCdf,
  clopperPearsonUpper,
  goodInitBound,
  hand3Samples,
  lemma5GoodInit,
} from "../../../properties/dana2025/lemma5-good-init.js";
import { nbNeurons } from "../../../properties/dana2025/lib/width.js";

const OPTIONS = { runs: 10, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;

const candidate = hand3Samples;

describe("dana2025/lemma5-good-init", () => {
  it("holds on shell and near-orthogonal data for every symmetric law, none skipped", () => {
    const result = runProperty(lemma5GoodInit, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.minMargin).toBeGreaterThanOrEqual(0);
    expect(result.effectiveShare).toBeGreaterThan(0.8);
    expect(result.slackRatio).toBeGreaterThanOrEqual(1);
  });

  it("nb_neurons and the bound reproduce the authors' widths (ε = 0.05)", () => {
    expect([1000, 1300, 2000].map((n) => nbNeurons(n, 0.05))).toEqual([35, 36, 37]);
    expect(goodInitBound(1000, 35)).toBeCloseTo(1 - 0.042, 3);
    expect(goodInitBound(2000, 37)).toBeCloseTo(1 - 0.048, 3);
  });

  it("the Clopper–Pearson bound is exact where it has a closed form and covers the estimate", () => {
    // k = 0: P(Bin(M, u) ≤ 0) = (1 − u)^M = α gives u = 1 − α^{1/M}.
    expect(clopperPearsonUpper(0, 1000, 0.99)).toBeCloseTo(1 - 0.01 ** (1 / 1000), 12);
    expect(clopperPearsonUpper(1000, 1000, 0.99)).toBe(1);
    const upper = clopperPearsonUpper(950, 1000, 0.99);
    expect(upper).toBeGreaterThan(0.95);
    expect(binomialCdf(950, 1000, upper)).toBeLessThanOrEqual(0.01 + 1e-12);
  });

  it("a symmetric law on the hand-made data passes with the bound informative", () => {
    const evaluation = lemma5GoodInit.evaluate(candidate("gaussian"), { digits: 50 });
    expect(missedAssumptions(lemma5GoodInit, candidate("gaussian"), { digits: 50 })).toEqual([]);
    expect(evaluation.detail?.bound).toBeGreaterThan(0.9);
    expect(evaluation.margin).toBeGreaterThanOrEqual(0);
  });

  it("its known bad cases are the two non-symmetric laws", () => {
    expect(lemma5GoodInit.knownBad!().map((b) => b.candidate.settings.initLaw)).toEqual([...ASYMMETRIC_INIT_LAWS]);
  });

  it.each(ASYMMETRIC_INIT_LAWS)("fails for the non-symmetric law %s (known bad case), which the assumption excludes", (law) => {
    const bad = candidate(law);
    expect(missedAssumptions(lemma5GoodInit, bad, { digits: 50 })).toEqual(["symmetric-random-init"]);
    const evaluation = lemma5GoodInit.evaluate(bad, { digits: 50 });
    // positive-output: the sample with y = −1.5 is never good; away-from-x1: x_1 is never active.
    expect(evaluation.detail?.successes).toBe(0);
    expect(evaluation.margin).toBeLessThan(-0.9);
  });

  it("a hunt with symmetric-random-init dropped finds a bad law", () => {
    const result = runProperty(lemma5GoodInit, { ...OPTIONS, runs: 40, dropped: new Set(["symmetric-random-init"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual(["symmetric-random-init"]);
    expect(ASYMMETRIC_INIT_LAWS as readonly string[]).toContain(result.counterexample?.candidate.settings.initLaw);
    expect(result.counterexample?.evaluation.margin).toBeLessThan(0);
  });
});
