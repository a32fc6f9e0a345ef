/**
 * The bookkeeping one hunt shares across its phases: every margin evaluation goes through
 * {@link HuntSession.evaluate}, which counts it, records the best candidate and its trace, and
 * reports progress; the assumption checks the phases filter candidates with live here too.
 */
import type { Candidate, Evaluation, EvaluationContext, Property } from "./property.js";
import { missedAssumptions } from "./runner.js";

export interface TracePoint {
  /** Evaluations spent when the best margin improved. */
  evaluations: number;
  margin: number;
}

export interface HuntProgress {
  evaluations: number;
  budget: number;
  bestMargin: number;
  restarts: number;
}

export interface BestCandidate {
  candidate: Candidate;
  evaluation: Evaluation;
  /** The sample whose search produced it (a counterexample is restored toward it). */
  origin?: Candidate;
}

/** Margins ordered for minimization, NaN (a failure) lowest. */
export const score = (margin: number) => (Number.isNaN(margin) ? -Infinity : margin);

/** Errors with no margin ever computed after which a hunt stops: its entry cannot be evaluated here. */
export const GIVE_UP_AFTER_ERRORS = 100;

export class HuntSession {
  evaluations = 0;
  /** Margin evaluations that returned a margin (the rest threw). */
  marginsComputed = 0;
  /** Assumption checks and evaluations that threw — never counted as unmet assumptions. */
  errors = 0;
  /** Of {@link errors}, those thrown by an assumption check. */
  assumptionErrors = 0;
  firstError: string | undefined;
  restarts = 0;
  rejectedMutants = 0;
  readonly trace: TracePoint[] = [];
  best: BestCandidate | undefined;
  /** The sample the current search started from. */
  origin: Candidate | undefined;
  evaluationsToFind: number | null = null;
  foundBy: "sampling" | "search" | null = null;

  constructor(
    readonly property: Property,
    readonly context: EvaluationContext,
    readonly dropped: ReadonlySet<string>,
    readonly budget: number,
    private readonly onProgress?: (progress: HuntProgress) => void,
  ) {}

  get found(): boolean {
    return this.evaluationsToFind !== null;
  }

  markFound(by: "sampling" | "search"): void {
    this.evaluationsToFind = this.evaluations;
    this.foundBy = by;
  }

  /** Whether to stop: errors keep coming and not one margin has been computed. */
  get hopeless(): boolean {
    return this.marginsComputed === 0 && this.errors >= GIVE_UP_AFTER_ERRORS;
  }

  private recordError(error: unknown): void {
    this.errors++;
    this.firstError ??= error instanceof Error ? error.message.split("\n")[0] : String(error);
  }

  /** Evaluate (counted); undefined when the evaluation throws. */
  evaluate(candidate: Candidate): Evaluation | undefined {
    this.evaluations++;
    let evaluation: Evaluation | undefined;
    try {
      evaluation = this.property.evaluate(candidate, this.context);
      this.marginsComputed++;
    } catch (error) {
      this.recordError(error);
    }
    if (evaluation && (!this.best || score(evaluation.margin) < score(this.best.evaluation.margin))) {
      this.best = { candidate, evaluation, origin: this.origin ?? candidate };
      this.trace.push({ evaluations: this.evaluations, margin: evaluation.margin });
    }
    const { evaluations, budget, restarts } = this;
    this.onProgress?.({ evaluations, budget, bestMargin: this.best ? this.best.evaluation.margin : NaN, restarts });
    return evaluation;
  }

  /** The active (not dropped) assumptions the candidate misses; undefined when a check throws (an error, counted as such). */
  missedActive(candidate: Candidate): string[] | undefined {
    try {
      return missedAssumptions(this.property, candidate, this.context, this.dropped);
    } catch (error) {
      this.assumptionErrors++;
      this.recordError(error);
      return undefined;
    }
  }

  /** The dropped assumptions the candidate violates. */
  violatedDropped(candidate: Candidate): string[] {
    return this.property.assumptions.filter((a) => this.dropped.has(a.name) && !safeHolds(a.holds.bind(a), candidate, this.context)).map((a) => a.name);
  }
}

function safeHolds(holds: (c: Candidate, context: EvaluationContext) => boolean, candidate: Candidate, context: EvaluationContext): boolean {
  try {
    return holds(candidate, context);
  } catch {
    return false;
  }
}
