/**
 * Shared helpers of the taheri2025 entries: the candidate in exact rationals, settings, and
 * margins of identities. Everything in these entries is rational arithmetic (ReLU sign tests on
 * rational pre-activations, no roots), so identities are checked with zero tolerance whatever
 * `--exact-digits` says; the one exception (η = √log n) is decided in decimal at context.digits.
 */
import { rationalField as Q, type Rational } from "../../src/field/rational.js";
import { exactMargin } from "../../src/check/margin.js";
import type { Candidate } from "../../src/check/property.js";
import { penalizedCandidate, type PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { pass, squaredNormN } from "../../src/penalized/network.js";

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

/** A numeric setting as a double. */
export function numberSetting(candidate: Candidate, name: string, fallback: number): number {
  const value = candidate.settings[name];
  return typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : fallback;
}

/** Margin of an identity lhs = rhs: 0 when equal, else −|lhs − rhs|/scale (scale > 0, e.g. ‖y‖²_n), sign exact. */
export function identityMargin(lhs: Rational, rhs: Rational, scale: Rational): number {
  const gap = Q.abs(Q.sub(lhs, rhs));
  if (Q.sign(gap) === 0) return 0;
  const normalized = Q.sign(scale) === 1 ? Q.div(gap, scale) : gap;
  return exactMargin(Q, Q.neg(normalized));
}

/** (bound − value)/max(bound, value): ≥ 0 exactly when value ≤ bound, in [−1, 1], sign exact. */
export function relativeSlack(bound: Rational, value: Rational): number {
  const slack = Q.sub(bound, value);
  const scale = Q.max(Q.abs(bound), Q.abs(value));
  if (Q.sign(scale) === 0) return 0;
  return exactMargin(Q, Q.div(slack, scale));
}

/** f*(X) and the in-sample error ‖f* − f_β‖²_n. */
export function inSampleError(c: PenalizedCandidate<Rational>, params = c.params): { error: Rational; truthOutputs: Rational[] } {
  if (!c.truth) throw new Error("this entry needs a `truth` field (target network and noise)");
  const truthOutputs = pass(Q, { ...c.data, y: c.data.y }, c.truth.params).predictions;
  const outputs = pass(Q, c.data, params).predictions;
  return { error: squaredNormN(Q, truthOutputs.map((f, i) => Q.sub(f, outputs[i]))), truthOutputs };
}

export const num = (x: Rational) => Q.toNumber(x);
