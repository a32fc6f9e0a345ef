/**
 * Runs one property through fast-check: candidates from the property's generator (replayed
 * examples first), assumptions checked by name, the margin evaluated, and a failure shrunk to
 * a small counterexample. A candidate that misses an active assumption is skipped — counted,
 * never passed — and a property all of whose candidates were skipped is reported as skipped.
 */
import fc from "fast-check";
import type { Candidate, Evaluation, EvaluationContext, Property } from "./property.js";

export type Status = "passed" | "failed" | "skipped" | "error";

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
  minMargin: number | null;
  timeMs: number;
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
  const context: EvaluationContext = { digits: options.digits };
  const dropped = options.dropped ?? new Set<string>();
  let runs = 0;
  let skipped = 0;
  const skippedBy: Record<string, number> = {};
  let minMargin = Infinity;
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
    let margin: number;
    try {
      ({ margin } = property.evaluate(candidate, context));
    } catch (error) {
      thrown ??= error;
      throw error;
    }
    if (!shrinking) {
      runs++;
      minMargin = Math.min(minMargin, margin);
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

  const base = {
    id: property.id,
    title: property.title,
    paperRef: `${property.reference.paper}: ${property.reference.statement} (${property.reference.spec})`,
    runs,
    skipped,
    skippedBy,
    minMargin: Number.isFinite(minMargin) ? minMargin : minMargin === -Infinity ? -Infinity : null,
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
  return { ...base, status: runs === 0 ? "skipped" : "passed", timeMs: Date.now() - started };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
