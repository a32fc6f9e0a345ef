/**
 * `reproduce --reuse-from DIR`: start a new sweep directory with the finished runs of an older
 * one, so a grid that grew (a preset extended, a grid corrected) recomputes only its new runs.
 *
 * A run is reused only if the new sweep plans the same run (point and repetition) under the same
 * seed, from a directory of the same experiment, preset and precision, and its row fits the
 * experiment's columns: a run is a function of its seed and its grid point, so such a row is the
 * row the new sweep would compute with the same code. Runs the old directory does not trust
 * (checksums) are not reused.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { checkRowColumns } from "./csv.js";
import { type Manifest, readManifest } from "./manifest.js";
import { type Plan, type Shard, inShard, runKey } from "./runList.js";
import { RUN_LOG_FILE, readRunLog, serializeRunLog } from "./runLog.js";

const MATCHED: readonly (keyof Manifest)[] = ["experiment", "preset", "precision"];

/** Refuses a `from` that is not a sweep of the same experiment, preset and precision (before `out` is made). */
export function checkReuseSource(from: string, wanted: Manifest): void {
  const found = readManifest(from);
  if (found === undefined) throw new InputError(`--reuse-from: ${from} has no manifest.json, so it is not a sweep directory`);
  for (const field of MATCHED) {
    if (found[field] !== wanted[field]) throw new InputError(`--reuse-from: ${from} holds ${field} ${JSON.stringify(found[field])}, this command asks for ${JSON.stringify(wanted[field])}`);
  }
}

/** Writes `out`'s runs.jsonl from the reusable runs of `from` (checked first); returns how many were reused. */
export function reuseRuns(from: string, out: string, plan: Plan, shard: Shard | null): number {
  const runs = new Map(plan.runs.filter((run) => inShard(run, shard)).map((run) => [runKey(run.point.key, run.rep), run]));
  const reused = readRunLog(join(from, RUN_LOG_FILE)).records.filter((record) => {
    const run = runs.get(runKey(record.point, record.rep));
    return run !== undefined && run.seed === record.seed && checkRowColumns(record.row, run.point) === undefined;
  });
  writeFileAtomic(join(out, RUN_LOG_FILE), serializeRunLog(reused));
  return reused.length;
}
