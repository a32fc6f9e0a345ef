/**
 * Exact replay of a float run: the first K accepted steps, with the same step sizes, in float64
 * (fast kernels), in float64 with a rigorous running error bound, and in decimal arithmetic.
 * The float parameters must lie within the bound of the exact ones — the check that a long
 * float run started out right. The bound covers rounding only, so the replay takes the steps as
 * given, without kink location or sliding; a run that was sliding within K steps is not
 * comparable and is reported so.
 */
import type { Decimal } from "decimal.js";
import { decimalField, type DecimalField } from "../field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField, type ErrorBounded } from "../field/errorBound.js";
import { float64Field } from "../field/float64.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import { instanceOverField } from "../io/instanceFile.js";
import { fastGradientFlowSystem } from "./fastFlowSystem.js";
import { gradientFlowSystem, initialState } from "./flowSystem.js";
import { integrate, type Method, type Trajectory } from "./integrate.js";

export interface ReplayReport {
  steps: number;
  digits: number;
  /** max_i |θ_float − θ_exact| after the replayed steps. */
  maxDeviation: number;
  /** max_i of the rigorous rounding bound on that deviation. */
  maxBound: number;
  /** Every parameter within its own bound. */
  agrees: boolean;
  /** Set when the replay could not be compared (e.g. sliding began within the replayed steps). */
  notComparable?: string;
}

export function replayExact(file: InstanceFile, method: Method, run: Trajectory<number>, steps: number, digits = 50): ReplayReport {
  const sequence = run.summary.stepSizes.slice(0, steps);
  const slidingStart = run.summary.slidingIntervals.reduce((first, s) => Math.min(first, s.start), Infinity);
  const replayedTime = sequence.reduce((t, h) => t + h, 0);
  const base = { steps: sequence.length, digits, maxDeviation: NaN, maxBound: NaN, agrees: false };
  if (slidingStart <= replayedTime) return { ...base, notComparable: `sliding began at t = ${slidingStart}, within the replayed steps` };

  const options = { method, stepSequence: sequence, checkpoints: { kind: "every" as const, steps: Math.max(1, sequence.length) } };
  const floatInstance = instanceOverField(float64Field, file);
  const fast = integrate(fastGradientFlowSystem(floatInstance), initialState(floatInstance), options).finalState;
  const boundedInstance = instanceOverField(errorBoundField, file);
  const bounded = integrate(gradientFlowSystem(errorBoundField, boundedInstance), initialState(boundedInstance), options).finalState;
  const D = decimalField({ digits });
  const exactInstance = instanceOverField(D, file);
  const exact = integrate(gradientFlowSystem(D, exactInstance), initialState(exactInstance), options).finalState;

  const { maxDeviation, maxBound, agrees } = compareWithinRoundingBound(fast, bounded, exact, D);
  if (!Number.isFinite(maxBound)) {
    // Running bounds grow like the flow's error amplification and become useless on long replays.
    return { ...base, maxDeviation, maxBound, notComparable: `the rounding bound is unbounded after ${sequence.length} steps; replay fewer` };
  }
  return { ...base, maxDeviation, maxBound, agrees };
}

/**
 * Every float parameter within its rigorous rounding bound of the exact one. The decimal path
 * rounds too, so its share is the same bound rescaled to its unit roundoff.
 */
export function compareWithinRoundingBound(
  float: readonly number[],
  bounded: readonly ErrorBounded[],
  exact: readonly Decimal[],
  D: DecimalField,
): { maxDeviation: number; maxBound: number; agrees: boolean } {
  const rescale = 1 + D.unitRoundoff / UNIT_ROUNDOFF;
  let maxDeviation = 0;
  let maxBound = 0;
  let agrees = true;
  float.forEach((value, i) => {
    const deviation = Math.abs(D.toNumber(D.sub(D.fromNumber(value), exact[i])));
    const bound = errorBound(bounded[i]) * rescale;
    maxDeviation = Math.max(maxDeviation, deviation);
    maxBound = Math.max(maxBound, bound);
    if (!(deviation <= bound)) agrees = false;
  });
  return { maxDeviation, maxBound, agrees };
}
