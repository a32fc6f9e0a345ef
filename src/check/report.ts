/** The human and machine-readable forms of a `check` run. */
import type { PropertyResult } from "./runner.js";

export function formatMargin(margin: number | null): string {
  if (margin === null) return "—";
  if (margin === 0) return "0";
  return Math.abs(margin) >= 1e-3 && Math.abs(margin) < 1e4 ? margin.toFixed(4) : margin.toExponential(2);
}

const COLUMNS = ["property", "status", "runs", "skipped", "min margin", "time"];

export function reportHeader(idWidth: number): string {
  return [COLUMNS[0].padEnd(idWidth), COLUMNS[1].padEnd(7), ...COLUMNS.slice(2).map((c) => c.padStart(10))].join("  ");
}

export function reportLine(result: PropertyResult, idWidth: number): string {
  return [
    result.id.padEnd(idWidth),
    result.status.padEnd(7),
    String(result.runs).padStart(10),
    String(result.skipped).padStart(10),
    formatMargin(result.minMargin).padStart(10),
    `${(result.timeMs / 1000).toFixed(1)} s`.padStart(10),
  ].join("  ");
}

export interface JsonReport {
  tool: string;
  seed: string;
  results: {
    id: string;
    status: string;
    runs: number;
    skipped: number;
    skippedBy: Record<string, number>;
    minMargin: number | null;
    paperRef: string;
    timeMs: number;
    counterexample?: { file: string; margin: number; detail?: Record<string, unknown>; replay: string };
    error?: string;
  }[];
}
