/**
 * results.csv: one row per run, in the sweep's run order (point-major), so a single run, a
 * resumed run and a merge of shards write the same bytes. Columns: the runner's `experiment,
 * point, rep, seed`, then the grid parameters (in order of first appearance along the grid),
 * then the experiment's row fields (in order of first appearance along the rows).
 */
import type { GridPoint, ParameterValue, Row } from "./experiment.js";
import type { RunRecord } from "./runLog.js";

export const RUNNER_COLUMNS = ["experiment", "point", "rep", "seed"] as const;

type Cell = ParameterValue | null | undefined;

/** RFC 4180 quoting; numbers in JavaScript's shortest round-trip form; null and absent as empty. */
function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function orderedKeys(objects: Iterable<Record<string, unknown>>, exclude: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) if (!exclude.has(key)) keys.add(key);
  return [...keys];
}

/**
 * A row field that repeats a grid parameter must repeat its value; one that reuses a runner
 * column name is a bug in the experiment. Both are checked when a run finishes.
 */
export function checkRowColumns(row: Row, point: GridPoint): string | undefined {
  for (const column of RUNNER_COLUMNS) if (column in row) return `row field "${column}" is reserved for the runner`;
  for (const [key, value] of Object.entries(row)) {
    if (key in point.params && point.params[key] !== value) return `row field "${key}" = ${JSON.stringify(value)} contradicts the grid parameter ${key} = ${JSON.stringify(point.params[key])}`;
  }
  return undefined;
}

/** `records` must already be in run order (see sortRecords). */
export function resultsCsv(experimentId: string, points: readonly GridPoint[], records: readonly RunRecord[]): string {
  const byKey = new Map(points.map((point) => [point.key, point]));
  const paramColumns = orderedKeys(points.map((point) => point.params), new Set(RUNNER_COLUMNS));
  const rowColumns = orderedKeys(records.map((record) => record.row), new Set([...RUNNER_COLUMNS, ...paramColumns]));
  const header = [...RUNNER_COLUMNS, ...paramColumns, ...rowColumns];
  const lines = [header.map(formatCell).join(",")];
  for (const record of records) {
    const params = byKey.get(record.point)?.params ?? {};
    const cells: Cell[] = [experimentId, record.point, record.rep, record.seed];
    for (const column of paramColumns) cells.push(params[column] ?? record.row[column]);
    for (const column of rowColumns) cells.push(record.row[column]);
    lines.push(cells.map(formatCell).join(","));
  }
  return lines.join("\n") + "\n";
}
