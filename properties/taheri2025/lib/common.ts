/**
 * Shared helpers of the taheri2025 entries: the candidate over any field, settings, and margins
 * of identities and inequalities written once over Field<T>.
 *
 * Everything in these entries is rational arithmetic (ReLU sign tests on rational pre-activations,
 * no roots), so `evaluate` runs each entry's margin formula in exact rationals — identities hold
 * with zero tolerance whatever `--exact-digits` says — and `marginOver` runs the same formula over
 * the field `shallowcheck certify` asks for (outward-rounded intervals; an interval that cannot
 * decide an identity's tie is re-decided by certify in rationals, where the formula is the same).
 * Branches on field values go through src/field/decide.ts. The one irrational quantity
 * (η = √log n of `reasonable`) is decided in the interval field.
 */
import { rationalField as Q, type Rational } from "../../../src/field/rational.js";
import type { Field } from "../../../src/field/field.js";
import { exactMargin } from "../../../src/check/margin.js";
import type { Candidate } from "../../../src/check/property.js";
import type { Instance } from "../../../src/model/instance.js";
import { numberLikeToField } from "../../../src/io/instanceFile.js";
import { bySign, isZero, type Maybe } from "../../../src/field/decide.js";
import { penalizedCandidate, type PenalizedCandidate } from "../../../src/penalized/penalizedCandidate.js";
import { pass, squaredNormN } from "../../../src/penalized/network.js";

export { Q, type Rational };

/** The candidate over the rationals (memoized per candidate object: assumptions and evaluate share it). */
const cache = new WeakMap<Candidate, PenalizedCandidate<Rational>>();
export function exact(candidate: Candidate): PenalizedCandidate<Rational> {
  let value = cache.get(candidate);
  if (!value) {
    value = penalizedCandidate(Q, candidate);
    cache.set(candidate, value);
  }
  return value;
}

/**
 * The candidate over F. With `instance` (a parameter box along a certified GD run, or the file's
 * own numbers over F) its X, y, W and a replace the file's; r, the penalty variant and the `truth`
 * and `reference` extras always come from the file (GD moves the parameters only).
 */
export function penalizedOver<T>(F: Field<T>, candidate: Candidate, instance?: Instance<T>): PenalizedCandidate<T> {
  const base = (F as Field<unknown>) === Q ? (exact(candidate) as unknown as PenalizedCandidate<T>) : penalizedCandidate(F, candidate);
  if (!instance) return base;
  return { ...base, data: { ...base.data, X: instance.X, y: instance.y }, params: { gamma: instance.a, theta: instance.W } };
}

/**
 * Whether `instance` holds exactly the file's own numbers (certify passes them over its field when
 * no box is given). Quantities computed in exact rationals from the file — an exact Lasso solution,
 * an exact KKT decision — describe the instance then, and only then.
 */
export function onFileNumbers<T>(F: Field<T>, candidate: Candidate, instance?: Instance<T>): boolean {
  if (!instance) return true;
  const same = (values: readonly T[], file: readonly (string | number)[]) => values.length === file.length && values.every((v, i) => F.toString(v) === F.toString(numberLikeToField(F, file[i])));
  const { X, y } = candidate.file.data;
  const { W, a } = candidate.file.params;
  return same(instance.y, y) && same(instance.a, a) && instance.X.every((row, i) => same(row, X[i])) && instance.W.length === W.length && instance.W.every((row, j) => same(row, W[j]));
}

/**
 * A predicate decided in exact rationals on the candidate's own numbers (exact KKT conditions:
 * equalities no rounding can confirm, with sign branches on every coordinate): a proof whatever F
 * is; undefined for a parameter box, which it does not describe.
 */
export function exactOnFile<T>(F: Field<T>, candidate: Candidate, instance: Instance<T> | undefined, holds: (c: Candidate) => boolean): Maybe {
  return onFileNumbers(F, candidate, instance) ? holds(candidate) : undefined;
}

/** An exact rational (a solver's output on the file's numbers) as an element of F: exact, or an outward-rounded enclosure. */
export function liftRational<T>(F: Field<T>, x: Rational): T {
  if ((F as Field<unknown>) === Q) return x as unknown as T;
  return F.div(F.fromDecimalString(x.num.toString()), F.fromDecimalString(x.den.toString()));
}

/** x ≠ 0, three-valued. */
export function nonZero<T>(F: Field<T>, x: T): Maybe {
  const zero = isZero(F, x);
  return zero === undefined ? undefined : !zero;
}

/** Margin of an identity lhs = rhs over any field: −|lhs − rhs|/scale (scale ≥ 0, e.g. ‖y‖²_n; unscaled when 0). */
export function identityMarginOver<T>(F: Field<T>, lhs: T, rhs: T, scale: T): T {
  const gap = F.abs(F.sub(lhs, rhs));
  return bySign(F, scale, { zero: () => F.neg(gap), positive: () => F.neg(F.div(gap, scale)) });
}

/** (bound − value)/max(|bound|, |value|) over any field: ≥ 0 exactly when value ≤ bound, in [−1, 1]; 0 when both are 0. */
export function relativeSlackOver<T>(F: Field<T>, bound: T, value: T): T {
  const scale = F.max(F.abs(bound), F.abs(value));
  return bySign(F, scale, { zero: () => F.zero, positive: () => F.div(F.sub(bound, value), scale) });
}

/** A margin over the rationals as `evaluate`'s double, sign exact. */
export const marginNumber = (x: Rational) => exactMargin(Q, x);

/** f*(X) and the in-sample error ‖f* − f_β‖²_n, over any field. */
export function inSampleError<T>(F: Field<T>, c: PenalizedCandidate<T>, params = c.params): { error: T; truthOutputs: T[] } {
  if (!c.truth) throw new Error("this entry needs a `truth` field (target network and noise)");
  const truthOutputs = pass(F, c.data, c.truth.params).predictions;
  const outputs = pass(F, c.data, params).predictions;
  return { error: squaredNormN(F, truthOutputs.map((f, i) => F.sub(f, outputs[i]))), truthOutputs };
}

export const num = (x: Rational) => Q.toNumber(x);
