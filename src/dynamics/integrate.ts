/**
 * The trajectory driver: runs gradient descent or an integrator of the gradient flow with
 * stopping rules, step-size control, ReLU kink events and Filippov sliding, and records
 * checkpoints. Generic over the field: float64 for long runs, decimal to replay short ones.
 */
import type { Field, Sign } from "../field/field.js";
import { InputError } from "../io/inputError.js";
import { balance, evaluate } from "../model/network.js";
import type { FlowSystem } from "./flowSystem.js";
import { type KinkPair, projectOntoKinks, slidingSlopes } from "./sliding.js";
import { explicitStep, implicitMidpointStep, type StepResult } from "./steppers.js";
import { DORMAND_PRINCE_5_4, EULER, RK4 } from "./tableaus.js";
import { withParameters } from "./state.js";
import { forward } from "../model/network.js";

export const METHODS = ["gd", "rk4", "dopri", "midpoint"] as const;
export type Method = (typeof METHODS)[number];

/** When to record a checkpoint (the initial and final states are always recorded). */
export type CheckpointSchedule =
  | { kind: "every"; steps: number }
  | { kind: "times"; times: readonly number[] }
  | { kind: "log"; perDecade: number };

export interface IntegrateOptions {
  method: Method;
  /** η for gd; the step h for rk4 and midpoint; the first trial step for dopri. */
  step?: number;
  /** Dormand–Prince tolerances: a step is accepted when its error norm (Hairer's) is ≤ 1. */
  rtol?: number;
  atol?: number;
  /** Stop at this time t (the flow's time; gd's time is k·η). */
  horizon?: number;
  maxSteps?: number;
  /** Stop once L ≤ this. */
  untilLoss?: number;
  wallClockMs?: number;
  checkpoints?: CheckpointSchedule;
  /** Locate kinks until the crossing is bracketed within this fraction of the step. */
  kinkTolerance?: number;
  /**
   * Locate ReLU kinks and step onto them (default true). Off, steps straddle kinks with a stale
   * pattern — the only affordable choice when thousands of pairs cross, as on large instances.
   */
  kinks?: boolean;
  /** Follow Filippov sliding on kinks that attract from both sides (default true). */
  sliding?: boolean;
  /** Implicit midpoint: fixed-point tolerance (relative, per component). */
  solverTolerance?: number;
  onProgress?: (progress: { time: number; steps: number }) => void;
  /**
   * Take exactly these step sizes, in order, and stop after the last: no error control, kink
   * location or sliding. This replays a recorded run (its `stepSizes`) in another field.
   */
  stepSequence?: readonly number[];
}

export interface Checkpoint<T> {
  step: number;
  time: number;
  /** θ = [a, W row by row]. */
  parameters: T[];
  loss: T;
  residuals: T[];
  balance: T[];
  /** max_j |(a_j² − ‖w_j‖²)(t) − (a_j² − ‖w_j‖²)(0)|. */
  balanceDrift: T;
  /** μ = c‖∇L‖²/L, undefined at L = 0. */
  pl: T | undefined;
  /**
   * Sign changes of ⟨w_j, x_i⟩ since the previous checkpoint (sliding pairs excluded): every change
   * at every step when kinks are located; without kink location (gradient descent, `kinks: false`)
   * the pairs whose sign differs from the previous checkpoint's, so a step pays no pattern pass.
   */
  patternChanges: number;
  /** The last accepted step size. */
  stepSize: number;
  rejectedSteps: number;
  kinkEvents: number;
  slidingPairs: number;
}

export interface SlidingInterval extends KinkPair {
  start: number;
  /** undefined while still sliding at the end of the run. */
  end: number | undefined;
}

export type StopReason = "horizon" | "steps" | "loss" | "wall-clock" | "step sequence";

/** How many accepted step sizes a trajectory keeps for replay. */
export const RECORDED_STEP_SIZES = 100_000;

export interface Trajectory<T> {
  method: Method;
  checkpoints: Checkpoint<T>[];
  finalState: T[];
  summary: {
    finalLoss: T;
    time: number;
    steps: number;
    rejectedSteps: number;
    kinkEvents: number;
    slidingIntervals: SlidingInterval[];
    maxBalanceDrift: T;
    rhsEvaluations: number;
    /** The first {@link RECORDED_STEP_SIZES} accepted step sizes, for replay in another field. */
    stepSizes: number[];
    /** Dormand–Prince: Σ over accepted steps of the max-norm of the local error estimate. */
    globalErrorEstimate?: number;
    /**
     * Set when kink location was given up at this time: events piled up faster than
     * {@link ZENO_EVENTS} per {@link ZENO_TIME} of flow time without sliding resolving them
     * (chattering the sliding test does not recognize). Later steps straddle kinks, with the
     * step-size control of the method alone.
     */
    kinkLocationStoppedAt?: number;
    stopReason: StopReason;
  };
}

const DEFAULT_KINK_TOLERANCE = 1e-9;
/**
 * Half-width of the band around a kink, relative to max(1, max|⟨w_j, x_i⟩| at the start), inside
 * which a pre-activation counts as on the kink: the resolution of kink location, ~10⁴ ulps.
 */
export const KINK_BAND = 1e-12;
/** Zeno guard: this many kink events within this much flow time stop kink location. */
export const ZENO_EVENTS = 200;
export const ZENO_TIME = 1e-3;
const STEP_GROWTH_LIMIT = 5;
const STEP_SHRINK_LIMIT = 0.2;
const STEP_SAFETY = 0.9;

function validate(options: IntegrateOptions): void {
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new InputError(`${name} must be a positive number, got ${value}`);
  };
  positive("--lr/--h", options.step);
  positive("--rtol", options.rtol);
  positive("--atol", options.atol);
  positive("--t", options.horizon);
  positive("--until-loss", options.untilLoss);
  if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps > 0)) {
    throw new InputError(`--steps must be a positive integer, got ${options.maxSteps}`);
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
}

export function integrate<T>(system: FlowSystem<T>, initial: readonly T[], options: IntegrateOptions): Trajectory<T> {
  validate(options);
  const F: Field<T> = system.field;
  const instance = system.instance;
  const p = instance.a.length;
  const { method } = options;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const kinkTolerance = options.kinkTolerance ?? DEFAULT_KINK_TOLERANCE;
  const replay = options.stepSequence;
  let followKinks = system.piecewise && method !== "gd" && options.kinks !== false && replay === undefined;
  const followSliding = followKinks && options.sliding !== false;
  let kinkLocationStoppedAt: number | undefined;
  let zenoCheck = { events: 0, time: 0 };
  const solverTolerance = options.solverTolerance ?? 1e-13;
  const schedule: CheckpointSchedule = options.checkpoints ?? { kind: "log", perDecade: 10 };
  const started = Date.now();

  let y = initial.slice();
  let time = 0;
  let steps = 0;
  let rejected = 0;
  let kinkEvents = 0;
  let patternChanges = 0;
  let h = replay?.[0] ?? options.step ?? initialStepGuess(system, y, rtol, atol);
  const stepSizes: number[] = [];
  let lastStep = 0;
  let derivativeAtY: T[] | undefined;
  let globalError = 0;
  const sliding: KinkPair[] = [];
  const slidingIntervals: SlidingInterval[] = [];
  const balanceAtStart = balance(F, withParameters(instance, y));
  let maxDrift = F.zero;
  const checkpoints: Checkpoint<T>[] = [];
  const isSliding = (k: number) => sliding.some((pair) => pair.sample * p + pair.neuron === k);
  // Pre-activations within KINK_BAND·max(1, max|z(0)|) of 0 count as on the kink (sign 0), and only
  // a change to the opposite sign is a crossing: a pair approaching its kink asymptotically would
  // otherwise be "reached" by a stage at every step, each event bisected to a vanishing step (Zeno).
  const band = system.piecewise ? KINK_BAND * Math.max(1, ...system.switching(initial).map((z) => Math.abs(F.toNumber(z)))) : 0;
  const signsOf = (state: readonly T[]): (Sign | undefined)[] =>
    system.switching(state).map((z) => (Math.abs(F.toNumber(z)) <= band ? 0 : F.sign(z)));
  let signs = system.piecewise ? signsOf(y) : [];

  const record = () => {
    if (system.piecewise && !followKinks) {
      const now = signsOf(y);
      for (let k = 0; k < signs.length; k++) if (now[k] !== signs[k]) patternChanges++;
      signs = now;
    }
    const at = withParameters(instance, y);
    const result = evaluate(F, at);
    const drift = driftOf(F, result.balance, balanceAtStart);
    checkpoints.push({
      step: steps,
      time,
      parameters: y,
      loss: result.loss,
      residuals: result.residuals,
      balance: result.balance,
      balanceDrift: drift,
      pl: result.pl,
      patternChanges,
      stepSize: lastStep,
      rejectedSteps: rejected,
      kinkEvents,
      slidingPairs: sliding.length,
    });
    patternChanges = 0;
  };

  const takeStep = (state: readonly T[], stepSize: number, derivative?: T[]): StepResult<T> => {
    const f = (s: readonly T[]) => system.rhs(s, sliding);
    const hField = F.fromNumber(stepSize);
    switch (method) {
      case "gd":
        return explicitStep(F, EULER, f, state, hField, derivative);
      case "rk4":
        return explicitStep(F, RK4, f, state, hField, derivative);
      case "dopri":
        return explicitStep(F, DORMAND_PRINCE_5_4, f, state, hField, derivative);
      case "midpoint":
        return implicitMidpointStep(F, f, state, hField, { solverTolerance, maxIterations: 50 }, derivative);
    }
  };

  const crossedPairs = (before: readonly (Sign | undefined)[], after: readonly (Sign | undefined)[]): number[] => {
    const out: number[] = [];
    for (let k = 0; k < before.length; k++) {
      const was = before[k];
      if (was !== 0 && was !== undefined && after[k] === -was && !isSliding(k)) out.push(k);
    }
    return out;
  };

  /** Pairs that a trial step puts on the other side of a kink, at its end or at any stage. */
  const straddledPairs = (trial: StepResult<T>): number[] => {
    const pairs = new Set(crossedPairs(signs, signsOf(trial.state)));
    for (const stage of trial.stageStates) for (const k of crossedPairs(signs, signsOf(stage))) pairs.add(k);
    return [...pairs];
  };

  const nextCheckpointTime = (): number | undefined => {
    if (schedule.kind !== "times") return undefined;
    return schedule.times.find((t) => t > time + 1e-12 * Math.max(1, Math.abs(t)));
  };

  const checkpointDue = (): boolean => {
    switch (schedule.kind) {
      case "every":
        return steps % schedule.steps === 0;
      case "times":
        return schedule.times.some((t) => Math.abs(t - time) <= 1e-12 * Math.max(1, Math.abs(t)) || (method === "gd" && t <= time && t > time - lastStep));
      case "log": {
        if (steps <= schedule.perDecade) return true;
        const previous = Math.floor(schedule.perDecade * Math.log10(steps - 1));
        return Math.floor(schedule.perDecade * Math.log10(steps)) > previous;
      }
    }
  };

  record();
  let stopReason: StopReason | undefined;
  let lastProgress = started;
  for (;;) {
    if (options.horizon !== undefined && time >= options.horizon * (1 - 1e-12)) stopReason = "horizon";
    else if (options.maxSteps !== undefined && steps >= options.maxSteps) stopReason = "steps";
    else if (options.untilLoss !== undefined && F.toNumber(system.loss(y)) <= options.untilLoss) stopReason = "loss";
    else if (options.wallClockMs !== undefined && Date.now() - started >= options.wallClockMs) stopReason = "wall-clock";
    else if (replay !== undefined && steps >= replay.length) stopReason = "step sequence";
    if (stopReason) break;

    let stepSize = replay?.[steps] ?? h;
    if (method !== "gd" && replay === undefined) {
      if (options.horizon !== undefined) stepSize = Math.min(stepSize, options.horizon - time);
      const target = nextCheckpointTime();
      if (target !== undefined) stepSize = Math.min(stepSize, target - time);
    }
    derivativeAtY ??= system.rhs(y, sliding);
    let attempt = takeStep(y, stepSize, derivativeAtY);
    if (!attempt.converged) {
      rejected++;
      h = stepSize / 2;
      continue;
    }
    let errorNorm = 0;
    if (method === "dopri" && replay === undefined) {
      errorNorm = hairerNorm(F, attempt.errorEstimate!, y, attempt.state, rtol, atol);
      if (!(errorNorm <= 1)) {
        rejected++;
        h = stepSize * Math.max(STEP_SHRINK_LIMIT, STEP_SAFETY * errorNorm ** -0.2);
        continue;
      }
    }

    let newSigns = signs;
    let slidingChanged = false;
    if (followKinks) {
      newSigns = signsOf(attempt.state);
      if (straddledPairs(attempt).length > 0) {
        // Bisect on the step size for the first crossing by the end or a stage, then step just
        // past it: no stage sees a stale pattern for longer than kinkTolerance of the step.
        let low = 0;
        let high = 1;
        while (high - low > kinkTolerance) {
          const middle = (low + high) / 2;
          if (straddledPairs(takeStep(y, middle * stepSize, derivativeAtY)).length > 0) high = middle;
          else low = middle;
        }
        stepSize *= high;
        attempt = takeStep(y, stepSize, derivativeAtY);
        if (method === "dopri") errorNorm = hairerNorm(F, attempt.errorEstimate!, y, attempt.state, rtol, atol);
        newSigns = signsOf(attempt.state);
        const reached = straddledPairs(attempt);
        kinkEvents += reached.length;
        if (kinkEvents - zenoCheck.events >= ZENO_EVENTS) {
          if (time - zenoCheck.time < ZENO_TIME) {
            followKinks = false;
            kinkLocationStoppedAt = time;
          }
          zenoCheck = { events: kinkEvents, time };
        }
        for (const k of reached) {
          const pair = { sample: Math.floor(k / p), neuron: k % p };
          if (followSliding && attractsFromBothSides(system, attempt.state, pair, sliding)) {
            sliding.push(pair);
            slidingIntervals.push({ ...pair, start: time + stepSize, end: undefined });
            slidingChanged = true;
          } else if (newSigns[k] === signs[k]) {
            // A stage crossed but the end has not yet: the pair is on its kink to within the
            // tolerance, so treat it as there; its next sign change is not a new event.
            newSigns[k] = 0;
          }
        }
      }
    }

    y = attempt.state;
    time += stepSize;
    if (stepSizes.length < RECORDED_STEP_SIZES) stepSizes.push(stepSize);
    lastStep = stepSize;
    steps++;
    if (sliding.length > 0) {
      y = projectState(F, system, y, sliding);
      const releasedKeys: number[] = [];
      for (let index = sliding.length - 1; index >= 0; index--) {
        if (!attractsFromBothSides(system, y, sliding[index], sliding.filter((_, k) => k !== index))) {
          const [released] = sliding.splice(index, 1);
          releasedKeys.push(released.sample * p + released.neuron);
          const interval = slidingIntervals.find((s) => s.sample === released.sample && s.neuron === released.neuron && s.end === undefined);
          if (interval) interval.end = time;
          slidingChanged = true;
        }
      }
      newSigns = signsOf(y);
      // A released pair leaves its kink from z = 0 (up to the projection's rounding): its first
      // move off the kink is not a crossing. Without this, the sign of that rounding residue makes
      // the leave look like a crossing back, the pair re-enters and is released again (Zeno).
      for (const k of releasedKeys) newSigns[k] = 0;
    }
    derivativeAtY = slidingChanged || sliding.length > 0 ? undefined : attempt.derivativeAtEnd;
    if (followKinks) {
      for (let k = 0; k < signs.length; k++) if (newSigns[k] !== signs[k] && !isSliding(k)) patternChanges++;
      signs = newSigns;
    }
    if (method === "dopri") {
      globalError += maxAbs(F, attempt.errorEstimate!);
      h = stepSize * Math.min(STEP_GROWTH_LIMIT, Math.max(STEP_SHRINK_LIMIT, STEP_SAFETY * (errorNorm > 0 ? errorNorm ** -0.2 : STEP_GROWTH_LIMIT)));
    }
    if (checkpointDue()) record();
    if (options.onProgress && Date.now() - lastProgress > 500) {
      lastProgress = Date.now();
      options.onProgress({ time, steps });
    }
  }
  if (checkpoints[checkpoints.length - 1].step !== steps) record();
  for (const checkpoint of checkpoints) if (F.toNumber(F.sub(checkpoint.balanceDrift, maxDrift)) > 0) maxDrift = checkpoint.balanceDrift;
  const last = checkpoints[checkpoints.length - 1];
  return {
    method,
    checkpoints,
    finalState: y,
    summary: {
      finalLoss: last.loss,
      time,
      steps,
      rejectedSteps: rejected,
      kinkEvents,
      slidingIntervals,
      maxBalanceDrift: maxDrift,
      rhsEvaluations: system.evaluations,
      stepSizes,
      ...(method === "dopri" ? { globalErrorEstimate: globalError } : {}),
      stopReason: stopReason!,
      ...(kinkLocationStoppedAt !== undefined ? { kinkLocationStoppedAt } : {}),
    },
  };
}

function driftOf<T>(F: Field<T>, now: readonly T[], start: readonly T[]): T {
  let drift = F.zero;
  now.forEach((value, j) => {
    drift = F.max(drift, F.abs(F.sub(value, start[j])));
  });
  return drift;
}

function maxAbs<T>(F: Field<T>, values: readonly T[]): number {
  let out = 0;
  for (const v of values) out = Math.max(out, Math.abs(F.toNumber(v)));
  return out;
}

/** Hairer, Nørsett & Wanner, Solving ODEs I, eq. (II.4.11): RMS of e_i/(atol + rtol·max(|y_i|, |y1_i|)). */
function hairerNorm<T>(F: Field<T>, error: readonly T[], y: readonly T[], next: readonly T[], rtol: number, atol: number): number {
  let total = 0;
  for (let i = 0; i < error.length; i++) {
    const scale = atol + rtol * Math.max(Math.abs(F.toNumber(y[i])), Math.abs(F.toNumber(next[i])));
    const ratio = F.toNumber(error[i]) / scale;
    total += ratio * ratio;
  }
  return Math.sqrt(total / error.length);
}

/** Hairer, Nørsett & Wanner, §II.4 "Starting step size": h = 0.01·‖y‖/‖f(y)‖ in the scaled norm. */
function initialStepGuess<T>(system: FlowSystem<T>, y: readonly T[], rtol: number, atol: number): number {
  const F = system.field;
  const f = system.rhs(y);
  const zero = new Array<T>(y.length).fill(F.zero);
  const d0 = hairerNorm(F, y, y, zero, rtol, atol);
  const d1 = hairerNorm(F, f, y, zero, rtol, atol);
  return d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
}

function projectState<T>(F: Field<T>, system: FlowSystem<T>, state: readonly T[], pairs: readonly KinkPair[]): T[] {
  const at = withParameters(system.instance, state);
  const W = projectOntoKinks(F, at, pairs);
  return [...at.a, ...W.flat()];
}

/**
 * Both one-sided fields push z_ij toward 0: with σ'(z_ij) at its left value ż_ij > 0, at its
 * right value ż_ij < 0 (other sliding pairs keep their Filippov slopes).
 */
function attractsFromBothSides<T>(system: FlowSystem<T>, state: readonly T[], pair: KinkPair, others: readonly KinkPair[]): boolean {
  const F = system.field;
  const instance = withParameters(system.instance, state);
  const p = instance.a.length;
  const d = instance.X[0].length;
  const pass = forward(F, instance);
  const otherSlopes = others.length > 0 ? slidingSlopes(F, instance, pass, others) : new Map<number, T>();
  const leftSlope = pass.sigma.derivative(F.neg(F.one));
  const rightSlope = pass.sigma.derivative(F.one);
  const velocity = (slope: T): number => {
    const field = system.rhsWithSlopes(state, (i, j) => (i === pair.sample && j === pair.neuron ? slope : otherSlopes.get(i * p + j)));
    const wVelocity = field.slice(p + pair.neuron * d, p + (pair.neuron + 1) * d);
    let total = F.zero;
    instance.X[pair.sample].forEach((x, k) => {
      total = F.add(total, F.mul(x, wVelocity[k]));
    });
    return F.toNumber(total);
  };
  return velocity(leftSlope) > 0 && velocity(rightSlope) < 0;
}
