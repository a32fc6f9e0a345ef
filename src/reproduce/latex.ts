/**
 * A summary.json as LaTeX tables (`--latex`): one booktabs `tabular` per list of records in the
 * summary (grid points, thresholds, panels' points, …), nested objects flattened into dotted
 * columns, plus one table of the summary's scalar results. Numbers keep four significant digits;
 * text is escaped, and the Unicode symbols the summaries use become math-mode commands, so the
 * file compiles with pdflatex and `\usepackage{booktabs}`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { SUMMARY_FILE } from "./outputs.js";

export const LATEX_FILE = "summary.tex";

export interface SummaryTable {
  /** Where in the summary the records came from, e.g. "points" or "panels[0].points". */
  path: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

type Scalar = number | string | boolean | null;

const isScalar = (value: unknown): value is Scalar => value === null || ["number", "string", "boolean"].includes(typeof value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The scalar leaves of a record, nested records as dotted keys; arrays are left out. */
function flatten(record: Record<string, unknown>, prefix = ""): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(record)) {
    if (isScalar(value)) out[prefix + key] = value;
    else if (isRecord(value)) Object.assign(out, flatten(value, `${prefix}${key}.`));
  }
  return out;
}

/** Every array of records in the summary (at any depth), as a table, plus the top-level scalars. */
export function summaryTables(summary: Record<string, unknown>): SummaryTable[] {
  const tables: SummaryTable[] = [];
  const scalars = flatten(summary);
  if (Object.keys(scalars).length > 0) tables.push({ path: "summary", columns: ["quantity", "value"], rows: Object.entries(scalars).map(([quantity, value]) => ({ quantity, value })) });
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      const records = value.filter(isRecord);
      if (records.length > 0 && records.length === value.length) {
        const rows = records.map((record) => flatten(record));
        const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
        if (columns.length > 0) tables.push({ path, columns, rows });
      }
      value.forEach((item, i) => isRecord(item) && visitRecord(item, `${path}[${i}]`));
    } else if (isRecord(value)) visitRecord(value, path);
  };
  const visitRecord = (record: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(record)) if (!isScalar(value)) visit(value, path === "" ? key : `${path}.${key}`);
  };
  visitRecord(summary, "");
  return tables;
}

const SYMBOLS: Record<string, string> = {
  "σ": "\\sigma", "δ": "\\delta", "μ": "\\mu", "ρ": "\\rho", "γ": "\\gamma", "η": "\\eta", "λ": "\\lambda", "ε": "\\varepsilon", "θ": "\\theta", "φ": "\\varphi",
  "‖": "\\|", "≈": "\\approx", "≤": "\\leq", "≥": "\\geq", "∞": "\\infty", "√": "\\surd", "·": "\\cdot", "×": "\\times", "±": "\\pm", "→": "\\to",
  "²": "^{2}", "₁": "_{1}", "ᵢ": "_{i}", "∗": "*", "̃": "",
};
const SPECIAL: Record<string, string> = { "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };

/** Text for a LaTeX text-mode cell: specials escaped, the summaries' symbols in math mode, "−" as "-". */
export function latexText(text: string): string {
  let out = "";
  for (const character of text.normalize("NFD")) {
    if (character in SPECIAL) out += SPECIAL[character];
    else if (character in SYMBOLS) out += SYMBOLS[character] === "" ? "" : `$${SYMBOLS[character]}$`;
    else if (character === "−") out += "-";
    else out += character;
  }
  return out.replace(/\$\$/g, "");
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "--";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? "--" : value > 0 ? "$\\infty$" : "$-\\infty$";
    if (Number.isInteger(value) && Math.abs(value) < 1e7) return String(value);
    const magnitude = Math.abs(value);
    const text = magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6) ? value.toExponential(3) : value.toPrecision(4);
    const [mantissa, exponent] = text.split("e");
    return exponent === undefined ? mantissa : `$${mantissa}\\times 10^{${Number(exponent)}}$`;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  return latexText(String(value));
}

/** One booktabs tabular; numeric columns right-aligned. */
export function latexTabular(table: SummaryTable): string {
  const numeric = table.columns.map((column) => table.rows.every((row) => row[column] === undefined || row[column] === null || typeof row[column] === "number"));
  const spec = numeric.map((isNumeric) => (isNumeric ? "r" : "l")).join("");
  const lines = [
    `% ${latexText(table.path)}`,
    `\\begin{tabular}{${spec}}`,
    "\\toprule",
    `${table.columns.map((column) => latexText(column)).join(" & ")} \\\\`,
    "\\midrule",
    ...table.rows.map((row) => `${table.columns.map((column) => cell(row[column])).join(" & ")} \\\\`),
    "\\bottomrule",
    "\\end{tabular}",
  ];
  return lines.join("\n") + "\n";
}

/** Every table of a summary document (summary.json's contents), for `\input{summary.tex}`. */
export function summaryLatex(document: { experiment: string; title: string; preset: string; runs: number; summary: Record<string, unknown> }): string {
  const header = `% ${latexText(document.experiment)}: ${latexText(document.title)} (preset ${latexText(document.preset)}, ${document.runs} runs)\n% needs \\usepackage{booktabs}\n`;
  return header + summaryTables(document.summary).map((table) => `\n${latexTabular(table)}`).join("");
}

/** summary.tex next to a complete sweep's summary.json; returns its path. */
export function writeSummaryLatex(directory: string): string {
  const document = JSON.parse(readFileSync(join(directory, SUMMARY_FILE), "utf8")) as Parameters<typeof summaryLatex>[0];
  const path = join(directory, LATEX_FILE);
  writeFileAtomic(path, summaryLatex(document));
  return path;
}
