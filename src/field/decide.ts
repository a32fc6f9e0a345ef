/**
 * Three-valued decisions and sound branching over any field, for field-generic formulas
 * (catalogue margins, assumptions) that must run unchanged over exact fields and intervals.
 *
 * An exact field (rational, decimal) always decides a sign, so these helpers reduce to the
 * obvious `if`. Over the interval field a sign may be undecided; then a branch is never picked
 * silently: {@link bySign} evaluates every branch the value's sign allows and returns the hull
 * of their enclosures, and the three-valued predicates answer `undefined`.
 */
import type { Field, Sign } from "./field.js";
import { isIntervalField, type Maybe } from "./interval.js";

export type { Maybe } from "./interval.js";

/** The signs the exact value of x may have: one for an exact field, up to three for an interval. */
export function possibleSigns<T>(F: Field<T>, x: T): Sign[] {
  if (isIntervalField(F)) return F.possibleSigns(x as never);
  const s = F.sign(x);
  return s === undefined ? [-1, 0, 1] : [s];
}

/** The smallest enclosure of both values; on a field that decides every sign, the two must be one branch. */
export function hull<T>(F: Field<T>, x: T, y: T): T {
  if (isIntervalField(F)) return F.hull(x as never, y as never) as T;
  if (x === y || F.toString(x) === F.toString(y)) return x;
  throw new Error(`hull of two different values in the ${F.name} field: a branch was undecided in a field that decides signs`);
}

/**
 * The value of a piecewise formula that branches on the sign of x: the branch for x's sign, or,
 * when the sign is undecided, the hull of every branch the sign allows. Omit a case only where
 * that sign cannot occur for the exact value (e.g. `negative` for a sum of squares); an
 * interval that reaches into an omitted sign through rounding then uses the other branches.
 */
export function bySign<T>(F: Field<T>, x: T, cases: { negative?: () => T; zero?: () => T; positive?: () => T }): T {
  const branches = possibleSigns(F, x)
    .map((s) => (s === -1 ? cases.negative : s === 0 ? cases.zero : cases.positive))
    .filter((f): f is () => T => f !== undefined);
  if (branches.length === 0) throw new Error("bySign: no branch for any possible sign of the value");
  return branches.map((f) => f()).reduce((a, b) => hull(F, a, b));
}

/** x ≥ 0: true, false, or undefined when undecided. */
export function nonNegative<T>(F: Field<T>, x: T): Maybe {
  const signs = possibleSigns(F, x);
  if (signs.every((s) => s >= 0)) return true;
  if (signs.every((s) => s < 0)) return false;
  return undefined;
}

/** x > 0: true, false, or undefined. */
export function positive<T>(F: Field<T>, x: T): Maybe {
  const signs = possibleSigns(F, x);
  if (signs.every((s) => s > 0)) return true;
  if (signs.every((s) => s <= 0)) return false;
  return undefined;
}

/** x = 0: true, false, or undefined. */
export function isZero<T>(F: Field<T>, x: T): Maybe {
  const signs = possibleSigns(F, x);
  if (signs.length === 1 && signs[0] === 0) return true;
  if (!signs.includes(0)) return false;
  return undefined;
}

/** x ≤ y: true, false or undefined. */
export function atMost<T>(F: Field<T>, x: T, y: T): Maybe {
  return nonNegative(F, F.sub(y, x));
}

/** Three-valued conjunction: false if any is false, else undefined if any is undefined. */
export function all(values: Iterable<Maybe>): Maybe {
  let result: Maybe = true;
  for (const v of values) {
    if (v === false) return false;
    if (v === undefined) result = undefined;
  }
  return result;
}

/** Three-valued disjunction: true if any is true, else undefined if any is undefined. */
export function any(values: Iterable<Maybe>): Maybe {
  let result: Maybe = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === undefined) result = undefined;
  }
  return result;
}

/**
 * m narrowed by what `witness` — a quantity known to have the same sign as m's exact value —
 * says about the sign. Formulas whose margin needs √ but whose sign has a √-free polynomial
 * form use it: the interval of the margin keeps its size and gains the witness's exact sign.
 * Over a field that decides signs it returns m unchanged.
 */
export function withSignOf<T>(F: Field<T>, m: T, witness: T): T {
  if (!isIntervalField(F)) return m;
  const I = F;
  const signs = I.possibleSigns(witness as never);
  let { lo, hi } = m as unknown as { lo: import("decimal.js").Decimal; hi: import("decimal.js").Decimal };
  if (!signs.includes(-1) && lo.lt(0)) lo = I.zero.lo;
  if (!signs.includes(1) && hi.gt(0)) hi = I.zero.hi;
  if (lo.gt(hi)) throw new Error("withSignOf: the witness's sign contradicts the margin's enclosure");
  return { lo, hi } as unknown as T;
}
