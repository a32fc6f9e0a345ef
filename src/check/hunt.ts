/**
 * The counterexample hunter: a search that climbs toward a violation, where random sampling
 * (what `check` does) rarely lands on the instances that break a bound.
 *
 * - Phase 1, sampling: fast-check samples of `property.generate(dropped)` (seeded from the named
 *   seed), each candidate missing an active (not dropped) assumption skipped, the rest evaluated.
 *   They seed phase 2, best margin first.
 * - Phase 2, targeted search: a (1+1) evolution strategy minimizing the margin over the
 *   candidate's numbers — X, y, W, a, and the numeric settings the generator itself varies. A
 *   mutant changes a few entries (sometimes all) by relative Gaussian steps x + σ·max(|x|, s)·N(0,1),
 *   s the typical size of that block, and writes them as short decimal strings (≤ 6 significant
 *   digits), so an exact-mode entry stays exactly computable. A mutant missing an active
 *   assumption is rejected without being evaluated. The step size σ adapts by the 1/5 success
 *   rule (a better margin is a success, a worse one a failure; an equal margin — accepted, to
 *   drift across plateaus — and a rejected mutant leave σ as it is); when σ collapses, or no
 *   improvement comes for a while, the search restarts from a sample drawn from the better half.
 * - It stops at the budget of margin evaluations or at the first negative (or NaN) margin, then
 *   spends a few more evaluations deepening the violation (so it survives shrinking toward simple
 *   numbers), and shrinks it (shrink.ts) keeping every assumption it meets, dropped ones included:
 *   a violation of a dropped assumption is reported only when the counterexample has it.
 *
 * Deterministic for a given seed: the samples come from fast-check with an integer seed derived
 * from the named one, the mutations from a seedrandom stream named by the seed and property id.
 */
import fc from "fast-check";
import { deriveSeed, exponential, gaussian, seededRandom, type Random } from "../random/rng.js";
import type { Candidate, Evaluation, EvaluationContext, Property, StepMargin } from "./property.js";
import { missedAssumptions, seedFromString } from "./runner.js";
import { cloneCandidate, getSlot, isFailure, numberSlots, setSlot, shortDecimal, shrink, type ShrinkResult, type Slot } from "./shrink.js";

/** Which numeric settings the search may mutate: those the generator varies (default), all, or none. */
export type SettingsPolicy = "varying" | "all" | "none";

export interface HuntOptions {
  /** Assumptions dropped from the generator and the predicate (`hunt --drop`). */
  dropped?: ReadonlySet<string>;
  /** Margin evaluations at most, sampling and search together (shrinking has its own budget). */
  budget: number;
  /** Named seed: the same seed gives the same hunt. */
  seed: string;
  /** Significant digits of the exact path. */
  digits: number;
  /** Share of the budget spent on samples before the search (default 0.2); 1 samples only, like `check`. */
  sampleFraction?: number;
  /** Evaluations spent deepening a violation once found (default min(remaining budget, ⌈budget/20⌉)). */
  polish?: number;
  /** Shrink budget in evaluations, or false not to shrink (default 1000). */
  shrink?: number | false;
  /** Numeric settings the search and the shrinker may change (default "varying"; see {@link SettingsPolicy}). */
  settings?: SettingsPolicy;
  /** Called after every evaluation (the CLI draws progress from it). */
  onProgress?(progress: { evaluations: number; budget: number; bestMargin: number; restarts: number }): void;
}

export interface TracePoint {
  /** Evaluations spent when the best margin improved. */
  evaluations: number;
  margin: number;
}

export interface HuntResult {
  found: boolean;
  /** The margin of {@link HuntResult.candidate}: negative (or NaN) when found, else the smallest seen. */
  margin: number;
  evaluation: Evaluation | null;
  /** The counterexample, shrunk; when none was found, the best candidate; null when no candidate met the assumptions. */
  candidate: Candidate | null;
  /** The counterexample as the search found it, before shrinking. */
  unshrunk: Candidate | null;
  /** Margin evaluations of sampling, search and polishing (not shrinking). */
  evaluations: number;
  /** Evaluations spent when the first violation appeared; null when none did. */
  evaluationsToFind: number | null;
  foundBy: "sampling" | "search" | null;
  restarts: number;
  /** Samples evaluated, and samples skipped for missing an active assumption (by name). */
  samples: number;
  skipped: number;
  skippedBy: Record<string, number>;
  /** Mutants rejected for missing an active assumption (not evaluated). */
  rejectedMutants: number;
  /** Evaluations that threw (the candidate was then discarded), with the first message. */
  errors: number;
  firstError?: string;
  /** Best margin so far, each time it improved. */
  trace: TracePoint[];
  /** Dropped assumptions the counterexample violates (empty: it meets every assumption). */
  violatesDropped: string[];
  /** Numeric settings the search was allowed to change. */
  mutableSettings: string[];
  shrink: Omit<ShrinkResult, "candidate" | "evaluation"> | null;
}

const INITIAL_SIGMA = 0.2;
const MIN_SIGMA = 1e-6;
const MAX_SIGMA = 4;
const SUCCESS_FACTOR = 1.5;
/** 1/5 rule: one success balances four failures. */
const FAILURE_FACTOR = Math.pow(SUCCESS_FACTOR, -1 / 4);
const SIGNIFICANT_DIGITS = 6;

/** Margins ordered for minimization, NaN (a failure) lowest. */
const score = (margin: number) => (Number.isNaN(margin) ? -Infinity : margin);

/** The first step of a chained proof that fails (negative or NaN margin), if any. */
export function firstFailingStep(steps: readonly StepMargin[]): StepMargin | undefined {
  return steps.find((step) => isFailure(step.margin));
}

/** Relative margin gain that counts as progress for the restart patience. */
const SIGNIFICANT_GAIN = 1e-3;

export function hunt(property: Property, options: HuntOptions): HuntResult {
  if (!(Number.isInteger(options.budget) && options.budget >= 1)) throw new RangeError(`hunt: budget must be a positive integer, got ${options.budget}`);
  const context: EvaluationContext = { digits: options.digits };
  const dropped = options.dropped ?? new Set<string>();
  const budget = options.budget;
  const sampleTarget = Math.max(1, Math.min(budget, Math.round(budget * (options.sampleFraction ?? 0.2))));
  const random = seededRandom(deriveSeed(options.seed, property.id, "hunt"));

  let evaluations = 0;
  let errors = 0;
  let firstError: string | undefined;
  let restarts = 0;
  let rejectedMutants = 0;
  let skipped = 0;
  const skippedBy: Record<string, number> = {};
  const trace: TracePoint[] = [];
  let best: { candidate: Candidate; evaluation: Evaluation; origin?: Candidate } | undefined;
  /** The sample the current search started from (a counterexample is restored toward it). */
  let origin: Candidate | undefined;
  let evaluationsToFind: number | null = null;
  let foundBy: HuntResult["foundBy"] = null;

  const found = () => evaluationsToFind !== null;
  const progress = () => options.onProgress?.({ evaluations, budget, bestMargin: best ? best.evaluation.margin : NaN, restarts });

  /** Evaluate (counted); undefined when the evaluation throws. */
  const evaluate = (candidate: Candidate): Evaluation | undefined => {
    evaluations++;
    let evaluation: Evaluation | undefined;
    try {
      evaluation = property.evaluate(candidate, context);
    } catch (error) {
      errors++;
      firstError ??= error instanceof Error ? error.message.split("\n")[0] : String(error);
    }
    if (evaluation && (!best || score(evaluation.margin) < score(best.evaluation.margin))) {
      best = { candidate, evaluation, origin: origin ?? candidate };
      trace.push({ evaluations, margin: evaluation.margin });
    }
    progress();
    return evaluation;
  };
  const violatedDropped = (candidate: Candidate): string[] =>
    property.assumptions.filter((a) => dropped.has(a.name) && !safeHolds(a.holds.bind(a), candidate, context)).map((a) => a.name);
  const meetsAssumptions = (candidate: Candidate): string[] => {
    try {
      return missedAssumptions(property, candidate, context, dropped);
    } catch {
      return ["(assumption check threw)"];
    }
  };

  // Phase 1: fast-check samples, in batches until the sample share of the budget is evaluated.
  const pool: { candidate: Candidate; margin: number }[] = [];
  const maxDraws = 20 * sampleTarget + 100;
  let draws = 0;
  for (let batch = 0; pool.length < sampleTarget && draws < maxDraws && !found(); batch++) {
    const size = Math.min(sampleTarget - pool.length, maxDraws - draws);
    const candidates = fc.sample(property.generate(dropped), { numRuns: size, seed: seedFromString(`${options.seed}/${property.id}/hunt/${batch}`) });
    for (const candidate of candidates) {
      draws++;
      const missed = meetsAssumptions(candidate);
      if (missed.length > 0) {
        skipped++;
        for (const name of missed) skippedBy[name] = (skippedBy[name] ?? 0) + 1;
        continue;
      }
      const evaluation = evaluate(candidate);
      if (!evaluation) continue;
      pool.push({ candidate, margin: evaluation.margin });
      if (isFailure(evaluation.margin)) {
        evaluationsToFind = evaluations;
        foundBy = "sampling";
        break;
      }
      if (pool.length >= sampleTarget) break;
    }
  }
  const samples = pool.length;
  pool.sort((x, y) => score(x.margin) - score(y.margin));

  // Settings the generator varies are free parameters of the statement; the others are left alone.
  const mutableSettings = settingNames(
    pool.map((entry) => entry.candidate),
    options.settings ?? "varying",
  );

  // Phase 2: (1+1) evolution strategy from the best samples, restarting from the next-best when stuck.
  const search = (start: { candidate: Candidate; margin: number }, until: number, stopOnFailure: boolean): { candidate: Candidate; margin: number } => {
    let parent = start;
    let sigma = INITIAL_SIGMA;
    let sinceImprovement = 0;
    let attempts = 0;
    const slots = numberSlots(parent.candidate, mutableSettings);
    const patience = Math.max(60, 6 * slots.length);
    const maxAttempts = 50 * (until - evaluations) + 1000;
    while (evaluations < until && attempts++ < maxAttempts) {
      if (sigma < MIN_SIGMA || sinceImprovement >= patience) break;
      const mutant = mutate(parent.candidate, slots, sigma, random);
      if (!mutant) {
        sigma *= FAILURE_FACTOR;
        sinceImprovement++;
        continue;
      }
      if (meetsAssumptions(mutant).length > 0) {
        // Not a step-size signal: an assumption may pin an entry (y = 1) whatever the step.
        rejectedMutants++;
        sinceImprovement++;
        continue;
      }
      const evaluation = evaluate(mutant);
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
        if (stopOnFailure && isFailure(margin)) break;
      } else if (margin === parent.margin) {
        // Drift across a plateau (a mutant of entries the margin ignores); σ stays. Drift may not
        // break more dropped assumptions: a violation should be one the margin needed.
        if (violatedDropped(mutant).length <= violatedDropped(parent.candidate).length) parent = { candidate: mutant, margin };
        sinceImprovement++;
      } else {
        sigma *= FAILURE_FACTOR;
        sinceImprovement++;
      }
    }
    return parent;
  };

  if (!found() && pool.length > 0) {
    let cycleStart = evaluations;
    for (let index = 0; evaluations < budget && !found(); index++) {
      if (index > 0 && index % pool.length === 0) {
        // A whole cycle through the pool that evaluated nothing (every mutant rejected) would loop forever.
        if (evaluations === cycleStart) break;
        cycleStart = evaluations;
      }
      if (index > 0) restarts++;
      // Restarts draw from the better half of the pool at random: the next-best samples tend to lie in
      // the basin the last search just exhausted (measured: Theorem 1 with A1 dropped sat at 0.75).
      const start = index === 0 ? pool[0] : pool[Math.floor(random.uniform() * Math.ceil(pool.length / 2))];
      origin = start.candidate;
      const result = search(start, budget, true);
      if (isFailure(result.margin)) {
        evaluationsToFind = evaluations;
        foundBy = "search";
      }
    }
  }

  /**
   * Entries of a counterexample that violates dropped assumptions are set back, one at a time, to
   * the sample its search started from, whenever it stays a counterexample and breaks no more
   * dropped assumptions: violations that came along with an improving step (or a drift) but are
   * not needed for the failure are undone, before shrinking keeps the rest.
   */
  const restoreTowardOrigin = (candidate: Candidate, evaluation: Evaluation, start: Candidate, limit: number) => {
    let current = candidate;
    let currentEvaluation = evaluation;
    let spent = 0;
    for (const slot of numberSlots(current, mutableSettings)) {
      if (spent >= limit || violatedDropped(current).length === 0) break;
      const original = getSlot(start, slot);
      if (String(getSlot(current, slot)) === String(original)) continue;
      const next = cloneCandidate(current);
      setSlot(next, slot, original);
      if (meetsAssumptions(next).length > 0 || violatedDropped(next).length > violatedDropped(current).length) continue;
      spent++;
      try {
        const result = property.evaluate(next, context);
        if (isFailure(result.margin)) {
          current = next;
          currentEvaluation = result;
        }
      } catch {
        // An entry that cannot be evaluated is not restored.
      }
    }
    return { candidate: current, evaluation: currentEvaluation, evaluations: spent };
  };

  let unshrunk: Candidate | null = null;
  let shrinkSummary: HuntResult["shrink"] = null;
  if (found() && best) {
    // Deepen the violation a little: a clearly negative margin survives simpler numbers.
    const polish = Math.min(budget - evaluations, options.polish ?? Math.ceil(budget / 20));
    if (polish > 0 && !Number.isNaN(best.evaluation.margin)) search({ candidate: best.candidate, margin: best.evaluation.margin }, evaluations + polish, false);
    unshrunk = best.candidate;
    const shrinkBudget = options.shrink === false ? 0 : (options.shrink ?? 1000);
    let restoreEvaluations = 0;
    if (shrinkBudget > 0 && best.origin && violatedDropped(best.candidate).length > 0) {
      const restored = restoreTowardOrigin(best.candidate, best.evaluation, best.origin, Math.floor(shrinkBudget / 2));
      restoreEvaluations = restored.evaluations;
      best = { ...best, candidate: restored.candidate, evaluation: restored.evaluation };
    }
    if (options.shrink !== false) {
      // Shrinking keeps every assumption the counterexample meets, dropped or not: a shrunk
      // instance must not look as if it needed a violation it did not have.
      const stillDropped = new Set(violatedDropped(best.candidate));
      const shrunk = shrink(property, best.candidate, { dropped: stillDropped, digits: options.digits, budget: Math.max(1, shrinkBudget - restoreEvaluations), settings: mutableSettings });
      const { candidate, evaluation, ...summary } = shrunk;
      shrinkSummary = { ...summary, evaluations: summary.evaluations + restoreEvaluations };
      best = { candidate, evaluation };
    }
  }

  const candidate = best?.candidate ?? null;
  const violatesDropped = candidate ? violatedDropped(candidate) : [];
  return {
    found: found(),
    margin: best ? best.evaluation.margin : NaN,
    evaluation: best?.evaluation ?? null,
    candidate,
    unshrunk,
    evaluations,
    evaluationsToFind,
    foundBy,
    restarts,
    samples,
    skipped,
    skippedBy,
    rejectedMutants,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
    trace,
    violatesDropped,
    mutableSettings: [...mutableSettings],
    shrink: shrinkSummary,
  };
}

function safeHolds(holds: (c: Candidate, context: EvaluationContext) => boolean, candidate: Candidate, context: EvaluationContext): boolean {
  try {
    return holds(candidate, context);
  } catch {
    return false;
  }
}

/** Numeric settings to mutate under a policy: "varying" = those taking two or more values among the samples. */
function settingNames(samples: readonly Candidate[], policy: SettingsPolicy): Set<string> {
  const names = new Set<string>();
  if (policy === "none") return names;
  const values = new Map<string, Set<number>>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample.settings)) {
      if (typeof value !== "number") continue;
      if (!values.has(name)) values.set(name, new Set());
      values.get(name)!.add(value);
    }
  }
  for (const [name, seen] of values) if (policy === "all" || seen.size >= 2) names.add(name);
  return names;
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
