/**
 * hunt → certify → store, the flow `shallowcheck hunt` runs, as one library call: search for a
 * counterexample (src/check/hunt.ts), prove it in interval arithmetic and store it — in the
 * failure corpus with its certificate, or, for an entry with its own storage
 * (Property.storeCounterexample), in that entry's format and directory. It returns everything
 * the CLI prints and prints nothing. A failure bound for the corpus is re-checked first
 * (confirmCounterexample.ts); one that does not re-check is reported as not confirmed and not stored.
 */
import { counterexampleMetadata, DEFAULT_CORPUS_DIR, saveCounterexample, type StoredCertificate } from "../check/corpus.js";
import { hunt, type HuntResult } from "../check/hunt.js";
import type { Candidate, Evaluation, Property, StepMargin } from "../check/property.js";
import { formatMargin } from "../check/report.js";
import { missedAssumptions } from "../check/runner.js";
import type { Certificate } from "../certify/certify.js";
import { certificateSummary, storedCertificate } from "../certify/stored.js";
import { confirmCounterexample } from "./confirmCounterexample.js";
import type { Progress } from "../io/progress.js";
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";

export interface HuntAndStoreOptions {
  /** Assumptions dropped from the generator and the predicate. */
  dropped?: ReadonlySet<string>;
  /** Margin evaluations of the search. */
  budget: number;
  /** Shrink budget in evaluations (default 1000). */
  shrinkBudget?: number;
  seed: string;
  /** Significant digits of the exact path and of the certificate. */
  digits: number;
  /** Failure corpus a counterexample is stored in (default fixtures/counterexamples). */
  corpusDir?: string;
  /** Directory for an entry that stores in its own format; undefined: the entry's default. */
  entryDir?: string;
  /** A progress display for each long stage (the CLI draws bars on stderr); none by default. */
  progress?(stage: "hunt" | "store"): Progress;
}

export interface StoredReport {
  /** The failure corpus, or the entry's own format and directory. */
  storage: "corpus" | "entry";
  /** One line: what the proof established. */
  certificateSummary: string;
  certificate: StoredCertificate | Record<string, unknown> | null;
  /** The file written or found already stored; null when the entry stored nothing. */
  path: string | null;
  created: boolean;
}

export interface FoundCounterexample {
  /** The shrunk counterexample and its evaluation (as in {@link HuntResult}). */
  candidate: Candidate;
  evaluation: Evaluation;
  /** The entry's assumptions the counterexample meets, dropped ones included. */
  assumptionsMet: string[];
  /** The margins of a chained proof's steps, for an entry that has them. */
  steps?: StepMargin[];
  stored: StoredReport;
}

export interface HuntAndStoreResult {
  /**
   * `error`: every evaluation threw (nothing was learnt), or a failure was found that did not
   * re-check (see {@link notConfirmed}); `found`: a counterexample, stored; `not-found`: none in the budget.
   */
  status: "found" | "not-found" | "error";
  /** For `error`: why, in one line. */
  error?: string;
  property: Property;
  dropped: string[];
  seed: string;
  budget: number;
  hunt: HuntResult;
  counterexample: FoundCounterexample | null;
  /** A failure the search reported that did not survive the re-check: nothing was stored. */
  notConfirmed?: { candidate: Candidate; reason: string };
  /**
   * The float64 kernels (src/fast/kernels.ts) that the hunt, the re-check and the storing ran on, most used first and joined by " + " (e.g.
   * "native-avx2 + typescript"), as `check` reports them; null when every evaluation was exact or on the generic model.
   */
  kernel: string | null;
}

export function huntAndStore(property: Property, options: HuntAndStoreOptions): HuntAndStoreResult {
  const kernelsBefore = kernelUsage();
  const outcome = searchAndStore(property, options);
  return { ...outcome, kernel: kernelsUsedSince(kernelsBefore).join(" + ") || null };
}

function searchAndStore(property: Property, options: HuntAndStoreOptions): Omit<HuntAndStoreResult, "kernel"> {
  const dropped = options.dropped ?? new Set<string>();
  const { budget, seed, digits } = options;
  const progress = options.progress?.("hunt");
  let result: HuntResult;
  try {
    result = hunt(property, {
      dropped,
      budget,
      seed,
      digits,
      shrink: options.shrinkBudget,
      onProgress: ({ evaluations, bestMargin, restarts }) =>
        progress?.update(evaluations / budget, `${evaluations}/${budget} evaluations, best margin ${formatMargin(Number.isNaN(bestMargin) ? null : bestMargin)}, ${restarts} restarts`),
    });
  } finally {
    progress?.stop();
  }
  const summary = { property, dropped: [...dropped], seed, budget, hunt: result };
  if (result.errors > 0 && result.marginsComputed === 0) {
    return { ...summary, status: "error", error: `no margin was computed: ${errorsSummary(result)}`, counterexample: null };
  }
  if (!(result.found && result.candidate && result.evaluation)) return { ...summary, status: "not-found", counterexample: null };

  let candidate = result.candidate;
  let stored: StoredReport;
  if (property.storeCounterexample) stored = storeInEntryFormat(property, candidate, options);
  else {
    const confirmation = confirmCounterexample(property, candidate, { digits, dropped });
    if (!confirmation.confirmed) {
      const error = `counterexample not confirmed, not stored: ${confirmation.reason}`;
      return { ...summary, status: "error", error, counterexample: null, notConfirmed: { candidate, reason: confirmation.reason } };
    }
    candidate = confirmation.candidate;
    stored = storeInCorpus(property, confirmation.evaluation, candidate, confirmation.certificate, { ...options, dropped });
  }
  const context = { digits };
  const missed = missedAssumptions(property, candidate, context);
  const steps = property.steps?.(candidate, context);
  return {
    ...summary,
    status: "found",
    counterexample: {
      candidate,
      evaluation: result.evaluation,
      assumptionsMet: property.assumptions.map((a) => a.name).filter((name) => !missed.includes(name)),
      ...(steps ? { steps } : {}),
      stored,
    },
  };
}

/** "N evaluations threw (M in an assumption check; first: message)". */
export function errorsSummary(result: HuntResult): string {
  const where = result.assumptionErrors > 0 ? `${result.assumptionErrors} in an assumption check; ` : "";
  return `${result.errors} evaluations threw (${where}first: ${result.firstError})`;
}

/** A confirmed counterexample with its certificate (`refuted` makes it a proof, not a float accident). */
function storeInCorpus(
  property: Property,
  evaluation: Evaluation,
  candidate: Candidate,
  certificate: Certificate | undefined,
  options: HuntAndStoreOptions & { dropped: ReadonlySet<string> },
): StoredReport {
  if (!certificate) {
    const metadata = counterexampleMetadata(property.id, evaluation, { dropped: [...options.dropped], seed: options.seed, foundBy: "hunt" });
    const saved = saveCounterexample(candidate, metadata, options.corpusDir ?? DEFAULT_CORPUS_DIR);
    return { storage: "corpus", certificateSummary: "none (certify threw on it)", certificate: null, path: saved.path, created: saved.created };
  }
  const stored = storedCertificate(certificate);
  const metadata = counterexampleMetadata(property.id, evaluation, { dropped: [...options.dropped], seed: options.seed, foundBy: "hunt", certificate: stored });
  const saved = saveCounterexample(candidate, metadata, options.corpusDir ?? DEFAULT_CORPUS_DIR);
  return { storage: "corpus", certificateSummary: certificateSummary(certificate), certificate: stored, path: saved.path, created: saved.created };
}

/** The entry proves and stores in its own format and directory. */
function storeInEntryFormat(property: Property, candidate: Candidate, options: HuntAndStoreOptions): StoredReport {
  const progress = options.progress?.("store");
  try {
    const saved = property.storeCounterexample!(candidate, { dir: options.entryDir, seed: options.seed, onProgress: (text) => progress?.update(undefined, text) });
    if (!saved.stored) return { storage: "entry", certificateSummary: saved.summary, certificate: null, path: null, created: false };
    return { storage: "entry", certificateSummary: saved.summary, certificate: saved.certificate, path: saved.path, created: saved.created };
  } finally {
    progress?.stop();
  }
}
