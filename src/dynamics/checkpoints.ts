/** When the driver records a checkpoint, and what one holds. */
import type { Field } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import { type Evaluation, evaluate } from "../model/network.js";
import { evaluateOnKernels } from "../fast/evaluateOnKernels.js";
import { evaluateOnFloat32Kernels } from "../fast/float32Evaluate.js";
import type { Method } from "./stepControl.js";
import type { PlUndefined } from "../model/plReading.js";
import { checkpointPl, type KinkResolution } from "./checkpointPl.js";
import { withParameters } from "./state.js";

/** When to record a checkpoint (the initial and final states are always recorded). */
export type CheckpointSchedule =
  | { kind: "every"; steps: number }
  | { kind: "times"; times: readonly number[] }
  | { kind: "log"; perDecade: number };

export const DEFAULT_SCHEDULE: CheckpointSchedule = { kind: "log", perDecade: 10 };

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
  /** μ = c‖∇L‖²/L; undefined at L = 0 or on a kink (checkpointPl.ts), and then `plUndefined` says why. */
  pl: T | undefined;
  plUndefined?: PlUndefined<T>;
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

/** Where the run stands when a checkpoint is taken. */
export interface RunPosition<T> {
  steps: number;
  time: number;
  state: T[];
  lastStep: number;
  rejected: number;
  kinkEvents: number;
  slidingPairs: number;
  patternChanges: number;
  /**
   * How the run resolves kinks: "located" (crossings stepped onto, so only `sliding` pairs sit on
   * a kink) or "stepped" (gradient descent, --no-kinks: a pair within one step of its kink is unresolved).
   */
  kinks?: KinkResolution;
}

/** Time-scheduled runs shorten a step to land on the next checkpoint time. */
export function nextCheckpointTime(schedule: CheckpointSchedule, time: number): number | undefined {
  if (schedule.kind !== "times") return undefined;
  return schedule.times.find((t) => t > time + 1e-12 * Math.max(1, Math.abs(t)));
}

export function checkpointDue(schedule: CheckpointSchedule, method: Method, steps: number, time: number, lastStep: number): boolean {
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
}

export function makeCheckpoint<T>(F: Field<T>, instance: Instance<T>, balanceAtStart: readonly T[], at: RunPosition<T>): Checkpoint<T> {
  const here = withParameters(instance, at.state);
  // float64 and float32 checkpoints on the fast kernels, as the float run's steps (a checkpoint per step is common).
  const result =
    F.name === "float64"
      ? (evaluateOnKernels(here as Instance<number>) as unknown as Evaluation<T>)
      : F.name === "float32"
        ? (evaluateOnFloat32Kernels(here as Instance<number>) as unknown as Evaluation<T>)
        : evaluate(F, here);
  const pl = checkpointPl(F, here, result, at.kinks ?? { mode: "stepped" }, at.lastStep);
  return {
    step: at.steps,
    time: at.time,
    parameters: at.state,
    loss: result.loss,
    residuals: result.residuals,
    balance: result.balance,
    balanceDrift: driftOf(F, result.balance, balanceAtStart),
    pl: pl.value,
    ...(pl.undefined === undefined ? {} : { plUndefined: pl.undefined }),
    patternChanges: at.patternChanges,
    stepSize: at.lastStep,
    rejectedSteps: at.rejected,
    kinkEvents: at.kinkEvents,
    slidingPairs: at.slidingPairs,
  };
}

function driftOf<T>(F: Field<T>, now: readonly T[], start: readonly T[]): T {
  let drift = F.zero;
  now.forEach((value, j) => {
    drift = F.max(drift, F.abs(F.sub(value, start[j])));
  });
  return drift;
}

export function largestDrift<T>(F: Field<T>, checkpoints: readonly Checkpoint<T>[]): T {
  let maxDrift = F.zero;
  for (const checkpoint of checkpoints) if (F.toNumber(F.sub(checkpoint.balanceDrift, maxDrift)) > 0) maxDrift = checkpoint.balanceDrift;
  return maxDrift;
}
