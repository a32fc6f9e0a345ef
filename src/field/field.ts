/**
 * The scalar-field interface every model, loss and gradient is written against.
 *
 * A `Field<T>` is a number system: float64 (`T = number`), decimal.js at a chosen precision
 * (`T = Decimal`), and later an outward-rounded interval field. Model code never looks at `T`
 * directly; it only calls these operations, so a new number system needs no model change.
 *
 * Two operations are shaped for intervals on purpose:
 * - `sign` may answer `undefined` ("undecided"), which an interval straddling 0 must do;
 *   exact and float fields always decide.
 * - `positivePart` and `indicatorPositive` are the only ReLU primitives. An interval field
 *   returns a sound enclosure for them (e.g. `[0, 1]` for an undecided indicator) instead of
 *   picking a branch, so no model code branches on a comparison of field values.
 */
export type Sign = -1 | 0 | 1;

export interface Field<T> {
  /** Backend name printed in reports: "float64", "decimal", … */
  readonly name: string;
  readonly zero: T;
  readonly one: T;

  /** The exact binary value of a double (for a decimal field: all its digits, not the shortest reading). */
  fromNumber(x: number): T;
  /** A decimal string such as "-0.125" or "1e-30"; exact in a decimal field, nearest double in float64. */
  fromDecimalString(s: string): T;

  add(x: T, y: T): T;
  sub(x: T, y: T): T;
  mul(x: T, y: T): T;
  div(x: T, y: T): T;
  neg(x: T): T;
  abs(x: T): T;
  sqrt(x: T): T;
  exp(x: T): T;
  log(x: T): T;
  /** log(1 + x), accurate for tiny x. */
  log1p(x: T): T;
  tanh(x: T): T;
  /** arccos(x) in [0, π], for x in [−1, 1] (the angle between two vectors; ReLU Gaussian kernels). */
  acos(x: T): T;
  /** π to the field's working precision. */
  readonly pi: T;
  min(x: T, y: T): T;
  max(x: T, y: T): T;

  /** max(x, 0). */
  positivePart(x: T): T;
  /** 1 if x > 0, else 0: the ReLU derivative with the convention σ'(0) = 0. */
  indicatorPositive(x: T): T;
  /** Sign of x, or `undefined` when the field cannot decide it (intervals containing 0). */
  sign(x: T): Sign | undefined;

  /** Nearest double (for reports and the float fast path). */
  toNumber(x: T): number;
  /** A decimal string that reads back to the same value in this field. */
  toString(x: T): string;
}

/** Σ of field values, left to right. */
export function sum<T>(F: Field<T>, values: readonly T[]): T {
  let total = F.zero;
  for (const v of values) total = F.add(total, v);
  return total;
}

/** ⟨u, v⟩ over the field. */
export function dot<T>(F: Field<T>, u: readonly T[], v: readonly T[]): T {
  let total = F.zero;
  for (let k = 0; k < u.length; k++) total = F.add(total, F.mul(u[k], v[k]));
  return total;
}

/** ‖u‖² over the field. */
export function squaredNorm<T>(F: Field<T>, u: readonly T[]): T {
  return dot(F, u, u);
}

/** A small non-negative integer as a field element, exactly. */
export function fromInteger<T>(F: Field<T>, k: number): T {
  if (!Number.isSafeInteger(k)) throw new RangeError(`fromInteger: ${k} is not a safe integer`);
  return F.fromNumber(k);
}
