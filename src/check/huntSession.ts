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

export class HuntSession {
  evaluations = 0;
  errors = 0;
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

  /** Evaluate (counted); undefined when the evaluation throws. */
  evaluate(candidate: Candidate): Evaluation | undefined {
    this.evaluations++;
    let evaluation: Evaluation | undefined;
    try {
      evaluation = this.property.evaluate(candidate, this.context);
    } catch (error) {
      this.errors++;
      this.firstError ??= error instanceof Error ? error.message.split("\n")[0] : String(error);
    }
    if (evaluation && (!this.best || score(evaluation.margin) < score(this.best.evaluation.margin))) {
      this.best = { candidate, evaluation, origin: this.origin ?? candidate };
      this.trace.push({ evaluations: this.evaluations, margin: evaluation.margin });
    }
    const { evaluations, budget, restarts } = this;
    this.onProgress?.({ evaluations, budget, bestMargin: this.best ? this.best.evaluation.margin : NaN, restarts });
    return evaluation;
  }

  /** The active (not dropped) assumptions the candidate misses; a check that throws counts as missed. */
  missedActive(candidate: Candidate): string[] {
    try {
      return missedAssumptions(this.property, candidate, this.context, this.dropped);
    } catch {
      return ["(assumption check threw)"];
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
