/**
 * dana2025/group-asymptotic-pl: each group's PL curvature tends to μ_j = (c'_j + √(c'_j² +
 * 4p²T_j²))/(np), hence μ(t) → min_j μ_j, within a tolerance made of the run's own geometric tail
 * and μ's evaluation error. The generator keeps groups observable (generic-group-start), so skips
 * are rare (asserted < 5%; observed 0 in 300 draws, 15% before it did). Bad cases: the limit without c'_j (2T_j/n),
 * and an exactly aligned group, whose residual never leaves the faster along-u mode.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { groupAsymptoticPl, twoStrictGroups } from "../../../properties/dana2025/group-asymptotic-pl.js";

const OPTIONS = { runs: 10, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };

const candidate = twoStrictGroups;

describe("dana2025/group-asymptotic-pl", () => {
  it("holds on random group-initialized instances with strict A1, few skipped", () => {
    const result = runProperty(groupAsymptoticPl, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.minMargin).toBeGreaterThanOrEqual(0);
  });

  it("holds on the hand-made instance, with a geometric tail found and a tolerance < 1% of the limit", () => {
    expect(missedAssumptions(groupAsymptoticPl, candidate(), context)).toEqual([]);
    const evaluation = groupAsymptoticPl.evaluate(candidate(), context);
    expect(evaluation.margin).toBeGreaterThanOrEqual(0);
    expect(evaluation.detail?.geometric).toBe(true);
    expect(evaluation.detail?.tolerance as number).toBeLessThan(0.01 * (evaluation.detail?.groupRate as number));
  });

  it("the limit without c'_j, 2T_j/n, fails (known bad case)", () => {
    const [bad] = groupAsymptoticPl.knownBad!();
    expect(bad.candidate).toEqual(candidate({ limit: "balanced" }));
    expect(groupAsymptoticPl.evaluate(bad.candidate, context).margin).toBeLessThan(0);
  });

  it("an exactly aligned group decays at its along-u rate instead; generic-group-start rejects it", () => {
    // Labels (1, 0.75) ∥ u_0 = (4, 3)/8.
    const alignedGroup = candidate({ limit: "spec" }, [1, 0.75]);
    expect(missedAssumptions(groupAsymptoticPl, alignedGroup, context)).toEqual(["generic-group-start"]);
    const evaluation = groupAsymptoticPl.evaluate(alignedGroup, context);
    expect(evaluation.margin).toBeLessThan(0);
    expect(evaluation.detail?.neuron).toBe(0);
  });
});
