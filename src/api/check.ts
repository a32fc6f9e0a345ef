/**
 * `check` as a library call: properties run on seeded random instances, stored counterexamples
 * replayed first, known refutations re-checked, failures written and stored — returning the
 * report object that `shallowcheck check` prints and writes with --json.
 */
import { join } from "node:path";
import { writeCandidateFile } from "../check/candidateFile.js";
import { counterexampleMetadata, DEFAULT_CORPUS_DIR, loadCorpus, readCorpus, saveCounterexample, type StoredCertificate } from "../check/corpus.js";
import { citationOf } from "../check/define.js";
import type { MarginSpec, Property } from "../check/property.js";
import { runProperty, seedFromString, type PropertyResult } from "../check/runner.js";
import { certify, type Certificate } from "../certify/certify.js";
import { storedCertificate } from "../certify/stored.js";
import { confirmCounterexample } from "./confirmCounterexample.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { VERSION } from "../version.js";

export interface CheckOptions {
  /** Instances per property; default each property's own `defaultRuns`. */
  runs?: number;
  /** Named seed (default: a fresh random one, reported in the result). */
  seed?: string;
  /** Significant digits of the exact path. */
  digits?: number;
  /** Where counterexamples found now are written (default "counterexamples"). */
  out?: string;
  /** The failure corpus: replayed first, new failures stored (default fixtures/counterexamples). */
  corpus?: string;
  /** Certify each counterexample in interval arithmetic before reporting it. */
  certify?: boolean;
  /** Called before and after each property, e.g. to print progress. */
  onStart?(property: Property): void;
  onResult?(entry: CheckEntry): void;
}

/** One entry's line of the report: the runner's counts, plus what `check` adds around them. */
export interface CheckEntry extends Omit<PropertyResult, "paperRef" | "seed" | "counterexample"> {
  citation: string;
  margin: MarginSpec | null;
  /** The entry's own seed, derived from the run's: `<seed>/<id>`. */
  seed: string;
  counterexample?: { file: string; margin: number; detail?: Record<string, unknown>; replay: string; corpus?: { path: string; created: boolean }; certificate?: StoredCertificate };
  /** With `certify`: why the entry's limit claim (Property.convergenceClaim) is not decided on random instances. */
  convergence?: { statement: string; proved: false; summary: string };
  /** A stored proof that the statement is false, re-checked now. */
  refutation?: { file: string; summary: string };
}

export interface CheckReport {
  tool: string;
  seed: string;
  digits: number;
  results: CheckEntry[];
}

/** A fresh named seed, e.g. "r-5f3a9c2e". */
export function randomSeed(): string {
  return `r-${Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0")}`;
}

export function check(properties: readonly Property[], options: CheckOptions = {}): CheckReport {
  const seed = options.seed ?? randomSeed();
  const digits = options.digits ?? DEFAULT_DIGITS;
  const report: CheckReport = { tool: `shallowcheck ${VERSION}`, seed, digits, results: [] };
  for (const property of properties) {
    options.onStart?.(property);
    const entry = checkOne(property, { ...options, seed, digits });
    report.results.push(entry);
    options.onResult?.(entry);
  }
  return report;
}

function checkOne(property: Property, options: CheckOptions & { seed: string; digits: number }): CheckEntry {
  const corpus = options.corpus ?? DEFAULT_CORPUS_DIR;
  const entrySeed = `${options.seed}/${property.id}`;
  const result = runProperty(property, {
    runs: options.runs ?? property.defaultRuns,
    seed: seedFromString(entrySeed),
    digits: options.digits,
    examples: loadCorpus(property.id, corpus),
  });
  const entry = entryOf(property, result, entrySeed);
  const confirmation = result.status === "failed" ? confirmCounterexample(property, result.counterexample!.candidate, { digits: options.digits }) : undefined;
  if (confirmation && !confirmation.confirmed) {
    entry.status = "error";
    entry.error = `counterexample not confirmed, not stored: ${confirmation.reason}`;
  } else if (result.counterexample) entry.counterexample = recordCounterexample(property, result, options, corpus, confirmation?.certificate);
  const refutation = result.status === "error" ? undefined : findRefutation(property, corpus, options.digits);
  if (refutation && entry.status !== "failed") entry.status = "refuted";
  if (refutation) entry.refutation = refutation;
  if (options.certify && property.convergenceClaim) {
    // Each proof is a validated flow enclosure (seconds to minutes): not one per random run.
    const summary = "not attempted on random instances (a validated flow enclosure per run); prove it on one instance with check --instance FILE --certify or certify FILE --converges --flow T";
    entry.convergence = { statement: property.convergenceClaim.statement, proved: false, summary };
  }
  return entry;
}

function entryOf(property: Property, result: PropertyResult, seed: string): CheckEntry {
  const { paperRef: _paperRef, seed: _numericSeed, counterexample: _counterexample, ...counts } = result;
  return { ...counts, citation: citationOf(property), margin: property.margin ?? null, seed };
}

/** Written to --out; stored in the corpus too when it is a confirmed failure (not an entry's error). */
function recordCounterexample(
  property: Property,
  result: PropertyResult,
  options: CheckOptions & { seed: string; digits: number },
  corpus: string,
  confirmedCertificate: Certificate | undefined,
): CheckEntry["counterexample"] {
  const { candidate, evaluation } = result.counterexample!;
  const path = join(options.out ?? "counterexamples", `${result.id.replaceAll("/", "__")}.seed${result.seed >>> 0}.json`);
  const certificate = options.certify ? storedCertificate(confirmedCertificate ?? certify(property, candidate, { digits: options.digits })) : undefined;
  writeCandidateFile(path, candidate, {
    property: result.id,
    dropped: [],
    margin: evaluation.margin,
    detail: evaluation.detail ?? {},
    seed: options.seed,
    tool: `shallowcheck ${VERSION}`,
    ...(certificate ? { certificate } : {}),
  });
  const stored =
    result.status === "failed" ? saveCounterexample(candidate, counterexampleMetadata(result.id, evaluation, { seed: options.seed, foundBy: "check", certificate }), corpus) : undefined;
  return {
    file: path,
    margin: evaluation.margin,
    detail: evaluation.detail,
    replay: `shallowcheck check --only ${result.id} --instance ${path}`,
    ...(stored ? { corpus: stored } : {}),
    ...(certificate ? { certificate } : {}),
  };
}

/**
 * A proof that the statement is false as stated: the entry's own refutations, or a stored
 * counterexample found with no assumption dropped whose interval certificate says `refuted` —
 * re-certified now, so a stale file never refutes anything.
 */
export function findRefutation(property: Property, corpus: string, digits: number): { file: string; summary: string } | undefined {
  for (const refutation of property.refutations?.() ?? []) {
    if (refutation.verify()) return { file: refutation.file, summary: refutation.summary };
  }
  for (const stored of readCorpus(property.id, corpus)) {
    const meta = stored.metadata;
    if ((meta.dropped ?? []).length > 0 || meta.certificate?.verdict !== "refuted") continue;
    const now = certify(property, stored.candidate, { digits: Math.max(digits, meta.certificate.digits) });
    if (now.verdict === "refuted") return { file: stored.path, summary: `a certified counterexample meeting every assumption (margin in [${now.margin?.lo}, ${now.margin?.hi}])` };
  }
  return undefined;
}
