/**
 * Certified (ε_g, ε_H) of a point W of the quadratic network, for Theorem 2.2's condition (2.1)
 * ‖∇L(W)‖_F ≤ ε_g and ∇²L(W) ⪰ −ε_H·I: the smallest values the hypothesis allows, enclosed from
 * above in outward-rounded interval arithmetic at W's exact binary values, so that a bound built
 * from them is the theorem's bound at admissible (ε_g, ε_H) — never from a float estimate that
 * could fall below the true value and fake a failure.
 *
 * - L and ‖∇L‖²_F: the formulas of lib/quadratic.ts over the interval field.
 * - λ_min(∇²L): the full (k·d)×(k·d) Hessian over the interval field; interval Cholesky of
 *   ∇²L − s·I (src/certify/positiveDefinite.ts) proves λ_min > s for a shift s a little below the
 *   float estimate; Gershgorin's disc bound min_i (H_ii − Σ_{j≠i}|H_ij|) when no shift is proved.
 *   ε_H := max(0, −s).
 */
import { Decimal } from "decimal.js";
import { intervalField, type Interval, type IntervalField } from "../../../src/field/interval.js";
import { choleskyCertifiesAbove, floatSmallestEigen } from "../../../src/certify/positiveDefinite.js";
import { gradientOf, hessianMatrix, lossOf, sMatrix, type QuadraticProblem } from "./quadratic.js";

export interface SecondOrderEnclosure {
  loss: Interval;
  /** An upper bound on ‖∇L(W)‖_F. */
  epsilonG: Decimal;
  /** An upper bound on max(0, −λ_min(∇²L(W))). */
  epsilonH: Decimal;
  /** The float64 estimate of λ_min the shift was chosen from (reports only). */
  lambdaMinEstimate: number;
  /** "cholesky" when a shift was proved, "gershgorin" otherwise. */
  method: "cholesky" | "gershgorin";
}

/** Relative distances below the float estimate tried as Cholesky shifts, smallest first. */
const SHIFT_GAPS = [1e-12, 1e-9, 1e-6, 1e-3];

function overIntervals(I: IntervalField, P: QuadraticProblem<number>): QuadraticProblem<Interval> {
  return { X: P.X.map((x) => x.map((v) => I.fromNumber(v))), y: P.y.map((v) => I.fromNumber(v)), v: P.v.map((v) => I.fromNumber(v)), W: P.W.map((w) => w.map((v) => I.fromNumber(v))) };
}

/** A proved lower bound on λ_min(H): a Cholesky-certified shift, else Gershgorin's. */
function smallestEigenvalueBelow(I: IntervalField, H: Interval[][]): { lower: Decimal; estimate: number; method: SecondOrderEnclosure["method"] } {
  const estimate = floatSmallestEigen(H.map((row) => row.map((x) => I.toNumber(x)))).value;
  let scale = 0;
  for (const row of H) for (const x of row) scale = Math.max(scale, Math.abs(I.toNumber(x)));
  for (const gap of SHIFT_GAPS) {
    const shift = new Decimal(estimate - gap * Math.max(scale, Number.MIN_VALUE)).toSignificantDigits(12, Decimal.ROUND_FLOOR);
    if (choleskyCertifiesAbove(I, H, I.interval(shift, shift))) return { lower: shift, estimate, method: "cholesky" };
  }
  let lower = new Decimal(Infinity);
  H.forEach((row, i) => {
    let disc = row[i];
    row.forEach((x, j) => {
      if (j !== i) disc = I.sub(disc, I.abs(x));
    });
    lower = Decimal.min(lower, disc.lo);
  });
  return { lower, estimate, method: "gershgorin" };
}

export function secondOrderEnclosure(P: QuadraticProblem<number>, digits = 20): SecondOrderEnclosure {
  const I = intervalField({ digits });
  const Q = overIntervals(I, P);
  const S = sMatrix(I, Q);
  const gradientSquared = gradientOf(I, Q, S)
    .flat()
    .reduce((t, x) => I.add(t, I.mul(x, x)), I.zero);
  const { lower, estimate, method } = smallestEigenvalueBelow(I, hessianMatrix(I, Q, S));
  return {
    loss: lossOf(I, Q),
    epsilonG: I.sqrt(gradientSquared).hi,
    epsilonH: Decimal.max(0, lower.neg()),
    lambdaMinEstimate: estimate,
    method,
  };
}
