/**
 * Certified bounds on the smallest eigenvalue of a symmetric matrix given entrywise as intervals
 * (each entry an enclosure of the exact entry of one symmetric matrix H).
 *
 * Lower bound: interval Cholesky of H − λI. If the symmetric Cholesky recursion (only the lower
 * triangle is read) runs with every pivot certainly > 0, then every symmetric matrix whose lower
 * triangle lies in the interval entries has a Cholesky factor inside the computed intervals and
 * is positive definite (Alefeld & Mayer 1993, "The Cholesky method for interval data"); in
 * particular H − λI ≻ 0, i.e. λ_min(H) > λ. The shift λ is an exact decimal chosen from a float
 * eigenvalue estimate (below the estimate, so the factorization has room for the widths).
 *
 * Upper bound: the Rayleigh quotient xᵀHx/xᵀx at any nonzero exact vector x is ≥ λ_min(H), so
 * its interval's upper end is a certified upper bound (x = the float eigenvector).
 */
import { Decimal } from "decimal.js";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { Interval, IntervalField } from "../field/interval.js";

/** Whether H − shift·I is certainly positive definite, by interval Cholesky (lower triangle). */
export function choleskyCertifiesAbove(I: IntervalField, H: readonly (readonly Interval[])[], shift: Interval): boolean {
  const m = H.length;
  const L: Interval[][] = Array.from({ length: m }, () => new Array<Interval>(m));
  for (let j = 0; j < m; j++) {
    let pivot = I.sub(H[j][j], shift);
    for (let k = 0; k < j; k++) pivot = I.sub(pivot, I.mul(L[j][k], L[j][k]));
    if (I.sign(pivot) !== 1) return false;
    const root = I.sqrt(pivot);
    L[j][j] = root;
    for (let i = j + 1; i < m; i++) {
      let entry = H[i][j];
      for (let k = 0; k < j; k++) entry = I.sub(entry, I.mul(L[i][k], L[j][k]));
      L[i][j] = I.div(entry, root);
    }
  }
  return true;
}

export interface FloatEigen {
  /** Smallest eigenvalue of the midpoint matrix, in float64. */
  value: number;
  /** A unit eigenvector for it. */
  vector: number[];
}

/** λ_min and its eigenvector of the (symmetrized) midpoint matrix, in float64: an estimate only. */
export function floatSmallestEigen(H: readonly (readonly number[])[]): FloatEigen {
  const m = H.length;
  const symmetric = new Matrix(Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, c) => (H[r][c] + H[c][r]) / 2)));
  const eig = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return { value: values[best], vector: eig.eigenvectorMatrix.getColumn(best) };
}

/** Enclosure of xᵀHx / xᵀx at the exact binary values of x; its upper end bounds λ_min(H) from above. */
function rayleighQuotient(I: IntervalField, H: readonly (readonly Interval[])[], x: readonly number[]): Interval {
  const v = x.map((value) => I.fromNumber(value));
  let numerator = I.zero;
  for (let r = 0; r < v.length; r++) {
    let row = I.zero;
    for (let c = 0; c < v.length; c++) row = I.add(row, I.mul(H[r][c], v[c]));
    numerator = I.add(numerator, I.mul(v[r], row));
  }
  const denominator = v.reduce((total, value) => I.add(total, I.mul(value, value)), I.zero);
  return I.div(numerator, denominator);
}

export interface EigenvalueEnclosure {
  /** Certified λ_min(H) > lo (undefined when no shift could be certified). */
  lo: Decimal | undefined;
  /** Certified λ_min(H) ≤ hi (Rayleigh quotient). */
  hi: Decimal;
  /** The float64 estimate the shift was chosen from. */
  estimate: number;
}

/**
 * Tries the shifts λ = f·estimate for f in `fractions` (largest first, each rounded to 6
 * significant digits toward 0) until interval Cholesky certifies H − λI ≻ 0. With a non-positive
 * estimate nothing is tried: the matrix is (as far as float64 can tell) not positive definite.
 */
export function smallestEigenvalueEnclosure(
  I: IntervalField,
  H: readonly (readonly Interval[])[],
  fractions: readonly number[] = [0.99, 0.9, 0.5, 0.1],
): EigenvalueEnclosure {
  const midpoint = H.map((row) => row.map((x) => I.toNumber(x)));
  const eigen = floatSmallestEigen(midpoint);
  const hi = rayleighQuotient(I, H, eigen.vector).hi;
  let lo: Decimal | undefined;
  if (eigen.value > 0) {
    for (const fraction of fractions) {
      const shift = new Decimal(fraction * eigen.value).toSignificantDigits(6, Decimal.ROUND_DOWN);
      if (choleskyCertifiesAbove(I, H, I.interval(shift, shift))) {
        lo = shift;
        break;
      }
    }
  }
  return { lo, hi, estimate: eigen.value };
}
