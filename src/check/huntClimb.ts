/**
 * Phase 2 of a hunt: a (1+1) evolution strategy minimizing the margin over the candidate's
 * numbers, started from the best samples and restarted from the better half of the pool when
 * stuck. A mutant changes a few entries (sometimes all) by relative Gaussian steps
 * x + σ·max(|x|, s)·N(0,1), s the typical size of that block, written as short decimal strings
 * (≤ 6 significant digits) so an exact-mode entry stays exactly computable. The step size σ
 * adapts by the 1/5 success rule.
 */
import { exponential, gaussian, type Random } from "../random/rng.js";
import type { Candidate } from "./property.js";
import { cloneCandidate, getSlot, isFailure, numberSlots, setSlot, shortDecimal, type Slot } from "./shrink.js";
import { score, type HuntSession } from "./huntSession.js";
import type { PoolEntry } from "./huntSampling.js";

const INITIAL_SIGMA = 0.2;
const MIN_SIGMA = 1e-6;
const MAX_SIGMA = 4;
const SUCCESS_FACTOR = 1.5;
/** 1/5 rule: one success balances four failures. */
const FAILURE_FACTOR = Math.pow(SUCCESS_FACTOR, -1 / 4);
const SIGNIFICANT_DIGITS = 6;
/** Relative margin gain that counts as progress for the restart patience. */
const SIGNIFICANT_GAIN = 1e-3;

/**
 * Searches from the pool until the budget is spent or a violation is found. Restarts draw from
 * the better half of the pool at random: the next-best samples tend to lie in the basin the last
 * search just exhausted (measured: Theorem 1 with A1 dropped sat at 0.75).
 */
export function searchFromPool(session: HuntSession, pool: readonly PoolEntry[], mutableSettings: ReadonlySet<string>, random: Random): void {
  let cycleStart = session.evaluations;
  for (let index = 0; session.evaluations < session.budget && !session.found; index++) {
    if (index > 0 && index % pool.length === 0) {
      // A whole cycle through the pool that evaluated nothing (every mutant rejected) would loop forever.
      if (session.evaluations === cycleStart) break;
      cycleStart = session.evaluations;
    }
    if (index > 0) session.restarts++;
    const start = index === 0 ? pool[0] : pool[Math.floor(random.uniform() * Math.ceil(pool.length / 2))];
    session.origin = start.candidate;
    const result = climb(session, start, { until: session.budget, stopOnFailure: true, mutableSettings, random });
    if (isFailure(result.margin)) session.markFound("search");
  }
}

export interface ClimbOptions {
  /** Stop once this many evaluations are spent in all. */
  until: number;
  /** Stop at the first negative (or NaN) margin; otherwise keep deepening it. */
  stopOnFailure: boolean;
  mutableSettings: ReadonlySet<string>;
  random: Random;
}

/**
 * One (1+1)-ES run from `start`. A better margin is a success (σ grows), a worse one a failure
 * (σ shrinks); an equal margin is accepted to drift across plateaus, and a mutant missing an
 * active assumption is rejected unevaluated — neither moves σ. It ends when σ collapses or no
 * significant improvement comes for a while.
 */
export function climb(session: HuntSession, start: PoolEntry, options: ClimbOptions): PoolEntry {
  let parent = start;
  let sigma = INITIAL_SIGMA;
  let sinceImprovement = 0;
  let attempts = 0;
  const slots = numberSlots(parent.candidate, options.mutableSettings);
  const patience = Math.max(60, 6 * slots.length);
  const maxAttempts = 50 * (options.until - session.evaluations) + 1000;
  while (session.evaluations < options.until && attempts++ < maxAttempts) {
    if (sigma < MIN_SIGMA || sinceImprovement >= patience) break;
    const mutant = mutate(parent.candidate, slots, sigma, options.random);
    if (!mutant) {
      sigma *= FAILURE_FACTOR;
      sinceImprovement++;
      continue;
    }
    const missed = session.missedActive(mutant);
    if (missed === undefined) {
      // The assumption check threw (an error the session counts): no step-size signal either way.
      sinceImprovement++;
      continue;
    }
    if (missed.length > 0) {
      // Not a step-size signal: an assumption may pin an entry (y = 1) whatever the step.
      session.rejectedMutants++;
      sinceImprovement++;
      continue;
    }
    const evaluation = session.evaluate(mutant);
    if (!evaluation) {
      sigma *= FAILURE_FACTOR;
      sinceImprovement++;
      continue;
    }
    const margin = evaluation.margin;
    if (score(margin) < score(parent.margin)) {
      // Creeping down a valley toward a positive floor is not progress worth the budget: only a
      // gain of at least 0.1% of the margin resets the patience that triggers a restart.
      const gain = score(parent.margin) - score(margin);
      if (gain >= SIGNIFICANT_GAIN * Math.max(Math.abs(parent.margin), Number.MIN_VALUE) || isFailure(margin)) sinceImprovement = 0;
      else sinceImprovement++;
      parent = { candidate: mutant, margin };
      sigma = Math.min(MAX_SIGMA, sigma * SUCCESS_FACTOR);
      if (options.stopOnFailure && isFailure(margin)) break;
    } else if (margin === parent.margin) {
      // Drift across a plateau (a mutant of entries the margin ignores); σ stays. Drift may not
      // break more dropped assumptions: a violation should be one the margin needed.
      if (session.violatedDropped(mutant).length <= session.violatedDropped(parent.candidate).length) parent = { candidate: mutant, margin };
      sinceImprovement++;
    } else {
      sigma *= FAILURE_FACTOR;
      sinceImprovement++;
    }
  }
  return parent;
}

/** Root-mean-square size of each block (X, y, W, a, each setting), 1 for an all-zero block. */
function blockScales(candidate: Candidate, slots: readonly Slot[]): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const slot of slots) {
    const key = slot.kind === "setting" ? `setting:${slot.name}` : slot.kind;
    const value = Number(getSlot(candidate, slot));
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    entry.sum += value * value;
    entry.count++;
    sums.set(key, entry);
  }
  const scales = new Map<string, number>();
  for (const [key, { sum, count }] of sums) scales.set(key, sum > 0 ? Math.sqrt(sum / count) : 1);
  return scales;
}

/**
 * A mutant: a few entries (a geometric-ish number, or with probability 1/4 all of them) moved by
 * relative Gaussian steps, rounded to short decimals; undefined when rounding left it unchanged.
 */
function mutate(parent: Candidate, slots: readonly Slot[], sigma: number, random: Random): Candidate | undefined {
  if (slots.length === 0) return undefined;
  const scales = blockScales(parent, slots);
  const all = random.uniform() < 0.25;
  const count = all ? slots.length : Math.min(slots.length, 1 + Math.floor(1.5 * exponential(random)));
  const chosen = all ? [...slots] : pick(slots, count, random);
  const mutant = cloneCandidate(parent);
  let changed = false;
  for (const slot of chosen) {
    const old = getSlot(parent, slot);
    const x = Number(old);
    const scale = Math.max(Math.abs(x), scales.get(slot.kind === "setting" ? `setting:${slot.name}` : slot.kind) ?? 1);
    const moved = x + sigma * scale * gaussian(random);
    if (!Number.isFinite(moved)) continue;
    let next: string;
    if (slot.kind === "setting" && Number.isInteger(x)) next = String(Math.round(moved));
    else next = shortDecimal(moved, SIGNIFICANT_DIGITS);
    if (next === String(old)) continue;
    setSlot(mutant, slot, next);
    changed = true;
  }
  return changed ? mutant : undefined;
}

/** `count` distinct slots, uniformly. */
function pick(slots: readonly Slot[], count: number, random: Random): Slot[] {
  const indices = slots.map((_, index) => index);
  for (let k = 0; k < count; k++) {
    const r = k + Math.floor(random.uniform() * (indices.length - k));
    [indices[k], indices[r]] = [indices[r], indices[k]];
  }
  return indices.slice(0, count).map((index) => slots[index]);
}
