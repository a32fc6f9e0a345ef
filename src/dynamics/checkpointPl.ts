/**
 * μ at a checkpoint of a run, read the same way for every method. A pre-activation counts as on
 * its kink when it is within the field's rounding of 0, or when the method cannot resolve its side:
 * - runs that locate kinks (dopri, midpoint, rk4) step onto every crossing, so their only
 *   unresolved pairs are the ones sliding on a kink (held at z = 0 by the Filippov motion);
 * - runs that step over kinks (gd, --no-kinks) move ⟨w_j, x_i⟩ by up to δ per step and cannot tell
 *   |z_ij| ≤ δ from z_ij = 0 — they chatter across a kink the others slide on.
 * So every method reports μ undefined at the same states, with the same one-sided values.
 */
import type { Field } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import { activation } from "../model/activation.js";
import { type Evaluation, forward, type ForwardPass } from "../model/network.js";
import { type KinkTest, type PlReading, plReading, roundingKinkTest } from "../model/plReading.js";
import { flowFactor } from "./flowSystem.js";
import type { KinkPair } from "./sliding.js";

export type KinkResolution = { mode: "located"; sliding: readonly KinkPair[] } | { mode: "stepped" };

/** `evaluation` is the checkpoint's own (from the fast kernels in float64); a smooth σ needs no forward pass. */
export function checkpointPl<T>(F: Field<T>, instance: Instance<T>, evaluation: Evaluation<T>, kinks: KinkResolution, stepSize: number): PlReading<T> {
  if (F.sign(evaluation.loss) === 0) return { undefined: { reason: "zero-loss" } };
  if (activation(F, instance.model.activation).smooth) return { value: evaluation.pl };
  const pass = forward(F, instance);
  const rounding = roundingKinkTest(F, instance);
  const unresolved = kinks.mode === "located" ? slidingKinkTest(kinks.sliding) : stepKinkTest(F, instance, pass, stepSize);
  return plReading(F, instance, pass, evaluation.loss, evaluation.gradient, (i, j, z) => rounding(i, j, z) || unresolved(i, j, z));
}

function slidingKinkTest<T>(sliding: readonly KinkPair[]): KinkTest<T> {
  return (i, j) => sliding.some((pair) => pair.sample === i && pair.neuron === j);
}

/**
 * |z_ij| ≤ h·c·‖x_i‖·V_j, where V_j = (s/n)|a_j|·max|σ'|·Σ_i |r_i|‖x_i‖ bounds ‖∇_{w_j}L‖ for every
 * slope choice at the kinks: the first-order displacement of z_ij in one step of size h, taken at
 * the current state (an estimate of one step's reach, not a bound over the step).
 */
export function stepKinkTest<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T>, stepSize: number): KinkTest<T> {
  if (pass.sigma.smooth || !(stepSize > 0)) return () => false;
  const norms = instance.X.map((x) => Math.sqrt(x.reduce((total, v) => total + F.toNumber(v) ** 2, 0)));
  const residualMass = pass.residuals.reduce((total, r, i) => total + Math.abs(F.toNumber(r)) * norms[i], 0);
  const maxSlope = Math.max(Math.abs(F.toNumber(pass.sigma.derivative(F.neg(F.one)))), Math.abs(F.toNumber(pass.sigma.derivative(F.one))));
  const reach = stepSize * F.toNumber(flowFactor(F, instance)) * Math.abs(F.toNumber(pass.scale)) * maxSlope * (residualMass / instance.X.length);
  return (i, j, z) => Math.abs(F.toNumber(z)) <= reach * Math.abs(F.toNumber(instance.a[j])) * norms[i];
}
