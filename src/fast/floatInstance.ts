/**
 * A shallow-network instance in flat Float64Arrays, the layout the fast kernels
 * ({@link ./kernels.ts}) stream through, and the reusable workspace they write into.
 *
 * X is n×d and W is p×d, both row-major: row i of X is X[i·d … i·d + d), row j of W is
 * W[j·d … j·d + d). Converting from and to {@link Instance}<number> copies every double
 * unchanged, so the fast path computes on exactly the values the generic path sees.
 */
import type { Instance, ModelSpec } from "../model/instance.js";

export interface FloatInstance {
  model: ModelSpec;
  /** Number of data points. */
  n: number;
  /** Input dimension. */
  d: number;
  /** Number of neurons. */
  p: number;
  /** n×d inputs, row-major. */
  X: Float64Array;
  /** n labels. */
  y: Float64Array;
  /** p×d first-layer weights, row-major. */
  W: Float64Array;
  /** p output weights. */
  a: Float64Array;
}

/**
 * Everything one evaluation writes, allocated once for given (n, d, p) and reused, so that an
 * evaluation allocates nothing per element. After `lossAndGradient`, `residuals`, `outputs`,
 * `gradA` and `gradW` hold the values at the instance's parameters; `loss` fills only the
 * first two.
 */
export interface FloatWorkspace {
  readonly n: number;
  readonly d: number;
  readonly p: number;
  /** r_i = y_i − h(x_i). */
  readonly residuals: Float64Array;
  /** h(x_i). */
  readonly outputs: Float64Array;
  /** ∂L/∂a_j. */
  readonly gradA: Float64Array;
  /** ∂L/∂w_jk, p×d row-major. */
  readonly gradW: Float64Array;
  /** Per-row scratch for a block of up to 4 rows: pre-activations z_ij, then σ(z_ij). */
  readonly values: Float64Array;
  /** Per-row scratch for a block of up to 4 rows: the coefficients (r_i·a_j)·σ'(z_ij). */
  readonly coefficients: Float64Array;
}

/** Rows of X processed together by the kernels (see kernels.ts for the measurement). */
export const ROW_BLOCK = 4;

export function createWorkspace(n: number, d: number, p: number): FloatWorkspace {
  for (const [name, value] of [
    ["n", n],
    ["d", d],
    ["p", p],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`createWorkspace: ${name} must be a positive integer, got ${value}`);
  }
  return {
    n,
    d,
    p,
    residuals: new Float64Array(n),
    outputs: new Float64Array(n),
    gradA: new Float64Array(p),
    gradW: new Float64Array(p * d),
    values: new Float64Array(ROW_BLOCK * p),
    coefficients: new Float64Array(ROW_BLOCK * p),
  };
}

/** A workspace sized for this instance. */
export function workspaceFor(instance: FloatInstance): FloatWorkspace {
  return createWorkspace(instance.n, instance.d, instance.p);
}

function flatten(rows: readonly (readonly number[])[], columns: number, what: string): Float64Array {
  const out = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (row.length !== columns) throw new RangeError(`toFloatInstance: ${what}[${i}] has ${row.length} entries, expected ${columns}`);
    out.set(row, i * columns);
  });
  return out;
}

/** The same instance in flat arrays (every double copied unchanged). */
export function toFloatInstance(instance: Instance<number>): FloatInstance {
  const n = instance.X.length;
  const p = instance.a.length;
  const d = instance.X[0]?.length ?? 0;
  if (n < 1 || p < 1 || d < 1) throw new RangeError(`toFloatInstance: need n, d, p ≥ 1 (n = ${n}, d = ${d}, p = ${p})`);
  if (instance.y.length !== n) throw new RangeError(`toFloatInstance: y has ${instance.y.length} entries, expected n = ${n}`);
  if (instance.W.length !== p) throw new RangeError(`toFloatInstance: W has ${instance.W.length} rows, expected p = ${p}`);
  return {
    model: instance.model,
    n,
    d,
    p,
    X: flatten(instance.X, d, "X"),
    y: Float64Array.from(instance.y),
    W: flatten(instance.W, d, "W"),
    a: Float64Array.from(instance.a),
  };
}

function rowsOf(flat: Float64Array, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * columns, (i + 1) * columns)));
}

/** Back to the generic nested-array form (every double copied unchanged). */
export function fromFloatInstance(instance: FloatInstance): Instance<number> {
  const { n, d, p } = instance;
  return {
    model: instance.model,
    X: rowsOf(instance.X, n, d),
    y: Array.from(instance.y),
    W: rowsOf(instance.W, p, d),
    a: Array.from(instance.a),
  };
}
