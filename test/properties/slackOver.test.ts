/**
 * Each bound entry's `slackOver` (the two sides of its bound over a field, for `tighten`) against
 * its `evaluate`: on a sampled instance meeting every assumption, the certified interval
 * enclosure of observed/bound must contain the float ratio `evaluate` reports, up to that float's
 * own rounding.
 *
 * Rounding of the float ratio of the exact entries: each side is an exact rational converted by
 * Q.toNumber (a 64-bit truncated quotient, then one rounding: ≤ 2^-63 + u ≤ 2u relative), the
 * sandwich's and taheri2025's ratio is one division of the two (≤ u more): ≤ 5u in all, to first
 * order. output-energy-bound's bound side is √ of such a number (≤ u + 2u/2 = 2u): ≤ 5u as well.
 * So |r_float − r| ≤ 6u·r (6u covering the second-order terms), with u = 2^-53.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundView, certifyRatio, ratioOf } from "../../src/api/tighten.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { orthogonalPlSandwich } from "../../properties/dana2025/orthogonal-pl-sandwich.js";
import { outputEnergyBound } from "../../properties/dana2025/output-energy-bound.js";
import { stationaryNormBound } from "../../properties/taheri2025/stationary-norm-bound.js";
import { theorem1Linear } from "../../properties/taheri2025/theorem1-linear.js";
import { theorem2Transfer } from "../../properties/taheri2025/theorem2-transfer.js";
import { theorem3Relu } from "../../properties/taheri2025/theorem3-relu.js";
import { scalarCandidate } from "../../properties/taheri2025/lib/candidates.js";

const UNIT_ROUNDOFF = 2 ** -53;
const DIGITS = 50;

/** The first of the generator's candidates (fixed seed) that meets every assumption and is not vacuous for this bound. */
function effectiveSample(entry: Property, boundName?: string): { candidate: Candidate; ratio: number } {
  const view = boundView(entry, boundName);
  for (const candidate of fc.sample(entry.generate(new Set()), { numRuns: 40, seed: 20261206 })) {
    if (!entry.assumptions.every((a) => a.holds(candidate, { digits: DIGITS }))) continue;
    const ratio = ratioOf(view.evaluate(candidate, { digits: DIGITS }));
    if (ratio !== undefined && Number.isFinite(ratio) && ratio > 0) return { candidate, ratio };
  }
  throw new Error(`${entry.id}: no effective candidate among 40 samples`);
}

/** lo·(1 − tol) ≤ r ≤ hi·(1 + tol). */
function enclosesWithin(enclosure: { lo: string; hi: string }, ratio: number, tolerance: number): boolean {
  return new Decimal(enclosure.lo).times(1 - tolerance).lte(ratio) && new Decimal(enclosure.hi).times(1 + tolerance).gte(ratio);
}

const EXACT_BOUNDS: [Property, string | undefined][] = [
  [orthogonalPlSandwich, undefined],
  [orthogonalPlSandwich, "upper"],
  [outputEnergyBound, undefined],
  [stationaryNormBound, undefined],
  [theorem1Linear, undefined],
  [theorem2Transfer, undefined],
  [theorem2Transfer, "allowance"],
  [theorem3Relu, undefined],
];

describe("slackOver encloses evaluate's ratio", () => {
  it.each(EXACT_BOUNDS.map(([entry, bound]) => [`${entry.id}${bound ? ` (${bound})` : ""}`, entry, bound] as const))("%s", (_name, entry, bound) => {
    const { candidate, ratio } = effectiveSample(entry, bound);
    const certificate = certifyRatio(entry, candidate, DIGITS, bound);
    expect(certificate.verdict, certificate.hint).toBe("certified");
    expect(enclosesWithin(certificate.ratio!, ratio, 6 * UNIT_ROUNDOFF)).toBe(true);
    // At 50 digits the enclosure is far narrower than the float's rounding: it is not vacuous.
    expect(new Decimal(certificate.ratio!.hi).minus(certificate.ratio!.lo).lte(new Decimal(ratio).times(1e-40))).toBe(true);
  }, 120_000);
});

/** One sample x = 1, label y, one ReLU neuron w = 1 with output weight a (mean-field). */
const oneNeuron = (a: string, y = "0"): Candidate => ({ settings: {}, file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1"]], y: [y] }, params: { W: [["1"]], a: [a] } } });

describe("hand-built tight instances", () => {
  it("orthogonal-pl-sandwich (lower): x = e₁, e₂, one neuron w = (1/2, 1/2), a = 1, residuals (1, −1) cancel in Sᵀr: μ = μ_low, ratio [1, 1]", () => {
    const cancelling: Candidate = { settings: {}, file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["0", "1"]], y: ["-0.5", "1.5"] }, params: { W: [["0.5", "0.5"]], a: ["1"] } } };
    const certificate = certifyRatio(orthogonalPlSandwich, cancelling, DIGITS);
    expect(certificate.verdict, certificate.hint).toBe("certified");
    expect(certificate.ratio).toEqual({ lo: "1", hi: "1" });
  });

  it("orthogonal-pl-sandwich (upper): x = w = a = 1 gives μ = 2(w² + a²)x² = 4 = μ_upp: ratio [1, 1]", () => {
    const certificate = certifyRatio(orthogonalPlSandwich, oneNeuron("1"), DIGITS, "upper");
    expect(certificate.verdict, certificate.hint).toBe("certified");
    expect(certificate.ratio).toEqual({ lo: "1", hi: "1" });
  });

  it("output-energy-bound: x = w = a = 1 gives |h| = 1 = ‖x‖E: ratio [1, 1]", () => {
    const certificate = certifyRatio(outputEnergyBound, oneNeuron("1"), DIGITS);
    expect(certificate.verdict, certificate.hint).toBe("certified");
    expect(certificate.ratio).toEqual({ lo: "1", hi: "1" });
  });


  it("stationary-norm-bound: x = y = r = 1, γ̃ = 1/2 (the Lasso solution) has ‖γ̃‖₁ = ‖y‖²_n/(2r) exactly: ratio [1, 1]", () => {
    const certificate = certifyRatio(stationaryNormBound, scalarCandidate("1", "0.5", "1"), DIGITS);
    expect(certificate.verdict, certificate.hint).toBe("certified");
    expect(certificate.ratio).toEqual({ lo: "1", hi: "1" });
  });
});
