/**
 * Safran & Shamir's symmetric family of spurious minima (Safran & Shamir, arXiv:1712.08968), with
 * d = n = k and teacher V = I_k: neurons j = 1..k−1 are w_j = a·e_j + c·e_k + b·Σ_{i<k, i≠j} e_i,
 * the last is w_k = p·Σ_{i<k} e_i + q·e_k. The minima GD finds at k = n = 6, 7, 8 have exactly
 * this form up to a permutation of neurons and coordinates (fixtures/soltanolkotabi2019/).
 *
 * {@link refineSymmetricFamily}: Newton's method on the 5 parameters θ = (a, b, c, p, q) in decimal
 * arithmetic. W(θ) is linear, W = Σ_m θ_m·B_m, so the reduced gradient is ⟨B_m, ∇F⟩ and the
 * reduced Hessian vec(B_m)ᵀ·∇²F·vec(B_l) — both from populationGradient/populationHessian.
 */
import type { Decimal } from "decimal.js";
import { decimalField } from "../field/decimal.js";
import type { Field } from "../field/field.js";
import { solveLinearSystem } from "../dynamics/linearSolve.js";
import { populationGradient, populationHessian, populationLoss } from "./reluTeacherStudent.js";

export type FamilyParameters<T> = { a: T; b: T; c: T; p: T; q: T };
const NAMES = ["a", "b", "c", "p", "q"] as const;

/** W(θ), k×k, rows as above (0-based: neurons 0..k−2 and the last, coordinate k−1 special). */
function symmetricFamilyPoint<T>(F: Field<T>, k: number, θ: FamilyParameters<T>): T[][] {
  return Array.from({ length: k }, (_, j) =>
    Array.from({ length: k }, (_, i) => {
      if (j === k - 1) return i === k - 1 ? θ.q : θ.p;
      if (i === k - 1) return θ.c;
      return i === j ? θ.a : θ.b;
    }),
  );
}

/** The basis matrices B_m = ∂W/∂θ_m (0/1 entries). */
function basis<T>(F: Field<T>, k: number): T[][][] {
  return NAMES.map((name) => symmetricFamilyPoint(F, k, Object.fromEntries(NAMES.map((n) => [n, n === name ? F.one : F.zero])) as FamilyParameters<T>));
}

export interface FamilyRefinement {
  parameters: Record<(typeof NAMES)[number], string>;
  loss: string;
  /** ‖∇F(W(θ))‖_F in the full k² space (zero reduced gradient plus symmetry ⇒ zero full gradient). */
  fullGradientNorm: number;
  newtonSteps: number;
  W: Decimal[][];
}

export function refineSymmetricFamily(k: number, start: FamilyParameters<string>, options: { digits?: number; steps?: number } = {}): FamilyRefinement {
  const F = decimalField({ digits: options.digits ?? 40 });
  const V = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, i) => (i === j ? F.one : F.zero)));
  const B = basis(F, k).map((M) => M.flat());
  let θ = NAMES.map((name) => F.fromDecimalString(start[name]));
  const point = (values: Decimal[]) => symmetricFamilyPoint(F, k, Object.fromEntries(NAMES.map((n, m) => [n, values[m]])) as FamilyParameters<Decimal>);
  const reducedGradient = (W: Decimal[][]) => {
    const g = populationGradient(F, W, V).flat();
    return B.map((b) => b.reduce((t, x, i) => F.add(t, F.mul(x, g[i])), F.zero));
  };
  const norm = (v: Decimal[]) => Math.sqrt(v.reduce((t, x) => t + F.toNumber(x) ** 2, 0));
  let steps = 0;
  let gradient = reducedGradient(point(θ));
  for (; steps < (options.steps ?? 20); steps++) {
    const H = populationHessian(F, point(θ), V);
    const HB = B.map((b) => H.map((row) => row.reduce((t, x, i) => F.add(t, F.mul(x, b[i])), F.zero)));
    const reduced = B.map((b) => HB.map((hb) => b.reduce((t, x, i) => F.add(t, F.mul(x, hb[i])), F.zero)));
    const delta = solveLinearSystem(F, reduced, gradient.map((x) => F.neg(x)));
    if (!delta) break;
    const next = θ.map((x, m) => F.add(x, delta[m]));
    const nextGradient = reducedGradient(point(next));
    if (!(norm(nextGradient) < norm(gradient))) break;
    θ = next;
    gradient = nextGradient;
  }
  const W = point(θ);
  return {
    parameters: Object.fromEntries(NAMES.map((n, m) => [n, F.toString(θ[m])])) as Record<(typeof NAMES)[number], string>,
    loss: F.toString(populationLoss(F, W, V)),
    fullGradientNorm: norm(populationGradient(F, W, V).flat()),
    newtonSteps: steps,
    W,
  };
}
