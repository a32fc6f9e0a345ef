/**
 * The float fast path of the dana2025 entries at Theorem 1's sizes (n up to 64, d up to n²): the
 * quantities an entry or an assumption needs, computed in double from a candidate whose numbers are
 * all doubles, each with a rigorous bound on its distance from the exact value (Higham's a-priori
 * bounds: a length-m dot product is within γ_m·Σ|terms| of the exact one). A caller decides a sign
 * from them only when the value is further from 0 than its bound; otherwise (a near-tie) it falls
 * back to the exact decimal path. Exact arithmetic at these sizes costs n²·d ≈ 10⁷ decimal operations
 * per candidate, the float path ~10⁷ double operations, the Gram matrix and the pre-activations
 * (with their magnitudes) on the fast kernels (lib/floatOnKernels.ts).
 *
 * Results are cached per instance file (a WeakMap), since the runner decides every assumption and
 * then evaluates the same candidate.
 */
import { gamma } from "../../../src/field/errorBound.js";
import { absolute, boundedProducts, flatRows } from "./floatOnKernels.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import type { Candidate } from "../../../src/check/property.js";

/** A double and a bound on its distance from the exact value. */
export interface Bounded {
  value: number;
  error: number;
}

export interface FloatFacts {
  n: number;
  d: number;
  p: number;
  /** X row-major n×d, W row-major p×d, a, y as doubles (exactly the file's numbers). */
  X: Float64Array;
  W: Float64Array;
  a: Float64Array;
  y: Float64Array;
  /** Gram matrix G_ik = ⟨x_i, x_k⟩ (n×n) and its a-priori error bounds. */
  gram: Float64Array;
  gramError: Float64Array;
  /** Pre-activations z_ij = ⟨w_j, x_i⟩ (n×p, row i) and their error bounds. */
  z: Float64Array;
  zError: Float64Array;
}

const cache = new WeakMap<InstanceFile, FloatFacts | null>();

/** Every number of the file is a JS number (a double): the float path is exact on its inputs. */
function allDoubles(file: InstanceFile): boolean {
  const rowsOk = (rows: readonly (readonly unknown[])[]) => rows.every((row) => row.every((v) => typeof v === "number"));
  return rowsOk(file.data.X) && rowsOk(file.params.W) && file.data.y.every((v) => typeof v === "number") && file.params.a.every((v) => typeof v === "number");
}

/** The float facts of a candidate whose numbers are all doubles; undefined otherwise (use the exact path). */
export function floatFacts(candidate: Candidate): FloatFacts | undefined {
  const file = candidate.file;
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  if (!allDoubles(file)) {
    cache.set(file, null);
    return undefined;
  }
  const n = file.data.X.length;
  const d = file.data.X[0].length;
  const p = file.params.a.length;
  const X = flatRows(file.data.X as number[][], d);
  const W = flatRows(file.params.W as number[][], d);
  const absX = absolute(X);
  const gram = boundedProducts(X, n, X, n, d, absX);
  const z = boundedProducts(X, n, W, p, d, absX);
  const facts: FloatFacts = {
    n,
    d,
    p,
    X,
    W,
    a: Float64Array.from(file.params.a as number[]),
    y: Float64Array.from(file.data.y as number[]),
    gram: gram.value,
    gramError: gram.error,
    z: z.value,
    zError: z.error,
  };
  cache.set(file, facts);
  return facts;
}

/** a ≤ b decided from bounded doubles: true/false when the gap exceeds the bounds, undefined at a near-tie. */
export function decideAtMost(a: Bounded, b: Bounded): boolean | undefined {
  const gap = b.value - a.value;
  // The subtraction itself rounds by ≤ u·|gap|; 2u keeps the comparison on the safe side.
  const allowance = (a.error + b.error) * (1 + 2 ** -50) + 2 ** -52 * Math.abs(gap);
  if (gap > allowance) return true;
  if (gap < -allowance) return false;
  return undefined;
}

/** ρ = max_{i≠k}|G_ik| with a bound; 0 for n = 1. */
export function boundedMaxCorrelation(facts: FloatFacts): Bounded {
  let value = 0;
  let error = 0;
  for (let i = 0; i < facts.n; i++) {
    for (let k = i + 1; k < facts.n; k++) {
      const entry = Math.abs(facts.gram[i * facts.n + k]);
      // max is exact on doubles; the bound of a max is the largest bound.
      value = Math.max(value, entry);
      error = Math.max(error, facts.gramError[i * facts.n + k]);
    }
  }
  return { value, error };
}

/** min_i ‖x_i‖² with a bound. */
export function boundedMinSquaredNorm(facts: FloatFacts): Bounded {
  let value = Infinity;
  let error = 0;
  for (let i = 0; i < facts.n; i++) {
    value = Math.min(value, facts.gram[i * facts.n + i]);
    error = Math.max(error, facts.gramError[i * facts.n + i]);
  }
  return { value, error };
}

/**
 * The Assumption-2 encoding (n−1)·ρ ≤ κ·min_i‖x_i‖² decided in float, undefined at a near-tie. The
 * products by n−1 and κ round once each (≤ u relative), charged to the bounds.
 */
export function floatAssumption2(facts: FloatFacts, kappa: number): boolean | undefined {
  const rho = boundedMaxCorrelation(facts);
  const norm = boundedMinSquaredNorm(facts);
  const u = 2 ** -53;
  const left = (facts.n - 1) * rho.value;
  const right = kappa * norm.value;
  return decideAtMost(
    { value: left, error: (facts.n - 1) * rho.error + u * Math.abs(left) },
    { value: right, error: kappa * norm.error + u * Math.abs(right) },
  );
}

/** Assumption 1 (weak), |a_j| ≥ ‖w_j‖ ⇔ a_j² − ‖w_j‖² ≥ 0, decided in float, undefined at a near-tie. */
export function floatAssumption1Weak(facts: FloatFacts): boolean | undefined {
  const { p, d, W, a } = facts;
  let result: boolean | undefined = true;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += W[j * d + k] * W[j * d + k];
    const square = a[j] * a[j];
    // d + 1 non-negative terms in all: γ_{d+1} of their sum bounds both roundings.
    const decided = decideAtMost({ value: s, error: gamma(d + 1) * s }, { value: square, error: gamma(1) * square });
    if (decided === false) return false;
    if (decided === undefined) result = undefined;
  }
  return result;
}

/** Every ‖x_i‖² > 0 and y_i ≠ 0 (data-bounds without settings), undefined when a norm is within its bound of 0. */
export function floatDataNonzero(facts: FloatFacts): boolean | undefined {
  if (facts.y.some((v) => v === 0)) return false;
  const norm = boundedMinSquaredNorm(facts);
  return norm.value > norm.error ? true : undefined;
}
