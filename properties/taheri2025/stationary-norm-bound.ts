/**
 * taheri2025/stationary-norm-bound — the automatic norm bound at every stationary point, to set
 * against the "reasonable" ‖γ̃‖₁ ≤ √log n of Taheri, Xie, Lederer (arXiv 2205.04491) Theorem 1 (not
 * a numbered result of the paper; derived and proved here):
 * ‖γ̃‖₁ ≤ ‖y‖²_n/(2r), since r‖γ̃‖₁ = (2/n)⟨y − f̃, f̃⟩ ≤ ‖y‖²_n/2.
 * With r ≍ σ√(log d/n) this is O(√n), far weaker than the "reasonable" √(log n): reasonability is
 * a genuine extra restriction (Reviewer 1). The detail reports ‖γ̃‖₁/(‖y‖²_n/(2r)).
 *
 * Exact rationals; margin (bound − ‖γ̃‖₁)/max(bound, ‖γ̃‖₁). Vacuous: γ̃ = 0 (0 ≤ bound).
 * Known bad case: γ moved off stationarity.
 */
import fc from "fast-check";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { l1Norm, squaredNormN } from "../../src/penalized/network.js";
import { gammaStationary, standardModel } from "./lib/assumptions.js";
import { anyStationaryCandidate, scalarCandidate } from "./lib/candidates.js";
import { exact, marginNumber, num, penalizedOver, Q, relativeSlackOver } from "./lib/common.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import type { Instance } from "../../src/model/instance.js";

/** ‖γ̃‖₁, the bound ‖y‖²_n/(2r) and the margin, over any field. */
function normBound<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  const norm = l1Norm(F, c.params.gamma);
  const bound = F.div(squaredNormN(F, c.data.y), F.mul(F.fromNumber(2), c.r));
  return { norm, bound, margin: relativeSlackOver(F, bound, norm) };
}

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
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: bears on the 'reasonable stationary points' (‖γ̃‖₁ ≤ √log n) of Theorem 1",
    provenance: "derived and proved here; the √log n reading of 'reasonable' is secondhand (a review that had the paper)",
  },
  margin: {
    kind: "bound-slack",
    formula: "(‖y‖²_n/(2r) − ‖γ̃‖₁)/max(‖y‖²_n/(2r), ‖γ̃‖₁), exact rationals",
    bound: { direction: "upper", observed: "‖γ̃‖₁", bound: "‖y‖²_n/(2r)" },
  },
  mode: "exact",
  statement: "If γ̃ satisfies the γ-KKT condition at tuning r > 0, then ‖γ̃‖₁ ≤ ‖y‖²_n/(2r).",
  reading:
    "Only the γ-KKT condition is used (penalty variants A, B, C; linear and ReLU features), with r > 0. The slack ratio ‖γ̃‖₁/(‖y‖²_n/(2r)) says how far the automatic bound is from binding. γ̃ = 0 is counted as vacuous.",
  assumptions: [standardModel, gammaStationary],
  generate: (dropped) => (dropped.has(gammaStationary.name) ? inflateGamma(anyStationaryCandidate()) : anyStationaryCandidate()),
  evaluate(candidate): Evaluation {
    const { norm, bound, margin } = normBound(Q, exact(candidate));
    const vacuous = Q.sign(norm) === 0 ? "γ̃ = 0: 0 ≤ bound" : undefined;
    return { margin: marginNumber(margin), ...(vacuous ? { vacuous } : { slack: { observed: num(norm), bound: num(bound) } }), detail: { gammaL1: num(norm), bound: num(bound), ratio: Q.sign(bound) === 0 ? null : num(Q.div(norm, bound)) } };
  },
  marginOver: (F, candidate, _context, instance) => normBound(F, penalizedOver(F, candidate, instance)).margin,
  slackOver: normBoundSlack,
  // x = 1, y = 1, r = 1: the bound is 1/2 (tight at the Lasso solution γ̃ = 1/2); γ = 1 exceeds it.
  knownBad: () => [{ why: "gamma-stationary dropped: γ = 1, off the Lasso solution 1/2, exceeds ‖y‖²_n/(2r) = 1/2 (x = y = r = 1)", candidate: scalarCandidate("1", "1", "1") }],
  defaultRuns: 30,
};

/** ‖γ̃‖₁ and ‖y‖²_n/(2r) over any field, for `tighten`; undefined unless the field shows γ̃ ≠ 0 and the bound > 0. */
function normBoundSlack<T>(F: Field<T>, candidate: Candidate, _context: unknown, instance?: Instance<T>): { observed: T; bound: T } | undefined {
  const { norm, bound } = normBound(F, penalizedOver(F, candidate, instance));
  return F.sign(norm) === 1 && F.sign(bound) === 1 ? { observed: norm, bound } : undefined;
}
