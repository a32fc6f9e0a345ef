/**
 * One `shallowcheck reproduce` sweep: plan the runs, skip those the directory's run log already
 * holds, run the rest on a worker pool appending each row durably as it arrives, then rebuild
 * results.csv (and, for a whole sweep, summary.json and the figures).
 *
 * Ctrl-C (SIGINT) or SIGTERM (what Slurm sends at a time limit) stops dispatching and aborts
 * the runs in flight; every finished run is already on disk, so the same command resumes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { VERSION } from "../version.js";
import { checkRowColumns } from "./csv.js";
import type { Experiment, ExperimentOptions, Precision, Row } from "./experiment.js";
import { type Manifest, checkManifestAgrees, checkOutDirectory, readManifest, writeManifest } from "./manifest.js";
import { recordsInRunOrder, writeCsv, writeSummaryAndFigures } from "./outputs.js";
import { runPool } from "./pool.js";
import { checkReuseSource, reuseRuns } from "./reuse.js";
import { sweepProgress } from "./progress.js";
import { DEFAULT_EXPERIMENT_MODULE, loadExperiments, selectExperiment } from "./registry.js";
import { type Plan, type Shard, formatShard, inShard, planRuns, runKey } from "./runList.js";
import { RUN_LOG_FILE, RunLogWriter, type RunRecord, type UntrustedLine, deduplicate, readRunLog, serializeRunLog } from "./runLog.js";

export interface SweepSettings {
  experimentId: string;
  preset: string;
  /** Repetitions per point; undefined: the preset's own. */
  reps?: number;
  /** undefined: the experiment's default precision. */
  precision?: Precision;
  shard: Shard | null;
  /** Worker threads; undefined: os.availableParallelism(). */
  workers?: number;
  /** Output directory; undefined: results/<paper>/<name>/<preset>[/shard-i-of-N]. */
  out?: string;
  /** A sweep directory whose runs this new one starts from (reuse.ts); only with a new `out`. */
  reuseFrom?: string;
  quiet: boolean;
}

export interface SweepContext {
  /** Module whose EXPERIMENTS export lists the experiments (tests pass a test-only module). */
  experimentModule?: string;
  /** Whether stderr is a terminal (a progress bar); defaults to process.stderr.isTTY. */
  tty?: boolean;
}

export interface SweepOutcome {
  status: "complete" | "interrupted" | "failed";
  /** The signal that interrupted the sweep, for the exit code (130 for SIGINT, 143 for SIGTERM). */
  signal?: NodeJS.Signals;
  out: string;
  /** Runs of this directory's share (the shard, or the whole sweep) now recorded, and their number. */
  done: number;
  total: number;
  /** Runs computed by this invocation (the rest were already in the log). */
  computed: number;
  written: string[];
  message?: string;
  /** Wall time of this invocation. */
  seconds: number;
}

export function defaultOutDirectory(experimentId: string, preset: string, shard: Shard | null): string {
  const base = join("results", ...experimentId.split("/"), preset);
  return shard === null ? base : join(base, `shard-${shard.index}-of-${shard.count}`);
}

/** Runs a sweep may plan: the run list (~300 bytes a run) and its log stay within a few hundred MB. */
export const MAX_PLANNED_RUNS = 1_000_000;

export interface ResolvedSweep {
  experiment: Experiment;
  options: ExperimentOptions;
  plan: Plan;
}

/** The experiment and its options with every default filled in, so manifests compare like with like. */
export function resolveSweep(experiment: Experiment, preset: string, reps: number | undefined, precision: Precision | undefined): ResolvedSweep {
  if (!experiment.presets.includes(preset)) {
    throw new InputError(`--preset: experiment ${experiment.id} has no preset "${preset}" (expected one of ${experiment.presets.join(", ")})`);
  }
  const chosenPrecision = precision ?? experiment.defaultPrecision;
  const supported = experiment.precisions ?? ["float32", "float64"];
  if (!supported.includes(chosenPrecision)) {
    throw new InputError(`--${chosenPrecision}: experiment ${experiment.id} runs in ${supported.join(" or ")} only`);
  }
  const resolvedReps = experiment.repetitions({ preset, reps, precision: chosenPrecision });
  const options: ExperimentOptions = { preset, reps: resolvedReps, precision: chosenPrecision };
  const planned = experiment.grid(options).length * resolvedReps;
  if (planned > MAX_PLANNED_RUNS) {
    throw new InputError(`--reps: ${resolvedReps} repetitions give ${planned} runs, more than the ${MAX_PLANNED_RUNS} a sweep plans in memory`);
  }
  return { experiment, options, plan: planRuns(experiment, options) };
}

export function manifestFor(resolved: ResolvedSweep, shard: Shard | null): Manifest {
  return {
    tool: "shallowcheck",
    version: VERSION,
    experiment: resolved.experiment.id,
    preset: resolved.options.preset,
    reps: resolved.options.reps!,
    precision: resolved.options.precision,
    shard: formatShard(shard),
    runs: resolved.plan.runs.length,
    shardRuns: resolved.plan.runs.filter((run) => inShard(run, shard)).length,
    seeds: createHash("sha256").update(resolved.plan.runs.map((run) => run.seed).join("\n")).digest("hex"),
    protocol: JSON.parse(JSON.stringify(resolved.experiment.protocol(resolved.options))) as Record<string, unknown>,
  };
}

/** Canonical form of a row: what JSON keeps (NaN and ±Infinity become null), checked flat. */
export function canonicalRow(row: Row): Row {
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error(`run returned ${JSON.stringify(row)}, expected an object`);
  const canonical = JSON.parse(JSON.stringify(row)) as Row;
  for (const [key, value] of Object.entries(canonical)) {
    if (value !== null && typeof value === "object") throw new Error(`row field "${key}" is not a scalar (CSV cells are numbers, strings, booleans or null)`);
  }
  return canonical;
}

export interface LoadedRecords {
  records: Map<string, RunRecord>;
  validBytes: number;
  tornTail: boolean;
  /** Lines not trusted (checksum, not a record, a row that does not fit its run): their runs are redone. */
  untrusted: UntrustedLine[];
}

/** Loads the trusted records of a directory's log that belong to `resolved` (and its shard). */
export function loadRecords(directory: string, resolved: ResolvedSweep, shard: Shard | null): LoadedRecords {
  const path = join(directory, RUN_LOG_FILE);
  const log = readRunLog(path);
  const wanted = new Map(resolved.plan.runs.filter((run) => inShard(run, shard)).map((run) => [runKey(run.point.key, run.rep), run]));
  const untrusted = [...log.untrusted];
  const fitting = log.records.filter((record, index) => {
    const run = wanted.get(runKey(record.point, record.rep));
    if (!run || run.seed !== record.seed) throw new InputError(`${path}: point ${record.point} rep ${record.rep} is not a run of this sweep`);
    const problem = checkRowColumns(record.row, run.point);
    if (problem !== undefined) untrusted.push({ line: log.lines[index], reason: `its row does not fit the experiment (${problem})`, point: record.point, rep: record.rep });
    return problem === undefined;
  });
  return { records: deduplicate(fitting, path), validBytes: log.validBytes, tornTail: log.tornTail, untrusted };
}

/** One stderr line per untrusted log line (the first few), so a recomputation is never silent. */
export function reportUntrusted(path: string, untrusted: readonly UntrustedLine[], action: string): void {
  const shown = untrusted.slice(0, 5);
  for (const u of shown) {
    const run = u.point !== undefined ? ` (point ${u.point} rep ${u.rep})` : "";
    process.stderr.write(`${path}: line ${u.line}${run} ${u.reason}; ${action}\n`);
  }
  if (untrusted.length > shown.length) process.stderr.write(`${path}: ${untrusted.length - shown.length} more untrusted lines; ${action}\n`);
}

export async function runSweep(settings: SweepSettings, context: SweepContext = {}): Promise<SweepOutcome> {
  const startedAt = performance.now();
  const moduleUrl = context.experimentModule ?? DEFAULT_EXPERIMENT_MODULE;
  const experiment = selectExperiment(await loadExperiments(moduleUrl), settings.experimentId);
  const resolved = resolveSweep(experiment, settings.preset, settings.reps, settings.precision);
  const shard = settings.shard;
  const out = settings.out ?? defaultOutDirectory(experiment.id, settings.preset, shard);

  checkOutDirectory(out);
  const wanted = manifestFor(resolved, shard);
  const found = readManifest(out);
  if (found) checkManifestAgrees(found, wanted, join(out, "manifest.json"));
  else if (existsSync(join(out, RUN_LOG_FILE))) throw new InputError(`${out}: has ${RUN_LOG_FILE} but no manifest.json; use another --out`);
  if (found && settings.reuseFrom !== undefined) throw new InputError(`--reuse-from: ${out} is already a sweep directory; reuse starts a new one (choose a new --out)`);
  if (settings.reuseFrom !== undefined) checkReuseSource(settings.reuseFrom, wanted);
  mkdirSync(out, { recursive: true });
  if (!found) writeManifest(out, wanted);
  if (!found && settings.reuseFrom !== undefined) {
    const reused = reuseRuns(settings.reuseFrom, out, resolved.plan, shard);
    if (!settings.quiet) process.stderr.write(`reproduce ${experiment.id}: reused ${reused} finished runs of ${settings.reuseFrom} (same points, repetitions and seeds)\n`);
  }

  const loaded = loadRecords(out, resolved, shard);
  const { records, tornTail } = loaded;
  let validBytes = loaded.validBytes;
  if (loaded.untrusted.length > 0) {
    reportUntrusted(join(out, RUN_LOG_FILE), loaded.untrusted, "not trusted, the run is recomputed");
    // Keep only trusted lines, so the log never holds two versions of a run.
    const trusted = serializeRunLog([...records.values()]);
    writeFileAtomic(join(out, RUN_LOG_FILE), trusted);
    validBytes = Buffer.byteLength(trusted, "utf8");
  }
  const mine = resolved.plan.runs.filter((run) => inShard(run, shard));
  const pending = mine.filter((run) => !records.has(runKey(run.point.key, run.rep)));
  const total = mine.length;
  const label = `reproduce ${experiment.id}${shard ? ` shard ${formatShard(shard)}` : ""}`;
  const tty = context.tty ?? process.stderr.isTTY === true;
  if (!settings.quiet && !tty) {
    const resumed = records.size > 0 ? `, ${records.size} already done${tornTail ? " (a torn last log line was discarded)" : ""}` : "";
    process.stderr.write(`${label}: ${pending.length} of ${total} runs to do${resumed}; out ${out}\n`);
  }

  const log = new RunLogWriter(out, validBytes);
  const progress = sweepProgress(label, records.size, total, { quiet: settings.quiet, tty });
  const abort = new AbortController();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    signal ??= name;
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let computed = 0;
  const pool = await runPool(
    pending,
    { moduleUrl, experimentId: experiment.id, options: resolved.options, workers: settings.workers ?? availableParallelism() },
    {
      onStart: (run) => progress.started(run.point.key, run.rep),
      onDone: (run, row, ms) => {
        const canonical = canonicalRow(row);
        const problem = checkRowColumns(canonical, run.point);
        if (problem) throw new Error(problem);
        const record: RunRecord = { point: run.point.key, rep: run.rep, seed: run.seed, row: canonical, ms: Math.round(ms * 1000) / 1000 };
        log.append(record);
        records.set(runKey(run.point.key, run.rep), record);
        computed++;
        progress.finished(records.size);
      },
    },
    abort.signal,
  ).finally(() => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    progress.stop();
    log.close();
  });

  const base = { out, done: records.size, total, computed, written: [] as string[], seconds: (performance.now() - startedAt) / 1000 };
  if (pool.status === "interrupted") return { ...base, status: "interrupted", signal };
  if (pool.status === "failed") return { ...base, status: "failed", message: pool.message };
  const ordered = recordsInRunOrder(mine, records);
  const written = [writeCsv(out, experiment.id, resolved.plan.points, ordered)];
  // A shard's rows are a sample of the sweep; its summary and figures would mislead, so only merge writes them.
  if (shard === null) written.push(...(await writeSummaryAndFigures(out, experiment, resolved.options, ordered)));
  return { ...base, status: "complete", written, seconds: (performance.now() - startedAt) / 1000 };
}
