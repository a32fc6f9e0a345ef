/**
 * Step control of the integrators: one trial step of each method, Dormand–Prince's error norm
 * and step-size update, and the starting step. A step never decides whether it is accepted;
 * the driver (integrate.ts) does.
 */
import type { Field } from "../field/field.js";
import type { FlowSystem } from "./flowSystem.js";
import type { KinkPair } from "./sliding.js";
import { explicitStep, implicitMidpointStep, type StepResult } from "./steppers.js";
import { DORMAND_PRINCE_5_4, EULER, RK4 } from "./tableaus.js";

export const METHODS = ["gd", "rk4", "dopri", "midpoint"] as const;
export type Method = (typeof METHODS)[number];

const STEP_GROWTH_LIMIT = 5;
const STEP_SHRINK_LIMIT = 0.2;
const STEP_SAFETY = 0.9;
const MIDPOINT_MAX_ITERATIONS = 50;

export type TrialStep<T> = (state: readonly T[], stepSize: number, derivative?: T[]) => StepResult<T>;

/** One trial step of `method` on the system's field, moving the sliding pairs with their Filippov slopes. */
export function trialStepper<T>(system: FlowSystem<T>, method: Method, sliding: readonly KinkPair[], solverTolerance: number): TrialStep<T> {
  const F = system.field;
  const f = (s: readonly T[]) => system.rhs(s, sliding);
  return (state, stepSize, derivative) => {
    const h = F.fromNumber(stepSize);
    switch (method) {
      case "gd":
        return explicitStep(F, EULER, f, state, h, derivative);
      case "rk4":
        return explicitStep(F, RK4, f, state, h, derivative);
      case "dopri":
        return explicitStep(F, DORMAND_PRINCE_5_4, f, state, h, derivative);
      case "midpoint":
        return implicitMidpointStep(F, f, state, h, { solverTolerance, maxIterations: MIDPOINT_MAX_ITERATIONS }, derivative);
    }
  };
}

/** Dormand–Prince's next step after a rejected one (error norm > 1, or not a number). */
export function shrunkStep(stepSize: number, errorNorm: number): number {
  return stepSize * Math.max(STEP_SHRINK_LIMIT, STEP_SAFETY * errorNorm ** -0.2);
}

/** Dormand–Prince's next step after an accepted one (Hairer, Nørsett & Wanner, eq. (II.4.13)). */
export function grownStep(stepSize: number, errorNorm: number): number {
  return stepSize * Math.min(STEP_GROWTH_LIMIT, Math.max(STEP_SHRINK_LIMIT, STEP_SAFETY * (errorNorm > 0 ? errorNorm ** -0.2 : STEP_GROWTH_LIMIT)));
}

export function maxAbs<T>(F: Field<T>, values: readonly T[]): number {
  let out = 0;
  for (const v of values) out = Math.max(out, Math.abs(F.toNumber(v)));
  return out;
}

/** Hairer, Nørsett & Wanner, Solving ODEs I, eq. (II.4.11): RMS of e_i/(atol + rtol·max(|y_i|, |y1_i|)). */
export function hairerNorm<T>(F: Field<T>, error: readonly T[], y: readonly T[], next: readonly T[], rtol: number, atol: number): number {
  let total = 0;
  for (let i = 0; i < error.length; i++) {
    const scale = atol + rtol * Math.max(Math.abs(F.toNumber(y[i])), Math.abs(F.toNumber(next[i])));
    const ratio = F.toNumber(error[i]) / scale;
    total += ratio * ratio;
  }
  return Math.sqrt(total / error.length);
}

/** Hairer, Nørsett & Wanner, §II.4 "Starting step size": h = 0.01·‖y‖/‖f(y)‖ in the scaled norm. */
export function initialStepGuess<T>(system: FlowSystem<T>, y: readonly T[], rtol: number, atol: number): number {
  const F = system.field;
  const f = system.rhs(y);
  const zero = new Array<T>(y.length).fill(F.zero);
  const d0 = hairerNorm(F, y, y, zero, rtol, atol);
  const d1 = hairerNorm(F, f, y, zero, rtol, atol);
  return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
}
