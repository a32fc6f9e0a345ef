/**
 * `shallowcheck check` — the main job: every catalogue entry (built-in and the user's own) tried
 * on random instances that satisfy its assumptions, one report line each; `shallowcheck list` —
 * the catalogue itself, its documentation and its bibliography.
 */
import type { Command } from "commander";
import { availableParallelism } from "node:os";
import { check, randomSeed, type CheckEntry, type CheckReport } from "../api/check.js";
import { checkInWorkers } from "../api/checkWorkers.js";
import { checkInstance } from "../api/checkInstance.js";
import { CONVERGENCE_CLAIM_DEFAULTS } from "../api/convergenceClaim.js";
import { progressOnStderr } from "../io/progress.js";
import { loadCatalogue, selectProperties, type LoadedCatalogue } from "../catalogue/catalogue.js";
import { citationOf } from "../check/define.js";
import { certificateSummary } from "../certify/stored.js";
import type { Property } from "../check/property.js";
import { csvTable, describeMargin, formatMargin, reportHeader, reportLine } from "../check/report.js";
import { EFFECTIVE_FLOOR } from "../check/runner.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { parseDigits, parseIntegerOption } from "./parseOptions.js";
import { paperRecord, REFERENCES, shortCitation } from "../../properties/references.js";

/** The seed of commands whose default run is reproducible (hunt); `check` draws a fresh one unless told. */
export const DEFAULT_SEED = "shallowcheck";

interface CheckCommandOptions {
  only: string[];
  catalogue: string[];
  drop: string[];
  runs?: string;
  seed?: string;
  json?: string;
  csv?: string;
  exactDigits?: string;
  instance?: string;
  out: string;
  corpus?: string;
  certify?: boolean;
  explain?: string;
  workers?: string;
}

/** `--catalogue MODULE` (repeatable), shared by every command that takes entries. */
export const collect = (value: string, previous: string[]) => [...previous, value];

export async function catalogueFromOptions(options: { catalogue?: string[] }): Promise<LoadedCatalogue> {
  return loadCatalogue({ modules: options.catalogue ?? [] });
}

function summaryLine(report: CheckReport): string {
  const counts = new Map<string, number>();
  for (const r of report.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const parts = ["passed", "weak", "vacuous", "skipped", "failed", "refuted", "error"].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${report.results.length} properties: ${parts.join(", ")}`;
}

function printEntryNotes(entry: CheckEntry): void {
  if (entry.error) process.stdout.write(`  error: ${entry.error}\n`);
  if (entry.refutation) process.stdout.write(`  refuted: ${entry.refutation.summary}\n  proof: ${entry.refutation.file}\n`);
  if (entry.counterexample) {
    const c = entry.counterexample;
    process.stdout.write(`  counterexample (margin ${formatMargin(c.margin)}) written to ${c.file}\n  replay: ${c.replay}\n`);
    if (c.certificate) process.stdout.write(`  certificate: ${certificateSummary(c.certificate)}\n`);
    if (c.corpus) process.stdout.write(`  ${c.corpus.created ? "stored in the corpus" : "already in the corpus"}: ${c.corpus.path}\n`);
  }
  if (entry.convergence) process.stdout.write(`  ${entry.convergence.statement}: ${entry.convergence.summary}\n`);
  if (entry.status === "skipped") process.stdout.write(`  every candidate missed an assumption: ${JSON.stringify(entry.skippedBy)}\n`);
  if (entry.status === "weak" || entry.status === "vacuous") {
    const why = Object.entries(entry.vacuousBy).map(([reason, k]) => `${k}× ${reason}`).join("; ");
    process.stdout.write(`  only ${Math.round(100 * entry.effectiveShare)}% effective (floor ${100 * EFFECTIVE_FLOOR}%)${why ? `; vacuous: ${why}` : ""}${entry.skipped ? `; skipped: ${JSON.stringify(entry.skippedBy)}` : ""}\n`);
  }
}

function csvRows(report: CheckReport) {
  return report.results.map((r) => ({
    id: r.id,
    status: r.status,
    runs: r.runs,
    skipped: r.skipped,
    vacuous: r.vacuous,
    effective: r.effective,
    effective_share: r.effectiveShare,
    min_margin: r.minMargin,
    slack_ratio: r.slackRatio,
    margin_kind: r.margin?.kind ?? null,
    seed: r.seed,
    time_ms: r.timeMs,
    citation: r.citation,
  }));
}

async function runCatalogue(options: CheckCommandOptions): Promise<number> {
  const catalogue = await catalogueFromOptions(options);
  const properties = selectProperties(catalogue.properties, options.only);
  const digits = options.exactDigits === undefined ? DEFAULT_DIGITS : parseDigits(options.exactDigits, "--exact-digits");
  const runs = options.runs === undefined ? undefined : parseIntegerOption("--runs", options.runs);
  if (runs === 0) throw new InputError("--runs: must be at least 1");
  const workers = options.workers === undefined ? availableParallelism() : parseIntegerOption("--workers", options.workers);
  if (workers < 1) throw new InputError("--workers: must be at least 1");
  if (options.seed === "") throw new InputError("--seed: must not be empty");
  const seed = options.seed === undefined || options.seed === "random" ? randomSeed() : options.seed;
  const idWidth = properties.map((p) => p.id.length).reduce((extreme, value) => Math.max(extreme, value), 0);
  process.stdout.write(`seed ${seed} (repeat this run with --seed ${seed})\n`);
  process.stdout.write(reportHeader(idWidth) + "\n");
  let report: CheckReport;
  const checkOptions = {
    seed,
    digits,
    ...(runs !== undefined ? { runs } : {}),
    out: options.out,
    ...((options.corpus ?? catalogue.corpus) ? { corpus: options.corpus ?? catalogue.corpus } : {}),
    certify: options.certify === true,
    onResult: (entry: CheckEntry) => {
      if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
      process.stdout.write(reportLine(entry, idWidth) + "\n");
      printEntryNotes(entry);
    },
  };
  // One thread for one property: a worker's start-up (loading the catalogue) would only add to it.
  if (workers > 1 && properties.length > 1) {
    // The entries arrive in catalogue order; on a terminal a status line counts them.
    let done = 0;
    const status = () => {
      if (process.stderr.isTTY && done < properties.length) process.stderr.write(`checking: ${done} of ${properties.length} properties done …`);
    };
    status();
    const onResult = (entry: CheckEntry) => {
      checkOptions.onResult(entry);
      done++;
      status();
    };
    report = await checkInWorkers(properties, { ...checkOptions, onResult, modules: options.catalogue, workers });
  } else {
    const onStart = (property: Property) => {
      if (process.stderr.isTTY) process.stderr.write(`checking ${property.id} …`);
    };
    report = check(properties, { ...checkOptions, onStart });
  }
  process.stdout.write(summaryLine(report) + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify(report, null, 2) + "\n");
  if (options.csv) writeFileAtomic(options.csv, csvTable(csvRows(report)));
  return report.results.some((r) => !["passed", "weak", "vacuous", "skipped"].includes(r.status)) ? 1 : 0;
}

async function runInstance(options: CheckCommandOptions): Promise<number> {
  const catalogue = await catalogueFromOptions(options);
  const digits = options.exactDigits === undefined ? DEFAULT_DIGITS : parseDigits(options.exactDigits, "--exact-digits");
  const progress = progressOnStderr("proving L → 0");
  const horizon = Number(CONVERGENCE_CLAIM_DEFAULTS.maxTime);
  const convergence = { ...CONVERGENCE_CLAIM_DEFAULTS, onProgress: (t: number, steps: number) => progress.update(t / horizon, `flow t = ${t.toPrecision(4)}, ${steps} steps`) };
  let result: ReturnType<typeof checkInstance>;
  try {
    result = checkInstance(options.instance!, catalogue.properties, { only: options.only, drop: options.drop, digits, certify: options.certify === true, convergence });
  } finally {
    progress.stop();
  }
  for (const r of result.results) {
    process.stdout.write(`${r.id}: ${r.verdict}, margin ${formatMargin(r.margin)}${r.dropped.length ? ` (assumptions dropped: ${r.dropped.join(", ")})` : ""}\n`);
    process.stdout.write(`  assumptions met: ${r.assumptionsMet.join(", ") || "none"}; violated: ${r.assumptionsViolated.join(", ") || "none"}\n`);
    if (r.error) process.stdout.write(`  error: ${r.error}\n`);
    if (r.vacuous) process.stdout.write(`  vacuous: ${r.vacuous}\n`);
    if (r.detail) process.stdout.write(`  ${JSON.stringify(r.detail)}\n`);
    if (r.certificate) process.stdout.write(`  certificate: ${certificateSummary(r.certificate)}\n`);
    if (r.convergence) process.stdout.write(`  ${r.convergence.statement}: ${r.convergence.summary}\n`);
  }
  if (options.json) writeFileAtomic(options.json, JSON.stringify(result, null, 2) + "\n");
  return result.exitCode;
}

function explain(property: Property): string {
  const lines = [`${property.id} — ${property.title}`, `  cited: ${citationOf(property)}`];
  const record = property.reference ? paperRecord(property.reference.paper) : undefined;
  if (record) lines.push(`  paper: ${record.authors}, "${record.title}", ${record.venue}, ${record.year}, arXiv ${record.arxiv}`);
  lines.push(`  mode: ${property.mode}; default runs ${property.defaultRuns}`, `  statement: ${property.statement}`);
  if (property.reading) lines.push(`  our reading: ${property.reading}`);
  lines.push(`  ${describeMargin(property.margin)}`);
  lines.push(`  assumptions: ${property.assumptions.map((a) => `${a.name} (${a.description})`).join("; ") || "none"}`);
  const bad = property.knownBad?.() ?? [];
  for (const b of bad) lines.push(`  known bad case: ${b.why}`);
  return lines.join("\n") + "\n";
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("try every catalogue property on random instances that satisfy its assumptions")
    .option("--only <glob>", "only properties whose id matches (repeatable), e.g. 'dana2025/lemma1-*'", collect, [])
    .option("--catalogue <module>", "also load the properties a .js/.mjs/.ts module exports (repeatable)", collect, [])
    .option("--runs <n>", "instances per property (default: each property's own)")
    .option("--seed <name>", "named seed; the same seed gives the same instances ('random', the default, draws a fresh one and prints it)")
    .option("--json <file>", "also write a machine-readable report")
    .option("--csv <file>", "also write a flat table, one row per property")
    .option("--exact-digits <n>", `significant digits of the exact path (default ${DEFAULT_DIGITS})`)
    .option("--instance <file>", "check one stored instance (e.g. a counterexample) instead of random ones")
    .option("--drop <assumption>", "with --instance: assumptions not required (repeatable; a counterexample file's own are read from it)", collect, [])
    .option("--out <dir>", "where counterexamples are written", "counterexamples")
    .option("--corpus <dir>", "the failure corpus: replayed first, new failures stored (default fixtures/counterexamples)")
    .option("--certify", "certify each counterexample in interval arithmetic before reporting it (verdict next to it, and stored); with --instance, the instance's verdicts, and an entry's limit claim (dana2025/theorem1-loss-decay: L → 0) proved by the flow convergence proof or the reason it is not")
    .option("--explain <id>", "print what an entry states, assumes and measures, and exit")
    .option("--workers <n>", "worker threads checking properties side by side (default: the processors available); the report is the same for any count")
    .action(async (options: CheckCommandOptions) => {
      if (options.explain) {
        const catalogue = await catalogueFromOptions(options);
        const property = catalogue.properties.find((p) => p.id === options.explain);
        if (!property) throw new InputError(`--explain: no property "${options.explain}" (see shallowcheck list)`);
        process.stdout.write(explain(property));
        return;
      }
      process.exitCode = options.instance ? await runInstance(options) : await runCatalogue(options);
    });

  program
    .command("list")
    .description("the catalogue: ids, citations, modes, margins and assumption names")
    .option("--catalogue <module>", "also list the properties a module exports (repeatable)", collect, [])
    .option("--markdown", "the catalogue documentation (docs/catalogue.md)")
    .option("--references", "the bibliography (docs/references.md)")
    .action(async (options: { markdown?: boolean; references?: boolean; catalogue: string[] }) => {
      if (options.references) return void process.stdout.write(referencesMarkdown());
      const { properties } = await catalogueFromOptions(options);
      process.stdout.write(options.markdown ? catalogueMarkdown(properties) : catalogueTable(properties));
    });
}

function catalogueTable(properties: readonly Property[]): string {
  return properties
    .map((p) => `${p.id}  [${p.mode}]\n  ${citationOf(p)}\n  ${describeMargin(p.margin)}\n  assumptions: ${p.assumptions.map((a) => a.name).join(", ") || "none"}\n`)
    .join("");
}

/** The catalogue documentation: statement, reading, margin and assumptions per entry. */
export function catalogueMarkdown(properties: readonly Property[]): string {
  const lines = [
    "# The shallowcheck catalogue",
    "",
    "Generated by `shallowcheck list --markdown`; do not edit by hand. Each entry's margin is ≥ 0 exactly",
    "when its conclusion holds; what it measures is stated per entry. The papers are listed in",
    "[references.md](references.md).",
    "",
  ];
  for (const p of properties) {
    const record = p.reference ? paperRecord(p.reference.paper) : undefined;
    lines.push(`## \`${p.id}\``, "", `**${p.title}**`, "");
    lines.push(`- Source: ${record ? `${shortCitation(record)}, ${p.reference!.statement}` : citationOf(p)}${p.reference?.provenance ? ` (${p.reference.provenance})` : ""}.`);
    lines.push(`- Mode: ${p.mode}. Default runs: ${p.defaultRuns}.`);
    lines.push(`- Statement: ${p.statement}`);
    if (p.reading) lines.push(`- Our reading: ${p.reading}`);
    lines.push(`- ${describeMargin(p.margin).replace(/^margin/, "Margin")}.`);
    lines.push(`- Assumptions: ${p.assumptions.map((a) => `\`${a.name}\` (${a.description})`).join("; ") || "none"}.`, "");
  }
  return lines.join("\n");
}

/** docs/references.md: the bibliography. */
export function referencesMarkdown(): string {
  const lines = ["# References", "", "Generated by `shallowcheck list --references`; do not edit by hand. The papers whose statements the built-in catalogue encodes.", ""];
  for (const r of REFERENCES) {
    lines.push(`- **${r.key}** — ${r.authors}. *${r.title}*. ${r.venue}, ${r.year}. arXiv:${r.arxiv} (https://arxiv.org/abs/${r.arxiv}).${r.note ? ` ${r.note}` : ""}`);
  }
  return lines.join("\n") + "\n";
}
