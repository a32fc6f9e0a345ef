/**
 * Writes experiments/dana2025/authorsRuns.data.ts, the per-point outcomes of the authors' own runs
 * behind the figures of Dana, Pillaud-Vivien & Bach (arXiv:2502.16977, Section 5), read from the
 * result files of their repository (github.com/leodana2000/Convergence-High-Dimension,
 * `raw_experiments/`): the files their notebook `analysis.ipynb` plots —
 * Data_exp_1_100_bis.csv (Exp 1.0), Data_exp_1_d_{10…100}.csv (Exp 1.1),
 * Data_exp_1_p_{50…400}.csv (Exp 1.2) and Data_exp_2_bis.csv (Exp 2).
 *
 * Nothing is estimated here: the rates and logs are copied as the files give them. The one
 * inference is the repetition count of an Exp 1 file, which the files do not store: the smallest
 * R ≤ 200 for which every rate is a multiple of 1/R (rates are printed as sums of 1/R, so
 * 0.9999999999999984 counts as 1). Where the authors' code states R (80 for Exp 1.0) the inferred
 * count must divide it; Exp 2's 500 is the code's statement alone (its file holds logs of means,
 * not counts).
 *
 * Usage: npm run build && node dist/scripts/authors/dana2025AuthorsRuns.js CHECKOUT [COMMIT]
 * (CHECKOUT: a clone of the authors' repository; COMMIT: its commit id, recorded as provenance;
 * `git -C CHECKOUT rev-parse HEAD` when omitted).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { AuthorsRuns } from "../../experiments/dana2025/authorsRuns.js";
import { writeFileAtomic } from "../../src/io/atomicWrite.js";

const REPOSITORY = "github.com/leodana2000/Convergence-High-Dimension";
const OUTPUT = fileURLToPath(new URL("../../../experiments/dana2025/authorsRuns.data.ts", import.meta.url));
const RATE_TOLERANCE = 1e-9;

const finite = z.coerce.number().refine(Number.isFinite, "not a finite number");
const integer = z.coerce.number().int();
const exp1Row = z.object({ d: integer, n: integer, p: integer.optional(), loss_trend: z.string(), CV_probability: finite.pipe(z.number().min(-RATE_TOLERANCE).max(1 + RATE_TOLERANCE)) });
const exp2Row = z.object({ n: integer, d: integer, log_speed: finite, log_avg_speed: finite, log_lower: finite, log_upper: finite });

function readCsv<T>(path: string, schema: z.ZodType<T>): T[] {
  const records = parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return records.map((record, index) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) throw new Error(`${path}: row ${index + 2}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    return parsed.data;
  });
}

/** The smallest R ≤ 200 making every rate a multiple of 1/R (see the header). */
export function inferRepetitions(rates: readonly number[]): number {
  for (let reps = 1; reps <= 200; reps++) {
    if (rates.every((rate) => Math.abs(rate * reps - Math.round(rate * reps)) <= 1e-6)) return reps;
  }
  throw new Error(`no repetition count ≤ 200 makes every rate a multiple of 1/R: ${rates.join(", ")}`);
}

interface Exp1File {
  file: string;
  reps: number;
  points: { n: number; p: number; successes: number; lossTrend: number }[];
}

/**
 * loss_trend as the files print it: a number, or (where a torch scalar was stored) its repr
 * "tensor(0.0003, dtype=torch.float64)", of which the first argument is the value.
 */
export function lossTrendValue(text: string): number {
  const inside = /^tensor\(([^,)]+)/.exec(text.trim());
  const value = Number(inside === null ? text : inside[1]);
  if (!Number.isFinite(value)) throw new Error(`loss_trend "${text}" is not a number`);
  return value;
}

function exp1File(directory: string, file: string, width?: number): Exp1File {
  const rows = readCsv(join(directory, file), exp1Row);
  const reps = inferRepetitions(rows.map((row) => row.CV_probability));
  return {
    file,
    reps,
    points: rows.map((row) => {
      const p = row.p ?? width;
      if (p === undefined) throw new Error(`${file}: no p column and no stated width`);
      return { n: row.n, p, successes: Math.round(row.CV_probability * reps), lossTrend: lossTrendValue(row.loss_trend) };
    }),
  };
}

/** JSON with every object of plain values (a grid point) on one line, so a diff shows one point per line. */
function compactJson(value: unknown, indent = ""): string {
  if (Array.isArray(value)) return `[\n${value.map((item) => `${indent}  ${compactJson(item, `${indent}  `)}`).join(",\n")}\n${indent}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.every(([, item]) => item === null || typeof item !== "object")) return JSON.stringify(value);
    return `{\n${entries.map(([key, item]) => `${indent}  ${JSON.stringify(key)}: ${compactJson(item, `${indent}  `)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function range(lo: number, hi: number, step: number): number[] {
  return Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, k) => lo + k * step);
}

/** Every file the notebook plots, read from CHECKOUT/raw_experiments, as authorsRuns.data.ts stores them. */
export function readAuthorsRuns(checkout: string, commit: string): AuthorsRuns {
  const directory = join(checkout, "raw_experiments");
  const exp10 = exp1File(directory, "Data_exp_1_100_bis.csv");
  if (exp10.reps !== 80 && 80 % exp10.reps !== 0) throw new Error(`Exp 1.0: the code states 80 repetitions, the rates need ${exp10.reps}`);
  const exp11 = range(10, 100, 10).map((d) => ({ d, ...exp1File(directory, `Data_exp_1_d_${d}.csv`) }));
  const exp12 = range(50, 400, 10).map((p) => ({ p, ...exp1File(directory, `Data_exp_1_p_${p}.csv`) }));
  const exp2Rows = readCsv(join(directory, "Data_exp_2_bis.csv"), exp2Row);
  return {
    repository: REPOSITORY,
    commit,
    exp10: { d: 100, statedReps: 80, ...exp10, reps: 80 },
    exp11: { p: 30, byD: exp11 },
    exp12: { d: 30, byP: exp12 },
    exp2: {
      file: "Data_exp_2_bis.csv",
      d: exp2Rows[0].d,
      statedReps: 500,
      points: exp2Rows.map((row) => ({ n: row.n, logSpeed: row.log_speed, logAverageSpeed: row.log_avg_speed, logLower: row.log_lower, logUpper: row.log_upper })),
    },
  };
}

function main(argv: string[]): void {
  const [checkout, commitArgument] = argv;
  if (checkout === undefined) {
    process.stderr.write("usage: node dist/scripts/authors/dana2025AuthorsRuns.js CHECKOUT [COMMIT]\n");
    process.exit(2);
  }
  const commit = commitArgument ?? execFileSync("git", ["-C", checkout, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const data = readAuthorsRuns(checkout, commit);
  const text = [
    "// Generated by scripts/authors/dana2025AuthorsRuns.ts from the authors' result files; do not edit.",
    `// Source: ${REPOSITORY} at ${commit}, raw_experiments/.`,
    'import type { AuthorsRuns } from "./authorsRuns.js";',
    "",
    `export const AUTHORS_RUNS: AuthorsRuns = ${compactJson(data)};`,
    "",
  ].join("\n");
  writeFileAtomic(OUTPUT, text);
  process.stderr.write(`wrote ${OUTPUT}: Exp 1.0 ${data.exp10.points.length} points, Exp 1.1 ${data.exp11.byD.length} dimensions, Exp 1.2 ${data.exp12.byP.length} widths, Exp 2 ${data.exp2.points.length} points\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
