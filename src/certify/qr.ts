/**
 * The orthogonal factor of a small dense matrix, and an interval enclosure of its inverse: what
 * a Lohner set (lohner.ts) needs to re-orthogonalise its basis at every step.
 *
 * The factor Q comes from ml-matrix's Householder QR in float64 and is then taken as exact — its
 * entries enter the interval field as exact point values. It is orthogonal only to ~1e-16, and
 * nothing depends on more: a Lohner set is sound for any invertible basis B as long as B⁻¹ is
 * enclosed. The enclosure is proved here: with E = QᵀQ − I enclosed in interval arithmetic and
 * ε ≥ ‖E‖_∞ < 1, Q⁻¹ = (I + E)⁻¹Qᵀ = Qᵀ + MQᵀ with ‖M‖_∞ ≤ ε/(1 − ε) =: τ (Neumann series), so
 * |(Q⁻¹ − Qᵀ)_ij| = |Σ_k M_ik Q_jk| ≤ τ·max_k |Q_jk|. Each entry of Qᵀ is widened by that.
 */
import { Decimal } from "decimal.js";
import { Matrix, QrDecomposition } from "ml-matrix";
import type { Interval, IntervalField } from "../field/interval.js";

/**
 * An orthogonal Q (float64, as exact point intervals) whose first columns span the dominant
 * columns of A: the columns are ordered by `weights` (largest first; Lohner's choice is the
 * column norm times the width of the coordinate it multiplies) before the QR, so the directions
 * in which the set is longest are represented most faithfully.
 */
export function orthogonalFactor(F: IntervalField, A: readonly (readonly number[])[], weights: readonly number[]): Interval[][] {
  const m = A.length;
  const columnNorm = (j: number) => Math.hypot(...A.map((row) => row[j]));
  const order = Array.from({ length: m }, (_, j) => j).sort((i, j) => columnNorm(j) * weights[j] - columnNorm(i) * weights[i]);
  const ordered = new Matrix(A.map((row) => order.map((j) => row[j])));
  const Q = new QrDecomposition(ordered).orthogonalMatrix;
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => F.fromNumber(Q.get(i, j))));
}

/** An interval matrix containing B⁻¹ for a nearly orthogonal point matrix B (see the file comment); undefined when ‖BᵀB − I‖_∞ ≥ 1/2. */
export function nearlyOrthogonalInverse(F: IntervalField, B: readonly (readonly Interval[])[]): Interval[][] | undefined {
  const m = B.length;
  let epsilon = new Decimal(0);
  for (let i = 0; i < m; i++) {
    let rowSum = F.zero;
    for (let j = 0; j < m; j++) {
      let entry = i === j ? F.neg(F.one) : F.zero;
      for (let k = 0; k < m; k++) entry = F.add(entry, F.mul(B[k][i], B[k][j]));
      rowSum = F.add(rowSum, F.abs(entry));
    }
    if (rowSum.hi.gt(epsilon)) epsilon = rowSum.hi;
  }
  if (epsilon.gte(0.5)) return undefined;
  const tau = F.div(F.interval(epsilon, epsilon), F.sub(F.one, F.interval(epsilon, epsilon))).hi;
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      const largest = B[j].reduce((most, q) => Decimal.max(most, F.abs(q).hi), new Decimal(0));
      const spread = F.mul(F.interval(tau, tau), F.interval(largest, largest)).hi;
      return F.add(B[j][i], F.interval(spread.neg(), spread));
    }),
  );
}

/** Interval matrix product. */
export function matrixProduct(F: IntervalField, A: readonly (readonly Interval[])[], B: readonly (readonly Interval[])[]): Interval[][] {
  const inner = B.length;
  const columns = B[0].length;
  return A.map((row) =>
    Array.from({ length: columns }, (_, j) => {
      let total = F.zero;
      for (let k = 0; k < inner; k++) total = F.add(total, F.mul(row[k], B[k][j]));
      return total;
    }),
  );
}

/** Interval matrix times interval vector. */
export function matrixVector(F: IntervalField, A: readonly (readonly Interval[])[], x: readonly Interval[]): Interval[] {
  return A.map((row) => row.reduce((total, entry, k) => F.add(total, F.mul(entry, x[k])), F.zero));
}
