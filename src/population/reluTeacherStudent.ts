/**
 * The Gaussian population loss of a ReLU student against a ReLU teacher, in closed form, over any
 * {@link Field} (Safran & Shamir 2018; Safran & Shamir, arXiv:1712.08968):
 *
 *   F(W) = ½·E_{x~N(0,I_d)}[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨v_j,x⟩))²]
 *        = ½Σ_{i,i′} f(w_i,w_{i′}) − Σ_{i,j} f(w_i,v_j) + ½Σ_{j,j′} f(v_j,v_{j′}),
 *
 *   f(w,v) = E[relu(⟨w,x⟩)·relu(⟨v,x⟩)] = (1/2π)·(‖w‖‖v‖ sin θ + (π − θ)⟨w,v⟩),  θ = ∠(w,v).
 *
 * W holds the k student rows, V the n teacher rows (both of length d); all output weights are 1.
 * The formulas are written with ‖w‖‖v‖ sin θ = √(‖w‖²‖v‖² − ⟨w,v⟩²) (the Gram determinant), so
 * only +, −, ×, ÷, √, arccos and π are used and the code runs unchanged over float64, decimal.js
 * at any precision, or an outward-rounded interval field. Nothing branches on a comparison of
 * field values except through `F.sign`, and the cosine handed to arccos is clamped to [−1, 1]
 * with `F.min`/`F.max` (rounding can push it a hair outside).
 *
 * Where F is not smooth (documented behaviour; an interval field whose `sign` answers
 * `undefined` gets the same errors, since it cannot exclude the bad case):
 * - a student row w_i = 0: F is continuous there (every f(0,·) = 0, and the loss is computed),
 *   but not differentiable in w_i (f(·,u) is positively 1-homogeneous, not linear), so
 *   {@link populationGradient} and {@link populationHessian} throw a RangeError naming the row.
 *   A zero row as the *other* argument of a pair contributes 0, which is its limit.
 * - w_i ∥ w_j, or w_i ∥ v_j (θ ∈ {0, π}): F is C¹ there (the gradient is computed), but its
 *   second derivative has a 1/sin θ singularity, so {@link populationHessian} throws. This
 *   includes the global minimum W = V.
 * - a zero teacher row contributes 0 everywhere.
 *
 * The Hessian is Safran & Shamir's (arXiv:1712.08968; their code's Hessian.m), checked here against
 * finite differences in high-precision decimal arithmetic (test/population/).
 */
import type { Field } from "../field/field.js";
import { dot, squaredNorm } from "../field/field.js";

export type Matrix<T> = readonly (readonly T[])[];

/** What a pair (w, v) of nonzero vectors needs: norms, inner product, angle and the Gram root. */
interface PairGeometry<T> {
  normW: T;
  normV: T;
  inner: T;
  /** cos θ, clamped to [−1, 1]. */
  cosine: T;
  /** θ = arccos(cos θ) ∈ [0, π]. */
  angle: T;
  /** √(‖w‖²‖v‖² − ⟨w,v⟩²) = ‖w‖‖v‖ sin θ ≥ 0. */
  gramRoot: T;
}

/** Whether a vector with this squared norm is zero; throws when the field cannot decide. */
function isZeroVector<T>(F: Field<T>, squared: T, what: string): boolean {
  const sign = F.sign(squared);
  if (sign === undefined) throw new RangeError(`${what}: cannot decide whether the vector is zero`);
  return sign === 0;
}

/**
 * ‖w‖²‖v‖² − ⟨w,v⟩² by Lagrange's identity, Σ_{a<b}(w_a v_b − w_b v_a)²: a sum of squares, so
 * it keeps full relative accuracy for nearly parallel vectors, where the difference of the two
 * products would cancel and leave only √u of accuracy in sin θ.
 */
function gramDeterminant<T>(F: Field<T>, w: readonly T[], v: readonly T[]): T {
  let total = F.zero;
  for (let a = 0; a < w.length; a++) {
    for (let b = a + 1; b < w.length; b++) {
      const minor = F.sub(F.mul(w[a], v[b]), F.mul(w[b], v[a]));
      total = F.add(total, F.mul(minor, minor));
    }
  }
  return total;
}

/**
 * θ = ∠(w,v) ∈ [0, π]. arccos is ill-conditioned near ±1, so where |cos θ| > sin θ the angle is
 * taken from the sine instead: θ = π/2 ∓ arccos(sin θ) (arcsin(s) = π/2 − arccos(s)), with the
 * sign of ⟨w,v⟩. When the field cannot decide which of |cos θ|, sin θ is larger, both are near
 * 1/√2 and arccos(cos θ) is well-conditioned.
 */
function angleBetween<T>(F: Field<T>, cosine: T, sine: T): T {
  if (F.sign(F.sub(F.abs(cosine), sine)) === 1) {
    const fromSine = F.acos(F.min(F.one, sine));
    const halfPi = F.div(F.pi, F.fromNumber(2));
    const side = F.sign(cosine);
    if (side === 1) return F.sub(halfPi, fromSine);
    if (side === -1) return F.add(halfPi, fromSine);
  }
  return F.acos(cosine);
}

function pairGeometry<T>(F: Field<T>, w: readonly T[], v: readonly T[], normW: T, normV: T): PairGeometry<T> {
  const inner = dot(F, w, v);
  const normProduct = F.mul(normW, normV);
  const cosine = F.max(F.neg(F.one), F.min(F.one, F.div(inner, normProduct)));
  const gramRoot = F.sqrt(gramDeterminant(F, w, v));
  const sine = F.div(gramRoot, normProduct);
  return { normW, normV, inner, cosine, angle: angleBetween(F, cosine, sine), gramRoot };
}

/** Precomputed ‖·‖² and ‖·‖ of each row. */
interface Rows<T> {
  rows: Matrix<T>;
  squared: T[];
  norms: T[];
}

function withNorms<T>(F: Field<T>, rows: Matrix<T>): Rows<T> {
  const squared = rows.map((row) => squaredNorm(F, row));
  return { rows, squared, norms: squared.map((s) => F.sqrt(s)) };
}

function checkShapes<T>(W: Matrix<T>, V: Matrix<T>): number {
  if (W.length === 0) throw new RangeError("W must have at least one student row");
  const d = W[0].length;
  for (const [name, M] of [["W", W], ["V", V]] as const) {
    M.forEach((row, i) => {
      if (row.length !== d) throw new RangeError(`${name}[${i}] has ${row.length} entries, expected d = ${d}`);
    });
  }
  return d;
}

/** f(w,v)·2π, or 0 when either vector is zero (its limit). */
function kernelTimesTwoPi<T>(F: Field<T>, a: Rows<T>, i: number, b: Rows<T>, j: number): T {
  if (isZeroVector(F, a.squared[i], "kernel") || isZeroVector(F, b.squared[j], "kernel")) return F.zero;
  const g = pairGeometry(F, a.rows[i], b.rows[j], a.norms[i], b.norms[j]);
  return F.add(g.gramRoot, F.mul(F.sub(F.pi, g.angle), g.inner));
}

/** f(w,v) = E[relu(⟨w,x⟩)·relu(⟨v,x⟩)] for x ~ N(0, I): the arc-cosine kernel of degree 1 (halved). */
export function reluKernel<T>(F: Field<T>, w: readonly T[], v: readonly T[]): T {
  const a = withNorms(F, [w]);
  const b = withNorms(F, [v]);
  return F.div(kernelTimesTwoPi(F, a, 0, b, 0), F.mul(F.fromNumber(2), F.pi));
}

/** ½Σ_{j,j′} f(v_j, v_{j′}): the loss of the zero student, a constant of the teacher. */
export function teacherEnergy<T>(F: Field<T>, V: Matrix<T>): T {
  const t = withNorms(F, V);
  let total = F.zero;
  for (let j = 0; j < V.length; j++) {
    for (let jj = 0; jj < V.length; jj++) total = F.add(total, kernelTimesTwoPi(F, t, j, t, jj));
  }
  return F.div(total, F.mul(F.fromNumber(4), F.pi));
}

/** F(W) = ½E[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨v_j,x⟩))²], x ~ N(0, I_d). W: k×d student, V: n×d teacher. */
export function populationLoss<T>(F: Field<T>, W: Matrix<T>, V: Matrix<T>): T {
  checkShapes(W, V);
  const s = withNorms(F, W);
  const t = withNorms(F, V);
  // 2π·F = ½Σ_{i,i′} 2πf(w_i,w_{i′}) − Σ_{i,j} 2πf(w_i,v_j) + ½Σ_{j,j′} 2πf(v_j,v_{j′}); the
  // diagonal 2πf(w,w) = π‖w‖² is added in closed form (no arccos of a rounded 1).
  let half = F.zero;
  for (const [rows, count] of [[s, W.length], [t, V.length]] as const) {
    for (let i = 0; i < count; i++) {
      half = F.add(half, F.mul(F.pi, rows.squared[i]));
      for (let ii = i + 1; ii < count; ii++) half = F.add(half, F.mul(F.fromNumber(2), kernelTimesTwoPi(F, rows, i, rows, ii)));
    }
  }
  let cross = F.zero;
  for (let i = 0; i < W.length; i++) {
    for (let j = 0; j < V.length; j++) cross = F.add(cross, kernelTimesTwoPi(F, s, i, t, j));
  }
  const twoPiLoss = F.sub(F.div(half, F.fromNumber(2)), cross);
  return F.div(twoPiLoss, F.mul(F.fromNumber(2), F.pi));
}

/**
 * 2π·∂f(w,u)/∂w = (‖w‖‖u‖ sin θ/‖w‖²)·w + (π − θ)·u, added (times `sign`) into `out`.
 * w must be nonzero; a zero u adds nothing.
 */
function addKernelGradient<T>(F: Field<T>, out: T[], a: Rows<T>, i: number, b: Rows<T>, j: number, sign: 1 | -1): void {
  if (isZeroVector(F, b.squared[j], "gradient")) return;
  const w = a.rows[i];
  const u = b.rows[j];
  const g = pairGeometry(F, w, u, a.norms[i], b.norms[j]);
  const alongW = F.div(g.gramRoot, a.squared[i]);
  const alongU = F.sub(F.pi, g.angle);
  for (let c = 0; c < w.length; c++) {
    const term = F.add(F.mul(alongW, w[c]), F.mul(alongU, u[c]));
    out[c] = sign === 1 ? F.add(out[c], term) : F.sub(out[c], term);
  }
}

function requireNonzeroStudents<T>(F: Field<T>, s: Rows<T>, what: string): void {
  s.squared.forEach((sq, i) => {
    const sign = F.sign(sq);
    if (sign === undefined) throw new RangeError(`${what}: cannot decide whether student row w_${i} is zero`);
    if (sign === 0) throw new RangeError(`${what}: F is not differentiable at student row w_${i} = 0`);
  });
}

/** ∇F, k×d: ∂F/∂w_i = ½w_i + Σ_{j≠i} ∂₁f(w_i,w_j) − Σ_j ∂₁f(w_i,v_j). Throws if some w_i = 0. */
export function populationGradient<T>(F: Field<T>, W: Matrix<T>, V: Matrix<T>): T[][] {
  const d = checkShapes(W, V);
  const s = withNorms(F, W);
  const t = withNorms(F, V);
  requireNonzeroStudents(F, s, "populationGradient");
  const twoPi = F.mul(F.fromNumber(2), F.pi);
  return W.map((w, i) => {
    const acc: T[] = new Array<T>(d).fill(F.zero);
    for (let j = 0; j < W.length; j++) if (j !== i) addKernelGradient(F, acc, s, i, s, j, 1);
    for (let j = 0; j < V.length; j++) addKernelGradient(F, acc, s, i, t, j, -1);
    return acc.map((value, c) => F.add(F.div(w[c], F.fromNumber(2)), F.div(value, twoPi)));
  });
}

/** Unit vectors, cosine and sine of a nonzero, non-parallel pair; throws at sin θ = 0. */
function hessianGeometry<T>(F: Field<T>, a: Rows<T>, i: number, b: Rows<T>, j: number, what: string) {
  const g = pairGeometry(F, a.rows[i], b.rows[j], a.norms[i], b.norms[j]);
  const sign = F.sign(g.gramRoot);
  if (sign === undefined) throw new RangeError(`${what}: cannot decide whether the pair is parallel`);
  if (sign === 0) throw new RangeError(`${what}: F is not twice differentiable where the pair is parallel (sin θ = 0)`);
  const unitW = a.rows[i].map((x) => F.div(x, g.normW));
  const unitU = b.rows[j].map((x) => F.div(x, g.normV));
  const sine = F.div(g.gramRoot, F.mul(g.normW, g.normV));
  return { ...g, unitW, unitU, sine };
}

/**
 * 2π·∂²f(w,u)/∂w² = (‖u‖/(sin θ‖w‖))·[sin²θ(I − w̄w̄ᵀ) + (cos θ w̄ − ū)(cos θ w̄ − ū)ᵀ], added
 * (times `sign`) into the d×d block of `H` at (offset, offset). A zero u adds nothing.
 */
function addSelfBlock<T>(F: Field<T>, H: T[][], offset: number, a: Rows<T>, i: number, b: Rows<T>, j: number, sign: 1 | -1): void {
  if (isZeroVector(F, b.squared[j], "Hessian")) return;
  const g = hessianGeometry(F, a, i, b, j, `populationHessian (w_${i} and a ${a === b ? "student" : "teacher"} row ${j})`);
  const d = g.unitW.length;
  const scale = F.div(g.normV, F.mul(g.sine, g.normW));
  const sine2 = F.mul(g.sine, g.sine);
  const e = g.unitW.map((x, c) => F.sub(F.mul(g.cosine, x), g.unitU[c]));
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      const identity = r === c ? F.one : F.zero;
      const inner = F.add(F.mul(sine2, F.sub(identity, F.mul(g.unitW[r], g.unitW[c]))), F.mul(e[r], e[c]));
      const term = F.mul(scale, inner);
      H[offset + r][offset + c] = sign === 1 ? F.add(H[offset + r][offset + c], term) : F.sub(H[offset + r][offset + c], term);
    }
  }
}

/** 2π·∂²f(w,u)/∂w∂u = (π − θ)I + (1/sin θ)[(w̄ + ū)(w̄ + ū)ᵀ − (1 + cos θ)(w̄w̄ᵀ + ūūᵀ)]. */
function crossBlock<T>(F: Field<T>, s: Rows<T>, i: number, j: number): T[][] {
  const g = hessianGeometry(F, s, i, s, j, `populationHessian (w_${i} and w_${j})`);
  const d = g.unitW.length;
  const plus = g.unitW.map((x, c) => F.add(x, g.unitU[c]));
  const onePlusCos = F.add(F.one, g.cosine);
  const piMinus = F.sub(F.pi, g.angle);
  const block: T[][] = [];
  for (let r = 0; r < d; r++) {
    const row: T[] = [];
    for (let c = 0; c < d; c++) {
      const outer = F.sub(
        F.mul(plus[r], plus[c]),
        F.mul(onePlusCos, F.add(F.mul(g.unitW[r], g.unitW[c]), F.mul(g.unitU[r], g.unitU[c]))),
      );
      const term = F.div(outer, g.sine);
      row.push(r === c ? F.add(piMinus, term) : term);
    }
    block.push(row);
  }
  return block;
}

/**
 * ∇²F, (k·d)×(k·d), row/column index i·d + coordinate. Diagonal blocks
 * ½I + Σ_{j≠i} ∂₁₁f(w_i,w_j) − Σ_j ∂₁₁f(w_i,v_j); off-diagonal blocks ∂₁₂f(w_i,w_j).
 * Throws where F is not twice differentiable (a zero student row, or a parallel pair).
 */
export function populationHessian<T>(F: Field<T>, W: Matrix<T>, V: Matrix<T>): T[][] {
  const d = checkShapes(W, V);
  const k = W.length;
  const s = withNorms(F, W);
  const t = withNorms(F, V);
  requireNonzeroStudents(F, s, "populationHessian");
  const H: T[][] = Array.from({ length: k * d }, () => new Array<T>(k * d).fill(F.zero));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) if (j !== i) addSelfBlock(F, H, i * d, s, i, s, j, 1);
    for (let j = 0; j < V.length; j++) addSelfBlock(F, H, i * d, s, i, t, j, -1);
    for (let j = i + 1; j < k; j++) {
      const block = crossBlock(F, s, i, j);
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          H[i * d + r][j * d + c] = block[r][c];
          H[j * d + c][i * d + r] = block[r][c];
        }
      }
    }
  }
  const twoPi = F.mul(F.fromNumber(2), F.pi);
  const half = F.div(F.one, F.fromNumber(2));
  return H.map((row, r) => row.map((value, c) => (r === c ? F.add(half, F.div(value, twoPi)) : F.div(value, twoPi))));
}
