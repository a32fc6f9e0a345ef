/**
 * The taheri2025 guarantees (Theorems 1–3 in our reconstructed forms, docs/statements.md) and the D2 ⇒ D1
 * question: each holds on random exact stationary points meeting its assumptions, fails on a known
 * bad case with a hand-computed or stored margin, and its hunt target is found once the named
 * assumption is dropped.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { Candidate, Property } from "../../../src/check/property.js";
import { hunt } from "../../../src/check/hunt.js";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { theorem1Linear } from "../../../properties/taheri2025/theorem1-linear.js";
import { theorem2Transfer } from "../../../properties/taheri2025/theorem2-transfer.js";
import { theorem3Relu } from "../../../properties/taheri2025/theorem3-relu.js";
import { d2ImpliesD1 } from "../../../properties/taheri2025/d2-implies-d1.js";
import { withExtraField } from "../../../src/penalized/penalizedCandidate.js";
import { context, OPTIONS, scalar } from "./candidates.js";

const MAX_SKIP_RATE = 0.15;

const cases: [Property, string][] = [
  [theorem1Linear, "nondegenerate"],
  [theorem2Transfer, "r-above-oracle"],
  [theorem3Relu, "near-identity"],
  [d2ImpliesD1, "coercive-penalty"],
  [d2ImpliesD1, "reasonable-optimum"],
];

describe.each(cases)("%s", (property, assumption) => {
  it("holds on random candidates meeting its assumptions", () => {
    const result = runProperty(property, { ...OPTIONS, runs: 15 });
    expect(result.status).toBe("passed");
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
  });

  it(`a hunt with ${assumption} dropped finds a counterexample that violates it`, () => {
    const result = hunt(property, { budget: 60, seed: "taheri-test", digits: 50, dropped: new Set([assumption]), shrink: 30 });
    expect(result.found).toBe(true);
    expect(result.violatesDropped).toEqual([assumption]);
    expect(result.margin).toBeLessThan(0);
  });
});

const fixture = (name: string): Candidate => readCandidateFile(`fixtures/taheri2025/${name}.json`);

const knownBad = (property: Property) => property.knownBad!()[0].candidate;

describe("known bad cases", () => {
  it("theorem1-linear: the origin (stationary, reasonable) has error ‖f*‖²_n ≫ 2r‖b*‖₁ (stored fixture; the entry's own: 1 against 1/5)", () => {
    const origin = fixture("origin-linear-A");
    expect(missedAssumptions(theorem1Linear, origin, context)).toEqual(["nondegenerate"]);
    const evaluation = theorem1Linear.evaluate(origin, context);
    expect(evaluation.margin).toBeCloseTo(-0.7834, 4);
    expect(evaluation.detail).toMatchObject({ error: 2.0776725, bound: 0.45 });
    const own = knownBad(theorem1Linear);
    expect(missedAssumptions(theorem1Linear, own, context)).toEqual(["nondegenerate"]);
    expect(theorem1Linear.evaluate(own, context)).toMatchObject({ margin: -0.8, slack: { observed: 1, bound: 0.2 }, detail: { error: 1, bound: 0.2 } });
  });

  it("theorem2-transfer: x = 1, f* = 0, u = 1; β fits the noise. r = 2 = r_orc: tight (margin 0); r = 1/10 (its known bad case): margin −1.9", () => {
    const at = (r: string) => withExtraField(withExtraField(scalar("1", "1", r), "truth", { W: [["1"]], a: ["0"], noise: ["1"] }), "reference", { W: [["1"]], a: ["0"] });
    expect(theorem2Transfer.evaluate(at("2"), context)).toMatchObject({ margin: 0, slack: { observed: 1, bound: 1 } });
    const bad = knownBad(theorem2Transfer);
    expect(bad).toEqual(at("0.1"));
    expect(missedAssumptions(theorem2Transfer, bad, context)).toEqual(["r-above-oracle"]);
    expect(theorem2Transfer.evaluate(bad, context)).toMatchObject({ margin: -1.9, detail: { error: 1, referenceError: 0, tau: -0.9 } });
    // β = β̃: the bound exceeds the error by 2r‖γ̃‖₁ by construction — vacuous.
    const unmoved = withExtraField(at("2"), "reference", { W: [["1"]], a: ["1"] });
    expect(theorem2Transfer.evaluate(unmoved, context).vacuous).toMatch(/β = β̃/);
  });

  it("theorem3-relu: a dead-ReLU stationary point (stored fixture; the entry's own: error 25/8 against 2/5) breaks the δ-form bound", () => {
    const dead = fixture("dead-relu");
    expect(missedAssumptions(theorem3Relu, dead, context)).toEqual(["near-identity"]);
    expect(theorem3Relu.evaluate(dead, context).margin).toBeCloseTo(-0.713, 3);
    const own = theorem3Relu.evaluate(knownBad(theorem3Relu), context);
    expect(own.detail).toMatchObject({ error: 3.125, bound: 0.4 });
    expect(own.margin).toBeCloseTo((0.4 - 3.125) / 3.125, 12);
  });

  it("d2-implies-d1: variant C's drift path (stored fixtures) — D2 distance → 0, objective stays far below ‖y‖²_n", () => {
    const distances = ["10", "100", "1000", "1000000"].map((t) => {
      const point = fixture(`variant-c-drift-t${t}`);
      expect(missedAssumptions(d2ImpliesD1, point, context)).toEqual(["coercive-penalty"]);
      const evaluation = d2ImpliesD1.evaluate(point, context);
      expect(evaluation.margin).toBeLessThan(-0.85);
      return evaluation.detail!.d2Distance as number;
    });
    for (let k = 1; k < distances.length; k++) expect(distances[k]).toBeLessThan(distances[k - 1] / 50);
    const own = knownBad(d2ImpliesD1);
    expect(missedAssumptions(d2ImpliesD1, own, context)).toEqual(["coercive-penalty"]);
    expect(d2ImpliesD1.evaluate(own, context).margin).toBeLessThan(-0.8);
  });

  it("d2-implies-d1: an unreasonable optimum (‖b̂‖₁ = 2.95 > √log 2) leaves only ‖y‖²_n = 9 to be close to — τ = 0.01·9, margin (0.09 − (9 − 0.2975))/9", () => {
    const own = d2ImpliesD1.knownBad!()[1].candidate;
    expect(missedAssumptions(d2ImpliesD1, own, context)).toEqual(["reasonable-optimum"]);
    const evaluation = d2ImpliesD1.evaluate(own, context);
    // Hand computation: obj = ½((3 − 2.95)² + (3 − 2.95)²) + 0.1·2.95 = 0.0025 + 0.295; D2 distance 0 (exact KKT point).
    expect(evaluation.detail).toMatchObject({ objective: 0.2975, lassoL1: 2.95, d2Distance: 0, reasonableStationaryValues: "9.0000000" });
    expect(evaluation.margin).toBeCloseTo((0.09 - (9 - 0.2975)) / 9, 12);
    // With η = 3 the optimum is reasonable and the same point is D1 (distance 0 to the optimum).
    const generous = { ...own, settings: { ...own.settings, eta: "3" } };
    expect(missedAssumptions(d2ImpliesD1, generous, context)).toEqual([]);
    expect(d2ImpliesD1.evaluate(generous, context).margin).toBeCloseTo(0.01, 12);
  });

  it("the fixtures are exactly what experiments/taheri2025/fixtures.ts builds", async () => {
    const { buildFixtures, fixtureContent } = await import("../../../experiments/taheri2025/fixtures.js");
    for (const f of buildFixtures()) expect(readFileSync(`fixtures/taheri2025/${f.name}.json`, "utf8")).toBe(fixtureContent(f));
  });
});
