/**
 * Phase 3 of a hunt, once a violation is found: deepen it a little (a clearly negative margin
 * survives simpler numbers), undo the dropped-assumption violations it does not need, and shrink
 * it (shrink.ts), re-evaluating every simplification on the exact path the entry runs.
 */
import type { Random } from "../random/rng.js";
import type { Candidate, Evaluation } from "./property.js";
import { cloneCandidate, getSlot, isFailure, numberSlots, setSlot, shrink, type ShrinkResult } from "./shrink.js";
import { climb } from "./huntClimb.js";
import type { BestCandidate, HuntSession } from "./huntSession.js";

export interface ShrinkViolationOptions {
  /** Evaluations spent deepening the violation (default min(remaining budget, ⌈budget/20⌉)). */
  polish?: number;
  /** Shrink budget in evaluations, or false not to shrink (default 1000). */
  shrink?: number | false;
  digits: number;
  mutableSettings: ReadonlySet<string>;
  random: Random;
}

export interface ShrunkViolation {
  /** The counterexample as the search found it (after polishing), before restoring and shrinking. */
  unshrunk: Candidate;
  best: BestCandidate;
  shrink: Omit<ShrinkResult, "candidate" | "evaluation"> | null;
}

export function shrinkViolation(session: HuntSession, found: BestCandidate, options: ShrinkViolationOptions): ShrunkViolation {
  const polish = Math.min(session.budget - session.evaluations, options.polish ?? Math.ceil(session.budget / 20));
  if (polish > 0 && !Number.isNaN(found.evaluation.margin)) {
    const start = { candidate: found.candidate, margin: found.evaluation.margin };
    climb(session, start, { until: session.evaluations + polish, stopOnFailure: false, mutableSettings: options.mutableSettings, random: options.random });
  }
  let best = session.best!;
  const unshrunk = best.candidate;
  const shrinkBudget = options.shrink === false ? 0 : (options.shrink ?? 1000);
  let restoreEvaluations = 0;
  if (shrinkBudget > 0 && best.origin && session.violatedDropped(best.candidate).length > 0) {
    const restored = restoreTowardOrigin(session, best, best.origin, Math.floor(shrinkBudget / 2), options.mutableSettings);
    restoreEvaluations = restored.evaluations;
    best = { ...best, candidate: restored.candidate, evaluation: restored.evaluation };
  }
  if (options.shrink === false) return { unshrunk, best, shrink: null };
  // Shrinking keeps every assumption the counterexample meets, dropped or not: a shrunk
  // instance must not look as if it needed a violation it did not have.
  const stillDropped = new Set(session.violatedDropped(best.candidate));
  const shrunk = shrink(session.property, best.candidate, {
    dropped: stillDropped,
    digits: options.digits,
    budget: Math.max(1, shrinkBudget - restoreEvaluations),
    settings: options.mutableSettings,
  });
  const { candidate, evaluation, ...summary } = shrunk;
  return { unshrunk, best: { candidate, evaluation }, shrink: { ...summary, evaluations: summary.evaluations + restoreEvaluations } };
}

/**
 * Entries of a counterexample that violates dropped assumptions are set back, one at a time, to
 * the sample its search started from, whenever it stays a counterexample and breaks no more
 * dropped assumptions: violations that came along with an improving step (or a drift) but are
 * not needed for the failure are undone, before shrinking keeps the rest.
 */
function restoreTowardOrigin(session: HuntSession, found: BestCandidate, start: Candidate, limit: number, mutableSettings: ReadonlySet<string>) {
  let current: Candidate = found.candidate;
  let currentEvaluation: Evaluation = found.evaluation;
  let spent = 0;
  for (const slot of numberSlots(current, mutableSettings)) {
    if (spent >= limit || session.violatedDropped(current).length === 0) break;
    const original = getSlot(start, slot);
    if (String(getSlot(current, slot)) === String(original)) continue;
    const next = cloneCandidate(current);
    setSlot(next, slot, original);
    if (session.missedActive(next)?.length !== 0 || session.violatedDropped(next).length > session.violatedDropped(current).length) continue;
    spent++;
    try {
      const result = session.property.evaluate(next, session.context);
      if (isFailure(result.margin)) {
        current = next;
        currentEvaluation = result;
      }
    } catch {
      // An entry that cannot be evaluated is not restored.
    }
  }
  return { candidate: current, evaluation: currentEvaluation, evaluations: spent };
}
