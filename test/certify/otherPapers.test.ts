/**
 * `shallowcheck certify` on the taheri2025 and soltanolkotabi2019 exact entries: each is certified
 * on a passing candidate, refuted on its known bad case (the assumption that excludes it dropped),
 * and on generated candidates every verdict is the one the exact evaluation gives (kept assumption
 * false → not-applicable; else the sign of `evaluate`'s exact margin). taheri2025's margins run over
 * intervals (`marginOver`, ties re-decided in rationals); soltanolkotabi2019's rank/elimination
 * margins are exact rationals (`rationalMargin`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findProperty } from "../../properties/index.js";
import { certify, type Verdict } from "../../src/certify/certify.js";
import { readCandidateFile } from "../../src/check/candidateFile.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { intervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { withExtraField } from "../../src/penalized/penalizedCandidate.js";

const DIGITS = 40;
const context = { digits: 50 };
const entry = (id: string): Property => {
  const property = findProperty(id);
  if (!property) throw new Error(`no entry ${id}`);
  return property;
};
const fixture = (name: string): Candidate => readCandidateFile(`fixtures/taheri2025/${name}.json`);

/** x = 1, Θ = 1, one neuron: y, γ, r (the hand-computed cases of test/properties/taheri2025). */
function scalar(y: string, gamma: string, r: string, extra: Record<string, string> = {}): Candidate {
  return {
    file: { model: { activation: "identity", scaling: "standard" }, data: { X: [["1"]], y: [y] }, params: { W: [["1"]], a: [gamma] } } as InstanceFile,
    settings: { r, penalty: "A", ...extra },
  };
}

const withActivation = (c: Candidate, activation: "quadratic" | "relu"): Candidate => ({ ...c, file: { ...c.file, model: { ...c.file.model, activation } } });
const basicPair = (noise: string) => withExtraField(withExtraField(scalar("1", "0.5", "1"), "reference", { W: [["1"]], a: ["0"] }), "truth", { W: [["1"]], a: ["1"], noise: [noise] });
const transferAt = (r: string) => withExtraField(withExtraField(scalar("1", "1", r), "truth", { W: [["1"]], a: ["0"], noise: ["1"] }), "reference", { W: [["1"]], a: ["0"] });
const quadratic = (X: string[][], y: string[], W: string[][], a: string[]): Candidate => ({ file: { model: { activation: "quadratic", scaling: "standard" }, data: { X, y }, params: { W, a } } as InstanceFile, settings: {} });
const secondOrderSaddle = quadratic([["1", "0"], ["0", "1"]], ["-1", "-2"], [["0", "0"], ["0", "0"], ["0", "0"], ["0", "0"]], ["1", "1", "1", "1"]);

interface KnownCases {
  id: string;
  good: Candidate;
  bad: Candidate;
  /** The assumptions the bad case violates (dropped for `refuted`). */
  drop: string[];
}

const KNOWN: KnownCases[] = [
  { id: "taheri2025/euler-identity", good: withActivation(scalar("2", "1", "0.1"), "relu"), bad: withActivation(scalar("2", "1", "0.1"), "quadratic"), drop: ["homogeneous-activation"] },
  { id: "taheri2025/energy-identity", good: scalar("1", "0.5", "1"), bad: scalar("1", "1", "1"), drop: ["gamma-stationary"] },
  { id: "taheri2025/stationary-norm-bound", good: scalar("1", "0.5", "1"), bad: scalar("1", "1", "1"), drop: ["gamma-stationary"] },
  { id: "taheri2025/lasso-in-features", good: scalar("1", "0.5", "1"), bad: scalar("1", "1", "1"), drop: ["gamma-stationary"] },
  { id: "taheri2025/basic-identity", good: basicPair("0"), bad: basicPair("0.5"), drop: ["regression-model"] },
  { id: "taheri2025/variant-b-characterization", good: generatedPassing("taheri2025/variant-b-characterization"), bad: scalar("1", "0.5", "1", { penalty: "B" }), drop: ["stationary"] },
  { id: "taheri2025/theorem2-transfer", good: transferAt("2"), bad: transferAt("0.1"), drop: ["r-above-oracle"] },
  { id: "taheri2025/theorem1-linear", good: generatedPassing("taheri2025/theorem1-linear"), bad: fixture("origin-linear-A"), drop: ["nondegenerate"] },
  { id: "taheri2025/theorem3-relu", good: generatedPassing("taheri2025/theorem3-relu"), bad: fixture("dead-relu"), drop: ["near-identity"] },
  { id: "taheri2025/d2-implies-d1", good: generatedPassing("taheri2025/d2-implies-d1"), bad: fixture("variant-c-drift-t1000000"), drop: ["coercive-penalty"] },
  {
    id: "soltanolkotabi2019/strict-saddle-escape",
    good: quadratic([["1", "0"], ["0", "1"]], ["-1", "-2"], [["0", "0"], ["0", "0"], ["0", "0"], ["0", "0"]], ["1", "1", "-1", "-1"]),
    bad: secondOrderSaddle,
    drop: ["mixed-signs"],
  },
  {
    id: "soltanolkotabi2019/zero-optimum-rank",
    good: quadratic([["1", "0"], ["0", "1"], ["1", "1"]], ["0", "0", "0"], [["0", "0"]], ["1"]),
    bad: quadratic([["1", "0"], ["0", "1"], ["1", "1"], ["1", "-2"]], ["0", "0", "0", "0"], [["0", "0"]], ["1"]),
    drop: ["n-range"],
  },
];

/** The first generated candidate that meets every assumption (the generators aim at them). */
function generatedPassing(id: string): Candidate {
  const property = entry(id);
  const sample = fc.sample(property.generate(new Set()), { numRuns: 20, seed: 424242 });
  const found = sample.find((c) => property.assumptions.every((a) => a.holds(c, context)));
  if (!found) throw new Error(`${id}: no generated candidate met every assumption`);
  return found;
}

/** What the exact evaluation says the verdict must be. */
function expectedVerdict(property: Property, c: Candidate, dropped: ReadonlySet<string>): Verdict {
  if (property.assumptions.some((a) => !dropped.has(a.name) && !a.holds(c, context))) return "not-applicable";
  return property.evaluate(c, context).margin >= 0 ? "certified" : "refuted";
}

describe.each(KNOWN)("$id", ({ id, good, bad, drop }) => {
  const property = entry(id);

  it("has a certify path and a three-valued decide for every assumption", () => {
    expect(property.marginOver !== undefined || property.rationalMargin !== undefined).toBe(true);
    expect(property.assumptions.filter((a) => !a.decide).map((a) => a.name)).toEqual([]);
  });

  it("is certified on a passing candidate", () => {
    expect(expectedVerdict(property, good, new Set())).toBe("certified");
    const c = certify(property, good, { digits: DIGITS });
    expect(c.verdict, c.hint).toBe("certified");
    expect(Number(c.margin!.lo)).toBeGreaterThanOrEqual(0);
  });

  it(`is refuted on its known bad case with ${drop.join(", ")} dropped, not-applicable with it kept`, () => {
    const refuted = certify(property, bad, { digits: DIGITS, dropped: new Set(drop) });
    expect(refuted.verdict, refuted.hint).toBe("refuted");
    expect(Number(refuted.margin!.hi)).toBeLessThan(0);
    const kept = certify(property, bad, { digits: DIGITS });
    expect(kept.verdict).toBe("not-applicable");
    expect(kept.assumptions.filter((a) => a.holds === false).map((a) => a.name)).toEqual(expect.arrayContaining(drop));
  });

  it("agrees with the exact evaluation on generated candidates (random assumptions dropped)", () => {
    const names = property.assumptions.map((a) => a.name);
    const cases = fc.sample(
      fc.subarray(names).chain((drop) => property.generate(new Set(drop)).map((candidate) => ({ dropped: new Set(drop), candidate }))),
      { numRuns: 24, seed: 90210 },
    );
    const disagreements: string[] = [];
    const seen = new Set<Verdict>();
    const counts: Record<string, number> = {};
    for (const { dropped, candidate } of cases) {
      const expected = expectedVerdict(property, candidate, dropped);
      const got = certify(property, candidate, { digits: DIGITS, dropped });
      seen.add(got.verdict);
      const key = `${got.verdict}/${got.method ?? "-"}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (got.verdict !== expected) disagreements.push(`dropped [${[...dropped].join(", ")}]: expected ${expected}, got ${got.verdict} (${got.hint ?? ""})`);
    }
    if (process.env.CERTIFY_COUNTS) console.log(id, JSON.stringify(counts));
    expect(disagreements).toEqual([]);
    // The sample must exercise a decided verdict, not only not-applicable.
    expect([...seen].some((v) => v === "certified" || v === "refuted")).toBe(true);
  });
});

describe("the two mechanisms' limits", () => {
  it("taheri2025: identities come out as exact [0, 0] intervals, or are re-decided in rationals when division rounds", () => {
    const exactInIntervals = certify(entry("taheri2025/energy-identity"), scalar("1", "0.5", "1"), { digits: DIGITS });
    expect(exactInIntervals).toMatchObject({ verdict: "certified", method: "interval", margin: { lo: "0", hi: "0" } });
    // y = 1/3-ish data: ‖·‖²_n divides by n = 3, which rounds; the tie is then decided exactly.
    const thirds: Candidate = {
      file: { model: { activation: "identity", scaling: "standard" }, data: { X: [["1"], ["1"], ["1"]], y: ["1", "1", "1"] }, params: { W: [["1"]], a: ["0.5"] } } as InstanceFile,
      settings: { r: "1", penalty: "A" },
    };
    expect(expectedVerdict(entry("taheri2025/energy-identity"), thirds, new Set())).toBe("certified");
    const c = certify(entry("taheri2025/energy-identity"), thirds, { digits: DIGITS });
    expect(c.verdict).toBe("certified");
    expect(["interval", "rational"]).toContain(c.method);
  });

  it("taheri2025: exact KKT assumptions are decided on the file's numbers only; a parameter box leaves them undecided", () => {
    const property = entry("taheri2025/stationary-norm-bound");
    const good = scalar("1", "0.5", "1");
    const I = intervalField({ digits: DIGITS });
    const box = { ...instanceOverField(I, good.file), a: [I.interval("0.49", "0.51")] };
    const c = certify(property, good, { digits: DIGITS }, box);
    expect(c.assumptions.find((a) => a.name === "gamma-stationary")?.holds).toBeNull();
    expect(c.verdict).toBe("undecided");
    expect(c.hint).toMatch(/gamma-stationary/);
    // An undecided assumption stops certify before the margin (issue 18): it is not evaluated.
    expect(c.margin).toBeNull();
  });

  it("soltanolkotabi2019: the rational margin is not used for a box or under intervals-only, and says why", () => {
    const property = entry("soltanolkotabi2019/strict-saddle-escape");
    const intervalsOnly = certify(property, secondOrderSaddle, { digits: DIGITS, exactFallback: false });
    expect(intervalsOnly.verdict).toBe("unsupported");
    expect(intervalsOnly.hint).toMatch(/exact rational margin/);
    const I = intervalField({ digits: DIGITS });
    const boxed = certify(property, secondOrderSaddle, { digits: DIGITS }, instanceOverField(I, secondOrderSaddle.file));
    expect(boxed.verdict).toBe("unsupported");
    expect(boxed.hint).toMatch(/parameter box/);
    const exact = certify(property, secondOrderSaddle, { digits: DIGITS, dropped: new Set(["mixed-signs"]) });
    expect(exact).toMatchObject({ verdict: "refuted", method: "rational" });
  });
});
