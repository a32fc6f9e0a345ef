/**
 * What a sweep directory shows a reader, rebuilt from the run log: results.csv always;
 * summary.json and figures/ (vega-lite spec, SVG, PNG per figure) once the whole sweep is in.
 * Every file is written atomically, so an interrupted rewrite leaves the previous version.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { VERSION } from "../version.js";
import { resultsCsv } from "./csv.js";
import type { Experiment, ExperimentOptions, GridPoint, Row } from "./experiment.js";
import { renderFigure } from "./render.js";
import { FILENAME_SAFE, type PlannedRun, runKey } from "./runList.js";
import type { RunRecord } from "./runLog.js";

export const CSV_FILE = "results.csv";
export const SUMMARY_FILE = "summary.json";
export const FIGURES_DIRECTORY = "figures";

/** The records of `runs` that are present, in run order. */
export function recordsInRunOrder(runs: readonly PlannedRun[], records: ReadonlyMap<string, RunRecord>): RunRecord[] {
  const ordered: RunRecord[] = [];
  for (const run of runs) {
    const record = records.get(runKey(run.point.key, run.rep));
    if (record) ordered.push(record);
  }
  return ordered;
}

/** The rows `summarize` sees: the experiment's fields plus the runner's `point` and `rep`. */
export function rowsForSummary(records: readonly RunRecord[]): Row[] {
  return records.map((record) => ({ ...record.row, point: record.point, rep: record.rep }));
}

export function writeCsv(directory: string, experimentId: string, points: readonly GridPoint[], records: readonly RunRecord[]): string {
  const path = join(directory, CSV_FILE);
  writeFileAtomic(path, resultsCsv(experimentId, points, records));
  return path;
}

/**
 * summary.json and the figures of a complete sweep. Nothing here depends on how the runs were
 * scheduled (no times, no shard), so a merge of shards writes the same bytes as one run.
 */
export async function writeSummaryAndFigures(directory: string, experiment: Experiment, options: ExperimentOptions, records: readonly RunRecord[]): Promise<string[]> {
  const summary = experiment.summarize(rowsForSummary(records), options);
  const document = {
    experiment: experiment.id,
    title: experiment.title,
    reference: experiment.reference,
    preset: options.preset,
    reps: options.reps,
    precision: options.precision,
    runs: records.length,
    tool: `shallowcheck ${VERSION}`,
    summary,
  };
  const written = [join(directory, SUMMARY_FILE)];
  writeFileAtomic(written[0], JSON.stringify(document, null, 2) + "\n");
  const names = new Set<string>();
  for (const figure of experiment.figures(summary, options)) {
    if (!FILENAME_SAFE.test(figure.name) || names.has(figure.name)) {
      throw new Error(`experiment ${experiment.id}: figure name "${figure.name}" is not filename-safe or not unique`);
    }
    names.add(figure.name);
    const stem = join(directory, FIGURES_DIRECTORY, figure.name);
    const { svg, png, warnings } = await renderFigure(figure.vegaLite);
    // A warning means a broken figure (the contract tests fail on any); the files still get written.
    for (const warning of warnings) process.stderr.write(`${experiment.id}: figure ${figure.name}: vega: ${warning}\n`);
    writeFileAtomic(`${stem}.vl.json`, JSON.stringify(figure.vegaLite, null, 2) + "\n");
    writeFileAtomic(`${stem}.svg`, svg);
    writeFileAtomic(`${stem}.png`, png);
    written.push(`${stem}.vl.json`, `${stem}.svg`, `${stem}.png`);
  }
  return written;
}
