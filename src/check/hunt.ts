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
 * The phases live in huntSampling.ts, huntClimb.ts and huntShrink.ts; huntSession.ts keeps the
 * count of evaluations and the best candidate they share.
 *
 * Deterministic for a given seed: the samples come from fast-check with an integer seed derived
 * from the named one, the mutations from a seedrandom stream named by the seed and property id.
 */
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";
import { deriveSeed, seededRandom } from "../random/rng.js";
import type { Candidate, Evaluation, Property, StepMargin } from "./property.js";
import { isFailure, type ShrinkResult } from "./shrink.js";
import { searchFromPool } from "./huntClimb.js";
import { sampleCandidates, settingNames, type SettingsPolicy } from "./huntSampling.js";
import { HuntSession, type HuntProgress, type TracePoint } from "./huntSession.js";
import { shrinkViolation, type ShrunkViolation } from "./huntShrink.js";

export type { SettingsPolicy } from "./huntSampling.js";
export type { TracePoint } from "./huntSession.js";

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
  onProgress?(progress: HuntProgress): void;
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
  /** Margin evaluations that returned a margin; 0 with errors > 0: every evaluation threw. */
  marginsComputed: number;
  /** Assumption checks and evaluations that threw (the candidate was then discarded), with the first message. */
  errors: number;
  /** Of {@link HuntResult.errors}, those thrown by an assumption check. */
  assumptionErrors: number;
  firstError?: string;
  /** Best margin so far, each time it improved. */
  trace: TracePoint[];
  /** Dropped assumptions the counterexample violates (empty: it meets every assumption). */
  violatesDropped: string[];
  /** Numeric settings the search was allowed to change. */
  mutableSettings: string[];
  shrink: Omit<ShrinkResult, "candidate" | "evaluation"> | null;
  /**
   * The float64 kernels (src/fast/kernels.ts) that sampling, search and shrinking ran on, most used first and joined by " + " (e.g.
   * "native-avx2 + typescript"), as `check` reports them; null when every evaluation was exact or on the generic model.
   */
  kernel: string | null;
}

/** The first step of a chained proof that fails (negative or NaN margin), if any. */
export function firstFailingStep(steps: readonly StepMargin[]): StepMargin | undefined {
  return steps.find((step) => isFailure(step.margin));
}

export function hunt(property: Property, options: HuntOptions): HuntResult {
  if (!(Number.isInteger(options.budget) && options.budget >= 1)) throw new RangeError(`hunt: budget must be a positive integer, got ${options.budget}`);
  const budget = options.budget;
  const kernelsBefore = kernelUsage();
  const session = new HuntSession(property, { digits: options.digits }, options.dropped ?? new Set<string>(), budget, options.onProgress);
  const random = seededRandom(deriveSeed(options.seed, property.id, "hunt"));

  const sampleTarget = Math.max(1, Math.min(budget, Math.round(budget * (options.sampleFraction ?? 0.2))));
  const sampling = sampleCandidates(session, options.seed, sampleTarget);
  const mutableSettings = settingNames(
    sampling.pool.map((entry) => entry.candidate),
    options.settings ?? "varying",
  );
  if (!session.found && sampling.pool.length > 0) searchFromPool(session, sampling.pool, mutableSettings, random);

  let shrunk: ShrunkViolation | undefined;
  if (session.found && session.best) {
    shrunk = shrinkViolation(session, session.best, { polish: options.polish, shrink: options.shrink, digits: options.digits, mutableSettings, random });
  }
  const best = shrunk?.best ?? session.best;
  const candidate = best?.candidate ?? null;
  return {
    found: session.found,
    margin: best ? best.evaluation.margin : NaN,
    evaluation: best?.evaluation ?? null,
    candidate,
    unshrunk: shrunk?.unshrunk ?? null,
    evaluations: session.evaluations,
    evaluationsToFind: session.evaluationsToFind,
    foundBy: session.foundBy,
    restarts: session.restarts,
    samples: sampling.pool.length,
    skipped: sampling.skipped,
    skippedBy: sampling.skippedBy,
    rejectedMutants: session.rejectedMutants,
    marginsComputed: session.marginsComputed,
    errors: session.errors,
    assumptionErrors: session.assumptionErrors,
    ...(session.firstError !== undefined ? { firstError: session.firstError } : {}),
    trace: session.trace,
    violatesDropped: candidate ? session.violatedDropped(candidate) : [],
    mutableSettings: [...mutableSettings],
    shrink: shrunk?.shrink ?? null,
    kernel: kernelsUsedSince(kernelsBefore).join(" + ") || null,
  };
}
