/**
 * taheri2025/stationary-norm-bound — the automatic norm bound at every stationary point (spec
 * taheri2025.md §3.3 (3)): ‖γ̃‖₁ ≤ ‖y‖²_n/(2r), since r‖γ̃‖₁ = (2/n)⟨y − f̃, f̃⟩ ≤ ‖y‖²_n/2.
 * With r ≍ σ√(log d/n) this is O(√n), far weaker than the "reasonable" √(log n): reasonability is
 * a genuine extra restriction (Reviewer 1). The detail reports ‖γ̃‖₁/(‖y‖²_n/(2r)).
 *
 * Exact rationals; margin (bound − ‖γ̃‖₁)/max(bound, ‖γ̃‖₁). Bad case: γ moved off stationarity.
 */
import type { Evaluation, Property } from "../../src/check/property.js";
import { l1Norm, squaredNormN } from "../../src/penalized/network.js";
import { gammaStationary, standardModel } from "./lib/assumptions.js";
import { anyStationaryCandidate } from "./lib/candidates.js";
import { exact, marginNumber, num, penalizedOver, Q, relativeSlackOver } from "./lib/common.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";

/** ‖γ̃‖₁, the bound ‖y‖²_n/(2r) and the margin, over any field. */
function normBound<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  const norm = l1Norm(F, c.params.gamma);
  const bound = F.div(squaredNormN(F, c.data.y), F.mul(F.fromNumber(2), c.r));
  return { norm, bound, margin: relativeSlackOver(F, bound, norm) };
}
import fc from "fast-check";
import type { Candidate } from "../../src/check/property.js";

/** γ scaled up by 2–20×: off stationarity and, for large factors, past the bound. */
function inflateGamma(candidate: fc.Arbitrary<Candidate>): fc.Arbitrary<Candidate> {
  return fc.tuple(candidate, fc.integer({ min: 2, max: 20 })).map(([c, k]) => {
    const copy = structuredClone(c);
    copy.file.params.a = copy.file.params.a.map((v) => Q.toString(Q.mul(Q.fromNumber(k), Q.fromDecimalString(String(v)))));
    return copy;
  });
}

export const stationaryNormBound: Property = {
  id: "taheri2025/stationary-norm-bound",
  title: "At a stationary point: ‖γ̃‖₁ ≤ ‖y‖²_n/(2r)",
  reference: { paper: "taheri2025", statement: "bears on 'reasonable stationary points' (‖γ̃‖₁ ≤ √log n); not quoted from the paper", spec: "taheri2025.md §3.3 (3)", provenance: "[D]" },
  mode: "exact",
  statement: "If γ̃ satisfies the γ-KKT condition at tuning r > 0, then ‖γ̃‖₁ ≤ ‖y‖²_n/(2r).",
  reading: "Only the γ-KKT condition is used (all penalty variants, linear and ReLU features).",
  assumptions: [standardModel, gammaStationary],
  generate: (dropped) => (dropped.has(gammaStationary.name) ? inflateGamma(anyStationaryCandidate()) : anyStationaryCandidate()),
  evaluate(candidate): Evaluation {
    const { norm, bound, margin } = normBound(Q, exact(candidate));
    return { margin: marginNumber(margin), detail: { gammaL1: num(norm), bound: num(bound), ratio: Q.sign(bound) === 0 ? null : num(Q.div(norm, bound)) } };
  },
  marginOver: (F, candidate, _context, instance) => normBound(F, penalizedOver(F, candidate, instance)).margin,
  defaultRuns: 30,
};
