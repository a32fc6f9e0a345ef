/**
 * Certification verdicts: known cases of every verdict, and soundness — on generated and
 * adversarial candidates (doubles, pre-activations exactly on a kink, tiny and huge data) a
 * `certified` or `refuted` at low precision never contradicts the exact answer.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CATALOGUE, findProperty } from "../../properties/index.js";
import { theorem1PlBound } from "../../properties/dana2025/theorem1-pl-bound.js";
import { kernelIdentity } from "../../properties/dana2025/kernel-identity.js";
import { outputEnergyBound } from "../../properties/dana2025/output-energy-bound.js";
import { certify, type Certificate } from "../../src/certify/certify.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { rationalField } from "../../src/field/rational.js";
import type { NumberLike } from "../../src/io/instanceSchema.js";

const relu = { activation: "relu", scaling: "mean-field" } as const;
const candidate = (X: NumberLike[][], y: NumberLike[], W: NumberLike[][], a: NumberLike[], settings: Candidate["settings"] = {}): Candidate => ({
  file: { model: { ...relu }, data: { X, y }, params: { W, a } },
  settings,
});

/** Orthonormal data, a = 0.1 ≪ ‖w‖: Theorem 1's bound fails (μ = 0.01 < B = 0.3) without A1. */
const withoutA1 = candidate([["1", "0"], ["0", "1"]], ["1", "1"], [["12", "6"]], ["0.1"]);

describe("certify: verdicts on known cases", () => {
  it("refuted: a counterexample to Theorem 1 with A1 dropped is proved, margin interval below 0", () => {
    const c = certify(theorem1PlBound, withoutA1, { digits: 30, dropped: new Set(["A1-weak"]) });
    expect(c.verdict).toBe("refuted");
    expect(c.method).toBe("interval");
    expect(Number(c.margin!.hi)).toBeLessThan(0);
    expect(Number(c.margin!.lo)).toBeCloseTo(0.01 / 0.3 - 1, 12);
  });

  it("not-applicable: the same instance with A1 kept certainly violates it", () => {
    const c = certify(theorem1PlBound, withoutA1, { digits: 30 });
    expect(c.verdict).toBe("not-applicable");
    expect(c.assumptions.find((a) => a.name === "A1-weak")?.holds).toBe(false);
    expect(c.hint).toContain("A1-weak");
  });

  it("certified: an instance meeting every assumption, margin interval at or above 0", () => {
    const good = candidate([["1", "0"], ["0.4", "1"]], ["2", "-1"], [["0.5", "0"]], ["1"]);
    const c = certify(theorem1PlBound, good, { digits: 30 });
    expect(c.verdict).toBe("certified");
    expect(Number(c.margin!.lo)).toBeGreaterThanOrEqual(0);
    expect(c.assumptions.every((a) => a.holds === true)).toBe(true);
  });

  it("identities: intervals cannot prove an exact 0 (undecided, with the reason); exact rationals can", () => {
    const thirds = candidate([["1", "0"], ["0", "1"], ["1", "1"]], ["1", "-1", "0.5"], [["0.1", "0.3"], [0.1, -0.2]], ["1", "-0.5"]);
    const intervalsOnly = certify(kernelIdentity, thirds, { digits: 30, exactFallback: false });
    expect(intervalsOnly.verdict).toBe("undecided");
    expect(intervalsOnly.margin!.hi).toBe("0");
    expect(intervalsOnly.hint).toMatch(/exactly 0/);
    const exact = certify(kernelIdentity, thirds, { digits: 30 });
    expect(exact).toMatchObject({ verdict: "certified", method: "rational", margin: { lo: "0", hi: "0" } });
  });

  it("undecided assumption: A1 on its boundary with 16-digit weights at 10 digits; exact rationals decide it", () => {
    const boundary = candidate([["1", "0"], ["0", "1"]], ["1", "1"], [["1.000000000000001", "0"]], ["1.000000000000001"]);
    const c = certify(outputEnergyBound, boundary, { digits: 10, exactFallback: false });
    expect(c.assumptions.find((a) => a.name === "A1-weak")?.holds).toBeNull();
    expect(c.verdict).toBe("undecided");
    expect(c.hint).toMatch(/A1-weak/);
    expect(certify(outputEnergyBound, boundary, { digits: 10 })).toMatchObject({ verdict: "certified", method: "rational", margin: { lo: "0", hi: "0" } });
    // At 40 digits the balance (32 digits) is exact and A1 is decided, but the margin is an exact
    // tie h_0² = ‖x_0‖²E_0² (a⁴ both ways, 61 digits): rounding keeps it undecided.
    const wider = certify(outputEnergyBound, boundary, { digits: 40, exactFallback: false });
    expect(wider.assumptions.every((a) => a.holds === true)).toBe(true);
    expect(wider.verdict).toBe("undecided");
  });

  it("undecided activation: a pre-activation 10^−40 from the kink straddles it at 10 digits, not at 60", () => {
    const nearKink = candidate([["1", "1"], ["1", "0"]], ["1", "2"], [["1", "-0.9999999999999999999999999999999999999999"]], ["2"]);
    const low = certify(outputEnergyBound, nearKink, { digits: 10, exactFallback: false });
    expect(low.undecidedActivations).toBe(1);
    const high = certify(outputEnergyBound, nearKink, { digits: 60, exactFallback: false });
    expect(high.undecidedActivations).toBe(0);
    expect(high.verdict).toBe("certified");
    expect(["certified", "undecided"]).toContain(low.verdict);
  });

  it("unsupported: a trajectory entry, and an exact entry without marginOver", () => {
    expect(certify(findProperty("dana2025/lemma1-balance-flow")!, withoutA1, { digits: 20 }).verdict).toBe("unsupported");
    const bare: Property = { ...theorem1PlBound, id: "test/no-margin-over", marginOver: undefined };
    const c = certify(bare, withoutA1, { digits: 20 });
    expect(c.verdict).toBe("unsupported");
    expect(c.hint).toMatch(/marginOver/);
  });
});

/** The exact answer: margin sign from exact rationals where the formula is rational, else evaluate at 1000 digits (exact-sign by construction). */
function exactTruth(property: Property, c: Candidate, dropped: ReadonlySet<string>) {
  let nonNegative: boolean;
  try {
    nonNegative = rationalField.sign(property.marginOver!(rationalField, c, { digits: 50 }))! >= 0;
  } catch {
    // Theorem 1's √-free sign witness is a degree-16 polynomial in inputs of up to 55 digits (the
    // doubles of mode 1): exact below ~900 digits. Other entries leave rationals only for tanh
    // models, whose gaps are O(1).
    nonNegative = property.evaluate(c, { digits: property.id === theorem1PlBound.id ? 1000 : 60 }).margin >= 0;
  }
  const assumptions = property.assumptions.filter((a) => !dropped.has(a.name)).map((a) => a.decide!(rationalField, c, { digits: 50 }));
  return { nonNegative, assumptionsHold: assumptions.every((v) => v === true), someAssumptionFails: assumptions.some((v) => v === false) };
}

/** Adversarial rewrites: numbers as doubles, a weight vector put exactly on a sample's kink, data scaled to 10^±30. */
function adversarial(c: Candidate, mode: number): Candidate {
  const { X } = c.file.data;
  const { W } = c.file.params;
  const asDouble = (v: NumberLike) => (typeof v === "string" ? Number(v) : v);
  const scaled = (v: NumberLike, e: number) => `${String(v)}e${e}`;
  switch (mode) {
    case 1:
      return { ...c, file: { ...c.file, params: { W: W.map((r) => r.map(asDouble)), a: c.file.params.a.map(asDouble) } } };
    case 2: {
      if (X[0].length < 2) return c;
      const kink = W.map((row, j) => (j === 0 ? row.map((_, k) => (k === 0 ? X[0][1] : k === 1 ? `-${String(X[0][0])}`.replace("--", "") : "0")) : row));
      return { ...c, file: { ...c.file, params: { ...c.file.params, W: kink } } };
    }
    case 3:
      return { ...c, file: { ...c.file, data: { X: X.map((r) => r.map((v) => scaled(v, 30))), y: c.file.data.y.map((v) => scaled(v, 30)) } } };
    case 4:
      return { ...c, file: { ...c.file, data: { ...c.file.data, X: X.map((r) => r.map((v) => scaled(v, -30))) } } };
    default:
      return c;
  }
}

describe("certify: soundness against exact answers", () => {
  const supported = CATALOGUE.filter((p) => p.mode === "exact" && p.marginOver);

  it("every dana2025 and taheri2025 exact entry has a field-generic margin", () => {
    const papers = (p: Property) => p.id.startsWith("dana2025/") || p.id.startsWith("taheri2025/");
    expect(supported.filter(papers).map((p) => p.id).sort()).toEqual(CATALOGUE.filter((p) => p.mode === "exact" && papers(p)).map((p) => p.id).sort());
  });

  for (const property of supported) {
    it(`${property.id}: no wrong certified or refuted at 8 digits on generated and adversarial candidates`, () => {
      const names = property.assumptions.map((a) => a.name);
      const cases = fc.sample(
        fc.tuple(fc.subarray(names), fc.integer({ min: 0, max: 4 })).chain(([drop, mode]) =>
          property
            .generate(new Set(drop))
            // The exact truth below runs in rationals and 1000-digit decimals: small candidates only
            // (theorem1-pl-bound also draws n up to 64, d up to n², which that cannot afford).
            .filter((c) => c.file.data.X.length * c.file.data.X[0].length * c.file.params.a.length <= 2500)
            .map((c) => ({ dropped: new Set(drop), candidate: adversarial(c, mode) })),
        ),
        { numRuns: 25, seed: 20260 },
      );
      const wrong: string[] = [];
      const decided: Record<string, number> = {};
      for (const { dropped, candidate: c } of cases) {
        const cert: Certificate = certify(property, c, { digits: 8, dropped, exactFallback: false });
        decided[cert.verdict] = (decided[cert.verdict] ?? 0) + 1;
        if (cert.verdict !== "certified" && cert.verdict !== "refuted" && cert.verdict !== "not-applicable") continue;
        const truth = exactTruth(property, c, dropped);
        if (cert.verdict === "certified" && !(truth.nonNegative && truth.assumptionsHold)) wrong.push(`certified: ${JSON.stringify(c)}`);
        if (cert.verdict === "refuted" && !(!truth.nonNegative && truth.assumptionsHold)) wrong.push(`refuted: ${JSON.stringify(c)}`);
        if (cert.verdict === "not-applicable" && !truth.someAssumptionFails) wrong.push(`not-applicable: ${JSON.stringify(c)}`);
      }
      expect(wrong).toEqual([]);
      // The test has teeth only if intervals decided something.
      expect((decided.certified ?? 0) + (decided.refuted ?? 0) + (decided["not-applicable"] ?? 0)).toBeGreaterThan(0);
    });
  }
});
