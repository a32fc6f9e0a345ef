/**
 * The Lasso in fixed features, solved exactly: minimize ‖y − Zγ‖²_n + r‖γ‖₁ over γ, in any field
 * (rationals for zero-tolerance work). This is the γ-KKT problem every stationary point solves
 * (Taheri, Xie & Lederer, arXiv:2205.04491), and the reference "global optimum" of variants A and B (derived here).
 *
 * Method: a float proximal-gradient run (proximalGradient.ts) proposes a support S and signs s;
 * the KKT equations on S, Z_SᵀZ_S γ_S = Z_Sᵀy − (n r/2)s_S, are solved in the field; then the
 * KKT conditions are verified exactly — sign(γ_S) = s_S and |(2/n)Z_kᵀe| ≤ r off S. A wrong sign
 * drops that coordinate, a violated bound adds one with the sign of its correlation, and the
 * solve repeats (an exact active-set method). When that does not settle within the iteration cap
 * and w is small, every support and sign pattern is enumerated. Returns undefined when no exact
 * solution was found (never an unverified one).
 */
import type { Field } from "../field/field.js";
import { solveLinearSystem } from "../dynamics/linearSolve.js";
import { matVec, transposeVec } from "./network.js";
import { proximalGradient } from "./proximalGradient.js";

export interface ExactLassoResult<T> {
  gamma: T[];
  support: number[];
  /** How it was found: the float-guided active set, or enumeration. */
  method: "active-set" | "enumeration";
}

const ACTIVE_SET_ITERATIONS = 50;
const MAX_ENUMERATION_WIDTH = 6;

/** Exact KKT check: (2/n)Zᵀ(y − Zγ) ∈ r·∂‖γ‖₁. Returns the first violating coordinate and its kind, or undefined. */
export function lassoKktViolation<T>(F: Field<T>, Z: readonly (readonly T[])[], y: readonly T[], r: T, gamma: readonly T[]): { k: number; kind: "sign" | "bound"; correlation: T } | undefined {
  const n = y.length;
  const fitted = matVec(F, Z, gamma);
  const residual = y.map((v, i) => F.sub(v, fitted[i]));
  const correlation = transposeVec(F, Z, residual).map((c) => F.div(F.mul(F.fromNumber(2), c), F.fromNumber(n)));
  for (let k = 0; k < gamma.length; k++) {
    const s = F.sign(gamma[k]);
    if (s === 0) {
      if (F.sign(F.sub(r, F.abs(correlation[k]))) === -1) return { k, kind: "bound", correlation: correlation[k] };
    } else if (F.sign(F.sub(correlation[k], s === 1 ? r : F.neg(r))) !== 0) {
      return { k, kind: "sign", correlation: correlation[k] };
    }
  }
  return undefined;
}

/** Solve the KKT equations on support S with signs s; undefined when Z_SᵀZ_S is singular or a sign comes out wrong. */
function solveOnSupport<T>(F: Field<T>, Z: readonly (readonly T[])[], y: readonly T[], r: T, support: readonly number[], signs: readonly (1 | -1)[]): T[] | undefined {
  const w = Z[0]?.length ?? 0;
  const gamma = new Array<T>(w).fill(F.zero);
  if (support.length === 0) return gamma;
  const columns = support.map((k) => Z.map((row) => row[k]));
  const gram = columns.map((a) => columns.map((b) => a.reduce((t, v, i) => F.add(t, F.mul(v, b[i])), F.zero)));
  const halfNr = F.div(F.mul(F.fromNumber(y.length), r), F.fromNumber(2));
  const rhs = columns.map((c, index) => F.sub(c.reduce((t, v, i) => F.add(t, F.mul(v, y[i])), F.zero), signs[index] === 1 ? halfNr : F.neg(halfNr)));
  const solution = solveLinearSystem(F, gram, rhs);
  if (!solution) return undefined;
  support.forEach((k, index) => (gamma[k] = solution[index]));
  return gamma;
}

/** The float Lasso solution in features Z (doubles of the field values). */
function floatGuess<T>(F: Field<T>, Z: readonly (readonly T[])[], y: readonly T[], r: T): number[] {
  const w = Z[0]?.length ?? 0;
  const Zf = Z.map((row) => row.map((v) => F.toNumber(v)));
  const result = proximalGradient(
    { X: Zf, y: y.map((v) => F.toNumber(v)), activation: { name: "identity" }, r: F.toNumber(r), variant: "C", fixedTheta: true },
    { gamma: new Array<number>(w).fill(0), theta: Array.from({ length: w }, (_, j) => Array.from({ length: w }, (_, k) => (j === k ? 1 : 0))) },
    { maxIterations: 20_000, tolerance: 1e-12 },
  );
  return result.params.gamma;
}

/** An exact Lasso solution in the features Z at tuning r (see the file comment). */
export function exactLasso<T>(F: Field<T>, Z: readonly (readonly T[])[], y: readonly T[], r: T, guess?: readonly number[]): ExactLassoResult<T> | undefined {
  const w = Z[0]?.length ?? 0;
  const start = guess ?? floatGuess(F, Z, y, r);
  const signOf = new Map<number, 1 | -1>();
  start.forEach((g, k) => {
    if (g !== 0) signOf.set(k, g > 0 ? 1 : -1);
  });
  const seen = new Set<string>();
  for (let iteration = 0; iteration < ACTIVE_SET_ITERATIONS; iteration++) {
    const support = [...signOf.keys()].sort((a, b) => a - b);
    const key = support.map((k) => `${k}:${signOf.get(k)}`).join(",");
    if (seen.has(key)) break;
    seen.add(key);
    const gamma = solveOnSupport(F, Z, y, r, support, support.map((k) => signOf.get(k)!));
    if (!gamma) {
      // Singular Gram matrix: drop the last support element and try again.
      signOf.delete(support[support.length - 1]);
      continue;
    }
    const wrong = support.find((k) => F.sign(gamma[k]) !== signOf.get(k));
    if (wrong !== undefined) {
      signOf.delete(wrong);
      continue;
    }
    const violation = lassoKktViolation(F, Z, y, r, gamma);
    if (!violation) return { gamma, support, method: "active-set" };
    signOf.set(violation.k, F.sign(violation.correlation) === 1 ? 1 : -1);
  }
  if (w > MAX_ENUMERATION_WIDTH) return undefined;
  return enumerate(F, Z, y, r, w);
}

function enumerate<T>(F: Field<T>, Z: readonly (readonly T[])[], y: readonly T[], r: T, w: number): ExactLassoResult<T> | undefined {
  const total = 3 ** w;
  for (let code = 0; code < total; code++) {
    const support: number[] = [];
    const signs: (1 | -1)[] = [];
    let rest = code;
    for (let k = 0; k < w; k++) {
      const digit = rest % 3;
      rest = Math.floor(rest / 3);
      if (digit > 0) {
        support.push(k);
        signs.push(digit === 1 ? 1 : -1);
      }
    }
    const gamma = solveOnSupport(F, Z, y, r, support, signs);
    if (!gamma) continue;
    if (support.some((k, index) => F.sign(gamma[k]) !== signs[index])) continue;
    if (!lassoKktViolation(F, Z, y, r, gamma)) return { gamma, support, method: "enumeration" };
  }
  return undefined;
}
