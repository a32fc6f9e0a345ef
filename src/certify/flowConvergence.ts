/**
 * Certified convergence of the gradient FLOW to zero loss (issue 17 item 3, flow form): the
 * validated flow enclosure (flowEnclosure.ts) is run until, at the end of some step, the flow
 * trapping argument (trap.ts `flowTrap`: a certified PL constant μ on a ball B(m, R) around the
 * enclosure of θ(t_K), and ρ₀ + √(2L̄/μ) ≤ R) closes. Then the exact flow from this initialization
 * stays in the ball, L(θ(t)) ≤ L̄·e^{−2cμ(t − t_K)} → 0 and θ(t) converges (finite path) to a
 * zero-loss global minimum. The trap is tried at the end of every step: it needs no Hessian, only
 * J on the ball and an n×n Cholesky per radius, far less than one Taylor step, so the entry time
 * is the first step end at which it closes.
 */
import type { Candidate } from "../check/property.js";
import { intervalField, type Interval, type IntervalField } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import type { Instance } from "../model/instance.js";
import { certifyFlow, type FlowEnclosureResult } from "./flowEnclosure.js";
import { midpointOf } from "./lohner.js";
import { candidateRadii, flowTrap, type TrapOutcome } from "./trap.js";

export interface FlowConvergenceResult {
  proved: boolean;
  /** The longest flow time tried: with digits and order it fixes the step sequence a re-check replays. */
  maxTime: string;
  digits: number;
  order: number;
  /** t_K: the end of the step at which the trap closed (or where the enclosure ended). */
  entryTime: string;
  entryStep: number;
  /** θ(t_K)'s enclosure. */
  entryBox: { lo: string; hi: string }[];
  trap?: TrapOutcome;
  /** The enclosure up to t_K (its per-step trace dropped). */
  enclosure: Omit<FlowEnclosureResult, "trace">;
  milliseconds: number;
}

export interface FlowConvergenceOptions {
  /** The longest flow time tried. */
  maxTime: string;
  digits: number;
  order: number;
  onProgress?: (time: number, steps: number) => void;
}

export function certifyFlowConvergence(candidate: Candidate, options: FlowConvergenceOptions): FlowConvergenceResult {
  const started = Date.now();
  const F = intervalField({ digits: options.digits });
  const instance = instanceOverField(F, candidate.file);
  let steps = 0;
  let trap: TrapOutcome | undefined;
  let entry: { time: string; step: number; box: readonly Interval[] } | undefined;
  const enclosure = certifyFlow(candidate, {
    horizon: options.maxTime,
    digits: options.digits,
    order: options.order,
    onProgress: options.onProgress,
    onStep: (step) => {
      steps++;
      entry = { time: step.to.toString(), step: steps, box: step.end };
      if (step.end.every((x) => x.lo.isFinite() && x.hi.isFinite())) trap = tryFlowTrap(F, instance, step.end);
    },
    stop: () => (trap?.closed ? "the convergence trap closed" : undefined),
  });
  const { trace: _trace, ...summary } = enclosure;
  return {
    proved: trap?.closed === true,
    maxTime: options.maxTime,
    digits: options.digits,
    order: options.order,
    entryTime: entry?.time ?? "0",
    entryStep: entry?.step ?? 0,
    entryBox: (entry?.box ?? []).map((x) => ({ lo: x.lo.toString(), hi: x.hi.toString() })),
    trap,
    enclosure: summary,
    milliseconds: Date.now() - started,
  };
}

/** The first closing flow trap among the candidate radii around the box's midpoint, else the last attempt. */
export function tryFlowTrap(F: IntervalField, instance: Instance<Interval>, box: readonly Interval[]): TrapOutcome | undefined {
  const center = box.map((x) => midpointOf(F, x));
  let last: TrapOutcome | undefined;
  // Every radius is tried: a smaller ball can have a much larger certified μ (the Gram matrix's
  // enclosure is tighter), so a path longer than one radius says nothing about the next.
  for (const radius of candidateRadii(F, instance, center)) {
    last = flowTrap(F, instance, box, center, F.interval(radius, radius));
    if (last.closed) return last;
  }
  return last;
}

/**
 * θ(t_K)'s enclosure recomputed as the run that found the certificate made it: the same horizon,
 * digits and order give the same step sequence, stopped after `steps` steps. `time` is where it
 * ended (t_K when nothing differs from the original run).
 */
export function flowEntryBox(candidate: Candidate, options: { maxTime: string; digits: number; order: number; steps: number; onProgress?: (time: number, steps: number) => void }): { time: string; box: readonly Interval[] | undefined } {
  let box: readonly Interval[] | undefined;
  const run = certifyFlow(candidate, { horizon: options.maxTime, digits: options.digits, order: options.order, maxSteps: options.steps, onProgress: options.onProgress, onStep: (step) => (box = step.end) });
  return { time: run.certifiedUntil, box: run.steps === options.steps ? box : undefined };
}
