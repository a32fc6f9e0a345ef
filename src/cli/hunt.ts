/**
 * `shallowcheck hunt ID [--drop ASSUMPTION]… [--budget N] [--seed S] [--out DIR] [--json FILE]`:
 * search for an instance on which a catalogue entry fails, with the named assumptions dropped;
 * shrink it, store it in the failure corpus and print it. Exit 0 whether or not one is found. An
 * entry with its own storage (Property.storeCounterexample: soltanolkotabi2019/relu-no-spurious-minima)
 * proves and stores the counterexample in its own format and directory instead.
 *
 * `shallowcheck replay FILE`: re-evaluate a stored counterexample — its margin at 17 and at 50
 * significant digits (and at --exact-digits), the assumptions it meets and violates, and for a
 * chained proof the first step that fails. Exit 0 once printed.
 */
import type { Command } from "commander";
import { findProperty } from "../../properties/index.js";
import { readCandidateFile } from "../check/candidateFile.js";
import { bareCandidate, counterexampleMetadata, DEFAULT_CORPUS_DIR, saveCounterexample } from "../check/corpus.js";
import { firstFailingStep, hunt, type HuntResult } from "../check/hunt.js";
import type { Candidate, EvaluationContext, Property, Settings, StepMargin, StoredCounterexample } from "../check/property.js";
import { formatMargin } from "../check/report.js";
import { missedAssumptions } from "../check/runner.js";
import { dimensions, isFailure } from "../check/shrink.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { isTeacherStudentMinimumJson, readJsonFile } from "../io/teacherStudentMinimumFile.js";
import { DEFAULT_SEED } from "./check.js";
import { parseDigits, parseIntegerOption } from "./parseOptions.js";
import { certify } from "../certify/certify.js";
import { certificateSummary, storedCertificate } from "../certify/stored.js";
import { progressOnStderr } from "./progress.js";

/** Margin evaluations of a default hunt: measured to find the A1 counterexamples to Theorem 1 in 7 of 8 seeds (docs/hunts.md). */
export const DEFAULT_HUNT_BUDGET = 3000;
export const DEFAULT_SHRINK_BUDGET = 1000;
/** The digits `replay` reports a margin at: about float64's, and the default exact path's. */
export const REPLAY_DIGITS = [17, DEFAULT_DIGITS] as const;

interface HuntCommandOptions {
  drop: string[];
  budget?: string;
  shrinkBudget?: string;
  seed: string;
  out: string;
  json?: string;
  exactDigits?: string;
  setting: string[];
  k?: string;
  n?: string;
}

/** `--setting key=value` (repeatable) and the spellings `--k K`, `--n N`: settings for {@link Property.configure}. */
function parseSettings(options: HuntCommandOptions): Settings {
  const settings: Settings = {};
  for (const text of options.setting) {
    const match = /^([A-Za-z][\w-]*)=(.+)$/.exec(text);
    if (!match) throw new InputError(`--setting: expected key=value, got "${text}"`);
    const value = match[2];
    settings[match[1]] = value === "true" ? true : value === "false" ? false : Number.isFinite(Number(value)) ? Number(value) : value;
  }
  if (options.k !== undefined) settings.k = positive("--k", options.k, 1);
  if (options.n !== undefined) settings.n = positive("--n", options.n, 1);
  return settings;
}

function lookUp(id: string, what: string): Property {
  const property = findProperty(id);
  if (!property) throw new InputError(`${what}: unknown property "${id}" (see shallowcheck list)`);
  return property;
}

function parseExactDigits(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DIGITS;
  return parseDigits(text, "--exact-digits");
}

function positive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = parseIntegerOption(flag, text);
  if (value < 1) throw new InputError(`${flag}: must be at least 1, got "${text}"`);
  return value;
}

/** `n×d, p` and the instance as compact JSON. */
function describeCandidate(candidate: Candidate): string {
  const { n, d, p } = dimensions(candidate);
  return `n = ${n}, d = ${d}, p = ${p}`;
}

function instanceJson(candidate: Candidate): string {
  const { file, settings } = bareCandidate(candidate);
  return JSON.stringify({ settings, ...file });
}

const safeSteps = (property: Property, candidate: Candidate, context: EvaluationContext): StepMargin[] | undefined => {
  if (!property.steps) return undefined;
  return property.steps(candidate, context);
};

function stepsLine(steps: StepMargin[] | undefined): string | undefined {
  if (!steps) return undefined;
  const failing = firstFailingStep(steps);
  const list = steps.map((s) => `${s.name} ${formatMargin(Number.isNaN(s.margin) ? null : s.margin)}`).join("; ");
  return failing ? `first failing proof step: ${failing.name} (margin ${formatMargin(Number.isNaN(failing.margin) ? null : failing.margin)}); steps: ${list}` : `every proof step holds: ${list}`;
}

const jsonMargin = (margin: number) => (Number.isFinite(margin) ? margin : null);

/** `outGiven`: whether --out was on the command line (an entry that stores in its own format has its own default directory). */
function runHunt(id: string, options: HuntCommandOptions, outGiven: boolean): number {
  const settings = parseSettings(options);
  let property = lookUp(id, "hunt");
  if (Object.keys(settings).length > 0) {
    if (!property.configure) throw new InputError(`--setting: ${property.id} takes no settings`);
    try {
      property = property.configure(settings);
    } catch (error) {
      throw new InputError(`--setting: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const names = property.assumptions.map((a) => a.name);
  for (const name of options.drop) {
    if (!names.includes(name)) throw new InputError(`--drop: ${property.id} has no assumption "${name}" (its assumptions: ${names.join(", ") || "none"})`);
  }
  const budget = positive("--budget", options.budget, DEFAULT_HUNT_BUDGET);
  const shrinkBudget = positive("--shrink-budget", options.shrinkBudget, DEFAULT_SHRINK_BUDGET);
  const digits = parseExactDigits(options.exactDigits);
  const dropped = new Set(options.drop);

  const progress = progressOnStderr(`hunt ${property.id}`);
  let result: HuntResult;
  try {
    result = hunt(property, {
      dropped,
      budget,
      seed: options.seed,
      digits,
      shrink: shrinkBudget,
      onProgress: ({ evaluations, bestMargin, restarts }) =>
        progress.update(evaluations / budget, `${evaluations}/${budget} evaluations, best margin ${formatMargin(Number.isNaN(bestMargin) ? null : bestMargin)}, ${restarts} restarts`),
    });
  } finally {
    progress.stop();
  }

  const droppedText = dropped.size > 0 ? ` with ${[...dropped].join(", ")} dropped` : " with every assumption kept";
  const out = (line: string) => process.stdout.write(line + "\n");
  let fixture: string | null = null;
  let stored: ReturnType<typeof storedCertificate> | Record<string, unknown> | null = null;
  if (result.found && result.candidate && result.evaluation) {
    const context = { digits };
    const candidate = result.candidate;
    out(`${property.id}: counterexample${droppedText}, found by ${result.foundBy} after ${result.evaluationsToFind} of ${budget} evaluations (${result.restarts} restarts)`);
    out(`  margin ${formatMargin(jsonMargin(result.margin))}${typeof result.evaluation.detail?.exactMargin === "string" ? ` (exact ${result.evaluation.detail.exactMargin})` : ""} [${property.mode}${property.mode === "exact" ? ", re-checked in exact arithmetic" : ", re-checked by the entry's own evaluation"}]`);
    if (result.shrink) out(`  shrunk to ${describeCandidate(candidate)} in ${result.shrink.evaluations} evaluations (${result.shrink.steps.length} reductions${result.shrink.complete ? "" : ", budget ran out"})`);
    else out(`  ${describeCandidate(candidate)}`);
    const met = property.assumptions.map((a) => a.name).filter((name) => !missedAssumptions(property, candidate, context).includes(name));
    out(
      result.violatesDropped.length > 0
        ? `  violates dropped: ${result.violatesDropped.join(", ")}; meets: ${met.join(", ") || "none"}`
        : `  meets every assumption (${met.join(", ") || "none"}): a counterexample to the statement as encoded`,
    );
    const steps = stepsLine(safeSteps(property, candidate, context));
    if (steps) out(`  ${steps}`);
    if (result.evaluation.detail) out(`  detail: ${JSON.stringify(result.evaluation.detail)}`);
    out(`  instance: ${instanceJson(candidate)}`);
    if (property.storeCounterexample) {
      // The entry proves and stores in its own format (its directory unless --out was given).
      const note = progressOnStderr(`hunt ${property.id}: proving before storing`);
      let saved: StoredCounterexample;
      try {
        saved = property.storeCounterexample(candidate, { dir: outGiven ? options.out : undefined, seed: options.seed, onProgress: (text) => note.update(undefined, text) });
      } finally {
        note.stop();
      }
      out(`  certificate: ${saved.summary}`);
      if (saved.stored) {
        stored = saved.certificate;
        fixture = saved.path;
        out(`  ${saved.created ? "written to" : "already stored:"} ${saved.path}`);
        out(`  check the proof: shallowcheck certify ${saved.path}`);
      }
    } else {
      // What is stored is certified first: `refuted` makes it a proof, not a float accident.
      const certificate = certify(property, candidate, { digits, dropped });
      out(`  certificate: ${certificateSummary(certificate)}`);
      stored = storedCertificate(certificate);
      const metadata = counterexampleMetadata(property.id, result.evaluation, { dropped: [...dropped], seed: options.seed, foundBy: "hunt", certificate: stored });
      const saved = saveCounterexample(candidate, metadata, options.out);
      fixture = saved.path;
      out(`  ${saved.created ? "written to" : "already in the corpus:"} ${saved.path}`);
      out(`  replay: shallowcheck replay ${saved.path}`);
    }
  } else {
    out(`${property.id}: no counterexample${droppedText} in ${result.evaluations} evaluations (${result.samples} samples, ${result.restarts} restarts); smallest margin ${result.candidate ? formatMargin(jsonMargin(result.margin)) : "—"}`);
    if (result.samples === 0) out(`  every sampled candidate missed an assumption: ${JSON.stringify(result.skippedBy)}`);
  }
  if (result.errors > 0) out(`  ${result.errors} evaluations threw and were discarded; first: ${result.firstError}`);

  if (options.json) {
    const report = {
      found: result.found,
      margin: result.candidate ? jsonMargin(result.margin) : null,
      fixture,
      certificate: stored,
      evaluations: result.evaluations,
      property: property.id,
      dropped: [...dropped],
      seed: options.seed,
      budget,
      evaluationsToFind: result.evaluationsToFind,
      foundBy: result.foundBy,
      restarts: result.restarts,
      samples: result.samples,
      skipped: result.skipped,
      violatesDropped: result.violatesDropped,
      shrinkEvaluations: result.shrink?.evaluations ?? 0,
      ...(result.evaluation?.detail ? { detail: result.evaluation.detail } : {}),
      trace: result.trace.map((point) => ({ evaluations: point.evaluations, margin: jsonMargin(point.margin) })),
    };
    writeFileAtomic(options.json, JSON.stringify(report, null, 2) + "\n");
  }
  return 0;
}

function runReplay(path: string, options: { exactDigits?: string; json?: string }): number {
  const extraDigits = options.exactDigits !== undefined ? [parseExactDigits(options.exactDigits)] : [];
  if (isTeacherStudentMinimumJson(readJsonFile(path))) throw new InputError(`${path}: a relu-teacher-student-minimum file, not a counterexample instance; check its proof with: shallowcheck certify ${path}`);
  const candidate = readCandidateFile(path);
  const meta = candidate.file as Record<string, unknown>;
  if (typeof meta.property !== "string") throw new InputError(`${path}: has no "property" field naming the catalogue entry it is a counterexample to`);
  const property = lookUp(meta.property, `${path}: property`);
  const dropped = new Set(Array.isArray(meta.dropped) ? meta.dropped.filter((x): x is string => typeof x === "string") : []);
  const digitsList = [...new Set([...REPLAY_DIGITS, ...extraDigits])];
  const bare = bareCandidate(candidate);
  const out = (line: string) => process.stdout.write(line + "\n");

  const provenance = [meta.foundBy ? `found by ${String(meta.foundBy)}` : undefined, meta.seed !== undefined ? `seed ${String(meta.seed)}` : undefined, meta.tool ? String(meta.tool) : undefined]
    .filter(Boolean)
    .join(", ");
  out(`${property.id} [${property.mode}] on ${path} (${describeCandidate(bare)}${provenance ? `; ${provenance}` : ""})`);
  if (property.mode !== "exact") out(`  note: a ${property.mode} entry — its evaluation is a float run or an estimate whatever the digits; the digits reach its exact parts only`);
  const margins: { digits: number; margin: number | null; error?: string }[] = [];
  let lastEvaluation;
  for (const digits of digitsList) {
    try {
      const evaluation = property.evaluate(bare, { digits });
      lastEvaluation = evaluation;
      margins.push({ digits, margin: jsonMargin(evaluation.margin) });
      out(`  margin at ${digits} digits: ${formatMargin(jsonMargin(evaluation.margin))} (${isFailure(evaluation.margin) ? "fails" : "holds"})`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      margins.push({ digits, margin: null, error: message });
      out(`  margin at ${digits} digits: evaluation threw: ${message}`);
    }
  }
  if (typeof meta.margin === "number" || meta.margin === null) out(`  stored margin: ${formatMargin(meta.margin as number | null)}${typeof meta.exactMargin === "string" ? ` (exact ${meta.exactMargin})` : ""}`);
  const context = { digits: digitsList[digitsList.length - 1] };
  const missed = missedAssumptions(property, bare, context);
  const met = property.assumptions.map((a) => a.name).filter((name) => !missed.includes(name));
  const violated = missed.map((name) => (dropped.has(name) ? `${name} (dropped)` : name));
  out(`  assumptions met: ${met.join(", ") || "none"}; violated: ${violated.join(", ") || "none"}`);
  let steps: StepMargin[] | undefined;
  try {
    steps = safeSteps(property, bare, context);
  } catch (error) {
    out(`  proof steps threw: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const line = stepsLine(steps);
  if (line) out(`  ${line}`);
  if (lastEvaluation?.detail) out(`  detail: ${JSON.stringify(lastEvaluation.detail)}`);
  if (options.json) {
    const failing = steps ? firstFailingStep(steps) : undefined;
    const report = {
      file: path,
      property: property.id,
      mode: property.mode,
      margins,
      assumptionsMet: met,
      assumptionsViolated: missed,
      dropped: [...dropped],
      ...(steps ? { steps: steps.map((s) => ({ name: s.name, margin: jsonMargin(s.margin) })), firstFailingStep: failing?.name ?? null } : {}),
      ...(lastEvaluation?.detail ? { detail: lastEvaluation.detail } : {}),
    };
    writeFileAtomic(options.json, JSON.stringify(report, null, 2) + "\n");
  }
  return 0;
}

export function registerHunt(program: Command): void {
  program
    .command("hunt")
    .description("search for a counterexample to a catalogue entry, with assumptions dropped; shrink and store it")
    .argument("<id>", "catalogue id, e.g. dana2025/lemma1-balance-gd (see shallowcheck list)")
    .option("--drop <assumption>", "drop a named assumption (repeatable)", (value: string, previous: string[]) => [...previous, value], [])
    .option("--budget <n>", `margin evaluations for the search (default ${DEFAULT_HUNT_BUDGET})`)
    .option("--shrink-budget <n>", `margin evaluations for shrinking a counterexample (default ${DEFAULT_SHRINK_BUDGET})`)
    .option("--seed <name>", "named seed; the same seed gives the same hunt", DEFAULT_SEED)
    .option("--out <dir>", "failure corpus the counterexample is stored in (entries with their own format: their own directory unless given)", DEFAULT_CORPUS_DIR)
    .option("--json <file>", "also write { found, margin, fixture, evaluations, … } as JSON")
    .option("--exact-digits <n>", `significant digits of the exact path (default ${DEFAULT_DIGITS})`)
    .option("--setting <key=value>", "a setting for entries that take them (repeatable)", (value: string, previous: string[]) => [...previous, value], [])
    .option("--k <k>", "shorthand for --setting k=K (e.g. teacher neurons)")
    .option("--n <n>", "shorthand for --setting n=N (e.g. student neurons)")
    .action((id: string, options: HuntCommandOptions, command: Command) => {
      process.exitCode = runHunt(id, options, command.getOptionValueSource("out") !== "default");
    });

  program
    .command("replay")
    .description("re-evaluate a stored counterexample: margins, assumptions met and violated, first failing proof step")
    .argument("<file>", "a counterexample file (from hunt, check or the corpus)")
    .option("--exact-digits <n>", "also report the margin at this many digits")
    .option("--json <file>", "also write the replay as JSON")
    .action((file: string, options: { exactDigits?: string; json?: string }) => {
      process.exitCode = runReplay(file, options);
    });
}
