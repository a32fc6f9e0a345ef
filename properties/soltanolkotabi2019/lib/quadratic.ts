/**
 * The quadratic-activation landscape objects of Soltanolkotabi, Javanmard & Lee
 * (arXiv:1707.04926v3, Section 2), over any field — polynomials in the data, so exact in rationals.
 *
 * Model x ↦ vᵀφ(Wx) = xᵀWᵀD_vWx with φ(z) = z², v fixed; loss (eq. 1.4)
 * L(W) = (1/(2n))Σ_i (xᵢᵀMxᵢ − yᵢ)², M = WᵀD_vW. This is src/model's `quadratic` activation with
 * `standard` scaling and a = v, whose loss carries the same 1/(2n).
 *   r_i = xᵢᵀMxᵢ − yᵢ,  S = Σ_i r_i xᵢxᵢᵀ,  ∇L = (2/n)·D_v·W·S,
 *   vec(U)ᵀ∇²L vec(U) = (2/n)Σ_i r_i xᵢᵀUᵀD_vUxᵢ + (4/n)Σ_i (xᵢᵀWᵀD_vUxᵢ)²   (derived here; finite differences agree)
 * — 4/n on the second term; the paper's (6.4) misprints it as 2/n (as do (6.11), (6.19), (6.24)), not encoded.
 */
import { dot, type Field } from "../../../src/field/field.js";

export type Mat<T> = T[][];

export interface QuadraticProblem<T> {
  X: readonly (readonly T[])[];
  y: readonly T[];
  /** Fixed output weights v (the instance's `a`). */
  v: readonly T[];
  W: readonly (readonly T[])[];
}

const zeros = <T>(F: Field<T>, rows: number, cols: number): Mat<T> => Array.from({ length: rows }, () => new Array<T>(cols).fill(F.zero));

/** M = WᵀD_vW (d×d). */
export function gramOfWeights<T>(F: Field<T>, P: QuadraticProblem<T>): Mat<T> {
  const d = P.X[0].length;
  const M = zeros(F, d, d);
  P.W.forEach((w, p) => {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) M[a][b] = F.add(M[a][b], F.mul(P.v[p], F.mul(w[a], w[b])));
  });
  return M;
}

export function quadraticForm<T>(F: Field<T>, M: readonly (readonly T[])[], x: readonly T[]): T {
  let total = F.zero;
  for (let a = 0; a < x.length; a++) total = F.add(total, F.mul(x[a], dot(F, M[a], x)));
  return total;
}

/** r_i = xᵢᵀMxᵢ − yᵢ. */
export function residuals<T>(F: Field<T>, P: QuadraticProblem<T>): T[] {
  const M = gramOfWeights(F, P);
  return P.X.map((x, i) => F.sub(quadraticForm(F, M, x), P.y[i]));
}

export function lossOf<T>(F: Field<T>, P: QuadraticProblem<T>): T {
  const r = residuals(F, P);
  return F.div(dot(F, r, r), F.fromNumber(2 * P.X.length));
}

/** S = Σ r_i xᵢxᵢᵀ. */
export function sMatrix<T>(F: Field<T>, P: QuadraticProblem<T>, r: readonly T[] = residuals(F, P)): Mat<T> {
  const d = P.X[0].length;
  const S = zeros(F, d, d);
  P.X.forEach((x, i) => {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) S[a][b] = F.add(S[a][b], F.mul(r[i], F.mul(x[a], x[b])));
  });
  return S;
}

/** ∇L = (2/n)·D_v·W·S (k×d). */
export function gradientOf<T>(F: Field<T>, P: QuadraticProblem<T>, S: Mat<T> = sMatrix(F, P)): Mat<T> {
  const d = S.length;
  const scale = F.div(F.fromNumber(2), F.fromNumber(P.X.length));
  return P.W.map((w, p) => Array.from({ length: d }, (_, b) => F.mul(scale, F.mul(P.v[p], w.reduce((t, x, a) => F.add(t, F.mul(x, S[a][b])), F.zero)))));
}

/** vec(U)ᵀ∇²L vec(U) by the formula above (2/n and 4/n). */
export function hessianForm<T>(F: Field<T>, P: QuadraticProblem<T>, U: readonly (readonly T[])[], r: readonly T[] = residuals(F, P)): T {
  let first = F.zero;
  let second = F.zero;
  P.X.forEach((x, i) => {
    let uTerm = F.zero;
    let cross = F.zero;
    P.W.forEach((w, p) => {
      const ux = dot(F, U[p], x);
      uTerm = F.add(uTerm, F.mul(P.v[p], F.mul(ux, ux)));
      cross = F.add(cross, F.mul(P.v[p], F.mul(dot(F, w, x), ux)));
    });
    first = F.add(first, F.mul(r[i], uTerm));
    second = F.add(second, F.mul(cross, cross));
  });
  const n = F.fromNumber(P.X.length);
  return F.add(F.div(F.mul(F.fromNumber(2), first), n), F.div(F.mul(F.fromNumber(4), second), n));
}

/**
 * The full Hessian, (k·d)×(k·d), index p·d + coordinate: (2/n)v_p S on the diagonal blocks plus
 * (c/n)Σ_i v_p v_q (w_p·xᵢ)(w_q·xᵢ) xᵢxᵢᵀ with c = `crossCoefficient` — 4, the correct value;
 * tests pass 2 to show what the misprinted (6.4) would decide.
 */
export function hessianMatrix<T>(F: Field<T>, P: QuadraticProblem<T>, S: Mat<T> = sMatrix(F, P), crossCoefficient = 4): Mat<T> {
  const k = P.W.length;
  const d = S.length;
  const n = F.fromNumber(P.X.length);
  const H = zeros(F, k * d, k * d);
  const projections = P.X.map((x) => P.W.map((w) => dot(F, w, x)));
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          let second = F.zero;
          P.X.forEach((x, i) => {
            second = F.add(second, F.mul(F.mul(projections[i][p], projections[i][q]), F.mul(x[a], x[b])));
          });
          let entry = F.div(F.mul(F.fromNumber(crossCoefficient), F.mul(F.mul(P.v[p], P.v[q]), second)), n);
          if (p === q) entry = F.add(entry, F.div(F.mul(F.fromNumber(2), F.mul(P.v[p], S[a][b])), n));
          H[p * d + a][q * d + b] = entry;
        }
      }
    }
  }
  return H;
}

/** A nonzero null vector of the columns given (x with Σ_c x_c·column_c = 0), exactly; undefined when they are independent. */
export function nullVector<T>(F: Field<T>, columns: readonly (readonly T[])[]): T[] | undefined {
  const m = columns.length;
  if (m === 0) return undefined;
  const rowsCount = columns[0].length;
  // Row-reduce A (rowsCount × m) with A[:, c] = columns[c].
  const A = Array.from({ length: rowsCount }, (_, r) => columns.map((col) => col[r]));
  const pivotColumns: number[] = [];
  let row = 0;
  for (let c = 0; c < m && row < rowsCount; c++) {
    const pivot = A.findIndex((_, r) => r >= row && F.sign(A[r][c]) !== 0);
    if (pivot < 0) continue;
    [A[row], A[pivot]] = [A[pivot], A[row]];
    for (let r = 0; r < rowsCount; r++) {
      if (r === row || F.sign(A[r][c]) === 0) continue;
      const factor = F.div(A[r][c], A[row][c]);
      for (let q = c; q < m; q++) A[r][q] = F.sub(A[r][q], F.mul(factor, A[row][q]));
    }
    pivotColumns.push(c);
    row++;
  }
  const free = Array.from({ length: m }, (_, c) => c).find((c) => !pivotColumns.includes(c));
  if (free === undefined) return undefined;
  const x = new Array<T>(m).fill(F.zero);
  x[free] = F.one;
  pivotColumns.forEach((c, r) => {
    x[c] = F.neg(F.div(A[r][free], A[r][c]));
  });
  return x;
}

/** Rank of the rows given, exactly (Gaussian elimination). */
export function rankOf<T>(F: Field<T>, rows: readonly (readonly T[])[]): number {
  if (rows.length === 0) return 0;
  const A = rows.map((r) => [...r]);
  const cols = A[0].length;
  let rank = 0;
  for (let c = 0; c < cols && rank < A.length; c++) {
    const pivot = A.findIndex((_, r) => r >= rank && F.sign(A[r][c]) !== 0);
    if (pivot < 0) continue;
    [A[rank], A[pivot]] = [A[pivot], A[rank]];
    for (let r = rank + 1; r < A.length; r++) {
      if (F.sign(A[r][c]) === 0) continue;
      const factor = F.div(A[r][c], A[rank][c]);
      for (let q = c; q < cols; q++) A[r][q] = F.sub(A[r][q], F.mul(factor, A[rank][q]));
    }
    rank++;
  }
  return rank;
}

/**
 * Whether a symmetric matrix is positive semidefinite, exactly: LDLᵀ with diagonal pivoting
 * (largest remaining diagonal first). A negative pivot, or a zero pivot with a nonzero entry in
 * its row, proves it is not; all pivots ≥ 0 otherwise proves it is.
 */
export function isPositiveSemidefinite<T>(F: Field<T>, H: readonly (readonly T[])[]): boolean {
  let A = H.map((r) => [...r]);
  while (A.length > 0) {
    let best = 0;
    for (let i = 1; i < A.length; i++) if (F.toNumber(A[i][i]) > F.toNumber(A[best][best])) best = i;
    const pivot = A[best][best];
    const sign = F.sign(pivot);
    if (sign === -1) return false;
    if (sign === 0) {
      // Every diagonal is ≤ 0 here (and none negative), so all are 0: PSD only if A = 0.
      return A.every((row) => row.every((x) => F.sign(x) === 0));
    }
    const next: T[][] = [];
    for (let i = 0; i < A.length; i++) {
      if (i === best) continue;
      const factor = F.div(A[i][best], pivot);
      const row: T[] = [];
      for (let j = 0; j < A.length; j++) if (j !== best) row.push(F.sub(A[i][j], F.mul(factor, A[best][j])));
      next.push(row);
    }
    A = next;
  }
  return true;
}
