/**
 * dana2025/lib/clopperPearson.ts against scipy's beta quantile (fixtures/clopperPearson.py made the
 * fixture). Tolerance, derived: binomialCdf sums k + 1 terms in log space, each log term of size at
 * most Λ = M·(|log u| + 2|log(1−u)| + log 2) and built from k + 2 roundings of ≤ 4u·Λ each, so the
 * tail is off by a relative ε_F ≤ (k + 2)·4u·Λ; a tail error δ moves the bound by δ/density (the
 * beta density at the bound, from the fixture); plus the bisection's 2⁻⁶⁰ and scipy's own ~10 ulps.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { binomialCdf, clopperPearsonLower, clopperPearsonUpper } from "../../../properties/dana2025/lib/clopperPearson.js";

interface Case {
  k: number;
  M: number;
  confidence: number;
  upper: number;
  upperDensity: number;
  lower: number;
  lowerDensity: number;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/clopper-pearson.json", import.meta.url), "utf8")) as { cases: Case[] };
const u = 2 ** -53;

function tolerance(c: Case, bound: number, density: number): number {
  const logs = Math.abs(Math.log(bound)) + 2 * Math.abs(Math.log1p(-bound)) + Math.log(2);
  const relative = (c.k + 2) * 4 * u * c.M * (Number.isFinite(logs) ? logs : 0);
  return (density > 0 ? relative / density : 0) + 2 ** -59 + 10 * u * Math.abs(bound);
}

describe("Clopper–Pearson bounds (dana2025/lib/clopperPearson.ts)", () => {
  it(`match scipy.stats.beta.ppf on ${fixture.cases.length} cases within the derived tolerance`, () => {
    for (const c of fixture.cases) {
      const upper = clopperPearsonUpper(c.k, c.M, c.confidence);
      const lower = clopperPearsonLower(c.k, c.M, c.confidence);
      expect(Math.abs(upper - c.upper), JSON.stringify(c)).toBeLessThanOrEqual(tolerance(c, c.upper, c.upperDensity));
      expect(Math.abs(lower - c.lower), JSON.stringify(c)).toBeLessThanOrEqual(tolerance(c, c.lower, c.lowerDensity));
    }
  });

  it("are conservative: the upper bound is never below the estimate, the lower never above", () => {
    for (const c of fixture.cases) {
      expect(clopperPearsonUpper(c.k, c.M, c.confidence)).toBeGreaterThanOrEqual(c.k / c.M);
      expect(clopperPearsonLower(c.k, c.M, c.confidence)).toBeLessThanOrEqual(c.k / c.M);
    }
  });

  it("binomialCdf sums to 1 at k = M and matches a direct sum for small M", () => {
    expect(binomialCdf(5, 5, 0.3)).toBe(1);
    const direct = [0, 1, 2].reduce((s, i) => s + [1, 6, 15][i] * 0.3 ** i * 0.7 ** (6 - i), 0);
    expect(binomialCdf(2, 6, 0.3)).toBeCloseTo(direct, 14);
  });
});
