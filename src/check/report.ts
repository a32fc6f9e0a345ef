/** The human and machine-readable forms of a `check` run's results. */
import type { MarginSpec } from "./property.js";
import type { Status } from "./runner.js";

export function formatMargin(margin: number | null): string {
  if (margin === null) return "—";
  if (margin === 0) return "0";
  return Math.abs(margin) >= 1e-3 && Math.abs(margin) < 1e4 ? margin.toFixed(4) : margin.toExponential(2);
}

/** What one report line shows of an entry's result. */
export interface ReportRow {
  id: string;
  status: Status;
  runs: number;
  skipped: number;
  vacuous: number;
  effectiveShare: number;
  minMargin: number | null;
  slackRatio: number | null;
  timeMs: number;
}

const COLUMNS = ["runs", "skipped", "vacuous", "effective", "min margin", "slack", "time"];

export function reportHeader(idWidth: number): string {
  return ["property".padEnd(idWidth), "status".padEnd(8), ...COLUMNS.map((c) => c.padStart(10))].join("  ");
}

export function reportLine(row: ReportRow, idWidth: number): string {
  return [
    row.id.padEnd(idWidth),
    row.status.padEnd(8),
    String(row.runs).padStart(10),
    String(row.skipped).padStart(10),
    String(row.vacuous).padStart(10),
    `${Math.round(100 * row.effectiveShare)}%`.padStart(10),
    formatMargin(row.minMargin).padStart(10),
    (row.slackRatio === null ? "—" : formatRatio(row.slackRatio)).padStart(10),
    `${(row.timeMs / 1000).toFixed(1)} s`.padStart(10),
  ].join("  ");
}

function formatRatio(x: number): string {
  return Number.isFinite(x) && Math.abs(x) >= 1e-2 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(2);
}

/** One line saying what a margin measures: "bound-slack: (μ − B)/max(μ, B); slack = μ / B (lower bound)". */
export function describeMargin(margin: MarginSpec | null | undefined): string {
  if (!margin) return "margin: not declared";
  const slack = margin.bound ? `; slack ratio = ${margin.bound.observed} / ${margin.bound.bound} (${margin.bound.direction} bound: holds when ${margin.bound.direction === "lower" ? "≥" : "≤"} 1)` : "";
  return `margin (${margin.kind}): ${margin.formula}${slack}`;
}

/** A flat table, one row per entry, that pandas.read_csv reads as it is. */
export const CSV_COLUMNS = ["id", "status", "runs", "skipped", "vacuous", "effective", "effective_share", "min_margin", "slack_ratio", "margin_kind", "seed", "time_ms", "citation"] as const;

export function csvTable(rows: readonly Record<(typeof CSV_COLUMNS)[number], string | number | null>[]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [CSV_COLUMNS.join(","), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row[c])).join(","))].join("\n") + "\n";
}
