/**
 * `shallowcheck tighten ID [--bound NAME] [--budget N] [--seed S] [--json F] [--out DIR] [--digits N] [--catalogue MODULE]…`:
 * how far the constant of a bound can move (src/api/tighten.ts). Prints the certified claim, the
 * witness file (a candidate file with its certificate, written atomically into --out), how far the
 * search looked and the trajectory of the best ratio. Exit 0 whatever the ratio; 2 on bad input.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { writeCandidateFile } from "../check/candidateFile.js";
import { dimensions } from "../check/shrink.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { progressOnStderr } from "../io/progress.js";
import { VERSION } from "../version.js";
import { boundOf, tighten, type TightenResult } from "../api/tighten.js";
import { catalogueFromOptions, collect, DEFAULT_SEED } from "./check.js";
import { parseIntegerOption } from "./parseOptions.js";
import { kernelLine } from "./kernelLine.js";

export const DEFAULT_TIGHTEN_BUDGET = 3000;
export const DEFAULT_TIGHTNESS_DIR = "fixtures/tightness";

interface TightenCommandOptions {
  budget?: string;
  seed: string;
  bound?: string;
  json?: string;
  out: string;
  digits?: string;
  catalogue: string[];
}

function integerIn(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = parseIntegerOption(flag, text);
  if (value < min || value > max) throw new InputError(`${flag}: must be an integer in [${min}, ${max}], got "${text}"`);
  return value;
}

/**
 * A file name from the id, the bound's name (margin.moreBounds, if any) and the seed:
 * `dana2025--theorem1-pl-bound.seed-shallowcheck.json`, `dana2025--orthogonal-pl-sandwich.upper.seed-s.json`.
 */
export function witnessFileName(id: string, seed: string, boundName?: string): string {
  const bound = boundName === undefined ? "" : `.${boundName}`;
  return `${id.replace(/\//g, "--")}${bound}.seed-${seed.replace(/[^A-Za-z0-9._-]/g, "_")}.json`;
}

async function runTighten(id: string, options: TightenCommandOptions): Promise<number> {
  const budget = integerIn("--budget", options.budget, DEFAULT_TIGHTEN_BUDGET, 1, 10_000_000);
  const digits = integerIn("--digits", options.digits, DEFAULT_DIGITS, 5, 10_000);
  const { properties } = await catalogueFromOptions({ catalogue: options.catalogue });
  const property = properties.find((p) => p.id === id);
  if (!property) throw new InputError(`tighten: unknown property "${id}" (see shallowcheck list; user entries need --catalogue MODULE)`);
  boundOf(property, options.bound);
  const progress = progressOnStderr(`tighten ${id}`);
  let result: TightenResult;
  try {
    result = tighten(property, {
      budget,
      seed: options.seed,
      bound: options.bound,
      digits,
      onProgress: (p) => progress.update(p.evaluations / p.budget, `${p.evaluations}/${p.budget} evaluations, best ratio ${p.bestRatio.toPrecision(6)}, ${p.restarts} restarts`),
    });
  } finally {
    progress.stop();
  }
  let witnessPath: string | null = null;
  if (result.witness) {
    mkdirSync(options.out, { recursive: true });
    witnessPath = join(options.out, witnessFileName(id, options.seed, options.bound));
    writeCandidateFile(witnessPath, result.witness, { property: id, tool: `shallowcheck ${VERSION}`, tightness: jsonReport(result, null) });
  }
  for (const line of reportLines(result, witnessPath)) process.stdout.write(line + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify(jsonReport(result, witnessPath), null, 2) + "\n");
  return 0;
}

/** A side of the bound as a factor of the ratio: parenthesized unless it is one symbol-like term. */
const grouped = (side: string) => (/[\s+−-]/.test(side) ? `(${side})` : side);

function reportLines(result: TightenResult, witnessPath: string | null): string[] {
  const { direction, observed, bound } = result;
  const lines = [`${result.id}${result.boundName === null ? "" : ` (bound "${result.boundName}")`}: ${direction} bound ${observed} ${direction === "lower" ? "≥" : "≤"} ${bound}; ratio r = ${grouped(observed)}/${grouped(bound)}`];
  const move = direction === "lower" ? "raised above" : "lowered below";
  const factor = result.constantFactor;
  if (!factor) lines.push("  no effective candidate met every assumption: nothing to report");
  else if (factor.certified) {
    const r = result.certificate.ratio!;
    lines.push(`  the constant cannot be ${move} ${factor.value} × its current value (certified: r ∈ [${r.lo}, ${r.hi}], interval arithmetic at ${result.certificate.digits} digits, every assumption decided true)`);
  } else {
    lines.push(`  estimate, NOT CERTIFIED: r = ${factor.value} (float) — the constant cannot be ${move} about ${factor.value} × its current value on this witness (${result.certificate.hint ?? result.certificate.verdict})`);
  }
  if (result.witness) {
    const { n, d, p } = dimensions(result.witness);
    lines.push(`  witness: n = ${n}, d = ${d}, p = ${p}${witnessPath ? `, written to ${witnessPath}` : ""}`);
  }
  if (result.shrink) lines.push(`  shrunk in ${result.shrink.evaluations} evaluations (${result.shrink.steps.length} reductions, r kept within ${result.tolerance} relative of the search's best ${result.searchRatio})`);
  const better = direction === "lower" ? "below" : "above";
  lines.push(`  search: ${result.evaluations} of ${result.budget} evaluations, ${result.samples} samples (${result.skipped} skipped for an assumption), ${result.restarts} restarts; no ratio ${better} ${result.searchRatio ?? "—"} found before shrinking (seed ${result.seed})`);
  lines.push(`  best ratio by evaluations: ${result.trace.map((t) => `${t.evaluations}:${t.ratio.toPrecision(6)}`).join(" ") || "—"}`);
  if (result.errors > 0) lines.push(`  ${result.errors} evaluations threw and were discarded; first: ${result.firstError}`);
  lines.push(`  ${kernelLine(result.kernel)}`);
  return lines;
}

function jsonReport(result: TightenResult, witnessPath: string | null) {
  const { witness: _witness, evaluation, ...rest } = result;
  return { ...rest, witnessFile: witnessPath, detail: evaluation?.detail ?? null };
}

export function registerTighten(program: Command): void {
  program
    .command("tighten")
    .description("search for the instance where a bound is tightest and certify how far its constant can move")
    .argument("<id>", "catalogue id of an entry that declares margin.bound, e.g. dana2025/theorem1-pl-bound")
    .option("--budget <n>", `objective evaluations of the search (default ${DEFAULT_TIGHTEN_BUDGET})`)
    .option("--bound <name>", "which bound of an entry with several (margin.moreBounds, e.g. the sandwich's \"upper\"); default margin.bound")
    .option("--seed <name>", "named seed; the same seed gives the same search", DEFAULT_SEED)
    .option("--json <file>", "also write the report as JSON")
    .option("--out <dir>", "directory the witness file is written to", DEFAULT_TIGHTNESS_DIR)
    .option("--digits <n>", `significant digits of the exact path and the certificate (default ${DEFAULT_DIGITS})`)
    .option("--catalogue <module>", "also load the properties a .js/.mjs/.ts module exports (repeatable)", collect, [])
    .action(async (id: string, options: TightenCommandOptions) => {
      process.exitCode = await runTighten(id, options);
    });
}
