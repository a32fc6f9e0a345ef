/**
 * μ = c‖∇L‖²/L where it is defined, and why not where it is not: at L = 0 (nothing to divide by)
 * and where a pre-activation ⟨w_j, x_i⟩ of a ReLU-type network sits on its kink (∇L jumps there,
 * so the value printed would be the σ'(0) convention's, not a property of the point).
 *
 * At a kink the reading gives μ's **one-sided values**: μ with each kink pair's slope set to its
 * left or its right limit (σ'(0⁻), σ'(0⁺)), over every such choice — the values μ approaches as
 * the point is left to either side of each kink. A Filippov (sliding) motion uses a slope between
 * the two, where μ may be smaller than both ends; the range is the one-sided values', not that.
 *
 * Whether a pair is "on its kink" depends on how well the point is known; the caller says how
 * (a {@link KinkTest}): by the field's rounding ({@link roundingKinkTest}), or, along a run, by
 * how far the method moves a pre-activation in one step ({@link stepKinkTest}, in src/dynamics).
 * Every field and every method then reads μ the same way at the same point.
 */
import type { Field } from "../field/field.js";
import { UNIT_ROUNDOFF } from "../field/errorBound.js";
import type { Instance, ParameterVector } from "./instance.js";
import { type ForwardPass, gradient, parameterSquaredNorm, plCurvature } from "./network.js";

export interface KinkPairIndex {
  sample: number;
  neuron: number;
}

/** Whether pair (i, j), with computed pre-activation z, cannot be told apart from its kink. */
export type KinkTest<T> = (sample: number, neuron: number, z: T) => boolean;

export type PlUndefined<T> =
  | { reason: "zero-loss" }
  | {
      reason: "kink";
      pairs: KinkPairIndex[];
      /** min and max of μ over the one-sided slope choices; absent past {@link MAX_ENUMERATED_KINK_PAIRS} pairs. */
      oneSided?: { lo: T; hi: T };
    };

/** Exactly one of the two is set. */
export interface PlReading<T> {
  value?: T;
  undefined?: PlUndefined<T>;
}

/** 2^K gradients are enumerated for K kink pairs; past this K the reading says only "undefined". */
export const MAX_ENUMERATED_KINK_PAIRS = 6;

/** The field's unit roundoff: 2^-53 for float64, 5·10^-digits for decimal, 0 where sign() is exact or undecided. */
export function unitRoundoffOf<T>(F: Field<T>): number {
  if (F.name === "float64") return UNIT_ROUNDOFF;
  const declared = (F as { unitRoundoff?: unknown }).unitRoundoff;
  return typeof declared === "number" ? declared : 0;
}

/**
 * A pair is on its kink when the computed z is within the rounding error of ⟨w_j, x_i⟩ as read from
 * the file: z is a (d)-term dot product of entries themselves rounded once on reading, so
 * |z − z_exact| ≤ γ_{d+2} Σ_k |w_jk x_ik| (Higham, Accuracy and Stability, §3.1), γ_m = m·u/(1 − m·u).
 */
export function roundingKinkTest<T>(F: Field<T>, instance: Instance<T>): KinkTest<T> {
  const u = unitRoundoffOf(F);
  const d = instance.X[0]?.length ?? 0;
  const gamma = ((d + 2) * u) / (1 - (d + 2) * u);
  return (i, j, z) => {
    if (gamma === 0) return false;
    const x = instance.X[i];
    const w = instance.W[j];
    let magnitude = 0;
    for (let k = 0; k < d; k++) magnitude += Math.abs(F.toNumber(w[k]) * F.toNumber(x[k]));
    // The bound itself is computed in float64: (1 + 2u) covers its own rounding at these sizes.
    return Math.abs(F.toNumber(z)) <= gamma * magnitude * (1 + 2 * UNIT_ROUNDOFF * (d + 1));
  };
}

/** Pairs whose sign is 0, undecided by the field, or unresolved by `test`; none for a smooth σ. */
export function kinkPairs<T>(F: Field<T>, pass: ForwardPass<T>, test?: KinkTest<T>): KinkPairIndex[] {
  if (pass.sigma.smooth) return [];
  const pairs: KinkPairIndex[] = [];
  pass.preactivations.forEach((row, sample) =>
    row.forEach((z, neuron) => {
      const sign = F.sign(z);
      if (sign === 0 || sign === undefined || test?.(sample, neuron, z)) pairs.push({ sample, neuron });
    }),
  );
  return pairs;
}

export function plReading<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T>, lossValue: T, gradientValue: ParameterVector<T>, test?: KinkTest<T>): PlReading<T> {
  if (F.sign(lossValue) === 0) return { undefined: { reason: "zero-loss" } };
  const pairs = kinkPairs(F, pass, test);
  if (pairs.length === 0) return { value: plCurvature(F, instance, lossValue, gradientValue) };
  if (pairs.length > MAX_ENUMERATED_KINK_PAIRS) return { undefined: { reason: "kink", pairs } };
  return { undefined: { reason: "kink", pairs, oneSided: oneSidedRange(F, instance, pass, lossValue, pairs) } };
}

/** min and max of μ over the 2^K choices of σ'(0⁻) or σ'(0⁺) at the K kink pairs. */
function oneSidedRange<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T>, lossValue: T, pairs: readonly KinkPairIndex[]): { lo: T; hi: T } {
  // σ is piecewise linear wherever it has a kink (relu, leaky-relu): its slope at ±1 is the one-sided limit at 0.
  const left = pass.sigma.derivative(F.neg(F.one));
  const right = pass.sigma.derivative(F.one);
  const flowFactor = instance.model.scaling === "mean-field" ? F.fromNumber(instance.a.length) : F.one;
  const index = new Map(pairs.map((pair, k) => [pair.sample * instance.a.length + pair.neuron, k]));
  let range: { lo: T; hi: T } | undefined;
  for (let choice = 0; choice < 2 ** pairs.length; choice++) {
    const slope = (i: number, j: number): T | undefined => {
      const k = index.get(i * instance.a.length + j);
      return k === undefined ? undefined : (choice >> k) & 1 ? right : left;
    };
    const g = gradient(F, instance, pass, slope);
    const mu = F.div(F.mul(flowFactor, parameterSquaredNorm(F, g)), lossValue);
    range = range === undefined ? { lo: mu, hi: mu } : { lo: F.min(range.lo, mu), hi: F.max(range.hi, mu) };
  }
  return range!;
}

/** The reading as printed in reports: a number/string, or why not and the one-sided values. */
export function describePlUndefined<T>(why: PlUndefined<T>, format: (x: T) => string): string {
  if (why.reason === "zero-loss") return "undefined (L = 0)";
  const shown = why.pairs.slice(0, 3).map((pair) => `(${pair.sample}, ${pair.neuron})`).join(", ");
  const more = why.pairs.length > 3 ? ` and ${why.pairs.length - 3} more` : "";
  const where = `${why.pairs.length === 1 ? "pair" : "pairs"} (i, j) = ${shown}${more} on the ReLU kink`;
  const range = why.oneSided === undefined ? "one-sided values not enumerated" : `one-sided values ${format(why.oneSided.lo)} … ${format(why.oneSided.hi)}`;
  return `undefined (${where}; ${range})`;
}
