/**
 * Theorem 1's regime generator (lib/theorem1Regime.ts) and the float fast path (lib/floatFacts.ts,
 * lib/plBoundFloat.ts): the sizes it reaches, and agreement of every float decision with the exact
 * decimal one on the same candidates (the float path decides only outside its rigorous rounding
 * bounds, so a disagreement in sign would be a bug, never rounding).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decimalField } from "../../../src/field/decimal.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { assumption1Weak, assumption2, dataBounds } from "../../../properties/dana2025/lib/assumptions.js";
import { floatAssumption1Weak, floatAssumption2, floatDataNonzero, floatFacts } from "../../../properties/dana2025/lib/floatFacts.js";
import { floatPlBound } from "../../../properties/dana2025/lib/plBoundFloat.js";
import { theorem1RegimeCandidate, theorem1Width } from "../../../properties/dana2025/lib/theorem1Regime.js";
import { theorem1PlBound, theorem1Terms } from "../../../properties/dana2025/theorem1-pl-bound.js";

const context = { digits: 60 };

describe("Theorem 1's regime generator", () => {
  it("reaches n = 64 with most draws at n ≥ 4, d in [n, n²], p = ⌈4 log(n/ε)⌉", () => {
    const candidates = fc.sample(theorem1RegimeCandidate(), { numRuns: 120, seed: 11 });
    const sizes = candidates.map((c) => c.file.data.X.length);
    expect(sizes.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThanOrEqual(48);
    expect(sizes.filter((n) => n >= 4).length / sizes.length).toBeGreaterThanOrEqual(0.8);
    for (const c of candidates) {
      const n = c.file.data.X.length;
      const d = c.file.data.X[0].length;
      expect(d).toBeGreaterThanOrEqual(n);
      expect(d).toBeLessThanOrEqual(Math.max(1, n * n));
      expect(c.file.params.a.length).toBe(theorem1Width(n, c.settings.epsilon as number));
    }
  });
});

describe("the float fast path agrees with the exact decimal path", () => {
  const small = fc.sample(theorem1RegimeCandidate({ maxN: 10, maxD: () => 40 }), { numRuns: 25, seed: 5 });

  it("on the assumptions (A2 encoding, A1, data bounds)", () => {
    for (const c of small) {
      const facts = floatFacts(c)!;
      const F = decimalField({ digits: 60 });
      const exact = instanceOverField(F, c.file);
      const quick = [floatAssumption2(facts, 0.5), floatAssumption1Weak(facts), floatDataNonzero(facts)];
      const slow = [assumption2, assumption1Weak, dataBounds].map((a) => a.decide!(F, c, context, exact));
      quick.forEach((q, k) => {
        if (q !== undefined) expect(q).toBe(slow[k]);
      });
    }
  });

  it("on eq. (6): same sign, margins equal to within the reported bounds", () => {
    let decided = 0;
    for (const c of small) {
      const result = floatPlBound(floatFacts(c)!, 1);
      if (result.kind !== "decided") continue;
      decided++;
      const F = decimalField({ digits: 80 });
      const terms = theorem1Terms(F, c, instanceOverField(F, c.file));
      const mu = F.toNumber(F.div(terms.pGradSquared, terms.lossValue));
      const bound = F.toNumber(terms.bound());
      expect(Math.abs(result.mu - mu)).toBeLessThanOrEqual(result.muError);
      expect(Math.abs(result.bound - bound)).toBeLessThanOrEqual(result.boundError);
      expect(Math.sign(result.margin)).toBe(F.sign(terms.witness));
    }
    expect(decided).toBe(small.length);
  });

  it("the entry's evaluation on a regime candidate takes the float path and matches the exact margin", () => {
    const c = small[0];
    const fast = theorem1PlBound.evaluate(c, context);
    expect(fast.detail?.path).toBe("float with rounding bounds");
    const F = decimalField({ digits: 80 });
    const exact = F.toNumber(theorem1Terms(F, c, instanceOverField(F, c.file)).margin);
    expect(Math.abs(fast.margin - exact)).toBeLessThan(1e-9);
  });
});
