/**
 * The penalty variants this project reads into Taheri, Xie & Lederer, arXiv:2205.04491. The paper's exact penalty is unknown;
 * every entry names the variant it encodes (setting `penalty`):
 * - "A": pen = ‖γ‖₁ with the constraint ‖Θ_j‖₁ ≤ 1 on every row (Taheri–Xie–Lederer 2021 style);
 * - "B": pen = ‖γ‖₁ + ‖Θ‖₁, entrywise on all weights, unconstrained;
 * - "C": pen = ‖γ‖₁ with Θ free — degenerate (derived here): no stationary point with γ ≠ 0, infimum
 *   not attained; kept as a counterexample generator.
 */
import type { Field } from "../field/field.js";
import { l1Norm, maxAbs, pass, transposeVec, type NetworkParams, type PenalizedData } from "./network.js";

const PENALTY_VARIANTS = ["A", "B", "C"] as const;
export type PenaltyVariant = (typeof PENALTY_VARIANTS)[number];

export function isPenaltyVariant(value: unknown): value is PenaltyVariant {
  return typeof value === "string" && (PENALTY_VARIANTS as readonly string[]).includes(value);
}

/** pen(β) of the variant (the constraint of A is separate: {@link feasible}). */
export function penalty<T>(F: Field<T>, variant: PenaltyVariant, params: NetworkParams<T>): T {
  const gammaPart = l1Norm(F, params.gamma);
  if (variant !== "B") return gammaPart;
  return params.theta.reduce((total, row) => F.add(total, l1Norm(F, row)), gammaPart);
}

/** Variant A's constraint ‖Θ_j‖₁ ≤ 1 for every row; always true for B and C. */
export function feasible<T>(F: Field<T>, variant: PenaltyVariant, params: NetworkParams<T>): boolean {
  if (variant !== "A") return true;
  return params.theta.every((row) => F.sign(F.sub(F.one, l1Norm(F, row))) !== -1);
}

/** obj(β) = risk_X(β) + r·pen(β). */
export function objective<T>(F: Field<T>, data: PenalizedData<T>, variant: PenaltyVariant, r: T, params: NetworkParams<T>): T {
  return F.add(pass(F, data, params).risk, F.mul(r, penalty(F, variant, params)));
}

/**
 * The oracle tuning parameter in the features Z = φ(XΘᵀ) (our reading of the paper's oracle tuning parameter; docs/statements.md, taheri2025): r_orc(Θ) = 2‖Zᵀu‖_∞/n, the
 * smallest r for which 2|⟨u, Zγ⟩_n| ≤ r‖γ‖₁ holds for every γ.
 */
export function oracleTuning<T>(F: Field<T>, Z: readonly (readonly T[])[], u: readonly T[]): T {
  return F.div(F.mul(F.fromNumber(2), maxAbs(F, transposeVec(F, Z, u))), F.fromNumber(u.length));
}
