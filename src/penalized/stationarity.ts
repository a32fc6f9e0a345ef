/**
 * Clarke stationarity of obj = risk_X + r·pen (Taheri, Xie & Lederer, arXiv:2205.04491) and the two notions of
 * approximate stationarity.
 *
 * risk_X is smooth for linear networks (and for ReLU inside an activation pattern, with
 * relu′(0) = 0), pen is convex and separable, so ∂obj = ∇risk_X + r·∂pen is a product of
 * intervals: ∂|t| = {sign t} for t ≠ 0 and [−1, 1] at 0. Under variant A each row Θ_j adds the
 * normal cone of {‖Θ_j‖₁ ≤ 1}: {μ·s : μ ≥ 0, s ∈ ∂‖Θ_j‖₁} on the sphere, {0} inside.
 *
 * - exact stationarity: dist(0, ∂obj(β)) = 0, decided in the field (zero tolerance in rationals);
 * - D1 (the paper's, per Reviewer 1): |obj(β) − obj(β̃)| ≤ τ for a reasonable stationary β̃;
 * - D2 (the usual one): dist(0, ∂obj(β)) ≤ ε. D2 does not imply D1 (variant C's drift path, derived here).
 */
import type { Field } from "../field/field.js";
import { l1Norm, pass, type NetworkParams, type PenalizedData, type Pass } from "./network.js";
import type { PenaltyVariant } from "./penalties.js";

/** dist(0, g + r·∂|t|)²: |g + r·sign t|² off zero, max(0, |g| − r)² at zero. */
function coordinateDistanceSquared<T>(F: Field<T>, gradient: T, value: T, r: T): T {
  const sign = F.sign(value);
  const d = sign === 0 ? F.positivePart(F.sub(F.abs(gradient), r)) : F.add(gradient, sign === 1 ? r : F.neg(r));
  return F.mul(d, d);
}

/**
 * dist(0, ∇ + N(Θ_j))² for variant A's row constraint ‖Θ_j‖₁ ≤ 1: Σ∇² inside the ball; on the
 * sphere min over μ ≥ 0 of h(μ) = Σ_{k∈S}(∇_k + μ s_k)² + Σ_{k∉S} max(0, |∇_k| − μ)², a convex
 * piecewise quadratic with breakpoints |∇_k| (k ∉ S), minimized segment by segment exactly.
 * Undefined outside the ball (infeasible). `sphereTolerance` (default 0, exact fields) counts rows with
 * |1 − ‖Θ_j‖₁| ≤ it as on the sphere: for float rows, the summation bound γ_d·‖Θ_j‖₁ of the computed
 * norm (Higham §3.1), see {@link floatSphereTolerance}.
 */
export function rowConeDistanceSquared<T>(F: Field<T>, gradient: readonly T[], row: readonly T[], sphereTolerance: T = F.zero): T | undefined {
  const gap = F.sub(F.one, l1Norm(F, row));
  const slack = F.sign(F.sub(F.abs(gap), sphereTolerance)) !== 1 ? 0 : F.sign(gap);
  if (slack === -1) return undefined;
  const plain = gradient.reduce((t, g) => F.add(t, F.mul(g, g)), F.zero);
  if (slack === 1) return plain;
  const h = (mu: T) =>
    gradient.reduce((total, g, k) => {
      const s = F.sign(row[k]);
      const term = s === 0 ? F.positivePart(F.sub(F.abs(g), mu)) : F.add(g, s === 1 ? mu : F.neg(mu));
      return F.add(total, F.mul(term, term));
    }, F.zero);
  const breakpoints = gradient.filter((_, k) => F.sign(row[k]) === 0).map((g) => F.abs(g));
  const points = [F.zero, ...breakpoints].sort((x, y) => F.sign(F.sub(x, y)) ?? 0);
  let best = h(F.zero);
  for (let index = 0; index < points.length; index++) {
    const lo = points[index];
    const hi = points[index + 1];
    // On (lo, hi) the open-ball terms are those with |∇_k| > lo; h′ = 0 at μ* below.
    let numerator = F.zero;
    let count = 0;
    gradient.forEach((g, k) => {
      const s = F.sign(row[k]);
      if (s === 0) {
        if (F.sign(F.sub(F.abs(g), lo)) === 1) {
          numerator = F.add(numerator, F.abs(g));
          count++;
        }
      } else {
        numerator = F.sub(numerator, s === 1 ? g : F.neg(g));
        count++;
      }
    });
    if (count === 0) continue;
    let mu = F.div(numerator, F.fromNumber(count));
    mu = F.max(mu, lo);
    if (hi !== undefined) mu = F.min(mu, hi);
    best = F.min(best, h(mu));
  }
  return best;
}

/** γ_d = d·u/(1 − d·u), u = 2⁻⁵³: the rounding bound of a float ℓ1 norm of d terms near 1. */
export function floatSphereTolerance(d: number): number {
  const u = 2 ** -53;
  return (d * u) / (1 - d * u);
}

export interface StationarityResidual<T> {
  /** dist(0, ∂_γ obj)² per output weight. */
  gamma: T[];
  /** dist(0, ∂_{Θ_j} obj)² per row (summed over the row; with the cone under A). */
  theta: T[];
  /** dist(0, ∂obj(β))², the D2 quantity squared; undefined when β is infeasible (A). */
  total: T | undefined;
  pass: Pass<T>;
}

/** dist(0, ∂obj(β))², coordinate by coordinate, at β. */
export function stationarityResidual<T>(F: Field<T>, data: PenalizedData<T>, variant: PenaltyVariant, r: T, params: NetworkParams<T>, sphereTolerance: T = F.zero): StationarityResidual<T> {
  const p = pass(F, data, params);
  const gamma = p.gradGamma.map((g, j) => coordinateDistanceSquared(F, g, params.gamma[j], r));
  let feasible = true;
  const theta = p.gradTheta.map((gradient, j) => {
    if (variant === "B") return gradient.reduce((t, g, k) => F.add(t, coordinateDistanceSquared(F, g, params.theta[j][k], r)), F.zero);
    if (variant === "C") return gradient.reduce((t, g) => F.add(t, F.mul(g, g)), F.zero);
    const cone = rowConeDistanceSquared(F, gradient, params.theta[j], sphereTolerance);
    if (cone === undefined) {
      feasible = false;
      return F.zero;
    }
    return cone;
  });
  const sumOf = (v: T[]) => v.reduce((t, x) => F.add(t, x), F.zero);
  return { gamma, theta, total: feasible ? F.add(sumOf(gamma), sumOf(theta)) : undefined, pass: p };
}

/** 0 ∈ ∂obj(β) exactly (in the field's arithmetic): every coordinate's distance is zero. */
export function isStationary<T>(F: Field<T>, data: PenalizedData<T>, variant: PenaltyVariant, r: T, params: NetworkParams<T>): boolean {
  const residual = stationarityResidual(F, data, variant, r, params);
  return residual.total !== undefined && F.sign(residual.total) === 0;
}

/**
 * The γ-KKT condition alone, (2/n)Zᵀe ∈ r·∂‖γ‖₁: the Lasso KKT in the fixed features Z = φ(XΘᵀ).
 * Every stationary point of every variant meets it; the Lasso-in-features identities and the
 * ReLU bound of taheri2025/theorem3-relu need only this.
 */
export function isGammaStationary<T>(F: Field<T>, data: PenalizedData<T>, r: T, params: NetworkParams<T>): boolean {
  const p = pass(F, data, params);
  return p.gradGamma.every((g, j) => F.sign(coordinateDistanceSquared(F, g, params.gamma[j], r)) === 0);
}

/** D2: dist(0, ∂obj(β)) ≤ ε, compared as squares (no root taken). */
export function isD2Approximate<T>(F: Field<T>, data: PenalizedData<T>, variant: PenaltyVariant, r: T, params: NetworkParams<T>, epsilon: T): boolean {
  const total = stationarityResidual(F, data, variant, r, params).total;
  return total !== undefined && F.sign(F.sub(F.mul(epsilon, epsilon), total)) !== -1;
}

/** D1 against a given stationary reference β̃: |obj(β) − obj(β̃)| ≤ τ (two-sided) or obj(β) ≤ obj(β̃) + τ (one-sided). */
export function isD1Approximate<T>(F: Field<T>, objectiveAt: T, objectiveAtReference: T, tau: T, oneSided = false): boolean {
  const gap = F.sub(objectiveAt, objectiveAtReference);
  return F.sign(F.sub(tau, oneSided ? gap : F.abs(gap))) !== -1;
}
