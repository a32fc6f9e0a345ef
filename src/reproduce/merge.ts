/**
 * `shallowcheck merge`: the run logs of several sweep directories (typically the shards of one
 * Slurm job array) combined into one directory that looks exactly like a single run's: the same
 * runs.jsonl records, results.csv, summary.json and figures.
 *
 * The manifests must agree on everything but the shard; a run found in two directories must
 * carry the same row. The output directory is itself a sweep directory, so if runs are missing,
 * `shallowcheck reproduce` with the same options and `--out` computes just those.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { type Manifest, checkManifestAgrees, checkOutDirectory, readManifest, writeManifest } from "./manifest.js";
import { recordsInRunOrder, writeCsv, writeSummaryAndFigures } from "./outputs.js";
import { DEFAULT_EXPERIMENT_MODULE, loadExperiments, selectExperiment } from "./registry.js";
import { type Shard, inShard, parseShard, runKey } from "./runList.js";
import { RUN_LOG_FILE, type RunRecord, differingColumn, serializeRunLog } from "./runLog.js";
import { loadRecords, manifestFor, reportUntrusted, resolveSweep } from "./sweep.js";

export interface MergeOutcome {
  status: "complete" | "incomplete";
  out: string;
  done: number;
  total: number;
  /** Up to a few missing runs, as "point rep r", for the message. */
  missing: string[];
  written: string[];
}

export async function mergeSweeps(directories: readonly string[], out: string, context: { experimentModule?: string } = {}): Promise<MergeOutcome> {
  if (directories.length === 0) throw new InputError("merge: give at least one sweep directory");
  const manifests: { directory: string; manifest: Manifest }[] = [];
  for (const directory of directories) {
    const manifest = readManifest(directory);
    if (!manifest) throw new InputError(`${directory}: no manifest.json (not a reproduce output directory)`);
    manifests.push({ directory, manifest });
  }
  const first = manifests[0].manifest;
  const experiment = selectExperiment(await loadExperiments(context.experimentModule ?? DEFAULT_EXPERIMENT_MODULE), first.experiment);
  const resolved = resolveSweep(experiment, first.preset, first.reps, first.precision);
  const whole = manifestFor(resolved, null);
  for (const { directory, manifest } of manifests) checkManifestAgrees(manifest, whole, join(directory, "manifest.json"), ["shard", "shardRuns"]);
  checkOutDirectory(out);
  // The output directory may already hold a merge (or a run) of the same sweep; its rows count too.
  const existing = readManifest(out);
  if (existing) checkManifestAgrees(existing, whole, join(out, "manifest.json"));
  else if (existsSync(join(out, RUN_LOG_FILE))) throw new InputError(`${out}: has ${RUN_LOG_FILE} but no manifest.json; use another --out`);

  const merged = new Map<string, { record: RunRecord; from: string }>();
  const sources = existing && !directories.some((directory) => resolve(directory) === resolve(out)) ? [...manifests, { directory: out, manifest: existing }] : manifests;
  for (const { directory, manifest } of sources) {
    const shard: Shard | null = manifest.shard === null ? null : parseShard(manifest.shard);
    const { records, untrusted, tornTail } = loadRecords(directory, resolved, shard);
    reportUntrusted(join(directory, RUN_LOG_FILE), untrusted, "not trusted, left out of the merge (the run counts as missing)");
    // A crash tears only the last line, so an untrusted last line is read as torn; say so, as for any other.
    if (tornTail) process.stderr.write(`${join(directory, RUN_LOG_FILE)}: its last line is torn or fails its checksum; left out of the merge (the run counts as missing)\n`);
    for (const [key, record] of records) {
      const previous = merged.get(key);
      if (!previous) merged.set(key, { record, from: directory });
      else if (JSON.stringify(previous.record.row) !== JSON.stringify(record.row)) {
        throw new InputError(
          `merge: point ${record.point} rep ${record.rep} differs between ${previous.from} and ${directory} (${differingColumn(previous.record.row, record.row)})`,
        );
      }
    }
  }

  const runs = resolved.plan.runs.filter((run) => inShard(run, null));
  const records = new Map([...merged].map(([key, value]) => [key, value.record]));
  const ordered = recordsInRunOrder(runs, records);
  const missingRuns = runs.filter((run) => !records.has(runKey(run.point.key, run.rep)));
  writeManifest(out, whole);
  writeFileAtomic(join(out, RUN_LOG_FILE), serializeRunLog(ordered));
  const written = [join(out, "manifest.json"), join(out, RUN_LOG_FILE), writeCsv(out, experiment.id, resolved.plan.points, ordered)];
  const base = { out, done: ordered.length, total: runs.length, missing: missingRuns.slice(0, 3).map((run) => `${run.point.key} rep ${run.rep}`) };
  if (missingRuns.length > 0) return { ...base, status: "incomplete", written };
  written.push(...(await writeSummaryAndFigures(out, experiment, resolved.options, ordered)));
  return { ...base, status: "complete", written };
}
