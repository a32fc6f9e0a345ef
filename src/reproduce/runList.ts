/**
 * The ordered list of runs of a sweep — every (grid point, repetition) pair, point-major — with
 * each run's named seed, and the deterministic 1/N of it that `--shard i/N` takes.
 *
 * Everything here depends only on the experiment and its options, so every shard, every resume
 * and `merge` see the same list in the same order.
 */
import { InputError } from "../io/inputError.js";
import type { Experiment, ExperimentOptions, GridPoint, RunSpec } from "./experiment.js";

/** A run with its position in the whole sweep's ordered list (0-based). */
export interface PlannedRun extends RunSpec {
  index: number;
}

export interface Plan {
  points: GridPoint[];
  repetitions: number;
  runs: PlannedRun[];
}

/** `--shard i/N`: i is 1-based, 1 ≤ i ≤ N. */
export interface Shard {
  index: number;
  count: number;
}

/** Grid keys and figure names become file names and CSV cells: letters, digits and `._=,+-` only. */
export const FILENAME_SAFE = /^[A-Za-z0-9._=,+-]+$/;

export function seedName(experimentId: string, preset: string, pointKey: string, rep: number): string {
  return `${experimentId}/${preset}/${pointKey}/rep${rep}`;
}

/** The identity of a run inside a sweep, used to detect duplicates and missing runs. */
export function runKey(pointKey: string, rep: number): string {
  return `${pointKey}#${rep}`;
}

/**
 * Checks the parts of the contract the runner relies on. A violation is a bug in the experiment,
 * not bad user input, so it is a plain Error.
 */
export function validateGrid(experiment: Experiment, points: readonly GridPoint[], repetitions: number): void {
  if (!Number.isSafeInteger(repetitions) || repetitions < 1) {
    throw new Error(`experiment ${experiment.id}: repetitions() returned ${repetitions}, expected a positive integer`);
  }
  if (points.length === 0) throw new Error(`experiment ${experiment.id}: grid() returned no points`);
  const seen = new Set<string>();
  for (const point of points) {
    if (!FILENAME_SAFE.test(point.key)) throw new Error(`experiment ${experiment.id}: grid key "${point.key}" is not filename-safe (${FILENAME_SAFE})`);
    if (seen.has(point.key)) throw new Error(`experiment ${experiment.id}: grid key "${point.key}" appears twice`);
    seen.add(point.key);
  }
}

export function planRuns(experiment: Experiment, options: ExperimentOptions): Plan {
  const points = experiment.grid(options);
  const repetitions = experiment.repetitions(options);
  validateGrid(experiment, points, repetitions);
  const runs: PlannedRun[] = [];
  for (const point of points) {
    for (let rep = 0; rep < repetitions; rep++) {
      runs.push({ index: runs.length, point, rep, seed: seedName(experiment.id, options.preset, point.key, rep) });
    }
  }
  return { points, repetitions, runs };
}

/** Round-robin over the ordered list: shard i takes runs i−1, i−1+N, …, so shards are balanced across points. */
export function inShard(run: PlannedRun, shard: Shard | null): boolean {
  return shard === null || run.index % shard.count === shard.index - 1;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard: expected i/N with 1 ≤ i ≤ N (1-based; Slurm's 0-based task id t is shard t+1), got "${text}"`);
  }
  return { index, count };
}

export function formatShard(shard: Shard | null): string | null {
  return shard === null ? null : `${shard.index}/${shard.count}`;
}
