/**
 * taheri2025/energy-identity — at every γ-stationary point (not a numbered result of Taheri, Xie,
 * Lederer, arXiv 2205.04491: a consequence of stationarity that any proof of their Theorems 1–3
 * rests on; derived and proved here):
 *   r‖γ̃‖₁ = (2/n)⟨y − f̃, f̃⟩,  equivalently  ‖y − f̃‖²_n + r‖γ̃‖₁ = ‖y‖²_n − ‖f̃‖²_n.
 * Proof: multiply the γ-KKT condition (2/n)Z_jᵀe ∈ r∂|γ̃_j| by γ̃_j and sum.
 *
 * Exact rationals, zero tolerance; margin 0 or −|gap|/‖y‖²_n. Candidates: exact stationary points
 * of variants A and B (linear) and γ-stationary points in ReLU features. Vacuous: γ̃ = 0, where
 * both sides are ‖y‖²_n whatever the data. Known bad case (assumption `gamma-stationary` dropped):
 * γ moved off the Lasso solution.
 */
import type { Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { l1Norm, pass, squaredNormN } from "../../src/penalized/network.js";
import { gammaStationary, standardModel } from "./lib/assumptions.js";
import { anyStationaryCandidate, perturbGamma, scalarCandidate } from "./lib/candidates.js";
import { exact, identityMarginOver, marginNumber, num, penalizedOver, Q } from "./lib/common.js";

/** Both sides of the energy identity and its margin, over any field. */
function energySides<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  const p = pass(F, c.data, c.params);
  const lhs = F.add(p.risk, F.mul(c.r, l1Norm(F, c.params.gamma)));
  const yy = squaredNormN(F, c.data.y);
  const rhs = F.sub(yy, squaredNormN(F, p.predictions));
  return { lhs, rhs, margin: identityMarginOver(F, lhs, rhs, yy) };
}

export const energyIdentity: Property = {
  id: "taheri2025/energy-identity",
  title: "At a stationary point: ‖y − f̃‖²_n + r‖γ̃‖₁ = ‖y‖²_n − ‖f̃‖²_n",
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: a consequence of stationarity that the proofs of Theorems 1–3 rest on",
    provenance: "derived and proved here (the paper's text was not available to us); checked in exact arithmetic",
  },
  margin: { kind: "identity", formula: "−|(‖y − f̃‖²_n + r‖γ̃‖₁) − (‖y‖²_n − ‖f̃‖²_n)|/‖y‖²_n, exact rationals (unscaled when y = 0)" },
  mode: "exact",
  statement: "If γ̃ satisfies the γ-KKT condition (2/n)φ(XΘ̃ᵀ)ᵀ(y − f̃) ∈ r·∂‖γ̃‖₁ (every stationary point does, for every penalty variant), then ‖y − f̃‖²_n + r‖γ̃‖₁ = ‖y‖²_n − ‖f̃‖²_n.",
  reading:
    "Only the γ-KKT condition is used, so it holds for penalty variants A (‖γ‖₁ with ‖Θ_j‖₁ ≤ 1), B (‖γ‖₁ + ‖Θ‖₁) and C (‖γ‖₁, Θ free) alike and for ReLU features; the left side is obj(β̃) for variants A and C (for B add r‖Θ̃‖₁). Exact rationals, zero tolerance. γ̃ = 0 is counted as vacuous (both sides are ‖y‖²_n).",
  assumptions: [standardModel, gammaStationary],
  generate: (dropped) => (dropped.has(gammaStationary.name) ? perturbGamma(anyStationaryCandidate()) : anyStationaryCandidate()),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { lhs, rhs, margin } = energySides(Q, c);
    const vacuous = c.params.gamma.every((g) => Q.sign(g) === 0) ? "γ̃ = 0: both sides are ‖y‖²_n" : undefined;
    return { margin: marginNumber(margin), ...(vacuous ? { vacuous } : {}), detail: { lhs: num(lhs), rhs: num(rhs), gammaL1: num(l1Norm(Q, c.params.gamma)), r: num(c.r) } };
  },
  marginOver: (F, candidate, _context, instance) => energySides(F, penalizedOver(F, candidate, instance)).margin,
  // x = 1, y = 1, r = 1: the Lasso solution is γ̃ = 1/2; at γ = 1 the left side is 1, the right 0.
  knownBad: () => [{ why: "gamma-stationary dropped: γ = 1 instead of the Lasso solution 1/2 (x = y = r = 1)", candidate: scalarCandidate("1", "1", "1") }],
  defaultRuns: 30,
};
