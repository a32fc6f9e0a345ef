/**
 * When a run stops: the rules the user sets (horizon, steps, loss, wall clock, a replayed step
 * sequence), and the guards that end a run which could otherwise never finish or would only
 * produce garbage. Each guard has its own exit code, documented in the README (Commands).
 */
import { InputError } from "../io/inputError.js";
import type { IntegrateOptions } from "./integrate.js";

export type UserStopReason = "horizon" | "steps" | "loss" | "wall-clock" | "step sequence";
export type GuardStopReason = "step-size underflow" | "non-finite state" | "divergence" | "step limit";
export type StopReason = UserStopReason | GuardStopReason;

/** Exit codes of a run ended by a guard (0 ok, 1 a check failed, 2 bad input are taken). */
export const GUARD_EXIT_CODES: Readonly<Record<GuardStopReason, number>> = {
  "step-size underflow": 3,
  "non-finite state": 4,
  divergence: 5,
  "step limit": 6,
};

export function isGuardStop(reason: StopReason): reason is GuardStopReason {
  return reason in GUARD_EXIT_CODES;
}

/**
 * Stall guard of the step-size control: STALL_WINDOW trial steps that advance t by less than
 * STALL_WINDOW·MIN_RELATIVE_STEP·max(1, |t|) end the run. At that pace a run needs more than 10¹⁰
 * steps per unit of time (or of t's own size) and cannot finish: the controller is chasing rounding
 * noise (tolerances finer than float64 resolves) or a kink it cannot resolve. A window, not one
 * step: near a kink or a sliding entry the controller dips to ~10⁻¹² for a few steps and recovers.
 */
export const MIN_RELATIVE_STEP = 1e-10;
export const STALL_WINDOW = 1000;

/**
 * The exact gradient flow never increases the loss (dL/dt = −c‖∇L‖² ≤ 0), and gradient descent's
 * transient spikes (edge of stability, catapults) stay within a few orders of magnitude: a loss
 * above this factor times L(0) is a diverged discretization.
 */
export const DIVERGENCE_FACTOR = 1e6;
/** Trial steps (accepted and rejected) allowed when no --steps is given. */
export const DEFAULT_STEP_LIMIT = 10_000_000;
/**
 * Dormand–Prince tolerances below 10 units of roundoff cannot be met in float64 (Hairer's
 * DOPRI5/DOP853 codes refuse RTOL ≤ 10·UROUND for the same reason).
 */
export const MIN_RTOL = 10 * Number.EPSILON;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

export function validateOptions(options: IntegrateOptions): void {
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value >= SMALLEST_NORMAL)) throw new InputError(`${name} must be a positive normal number, got ${value}`);
  };
  positive("--lr/--h", options.step);
  positive("--rtol", options.rtol);
  positive("--atol", options.atol);
  positive("--t", options.horizon);
  positive("--until-loss", options.untilLoss);
  positive("--wall-clock", options.wallClockMs);
  positive("--kink-tolerance", options.kinkTolerance);
  positive("solverTolerance", options.solverTolerance);
  if (options.kinkTolerance !== undefined && options.kinkTolerance >= 1) throw new InputError(`--kink-tolerance must be a fraction of a step in (0, 1), got ${options.kinkTolerance}`);
  if (options.rtol !== undefined && options.rtol < MIN_RTOL) throw new InputError(`--rtol must be at least 10 units of roundoff (${MIN_RTOL}), got ${options.rtol}`);
  for (const [name, value] of [["--steps", options.maxSteps], ["stepLimit", options.stepLimit]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new InputError(`${name} must be a positive integer, got ${value}`);
  }
  if (options.stepSequence !== undefined) {
    if (options.stepSequence.some((h) => !(Number.isFinite(h) && h > 0))) throw new InputError("stepSequence: every step must be a positive number");
    return;
  }
  if (options.horizon === undefined && options.maxSteps === undefined && options.untilLoss === undefined && options.wallClockMs === undefined) {
    throw new InputError("a stopping rule is needed: --t, --steps, --until-loss or a wall-clock budget");
  }
  if (options.method !== "dopri" && options.step === undefined) {
    throw new InputError(`--${options.method === "gd" ? "lr" : "h"} is required for method ${options.method}`);
  }
  if (options.method === "gd" && options.step !== undefined && options.horizon !== undefined && options.horizon < options.step) {
    throw new InputError(`--t: gd's time is steps·η, and --t ${options.horizon} is less than one step (--lr ${options.step})`);
  }
}

/** The user's rule that ends the run at this point, if any. */
export function userStop(
  options: IntegrateOptions,
  at: { time: number; steps: number; started: number },
  loss: () => number,
): UserStopReason | undefined {
  if (options.horizon !== undefined && at.time >= options.horizon * (1 - 1e-12)) return "horizon";
  if (options.maxSteps !== undefined && at.steps >= options.maxSteps) return "steps";
  if (options.untilLoss !== undefined && loss() <= options.untilLoss) return "loss";
  if (options.wallClockMs !== undefined && Date.now() - at.started >= options.wallClockMs) return "wall-clock";
  if (options.stepSequence !== undefined && at.steps >= options.stepSequence.length) return "step sequence";
  return undefined;
}

/** Why a guard stopped the run, as one line for the user. */
export interface GuardStop {
  reason: GuardStopReason;
  detail: string;
}

/** A step that no longer moves t (Hairer's DOPRI5 test: 0.1·h ≤ uround·|t|), or is no positive number. */
export function stepSizeGuard(stepSize: number, time: number): GuardStop | undefined {
  if (stepSize > 0 && stepSize < Infinity && 0.1 * stepSize > Number.EPSILON * Math.abs(time)) return undefined;
  return {
    reason: "step-size underflow",
    detail: `the step size fell to ${stepSize.toPrecision(3)} at t = ${time.toPrecision(8)}, too small to move t: the tolerances are finer than float64 resolves here, or a kink cannot be resolved (try a larger --rtol/--atol, or --no-kinks)`,
  };
}

/** Watches the progress of an adaptive run over windows of {@link STALL_WINDOW} trial steps. */
export class StallWatch {
  private attempts = 0;
  private windowStart = 0;

  /** Call once per trial step with the time reached; a guard when the last window crawled. */
  check(time: number): GuardStop | undefined {
    if (++this.attempts % STALL_WINDOW !== 0) return undefined;
    const advanced = time - this.windowStart;
    this.windowStart = time;
    if (advanced >= STALL_WINDOW * MIN_RELATIVE_STEP * Math.max(1, Math.abs(time))) return undefined;
    return {
      reason: "step-size underflow",
      detail: `${STALL_WINDOW} trial steps advanced t by only ${advanced.toPrecision(3)} (to t = ${time.toPrecision(8)}), below ${MIN_RELATIVE_STEP}·max(1, t) per step: the tolerances are finer than float64 resolves here, or a kink cannot be resolved (try a larger --rtol/--atol, or --no-kinks)`,
    };
  }
}

/**
 * Pace guard of an adaptive run with a horizon T: when STALL_WINDOW trial steps at a time, for
 * PACE_WINDOWS windows in a row, advance t so slowly that the rest of [t, T] at that pace would
 * take more than PACE_FACTOR times the trial steps still allowed, the run cannot end by its
 * horizon and ends now with the step-limit guard's reason. This is an explicit method on a stiff
 * flow (huge weights make ‖∇²L‖ huge, so stability caps h), not a stall: t still moves. Ten windows
 * (10⁴ trial steps) let transients — a kink, a fast initial phase — pass before the pace is judged.
 */
export const PACE_WINDOWS = 10;
export const PACE_FACTOR = 10;

export class PaceWatch {
  private attempts = 0;
  private windowStart = 0;
  private slowWindows = 0;

  constructor(
    private readonly horizon: number,
    private readonly stepLimit: number,
  ) {}

  /** Call once per trial step with the time reached. */
  check(time: number): GuardStop | undefined {
    if (++this.attempts % STALL_WINDOW !== 0) return undefined;
    const perStep = (time - this.windowStart) / STALL_WINDOW;
    this.windowStart = time;
    const projected = (this.horizon - time) / perStep;
    const allowed = this.stepLimit - this.attempts;
    this.slowWindows = perStep > 0 && projected > PACE_FACTOR * allowed ? this.slowWindows + 1 : 0;
    if (this.slowWindows < PACE_WINDOWS) return undefined;
    return {
      reason: "step limit",
      detail: `at the pace of the last ${PACE_WINDOWS * STALL_WINDOW} trial steps (t += ${perStep.toPrecision(3)} per step, now t = ${time.toPrecision(8)}), reaching t = ${this.horizon} would take ~${projected.toPrecision(2)} more steps, over ${PACE_FACTOR}× the ${allowed} left of the step limit: the flow is too stiff here for an explicit method (weights this large make the step size tiny; use a shorter --t or --steps)`,
    };
  }
}

/** Any non-finite entry of the state (or its error estimate) ends the run: nothing after it means anything. */
export function finiteGuard(values: readonly number[], what: string, time: number): GuardStop | undefined {
  for (const v of values) {
    if (!Number.isFinite(v)) return { reason: "non-finite state", detail: `${what} became ${v} at t = ${time.toPrecision(8)} (the step is too large for this instance)` };
  }
  return undefined;
}

const AT_START = "the initial loss is not finite: the instance overflows its float format (use --exact)";

/** `checkFinite` on the float path only: a decimal loss past 1.8e308 is finite though its toNumber is not. */
export function divergenceGuard(loss: number, initialLoss: number, time: number, checkFinite: boolean): GuardStop | undefined {
  if (checkFinite && !Number.isFinite(loss) && time === 0) return { reason: "non-finite state", detail: `${AT_START}: ${loss}` };
  if (checkFinite && !Number.isFinite(loss)) return { reason: "non-finite state", detail: `the loss became ${loss} at t = ${time.toPrecision(8)} (the step is too large for this instance)` };
  if (!(initialLoss > 0) || loss <= DIVERGENCE_FACTOR * initialLoss) return undefined;
  return {
    reason: "divergence",
    detail: `the loss grew to ${loss.toPrecision(3)} at t = ${time.toPrecision(8)}, more than ${DIVERGENCE_FACTOR}× its initial ${initialLoss.toPrecision(3)}: the discretization diverged (take a smaller step)`,
  };
}

export function stepLimitGuard(options: IntegrateOptions, attempts: number): GuardStop | undefined {
  if (options.maxSteps !== undefined || options.stepSequence !== undefined) return undefined;
  const limit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
  if (attempts < limit) return undefined;
  return { reason: "step limit", detail: `${attempts} trial steps without meeting the stopping rule (the limit without --steps); set --steps to go further` };
}
