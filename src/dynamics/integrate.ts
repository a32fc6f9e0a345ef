/**
 * The trajectory driver: runs gradient descent or an integrator of the gradient flow with
 * stopping rules, step-size control, ReLU kink events and Filippov sliding, and records
 * checkpoints. Generic over the field: float64 for long runs, decimal to replay short ones.
 * The parts live beside it: stepControl.ts (trial steps, error control), kinkEvents.ts (kinks,
 * sliding), checkpoints.ts (schedule, records), stoppingRules.ts (user rules and guards).
 */
import type { Field } from "../field/field.js";
import { balance } from "../model/network.js";
import type { KinkResolution } from "./checkpointPl.js";
import { type Checkpoint, type CheckpointSchedule, DEFAULT_SCHEDULE, checkpointDue, largestDrift, makeCheckpoint, nextCheckpointTime } from "./checkpoints.js";
import type { FlowSystem } from "./flowSystem.js";
import { KinkTracker, type SlidingInterval } from "./kinkEvents.js";
import { type Method, grownStep, hairerNorm, initialStepGuess, maxAbs, shrunkStep, trialStepper } from "./stepControl.js";
import { DEFAULT_STEP_LIMIT, type GuardStop, PaceWatch, type StopReason, StallWatch, divergenceGuard, finiteGuard, stepLimitGuard, stepSizeGuard, userStop, validateOptions } from "./stoppingRules.js";
import { withParameters } from "./state.js";
import type { StepResult } from "./steppers.js";

export { METHODS, type Method } from "./stepControl.js";
export type { Checkpoint, CheckpointSchedule } from "./checkpoints.js";
export { KINK_BAND, ZENO_EVENTS, ZENO_TIME, type SlidingInterval } from "./kinkEvents.js";
export { GUARD_EXIT_CODES, isGuardStop, type StopReason } from "./stoppingRules.js";

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
  /** Trial steps allowed without `maxSteps` before the step-limit guard ends the run (default 10⁷). */
  stepLimit?: number;
  checkpoints?: CheckpointSchedule;
  /** Locate kinks until the crossing is bracketed within this fraction of the step, in (0, 1). */
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
     * ZENO_EVENTS per ZENO_TIME of flow time without sliding resolving them
     * (chattering the sliding test does not recognize). Later steps straddle kinks, with the
     * step-size control of the method alone.
     */
    kinkLocationStoppedAt?: number;
    stopReason: StopReason;
    /** Set when a guard (stoppingRules.ts) ended the run: why, in one line. */
    guard?: string;
  };
}

const DEFAULT_KINK_TOLERANCE = 1e-9;

/** The mutable state of one run, shared by the driver's parts. */
interface Run<T> {
  y: T[];
  time: number;
  steps: number;
  rejected: number;
  h: number;
  lastStep: number;
  derivativeAtY: T[] | undefined;
  globalError: number;
  stepSizes: number[];
  checkpoints: Checkpoint<T>[];
  started: number;
}

export function integrate<T>(system: FlowSystem<T>, initial: readonly T[], options: IntegrateOptions): Trajectory<T> {
  validateOptions(options);
  const F: Field<T> = system.field;
  const { method } = options;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const replay = options.stepSequence;
  const followKinks = system.piecewise && method !== "gd" && options.kinks !== false && replay === undefined;
  const kinks = new KinkTracker(system, initial, followKinks, followKinks && options.sliding !== false, options.kinkTolerance ?? DEFAULT_KINK_TOLERANCE);
  const trial = trialStepper(system, method, kinks.sliding, options.solverTolerance ?? 1e-13);
  const schedule = options.checkpoints ?? DEFAULT_SCHEDULE;
  const balanceAtStart = balance(F, withParameters(system.instance, initial));
  const kinkResolution: KinkResolution = followKinks ? { mode: "located", sliding: kinks.sliding } : { mode: "stepped" };
  const run: Run<T> = {
    y: initial.slice(),
    time: 0,
    steps: 0,
    rejected: 0,
    h: replay?.[0] ?? options.step ?? initialStepGuess(system, initial, rtol, atol),
    lastStep: 0,
    derivativeAtY: undefined,
    globalError: 0,
    stepSizes: [],
    checkpoints: [],
    started: Date.now(),
  };
  const record = () =>
    run.checkpoints.push(
      makeCheckpoint(F, system.instance, balanceAtStart, { ...run, state: run.y, kinkEvents: kinks.events, slidingPairs: kinks.sliding.length, patternChanges: kinks.takePatternChanges(run.y), kinks: kinkResolution }),
    );
  record();
  const initialLoss = F.toNumber(run.checkpoints[0].loss);
  // Only float values can be non-finite for want of range; a decimal 1e400 is finite though its toNumber is not.
  const floatPath = F.name === "float64" || F.name === "float32";
  let guard = divergenceGuard(initialLoss, initialLoss, 0, floatPath);
  let stopReason: StopReason | undefined = guard?.reason;
  let lastProgress = run.started;
  const adaptive = (method === "dopri" || method === "midpoint") && replay === undefined;
  const stall = new StallWatch();
  const pace = options.horizon !== undefined && options.maxSteps === undefined ? new PaceWatch(options.horizon, options.stepLimit ?? DEFAULT_STEP_LIMIT) : undefined;
  while (stopReason === undefined) {
    const userReason = userStop(options, run, () => checkedLoss());
    if (userReason !== undefined || guard !== undefined) {
      stopReason = guard?.reason ?? userReason;
      break;
    }
    guard = stepLimitGuard(options, run.steps + run.rejected);
    if (guard !== undefined) continue;
    const step = advance();
    guard = step.guard ?? (adaptive ? stall.check(run.time) ?? pace?.check(run.time) : undefined);
    if (!step.accepted) continue;
    if (guard === undefined && checkpointDue(schedule, method, run.steps, run.time, run.lastStep)) {
      record();
      guard = divergenceGuard(F.toNumber(run.checkpoints[run.checkpoints.length - 1].loss), initialLoss, run.time, floatPath);
    }
    if (options.onProgress && Date.now() - lastProgress > 500) {
      lastProgress = Date.now();
      options.onProgress({ time: run.time, steps: run.steps });
    }
  }
  if (run.checkpoints[run.checkpoints.length - 1].step !== run.steps) record();
  return trajectoryOf(system, method, run, kinks, stopReason!, guard);

  /** The loss for --until-loss, which also feeds the divergence guard. */
  function checkedLoss(): number {
    const loss = F.toNumber(system.loss(run.y));
    guard ??= divergenceGuard(loss, initialLoss, run.time, floatPath);
    return loss;
  }

  /** One trial step: rejected (and the step shrunk) or accepted (and the run moved on); a guard if one trips. */
  function advance(): { accepted: boolean; guard?: GuardStop } {
    const stepSize = plannedStep();
    run.derivativeAtY ??= system.rhs(run.y, kinks.sliding);
    const derivative = run.derivativeAtY;
    const retake = (size: number) => trial(run.y, size, derivative);
    let attempt = retake(stepSize);
    if (!attempt.converged) return reject(stepSize / 2);
    let errorNorm = 0;
    if (method === "dopri" && replay === undefined) {
      errorNorm = hairerNorm(F, attempt.errorEstimate!, run.y, attempt.state, rtol, atol);
      if (floatPath && !Number.isFinite(errorNorm)) return { accepted: false, guard: finiteGuard(attempt.state.map(F.toNumber), "the state", run.time) ?? finiteGuard([errorNorm], "the error estimate", run.time) };
      if (!(errorNorm <= 1)) return reject(shrunkStep(stepSize, errorNorm));
    }
    const { located, slidingChanged } = kinks.locate(attempt, stepSize, run.time, retake);
    let taken = stepSize;
    if (located) {
      ({ stepSize: taken, attempt } = located);
      if (method === "dopri") errorNorm = hairerNorm(F, attempt.errorEstimate!, run.y, attempt.state, rtol, atol);
    }
    // A step cut short (kink, horizon, checkpoint time) says nothing about the controller's step.
    const uncut = located === undefined && stepSize === run.h;
    return { accepted: true, guard: accept(attempt, taken, errorNorm, slidingChanged, uncut) };
  }

  /** The step to try now: the controller's, cut to land on the horizon or the next checkpoint time. */
  function plannedStep(): number {
    let stepSize = replay?.[run.steps] ?? run.h;
    if (method !== "gd" && replay === undefined) {
      if (options.horizon !== undefined) stepSize = Math.min(stepSize, options.horizon - run.time);
      const target = nextCheckpointTime(schedule, run.time);
      if (target !== undefined) stepSize = Math.min(stepSize, target - run.time);
    }
    return stepSize;
  }

  function reject(nextStep: number): { accepted: false; guard?: GuardStop } {
    run.rejected++;
    run.h = nextStep;
    return { accepted: false, guard: adaptive ? stepSizeGuard(nextStep, run.time) : undefined };
  }

  function accept(attempt: StepResult<T>, stepSize: number, errorNorm: number, slidingEntered: boolean, uncut: boolean): GuardStop | undefined {
    run.time += stepSize;
    const after = kinks.afterStep(attempt.state, run.time);
    run.y = after.state;
    if (run.stepSizes.length < RECORDED_STEP_SIZES) run.stepSizes.push(stepSize);
    run.lastStep = stepSize;
    run.steps++;
    run.derivativeAtY = slidingEntered || after.slidingChanged || kinks.sliding.length > 0 ? undefined : attempt.derivativeAtEnd;
    const nonFinite = floatPath ? finiteGuard(run.y as unknown as number[], "the state", run.time) : undefined;
    if (nonFinite) return nonFinite;
    if (method !== "dopri") return undefined;
    run.globalError += maxAbs(F, attempt.errorEstimate!);
    run.h = grownStep(stepSize, errorNorm);
    return adaptive && uncut ? stepSizeGuard(run.h, run.time) : undefined;
  }
}

function trajectoryOf<T>(system: FlowSystem<T>, method: Method, run: Run<T>, kinks: KinkTracker<T>, stopReason: StopReason, guard: GuardStop | undefined): Trajectory<T> {
  const F = system.field;
  const last = run.checkpoints[run.checkpoints.length - 1];
  return {
    method,
    checkpoints: run.checkpoints,
    finalState: run.y,
    summary: {
      finalLoss: last.loss,
      time: run.time,
      steps: run.steps,
      rejectedSteps: run.rejected,
      kinkEvents: kinks.events,
      slidingIntervals: kinks.slidingIntervals,
      maxBalanceDrift: largestDrift(F, run.checkpoints),
      rhsEvaluations: system.evaluations,
      stepSizes: run.stepSizes,
      ...(method === "dopri" ? { globalErrorEstimate: run.globalError } : {}),
      stopReason,
      ...(kinks.stoppedAt !== undefined ? { kinkLocationStoppedAt: kinks.stoppedAt } : {}),
      ...(guard !== undefined ? { guard: guard.detail } : {}),
    },
  };
}
