/**
 * The Experiment contract (src/reproduce/experiment.ts) checked on one experiment, as a list of
 * problems (empty when it holds). The smoke preset, if present, is actually run: every run, in
 * process, twice for the first and last run, then summarize (also on the rows reversed) and
 * figures compiled to SVG without a vega or vega-lite warning, each with titled x and y axes; and
 * the first run once more in a worker thread, as `reproduce` runs it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Experiment, ExperimentOptions, Precision, Row } from "../../src/reproduce/experiment.js";
import { renderSvg } from "../../src/reproduce/render.js";
import { FILENAME_SAFE, planRuns, validateGrid } from "../../src/reproduce/runList.js";
import { checkRowColumns } from "../../src/reproduce/csv.js";
import { canonicalRow, runSweep } from "../../src/reproduce/sweep.js";
import { RUN_LOG_FILE, readRunLog } from "../../src/reproduce/runLog.js";

function attempt(problems: string[], what: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    problems.push(`${what}: ${(error as Error).message}`);
  }
}

/** The first path inside `value` holding something JSON would drop or change (a function, undefined, NaN, a class instance). */
function nonJsonPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const inner = nonJsonPath(item, `${path}[${index}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return path;
  for (const [key, item] of Object.entries(value)) {
    const inner = nonJsonPath(item, `${path}.${key}`);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export function staticProblems(experiment: Experiment): string[] {
  const problems: string[] = [];
  const parts = experiment.id.split("/");
  if (parts.length !== 2 || !parts.every((part) => FILENAME_SAFE.test(part))) problems.push(`id "${experiment.id}" is not paper/name with filename-safe parts`);
  for (const preset of ["quick", "paper"]) if (!experiment.presets.includes(preset)) problems.push(`presets lack "${preset}"`);
  if (new Set(experiment.presets).size !== experiment.presets.length) problems.push("presets repeat a name");
  if (!["float32", "float64"].includes(experiment.defaultPrecision)) problems.push(`defaultPrecision "${experiment.defaultPrecision}"`);
  for (const preset of experiment.presets) {
    for (const precision of ["float32", "float64"] as Precision[]) {
      const options: ExperimentOptions = { preset, precision };
      attempt(problems, `preset ${preset} (${precision})`, () => {
        const grid = experiment.grid(options);
        validateGrid(experiment, grid, experiment.repetitions(options));
        if (JSON.stringify(experiment.grid(options)) !== JSON.stringify(grid)) throw new Error("grid() differs between two calls");
        // The manifest stores protocol() as JSON and compares it on resume: it must survive the round trip and be stable.
        const protocol = experiment.protocol(options);
        const notJson = nonJsonPath(protocol, "protocol()");
        if (notJson !== undefined) throw new Error(`${notJson} is not plain JSON data (a finite number, string, boolean, null, array or plain object)`);
        if (JSON.stringify(experiment.protocol(options)) !== JSON.stringify(protocol)) throw new Error("protocol() differs between two calls");
        // The runner passes the resolved number back as options.reps; it must be honoured.
        const reps = experiment.repetitions({ ...options, reps: 3 });
        if (reps !== 3) throw new Error(`repetitions({reps: 3}) returned ${reps}`);
      });
    }
  }
  return problems;
}

/**
 * Where a vega-lite spec has an x or y encoding without a non-empty title, as paths like
 * "layer[1].encoding.y": at the top level and in every layer, facet or concat part. An untitled
 * axis shows the raw field name (or merges it into a shared axis's title), never its unit.
 */
export function untitledAxes(spec: Record<string, unknown>, path = ""): string[] {
  const found: string[] = [];
  const encoding = spec.encoding as Record<string, Record<string, unknown> | undefined> | undefined;
  for (const channel of ["x", "y"]) {
    const title = encoding?.[channel]?.title;
    if (encoding?.[channel] !== undefined && !(typeof title === "string" ? title.trim() !== "" : Array.isArray(title) && title.join("").trim() !== "")) found.push(`${path}encoding.${channel}`);
  }
  for (const key of ["layer", "concat", "hconcat", "vconcat"]) {
    const parts = spec[key];
    if (Array.isArray(parts)) parts.forEach((part, i) => found.push(...untitledAxes(part as Record<string, unknown>, `${path}${key}[${i}].`)));
  }
  if (typeof spec.spec === "object" && spec.spec !== null) found.push(...untitledAxes(spec.spec as Record<string, unknown>, `${path}spec.`));
  return found;
}

export async function smokeProblems(experiment: Experiment): Promise<string[]> {
  const problems: string[] = [];
  const reps = experiment.repetitions({ preset: "smoke", precision: experiment.defaultPrecision });
  const options: ExperimentOptions = { preset: "smoke", reps, precision: experiment.defaultPrecision };
  const plan = planRuns(experiment, options);
  const rows: Row[] = [];
  for (const run of plan.runs) {
    try {
      const row = canonicalRow(await experiment.run({ point: run.point, rep: run.rep, seed: run.seed }, options));
      const problem = checkRowColumns(row, run.point);
      if (problem) problems.push(`run ${run.seed}: ${problem}`);
      rows.push({ ...row, point: run.point.key, rep: run.rep });
    } catch (error) {
      problems.push(`run ${run.seed} threw: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) return problems;
  for (const run of new Set([plan.runs[0], plan.runs.at(-1)!])) {
    const again = canonicalRow(await experiment.run({ point: run.point, rep: run.rep, seed: run.seed }, options));
    const first = rows.find((row) => row.point === run.point.key && row.rep === run.rep);
    const { point: _point, rep: _rep, ...firstRow } = first ?? {};
    if (JSON.stringify(again) !== JSON.stringify(firstRow)) problems.push(`run ${run.seed} is not deterministic: ${JSON.stringify(firstRow)} then ${JSON.stringify(again)}`);
  }
  if (problems.length > 0) return problems;
  const summary = experiment.summarize(rows, options);
  if (JSON.stringify(experiment.summarize([...rows].reverse(), options)) !== JSON.stringify(summary)) problems.push("summarize depends on the order of the rows");
  const figures = experiment.figures(summary, options);
  const names = new Set<string>();
  for (const figure of figures) {
    if (!FILENAME_SAFE.test(figure.name) || names.has(figure.name)) problems.push(`figure name "${figure.name}" is not filename-safe or repeats`);
    names.add(figure.name);
    for (const where of untitledAxes(figure.vegaLite)) problems.push(`figure ${figure.name}: ${where} has no title (say what is plotted and its unit)`);
    try {
      const { svg, warnings } = await renderSvg(figure.vegaLite);
      if (!svg.startsWith("<svg")) problems.push(`figure ${figure.name} did not render to SVG`);
      for (const warning of warnings) problems.push(`figure ${figure.name}: vega warned: ${warning}`);
    } catch (error) {
      problems.push(`figure ${figure.name} does not render: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * The first smoke run executed the way `reproduce` executes it — in a worker thread that loads
 * the experiment module from dist/ — gives the row the same run gives in process. (`--shard 1/R`
 * with R the number of runs selects exactly that run.)
 */
export async function workerProblems(experiment: Experiment, experimentModule?: string): Promise<string[]> {
  const options: ExperimentOptions = { preset: "smoke", precision: experiment.defaultPrecision };
  options.reps = experiment.repetitions(options);
  const plan = planRuns(experiment, options);
  const out = mkdtempSync(join(tmpdir(), "shallowcheck-contract-"));
  const outcome = await runSweep(
    { experimentId: experiment.id, preset: "smoke", shard: { index: 1, count: plan.runs.length }, out, quiet: true, workers: 1 },
    { experimentModule },
  );
  if (outcome.status !== "complete") return [`the worker run did not complete: ${outcome.message ?? outcome.status}`];
  const [record] = readRunLog(join(out, RUN_LOG_FILE)).records;
  const first = plan.runs[0];
  const inProcess = canonicalRow(await experiment.run({ point: first.point, rep: first.rep, seed: first.seed }, options));
  return JSON.stringify(record.row) === JSON.stringify(inProcess) ? [] : [`run ${first.seed} in a worker gave ${JSON.stringify(record.row)}, in process ${JSON.stringify(inProcess)}`];
}
