/**
 * Runs one property through fast-check: candidates from the property's generator (replayed
 * examples first), assumptions checked by name, the margin evaluated, and a failure shrunk to
 * a small counterexample. A candidate that misses an active assumption is skipped, one on which
 * the conclusion holds trivially (the evaluation says `vacuous`) is counted as vacuous: neither
 * enters the minimum margin or the slack ratio, and neither is ever a pass on its own.
 */
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";
import fc from "fast-check";
import { citationOf } from "./define.js";
import type { Candidate, Evaluation, EvaluationContext, Property } from "./property.js";

/**
 * - `passed`: held on every run, and at least {@link EFFECTIVE_FLOOR} of the candidates were effective;
 * - `weak`: held on every run, but too few candidates were effective to say much;
 * - `vacuous`: every evaluated candidate held trivially;
 * - `skipped`: every candidate missed an assumption;
 * - `failed`: a counterexample; `refuted`: a stored proof that the statement is false (see Property.refutations);
 * - `error`: the entry threw.
 */
export type Status = "passed" | "weak" | "vacuous" | "skipped" | "failed" | "refuted" | "error";

/**
 * Share of generated candidates (evaluated or skipped) that must be effective — assumptions met
 * and the conclusion not trivially true — for a run without failure to read `passed`.
 */
export const EFFECTIVE_FLOOR = 0.5;

export interface RunOptions {
  runs: number;
  /** fast-check seed; a string seed is hashed (see {@link seedFromString}). */
  seed: number;
  digits: number;
  /** Assumptions not required of candidates (`hunt --drop`). */
  dropped?: ReadonlySet<string>;
  /** Candidates tried before generated ones (stored counterexamples). */
  examples?: readonly Candidate[];
  timeLimitMs?: number;
}

export interface Counterexample {
  candidate: Candidate;
  evaluation: Evaluation;
  /** Active assumptions it meets (all of them) and dropped ones it violates. */
  violatesDropped: string[];
}

export interface PropertyResult {
  id: string;
  title: string;
  paperRef: string;
  status: Status;
  /** Candidates evaluated (assumptions met). */
  runs: number;
  /** Candidates skipped for an unmet assumption, by assumption name. */
  skipped: number;
  skippedBy: Record<string, number>;
  /** Evaluated candidates on which the conclusion held trivially, and why (reason → count). */
  vacuous: number;
  vacuousBy: Record<string, number>;
  /** runs − vacuous: the candidates the verdict rests on. */
  effective: number;
  /** effective / (runs + skipped). */
  effectiveShare: number;
  /** Smallest margin over effective runs (null when there were none). */
  minMargin: number | null;
  /**
   * Worst observed/bound over effective runs, for an entry that declares its bound: the smallest
   * for a lower bound (observed ≥ bound), the largest for an upper bound. null otherwise.
   */
  slackRatio: number | null;
  /** Largest sample size n over effective runs ({@link Property.size}; null when there were none). */
  largestN: number | null;
  timeMs: number;
  /**
   * The float64 kernels (src/fast/kernels.ts) the entry's evaluations ran on, most used first and
   * joined by " + " (e.g. "native-avx2 + typescript"); null when it computed on the generic model only.
   */
  kernel: string | null;
  seed: number;
  counterexample?: Counterexample;
  error?: string;
}

/** FNV-1a of the string: named seeds (`--seed fig2`) for fast-check's integer seed. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The active assumptions a candidate misses. */
export function missedAssumptions(property: Property, candidate: Candidate, context: EvaluationContext, dropped: ReadonlySet<string> = new Set()): string[] {
  return property.assumptions.filter((a) => !dropped.has(a.name) && !a.holds(candidate, context)).map((a) => a.name);
}

export function runProperty(property: Property, options: RunOptions): PropertyResult {
  const started = Date.now();
  const kernelsBefore = kernelUsage();
  const context: EvaluationContext = { digits: options.digits };
  const dropped = options.dropped ?? new Set<string>();
  let runs = 0;
  let skipped = 0;
  const skippedBy: Record<string, number> = {};
  let vacuous = 0;
  const vacuousBy: Record<string, number> = {};
  let minMargin = Infinity;
  let largestN: number | null = null;
  const sizeOf = (candidate: Candidate) => (property.size ? property.size(candidate) : candidate.file.data.X.length);
  const slack = slackTracker(property);
  let shrinking = false;
  let thrown: unknown;

  const predicate = (candidate: Candidate): boolean => {
    const missed = missedAssumptions(property, candidate, context, dropped);
    if (missed.length > 0) {
      if (!shrinking) {
        skipped++;
        for (const name of missed) skippedBy[name] = (skippedBy[name] ?? 0) + 1;
      }
      return true;
    }
    let evaluation: Evaluation;
    try {
      evaluation = property.evaluate(candidate, context);
    } catch (error) {
      thrown ??= error;
      throw error;
    }
    const { margin } = evaluation;
    if (!shrinking) {
      runs++;
      if (evaluation.vacuous !== undefined && margin >= 0) {
        vacuous++;
        vacuousBy[evaluation.vacuous] = (vacuousBy[evaluation.vacuous] ?? 0) + 1;
      } else {
        minMargin = Math.min(minMargin, margin);
        slack.add(evaluation);
        largestN = Math.max(largestN ?? 0, sizeOf(candidate));
      }
    }
    // NaN is a failure: a margin that cannot be computed proves nothing.
    const holds = margin >= 0;
    if (!holds) shrinking = true;
    return holds;
  };

  const details = fc.check(fc.property(property.generate(dropped), predicate), {
    numRuns: options.runs,
    seed: options.seed,
    examples: (options.examples ?? []).map((candidate) => [candidate] as [Candidate]),
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
  });

  const effective = runs - vacuous;
  const base = {
    id: property.id,
    title: property.title,
    paperRef: citationOf(property),
    runs,
    skipped,
    skippedBy,
    vacuous,
    vacuousBy,
    effective,
    effectiveShare: runs + skipped === 0 ? 0 : effective / (runs + skipped),
    minMargin: Number.isFinite(minMargin) ? minMargin : minMargin === -Infinity ? -Infinity : null,
    slackRatio: slack.worst(),
    largestN,
    kernel: kernelsUsedSince(kernelsBefore).join(" + ") || null,
    seed: options.seed,
  };
  if (details.failed && details.counterexample) {
    const [candidate] = details.counterexample;
    let evaluation: Evaluation;
    try {
      evaluation = property.evaluate(candidate, context);
    } catch (error) {
      return { ...base, status: "error", error: describe(error), timeMs: Date.now() - started };
    }
    const violatesDropped = property.assumptions.filter((a) => dropped.has(a.name) && !a.holds(candidate, context)).map((a) => a.name);
    // A failure found by an evaluation that threw is an error of the entry, not a counterexample.
    const status: Status = thrown !== undefined && !(evaluation.margin < 0) ? "error" : "failed";
    return {
      ...base,
      minMargin: Math.min(base.minMargin ?? Infinity, evaluation.margin),
      status,
      counterexample: { candidate, evaluation, violatesDropped },
      ...(status === "error" ? { error: describe(thrown) } : {}),
      timeMs: Date.now() - started,
    };
  }
  if (details.failed) return { ...base, status: "error", error: describe(details.errorInstance ?? "fast-check failed"), timeMs: Date.now() - started };
  return { ...base, status: holdingStatus(base), timeMs: Date.now() - started };
}

/** The verdict of a run in which nothing failed. */
function holdingStatus(counts: { runs: number; effective: number; effectiveShare: number }): Status {
  if (counts.runs === 0) return "skipped";
  if (counts.effective === 0) return "vacuous";
  return counts.effectiveShare >= EFFECTIVE_FLOOR ? "passed" : "weak";
}

/** The worst observed/bound of an entry that declares its bound (see MarginSpec.bound). */
function slackTracker(property: Property) {
  const direction = property.margin?.bound?.direction;
  let worst: number | null = null;
  return {
    add(evaluation: Evaluation) {
      if (!direction || !evaluation.slack) return;
      const ratio = evaluation.slack.observed / evaluation.slack.bound;
      if (Number.isNaN(ratio)) return;
      if (worst === null || (direction === "lower" ? ratio < worst : ratio > worst)) worst = ratio;
    },
    worst: () => worst,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
