/**
 * `shallowcheck hunt ID [--drop ASSUMPTION]… [--budget N] [--seed S] [--out DIR] [--json FILE]`:
 * search for an instance on which a catalogue entry fails, with the named assumptions dropped;
 * shrink it, store it in the failure corpus and print it. Exit 0 whether or not one is found; 1
 * (status error) when every evaluation threw or a failure did not re-check before storing. An
 * entry with its own storage (Property.storeCounterexample: soltanolkotabi2019/relu-no-spurious-minima)
 * proves and stores the counterexample in its own format and directory instead.
 *
 * `shallowcheck replay FILE`: re-evaluate a stored counterexample — its margin at 17 and at 50
 * significant digits (and at --exact-digits), the assumptions it meets and violates, and for a
 * chained proof the first step that fails, and the file's verdict (src/api/replay.ts): exit 1 when
 * it fails — the statement fails without the assumptions dropped to find it — 0 otherwise.
 */
import type { Command } from "commander";
import { readCandidateFile } from "../check/candidateFile.js";
import { bareCandidate, DEFAULT_CORPUS_DIR } from "../check/corpus.js";
import { firstFailingStep } from "../check/hunt.js";
import type { Candidate, Property, Settings, StepMargin } from "../check/property.js";
import { formatMargin } from "../check/report.js";
import { dimensions } from "../check/shrink.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { DECIMAL_STRING_PATTERN } from "../io/instanceSchema.js";
import { catalogueFromOptions, collect, DEFAULT_SEED } from "./check.js";
import { replay } from "../api/replay.js";
import { parseDigits, parseIntegerOption } from "./parseOptions.js";
import { progressOnStderr } from "../io/progress.js";
import { errorsSummary, huntAndStore, type HuntAndStoreResult } from "../api/huntAndStore.js";
import { kernelLine } from "./kernelLine.js";

/** Margin evaluations of a default hunt: measured to find the A1 counterexamples to Theorem 1 in 7 of 8 seeds (docs/hunts.md). */
export const DEFAULT_HUNT_BUDGET = 3000;
export const DEFAULT_SHRINK_BUDGET = 1000;

interface HuntCommandOptions {
  drop: string[];
  budget?: string;
  shrinkBudget?: string;
  seed: string;
  out: string;
  json?: string;
  exactDigits?: string;
  setting: string[];
  catalogue: string[];
  k?: string;
  n?: string;
}

/** `--setting key=value` (repeatable) and the spellings `--k K`, `--n N`: settings for {@link Property.configure}. */
function parseSettings(options: HuntCommandOptions): Settings {
  const settings: Settings = {};
  for (const text of options.setting) {
    const match = /^([A-Za-z][\w-]*)=(.+)$/.exec(text);
    if (!match) throw new InputError(`--setting: expected key=value, got "${text}"`);
    settings[match[1]] = settingValue(match[1], match[2]);
  }
  if (options.k !== undefined) settings.k = positive("--k", options.k, 1);
  if (options.n !== undefined) settings.n = positive("--n", options.n, 1);
  return settings;
}

/** A setting's value: a decimal number, true/false, or else a string; hex, octal, binary, ±Infinity and NaN are refused, not read as numbers. */
function settingValue(key: string, value: string): number | boolean | string {
  if (value === "true" || value === "false") return value === "true";
  if (DECIMAL_STRING_PATTERN.test(value)) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new InputError(`--setting: ${key}=${value} is outside the range of float64`);
    return number;
  }
  if (value.trim() !== "" && (Number.isFinite(Number(value)) || /^\s*[+-]?(Infinity|NaN)\s*$/.test(value))) {
    throw new InputError(`--setting: ${key}=${value}: write a number in decimal, e.g. 16 or 1.5e3`);
  }
  return value;
}

async function lookUp(id: string, what: string, modules: string[]): Promise<Property> {
  const { properties } = await catalogueFromOptions({ catalogue: modules });
  const property = properties.find((p) => p.id === id);
  if (!property) throw new InputError(`${what}: unknown property "${id}" (see shallowcheck list; user entries need --catalogue MODULE)`);
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

function stepsLine(steps: StepMargin[] | undefined): string | undefined {
  if (!steps) return undefined;
  const failing = firstFailingStep(steps);
  const list = steps.map((s) => `${s.name} ${formatMargin(Number.isNaN(s.margin) ? null : s.margin)}`).join("; ");
  return failing ? `first failing proof step: ${failing.name} (margin ${formatMargin(Number.isNaN(failing.margin) ? null : failing.margin)}); steps: ${list}` : `every proof step holds: ${list}`;
}

const jsonMargin = (margin: number) => (Number.isFinite(margin) ? margin : null);

/** `outGiven`: whether --out was on the command line (an entry that stores in its own format has its own default directory). */
async function runHunt(id: string, options: HuntCommandOptions, outGiven: boolean): Promise<number> {
  if (options.seed === "") throw new InputError("--seed: must not be empty");
  const settings = parseSettings(options);
  let property = await lookUp(id, "hunt", options.catalogue);
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
  const outcome = huntAndStore(property, {
    dropped: new Set(options.drop),
    budget,
    shrinkBudget: positive("--shrink-budget", options.shrinkBudget, DEFAULT_SHRINK_BUDGET),
    seed: options.seed,
    digits: parseExactDigits(options.exactDigits),
    corpusDir: options.out,
    entryDir: outGiven ? options.out : undefined,
    progress: (stage) => progressOnStderr(stage === "hunt" ? `hunt ${property.id}` : `hunt ${property.id}: proving before storing`),
  });
  for (const line of huntReportLines(outcome)) process.stdout.write(line + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify(huntJsonReport(outcome), null, 2) + "\n");
  return outcome.status === "error" ? 1 : 0;
}

function huntReportLines({ property, dropped, budget, hunt: result, counterexample, notConfirmed, status, error, kernel }: HuntAndStoreResult): string[] {
  const droppedText = dropped.length > 0 ? ` with ${dropped.join(", ")} dropped` : " with every assumption kept";
  const lines: string[] = [];
  if (counterexample) {
    const { candidate, evaluation, stored } = counterexample;
    lines.push(`${property.id}: counterexample${droppedText}, found by ${result.foundBy} after ${result.evaluationsToFind} of ${budget} evaluations (${result.restarts} restarts)`);
    lines.push(`  margin ${formatMargin(jsonMargin(result.margin))}${typeof evaluation.detail?.exactMargin === "string" ? ` (exact ${evaluation.detail.exactMargin})` : ""} [${property.mode}${property.mode === "exact" ? ", re-checked in exact arithmetic" : ", re-checked by the entry's own evaluation"}]`);
    if (result.shrink) lines.push(`  shrunk to ${describeCandidate(candidate)} in ${result.shrink.evaluations} evaluations (${result.shrink.steps.length} reductions${result.shrink.complete ? "" : ", budget ran out"})`);
    else lines.push(`  ${describeCandidate(candidate)}`);
    const met = counterexample.assumptionsMet;
    lines.push(
      result.violatesDropped.length > 0
        ? `  violates dropped: ${result.violatesDropped.join(", ")}; meets: ${met.join(", ") || "none"}`
        : `  meets every assumption (${met.join(", ") || "none"}): a counterexample to the statement as encoded`,
    );
    const steps = stepsLine(counterexample.steps);
    if (steps) lines.push(`  ${steps}`);
    if (evaluation.detail) lines.push(`  detail: ${JSON.stringify(evaluation.detail)}`);
    lines.push(`  instance: ${instanceJson(candidate)}`);
    lines.push(`  certificate: ${stored.certificateSummary}`);
    if (stored.path !== null && stored.storage === "entry") {
      lines.push(`  ${stored.created ? "written to" : "already stored:"} ${stored.path}`, `  check the proof: shallowcheck certify ${stored.path}`);
    } else if (stored.path !== null) {
      lines.push(`  ${stored.created ? "written to" : "already in the corpus:"} ${stored.path}`, `  replay: shallowcheck replay ${stored.path}`);
    }
  } else if (notConfirmed) {
    lines.push(`${property.id}: error: a failure${droppedText}, found by ${result.foundBy} after ${result.evaluationsToFind} of ${budget} evaluations, was not confirmed; nothing stored`);
    lines.push(`  ${notConfirmed.reason}`, `  instance: ${instanceJson(notConfirmed.candidate)}`);
  } else if (status === "error") {
    // One line: nothing was computed (the kernel is still in --json).
    lines.push(`${property.id}: error${dropped.length > 0 ? ` (${dropped.join(", ")} dropped)` : ""}: ${error}`);
    return lines;
  } else {
    lines.push(`${property.id}: no counterexample${droppedText} in ${result.evaluations} evaluations (${result.samples} samples, ${result.restarts} restarts); smallest margin ${result.candidate ? formatMargin(jsonMargin(result.margin)) : "—"}`);
    if (result.samples === 0) lines.push(`  every sampled candidate missed an assumption: ${JSON.stringify(result.skippedBy)}`);
  }
  if (result.errors > 0) lines.push(`  ${errorsSummary(result)}; those candidates were discarded`);
  lines.push(`  ${kernelLine(kernel)}`);
  return lines;
}

function huntJsonReport({ property, dropped, seed, budget, hunt: result, counterexample, status, error, kernel }: HuntAndStoreResult) {
  return {
    status,
    ...(error ? { error } : {}),
    found: counterexample !== null,
    margin: result.candidate ? jsonMargin(result.margin) : null,
    fixture: counterexample?.stored.path ?? null,
    certificate: counterexample?.stored.certificate ?? null,
    evaluations: result.evaluations,
    errors: result.errors,
    assumptionErrors: result.assumptionErrors,
    ...(result.firstError !== undefined ? { firstError: result.firstError } : {}),
    property: property.id,
    dropped,
    seed,
    budget,
    evaluationsToFind: result.evaluationsToFind,
    foundBy: result.foundBy,
    restarts: result.restarts,
    samples: result.samples,
    skipped: result.skipped,
    violatesDropped: result.violatesDropped,
    shrinkEvaluations: result.shrink?.evaluations ?? 0,
    kernel,
    ...(result.evaluation?.detail ? { detail: result.evaluation.detail } : {}),
    trace: result.trace.map((point) => ({ evaluations: point.evaluations, margin: jsonMargin(point.margin) })),
  };
}

async function runReplay(path: string, options: { exactDigits?: string; json?: string; catalogue: string[] }): Promise<number> {
  const extraDigits = options.exactDigits !== undefined ? [parseExactDigits(options.exactDigits)] : [];
  const { properties } = await catalogueFromOptions(options);
  const report = replay(path, properties, { digits: extraDigits });
  const out = (line: string) => process.stdout.write(line + "\n");
  const { foundBy, seed, tool } = report.provenance;
  const provenance = [foundBy ? `found by ${foundBy}` : undefined, seed !== undefined ? `seed ${seed}` : undefined, tool].filter(Boolean).join(", ");
  const bare = bareCandidate(readCandidateFile(path));
  out(`${report.property} [${report.mode}] on ${path} (${describeCandidate(bare)}${provenance ? `; ${provenance}` : ""})`);
  if (report.mode !== "exact") out(`  note: a ${report.mode} entry — its evaluation is a float run or an estimate whatever the digits; the digits reach its exact parts only`);
  for (const m of report.margins) {
    out(m.error !== undefined ? `  margin at ${m.digits} digits: evaluation threw: ${m.error}` : `  margin at ${m.digits} digits: ${formatMargin(m.margin)} (${m.margin !== null && m.margin >= 0 ? "holds" : "fails"})`);
  }
  if (report.storedMargin !== undefined) out(`  stored margin: ${formatMargin(report.storedMargin)}${report.exactMargin ? ` (exact ${report.exactMargin})` : ""}`);
  const violated = report.assumptionsViolated.map((name) => (report.dropped.includes(name) ? `${name} (dropped)` : name));
  out(`  assumptions met: ${report.assumptionsMet.join(", ") || "none"}; violated: ${violated.join(", ") || "none"}`);
  if (report.stepsError) out(`  proof steps threw: ${report.stepsError}`);
  const line = stepsLine(report.steps?.map((s) => ({ name: s.name, margin: s.margin ?? NaN })));
  if (line) out(`  ${line}`);
  if (report.detail) out(`  detail: ${JSON.stringify(report.detail)}`);
  const without = report.dropped.length ? ` without ${report.dropped.join(", ")}` : "";
  out(`verdict: ${report.verdict}${report.verdict === "fails" ? ` — the statement fails${without}` : ""}`);
  if (options.json) writeFileAtomic(options.json, JSON.stringify(report, null, 2) + "\n");
  return report.exitCode;
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
    .option("--catalogue <module>", "also load the properties a .js/.mjs/.ts module exports (repeatable)", collect, [])
    .action(async (id: string, options: HuntCommandOptions, command: Command) => {
      process.exitCode = await runHunt(id, options, command.getOptionValueSource("out") !== "default");
    });

  program
    .command("replay")
    .description("re-evaluate a stored counterexample: margins, assumptions met and violated, first failing proof step")
    .argument("<file>", "a counterexample file (from hunt, check or the corpus)")
    .option("--exact-digits <n>", "also report the margin at this many digits")
    .option("--json <file>", "also write the replay as JSON")
    .option("--catalogue <module>", "also load the properties a .js/.mjs/.ts module exports (repeatable)", collect, [])
    .action(async (file: string, options: { exactDigits?: string; json?: string; catalogue: string[] }) => {
      process.exitCode = await runReplay(file, options);
    });
}
