/**
 * taheri2025/energy-identity — at every γ-stationary point (spec taheri2025.md §3.3 (2)):
 *   r‖γ̃‖₁ = (2/n)⟨y − f̃, f̃⟩,  equivalently  ‖y − f̃‖²_n + r‖γ̃‖₁ = ‖y‖²_n − ‖f̃‖²_n.
 * Proof: multiply the γ-KKT condition (2/n)Z_jᵀe ∈ r∂|γ̃_j| by γ̃_j and sum.
 *
 * Exact rationals, zero tolerance; margin 0 or −|gap|/‖y‖²_n. Candidates: exact stationary points
 * of variants A and B (linear) and γ-stationary points in ReLU features. Bad case (assumption
 * `gamma-stationary` dropped): γ moved off the Lasso solution.
 */
import type { Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { l1Norm, pass, squaredNormN } from "../../src/penalized/network.js";
import { gammaStationary, standardModel } from "./lib/assumptions.js";
import { anyStationaryCandidate, perturbGamma } from "./lib/candidates.js";
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
  reference: { paper: "taheri2025", statement: "consequence of stationarity (any proof of Theorems 1–3); not quoted from the paper", spec: "taheri2025.md §3.3 (2)", provenance: "[D]" },
  mode: "exact",
  statement: "If γ̃ satisfies the γ-KKT condition (2/n)φ(XΘ̃ᵀ)ᵀ(y − f̃) ∈ r·∂‖γ̃‖₁ (every stationary point does, for every penalty variant), then ‖y − f̃‖²_n + r‖γ̃‖₁ = ‖y‖²_n − ‖f̃‖²_n.",
  reading: "Only the γ-KKT condition is used, so it holds for variants A, B, C alike and for ReLU features; the left side is obj(β̃) for variants A and C (for B add r‖Θ̃‖₁).",
  assumptions: [standardModel, gammaStationary],
  generate: (dropped) => (dropped.has(gammaStationary.name) ? perturbGamma(anyStationaryCandidate()) : anyStationaryCandidate()),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { lhs, rhs, margin } = energySides(Q, c);
    return { margin: marginNumber(margin), detail: { lhs: num(lhs), rhs: num(rhs), gammaL1: num(l1Norm(Q, c.params.gamma)), r: num(c.r) } };
  },
  marginOver: (F, candidate, _context, instance) => energySides(F, penalizedOver(F, candidate, instance)).margin,
  defaultRuns: 30,
};
