/**
 * μ at a checkpoint of a run, read the same way for every method: a pre-activation counts as on
 * its kink when it is within the field's rounding of 0 or within one step of it — a method that
 * moves ⟨w_j, x_i⟩ by up to δ per step cannot tell |z_ij| ≤ δ from z_ij = 0 (fixed-step methods
 * chatter across it, the event-located Dormand–Prince run slides on it). So dopri, midpoint, rk4
 * and gd report μ undefined at the same states, with the same one-sided values.
 */
import type { Field } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import { forward, gradient, lossFromResiduals, type ForwardPass } from "../model/network.js";
import { type KinkTest, type PlReading, plReading, roundingKinkTest } from "../model/plReading.js";
import { flowFactor } from "./flowSystem.js";

export function checkpointPl<T>(F: Field<T>, instance: Instance<T>, stepSize: number): PlReading<T> {
  const pass = forward(F, instance);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const rounding = roundingKinkTest(F, instance);
  const step = stepKinkTest(F, instance, pass, stepSize);
  return plReading(F, instance, pass, lossValue, gradient(F, instance, pass), (i, j, z) => rounding(i, j, z) || step(i, j, z));
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
