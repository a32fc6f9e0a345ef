/**
 * The whole dana2025 Exp 1.0 paper preset against its numpy baseline, in the same bench run
 * (issue 19's third target: `reproduce dana2025/exp1.0 --preset paper --workers 2` at most 0.8× the
 * wall time of scripts/baselines/dana2025_exp1_numpy.py with 2 processes).
 *
 * Whole processes, timed from outside (wall seconds from spawn to exit, everything a user waits
 * for: start-up, data, GD, summary, figures for shallowcheck; its pool for numpy), in rounds that
 * alternate numpy and shallowcheck so a burst of load hits both; each side keeps its best round.
 * numpy runs at its best: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed for its process, one BLAS
 * thread per worker (the script prints its OpenBLAS core). shallowcheck writes into a fresh
 * temporary directory each round, so nothing is resumed.
 *
 * The full preset (80 repetitions, ≈ 5 + 6 minutes a round) is too long for every bench run, so
 * the row runs SHALLOWCHECK_BENCH_EXP1_REPS repetitions per n (default 2: the same 17 n, 34 runs);
 * set it to 80 for the target's own measurement. Fixed costs (process start-up, figures) weigh
 * more at 2 than at 80.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root, from bench/ (sources) or dist/bench/ (compiled). */
const ROOT = [resolve(HERE, ".."), resolve(HERE, "..", "..")].find((dir) => existsSync(join(dir, "scripts/baselines/dana2025_exp1_numpy.py")));
const WORKERS = 2;
const ROUNDS = 2;

export interface ExperimentPeerFigures {
  reps: number;
  /** Best wall seconds over the rounds; undefined when that side could not run. */
  ours: number | undefined;
  numpy: number | undefined;
  numpyLine: string | undefined;
  /** The OpenBLAS overrides this machine set and the bench removed from numpy's environment. */
  removed: string[];
}

function repsSetting(): number {
  const text = process.env.SHALLOWCHECK_BENCH_EXP1_REPS ?? "2";
  const reps = Number(text);
  if (!Number.isInteger(reps) || reps < 1) {
    process.stderr.write(`SHALLOWCHECK_BENCH_EXP1_REPS: expected a positive integer, got "${text}"\n`);
    process.exit(2);
  }
  return reps;
}

function wallSeconds(command: string, args: string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } | undefined {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: "utf8", env, timeout: 3_600_000 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    process.stderr.write(`${command} ${args.join(" ")}: ${result.error?.message ?? result.stderr.trim().split("\n").at(-1)}\n`);
    return undefined;
  }
  return { seconds, stdout: result.stdout };
}

const best = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

export function measureExperimentPeer(): ExperimentPeerFigures {
  const reps = repsSetting();
  const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2size, ...numpyEnv } = process.env;
  const removed = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"].filter((name) => process.env[name] !== undefined);
  const figures: ExperimentPeerFigures = { reps, ours: undefined, numpy: undefined, numpyLine: undefined, removed };
  if (ROOT === undefined) return figures;
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`exp1.0 round ${round + 1}/${ROUNDS}: numpy, ${reps} repetitions …\n`);
    const numpy = wallSeconds("python3", [join(ROOT, "scripts/baselines/dana2025_exp1_numpy.py"), "--reps", String(reps), "--workers", String(WORKERS)], numpyEnv);
    figures.numpy = best(figures.numpy, numpy?.seconds);
    figures.numpyLine ??= numpy?.stdout.trim().split("\n")[0];
    process.stderr.write(`exp1.0 round ${round + 1}/${ROUNDS}: shallowcheck, ${reps} repetitions …\n`);
    const out = mkdtempSync(join(tmpdir(), "shallowcheck-bench-exp1-"));
    try {
      const ours = wallSeconds(process.execPath, [join(ROOT, "bin/shallowcheck.js"), "reproduce", "dana2025/exp1.0", "--preset", "paper", "--reps", String(reps), "--workers", String(WORKERS), "--quiet", "--out", join(out, "run")], process.env);
      figures.ours = best(figures.ours, ours?.seconds);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return figures;
}

export function printExperimentPeer({ reps, ours, numpy, numpyLine, removed }: ExperimentPeerFigures): void {
  const seconds = (s: number | undefined) => (s === undefined ? "—" : `${s.toFixed(1)} s`);
  console.log("");
  console.log(`dana2025 Exp 1.0 paper preset, ${reps} repetitions per n (17 n), ${WORKERS} workers / processes; wall seconds, best of ${ROUNDS} alternating rounds`);
  console.log(`  numpy: ${numpyLine ?? "unavailable"} (the script's own line; the bench removed ${removed.length === 0 ? "no override: none was set" : removed.join(" and ")} from its environment before it started)`);
  console.log(`  shallowcheck ${seconds(ours)}   numpy ${seconds(numpy)}   ratio ${ours !== undefined && numpy !== undefined ? `${(ours / numpy).toFixed(2)}×` : "—"} (target ≤ 0.8× at 80 repetitions: SHALLOWCHECK_BENCH_EXP1_REPS=80)`);
}
