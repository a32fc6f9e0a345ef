/**
 * `shallowcheck check` — the main job: every catalogue entry tried on random instances that
 * satisfy its assumptions, one report line each; `shallowcheck list` — the catalogue itself.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { minimatch } from "minimatch";
import { CATALOGUE } from "../../properties/index.js";
import { readCandidateFile, writeCandidateFile } from "../check/candidateFile.js";
import { counterexampleMetadata, loadCorpus, saveCounterexample } from "../check/corpus.js";
import type { Property } from "../check/property.js";
import { type JsonReport, formatMargin, reportHeader, reportLine } from "../check/report.js";
import { missedAssumptions, runProperty, seedFromString, type PropertyResult } from "../check/runner.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { VERSION } from "../version.js";
import { parseDigits } from "./eval.js";
import { parseIntegerOption } from "./parseOptions.js";
import { certify } from "../certify/certify.js";
import { certificateSummary, storedCertificate } from "../certify/stored.js";

export const DEFAULT_SEED = "shallowcheck";

interface CheckCommandOptions {
  only: string[];
  runs?: string;
  seed: string;
  json?: string;
  exactDigits?: string;
  instance?: string;
  out: string;
  certify?: boolean;
}

/** Entries whose id matches any glob (all when none is given); an unmatched glob is bad usage. */
export function selectProperties(globs: readonly string[]): Property[] {
  if (globs.length === 0) return [...CATALOGUE];
  for (const glob of globs) {
    if (!CATALOGUE.some((p) => minimatch(p.id, glob))) throw new InputError(`--only: "${glob}" matches no property (see shallowcheck list)`);
  }
  return CATALOGUE.filter((p) => globs.some((glob) => minimatch(p.id, glob)));
}

function counterexamplePath(outDirectory: string, result: PropertyResult): string {
  return join(outDirectory, `${result.id.replaceAll("/", "__")}.seed${result.seed >>> 0}.json`);
}

function runCatalogue(options: CheckCommandOptions): number {
  const properties = selectProperties(options.only);
  const digits = options.exactDigits === undefined ? DEFAULT_DIGITS : parseDigits(options.exactDigits, "--exact-digits");
  const runs = options.runs === undefined ? undefined : parseIntegerOption("--runs", options.runs);
  if (runs === 0) throw new InputError("--runs: must be at least 1");
  const idWidth = properties.map((p) => p.id.length).reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  const report: JsonReport = { tool: `shallowcheck ${VERSION}`, seed: options.seed, results: [] };
  process.stdout.write(reportHeader(idWidth) + "\n");
  let failures = 0;
  for (const property of properties) {
    if (process.stderr.isTTY) process.stderr.write(`checking ${property.id} …`);
    // Stored counterexamples (fixtures/counterexamples/) are replayed before any random candidate.
    const examples = loadCorpus(property.id);
    const result = runProperty(property, { runs: runs ?? property.defaultRuns, seed: seedFromString(`${options.seed}/${property.id}`), digits, examples });
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    process.stdout.write(reportLine(result, idWidth) + "\n");
    const entry: JsonReport["results"][number] = {
      id: result.id,
      status: result.status,
      runs: result.runs,
      skipped: result.skipped,
      skippedBy: result.skippedBy,
      minMargin: result.minMargin,
      paperRef: result.paperRef,
      timeMs: result.timeMs,
      ...(result.error ? { error: result.error } : {}),
    };
    if (result.status === "failed" || result.status === "error") failures++;
    if (result.error) process.stdout.write(`  error: ${result.error}\n`);
    if (result.counterexample) {
      const path = counterexamplePath(options.out, result);
      const { candidate, evaluation } = result.counterexample;
      // --certify: the counterexample re-decided in interval arithmetic before it is reported.
      const certificate = options.certify ? certify(property, candidate, { digits }) : undefined;
      const stored = certificate ? storedCertificate(certificate) : undefined;
      writeCandidateFile(path, candidate, {
        property: result.id,
        margin: evaluation.margin,
        detail: evaluation.detail ?? {},
        seed: options.seed,
        tool: `shallowcheck ${VERSION}`,
        ...(stored ? { certificate: stored } : {}),
      });
      const replay = `shallowcheck check --only ${result.id} --instance ${path}`;
      process.stdout.write(`  counterexample (margin ${formatMargin(evaluation.margin)}) written to ${path}\n  replay: ${replay}\n`);
      if (certificate) process.stdout.write(`  certificate: ${certificateSummary(certificate)}\n`);
      if (result.status === "failed") {
        const stored = saveCounterexample(candidate, counterexampleMetadata(result.id, evaluation, { seed: options.seed, foundBy: "check", certificate: certificate ? storedCertificate(certificate) : undefined }));
        process.stdout.write(`  ${stored.created ? "stored in the corpus" : "already in the corpus"}: ${stored.path}\n`);
      }
      entry.counterexample = { file: path, margin: evaluation.margin, detail: evaluation.detail, replay, ...(stored ? { certificate: stored } : {}) };
    }
    if (result.status === "skipped") process.stdout.write(`  every candidate missed an assumption: ${JSON.stringify(result.skippedBy)}\n`);
    report.results.push(entry);
  }
  const counts = (status: string) => report.results.filter((r) => r.status === status).length;
  process.stdout.write(
    `${properties.length} properties: ${counts("passed")} passed, ${counts("failed")} failed, ${counts("skipped")} skipped, ${counts("error")} errors\n`,
  );
  if (options.json) writeFileAtomic(options.json, JSON.stringify(report, null, 2) + "\n");
  return failures > 0 ? 1 : 0;
}

/** `--instance FILE`: the selected properties on one stored candidate, with the assumptions it meets. */
function checkInstance(options: CheckCommandOptions): number {
  const candidate = readCandidateFile(options.instance!);
  const digits = options.exactDigits === undefined ? DEFAULT_DIGITS : parseDigits(options.exactDigits, "--exact-digits");
  let failures = 0;
  const results = [];
  for (const property of selectProperties(options.only)) {
    const missed = missedAssumptions(property, candidate, { digits });
    const met = property.assumptions.map((a) => a.name).filter((name) => !missed.includes(name));
    const evaluation = property.evaluate(candidate, { digits });
    const holds = evaluation.margin >= 0;
    if (!holds) failures++;
    const status = holds ? "holds" : "fails";
    process.stdout.write(`${property.id}: ${status}, margin ${formatMargin(evaluation.margin)}\n`);
    process.stdout.write(`  assumptions met: ${met.join(", ") || "none"}; violated: ${missed.join(", ") || "none"}\n`);
    if (evaluation.detail) process.stdout.write(`  ${JSON.stringify(evaluation.detail)}\n`);
    const certificate = options.certify ? certify(property, candidate, { digits }) : undefined;
    if (certificate) process.stdout.write(`  certificate: ${certificateSummary(certificate)}\n`);
    results.push({
      id: property.id,
      status,
      margin: evaluation.margin,
      assumptionsMet: met,
      assumptionsViolated: missed,
      detail: evaluation.detail,
      ...(certificate ? { certificate: storedCertificate(certificate) } : {}),
    });
  }
  if (options.json) writeFileAtomic(options.json, JSON.stringify({ instance: options.instance, results }, null, 2) + "\n");
  return failures > 0 ? 1 : 0;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("try every catalogue property on random instances that satisfy its assumptions")
    .option("--only <glob>", "only properties whose id matches (repeatable), e.g. 'dana2025/lemma1-*'", (value: string, previous: string[]) => [...previous, value], [])
    .option("--runs <n>", "instances per property (default: each property's own)")
    .option("--seed <name>", "named seed; the same seed gives the same instances", DEFAULT_SEED)
    .option("--json <file>", "also write a machine-readable report")
    .option("--exact-digits <n>", `significant digits of the exact path (default ${DEFAULT_DIGITS})`)
    .option("--instance <file>", "check one stored instance (e.g. a counterexample) instead of random ones")
    .option("--out <dir>", "where counterexamples are written", "counterexamples")
    .option("--certify", "certify each counterexample in interval arithmetic before reporting it (verdict next to it, and stored)")
    .action((options: CheckCommandOptions) => {
      process.exitCode = options.instance ? checkInstance(options) : runCatalogue(options);
    });

  program
    .command("list")
    .description("the catalogue: ids, paper references, modes and assumption names")
    .option("--markdown", "the catalogue documentation (docs/catalogue.md)")
    .action((options: { markdown?: boolean }) => {
      process.stdout.write(options.markdown ? catalogueMarkdown() : catalogueTable());
    });
}

function catalogueTable(): string {
  return CATALOGUE.map(
    (p) => `${p.id}  [${p.mode}]\n  ${p.reference.paper}: ${p.reference.statement} — ${p.reference.spec}\n  assumptions: ${p.assumptions.map((a) => a.name).join(", ") || "none"}\n`,
  ).join("");
}

/** The catalogue documentation: statement, reading and provenance per entry. */
export function catalogueMarkdown(): string {
  const lines = [
    "# The shallowcheck catalogue",
    "",
    "Generated by `shallowcheck list --markdown`; do not edit by hand. Each entry's margin is ≥ 0 exactly",
    "when its conclusion holds. Provenance tags are the spec's (`../shared/papers/`).",
    "",
  ];
  for (const p of CATALOGUE) {
    lines.push(`## \`${p.id}\``, "", `**${p.title}**`, "");
    lines.push(`- Paper: ${p.reference.paper}, ${p.reference.statement}; spec ${p.reference.spec}; provenance ${p.reference.provenance}.`);
    lines.push(`- Mode: ${p.mode}. Default runs: ${p.defaultRuns}.`);
    lines.push(`- Statement: ${p.statement}`);
    if (p.reading) lines.push(`- Our reading: ${p.reading}`);
    lines.push(`- Assumptions: ${p.assumptions.map((a) => `\`${a.name}\` (${a.description})`).join("; ") || "none"}.`, "");
  }
  return lines.join("\n");
}
