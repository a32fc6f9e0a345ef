/**
 * Certified convergence of gradient descent to zero loss (issue 17 item 3): certified GD steps
 * (a Lohner set, lohner.ts; a box step where a ReLU kink is in the set) until, at some iterate
 * K, the trapping argument of trap.ts closes on a ball around the certified box Θ_K. Then the
 * exact GD iterates from this initialization converge to a zero-loss global minimum, with
 * L(θ_k) ≤ q^{k−K}·L̄. The result carries everything a re-check needs (convergenceCertificate.ts).
 */
import { Decimal } from "decimal.js";
import type { Candidate } from "../check/property.js";
import { intervalField, type Interval, type IntervalField } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import type { Instance } from "../model/instance.js";
import { gradientFlowSystem, initialState, type FlowSystem } from "../dynamics/flowSystem.js";
import { candidateRadii, gdTrap, type TrapOutcome } from "./trap.js";
import { lohnerFromBox, lohnerGdStep, lohnerHull, midpointOf, type LohnerSet } from "./lohner.js";

export interface ConvergenceOptions {
  lr: string;
  digits: number;
  /** Give up after this many GD steps without a closed trap. */
  maxSteps: number;
  onStep?: (k: number) => void;
}

export interface ConvergenceResult {
  proved: boolean;
  digits: number;
  lr: string;
  /** K: the step whose box the trap closed on (or the last step tried). */
  entryStep: number;
  /** Θ_K: the certified box of the entry iterate (lo/hi strings). */
  entryBox: { lo: string; hi: string }[];
  /** The closed trap, or the last attempt (with its reason). */
  trap: TrapOutcome | undefined;
  /** GD steps taken as Lohner-set steps / as box steps (a kink inside the set). */
  lohnerSteps: number;
  boxSteps: number;
  milliseconds: number;
}

/** One certified GD step on the set, or (kink inside it) a plain interval step on its hull, restarting the set there. */
function certifiedStep(F: IntervalField, instance: Instance<Interval>, system: FlowSystem<Interval>, set: LohnerSet, eta: Interval): { set: LohnerSet; lohner: boolean } {
  const carried = lohnerGdStep(F, instance, system, set, eta);
  if (carried) return { set: carried, lohner: true };
  const hull = lohnerHull(F, set);
  const velocity = system.rhs(hull);
  return { set: lohnerFromBox(F, hull.map((x, i) => F.add(x, F.mul(eta, velocity[i])))), lohner: false };
}

/** The first closing trap among the candidate radii around the box's midpoint, else the last attempt. */
export function tryTrap(F: IntervalField, instance: Instance<Interval>, system: FlowSystem<Interval>, box: readonly Interval[], eta: Interval): TrapOutcome | undefined {
  const center = box.map((x) => midpointOf(F, x));
  let last: TrapOutcome | undefined;
  for (const radius of candidateRadii(F, instance, center)) {
    last = gdTrap(F, instance, box, eta, system.flowFactor, center, F.interval(radius, radius));
    if (last.closed) return last;
    // A smaller ball helps with kinks and with μ, not with a path already longer than this R.
    const path = last.numbers?.pathLength;
    if (path !== undefined && path !== "Infinity" && !new Decimal(path).lt(radius)) return last;
  }
  return last;
}

/** What a certified GD run works over: the field, the instance and flow system over it, and η. */
export interface GdRunContext {
  F: IntervalField;
  instance: Instance<Interval>;
  system: FlowSystem<Interval>;
  eta: Interval;
}

/**
 * Certified GD from the candidate until step `steps`, or earlier where `stop(k, Θ_k)` says so
 * (asked at every k before step k + 1 is taken): the certified box Θ_k it ended at — what a
 * re-check recomputes, and what certifyConvergence tries the trap on.
 */
export function certifiedIterate(
  candidate: Candidate,
  options: { lr: string; digits: number; steps: number; onStep?: (k: number) => void; stop?: (k: number, box: Interval[], context: GdRunContext) => boolean },
): GdRunContext & { box: Interval[]; lohnerSteps: number; steps: number } {
  const F = intervalField({ digits: options.digits });
  const instance = instanceOverField(F, candidate.file);
  const context: GdRunContext = { F, instance, system: gradientFlowSystem(F, instance), eta: F.fromDecimalString(options.lr) };
  let set = lohnerFromBox(F, initialState(instance));
  let lohnerSteps = 0;
  for (let k = 0; ; k++) {
    const box = lohnerHull(F, set);
    if (k === options.steps || options.stop?.(k, box, context)) return { ...context, box, lohnerSteps, steps: k };
    const next = certifiedStep(F, instance, context.system, set, context.eta);
    set = next.set;
    if (next.lohner) lohnerSteps++;
    options.onStep?.(k + 1);
  }
}

export function certifyConvergence(candidate: Candidate, options: ConvergenceOptions): ConvergenceResult {
  const started = Date.now();
  let trap: TrapOutcome | undefined;
  // Attempts at k = 0, 1, 2, 3, 4, 6, 8, 11, 16, 23, …: each costs about one step, and the entry step is at most ×√2 late.
  let nextAttempt = 0;
  const run = certifiedIterate(candidate, {
    lr: options.lr,
    digits: options.digits,
    steps: Infinity,
    stop: (k, box, { F, instance, system, eta }) => {
      const unbounded = box.some((x) => !x.lo.isFinite() || !x.hi.isFinite());
      const last = k === options.maxSteps || unbounded;
      if (last || k === nextAttempt) {
        trap = tryTrap(F, instance, system, box, eta);
        nextAttempt = Math.max(k + 1, Math.round(k * Math.SQRT2));
      }
      options.onStep?.(k);
      return trap?.closed === true || last;
    },
  });
  const entryBox = run.box.map((x) => ({ lo: x.lo.toString(), hi: x.hi.toString() }));
  const k = run.steps;
  return { proved: trap?.closed === true, digits: options.digits, lr: options.lr, entryStep: k, entryBox, trap, lohnerSteps: run.lohnerSteps, boxSteps: k - run.lohnerSteps, milliseconds: Date.now() - started };
}

/** Steps at which the trap is attempted: 0, 1, 2, 3, 4, 6, 8, 11, 16, 23, … up to `last`. */
export function attemptSchedule(last: number): number[] {
  const steps: number[] = [];
  for (let k = 0; k <= last; k = Math.max(k + 1, Math.round(k * Math.SQRT2))) steps.push(k);
  return steps;
}

/**
 * The first step of a certified GD run (its boxes Θ_k, as gd.ts reports them) on the attempt
 * schedule at which the trap closes: from there on every iterate stays in the ball and
 * L(θ_{k+1}) ≤ q·L(θ_k), for all later k — what no finite run of boxes can show.
 */
export function trapAlongRun(candidate: Candidate, options: { lr: string; digits: number }, boxes: readonly (readonly Interval[])[]): { step: number; trap: TrapOutcome } | undefined {
  const F = intervalField({ digits: options.digits });
  const instance = instanceOverField(F, candidate.file);
  const system = gradientFlowSystem(F, instance);
  const eta = F.fromDecimalString(options.lr);
  for (const k of attemptSchedule(boxes.length - 1)) {
    if (boxes[k].some((x) => !x.lo.isFinite() || !x.hi.isFinite())) return undefined;
    const trap = tryTrap(F, instance, system, boxes[k], eta);
    if (trap?.closed) return { step: k, trap };
  }
  return undefined;
}
