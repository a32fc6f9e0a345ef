/**
 * `shallowcheck reproduce EXPERIMENT` — a paper's experiment swept over its grid on every core,
 * resumable, shardable; `reproduce --list` — the registered experiments.
 */
import type { Command } from "commander";
import { InputError } from "../io/inputError.js";
import { availableParallelism } from "node:os";
import type { Experiment, Precision } from "../reproduce/experiment.js";
import { DEFAULT_EXPERIMENT_MODULE, loadExperiments } from "../reproduce/registry.js";
import { type Shard, parseShard } from "../reproduce/runList.js";
import { writeSummaryLatex } from "../reproduce/latex.js";
import { type SweepOutcome, defaultOutDirectory, runSweep } from "../reproduce/sweep.js";
import { parseIntegerOption } from "./parseOptions.js";

export interface ReproduceCommandOptions {
  list?: boolean;
  preset: string;
  reps?: string;
  workers?: string;
  out?: string;
  shard?: string;
  reuseFrom?: string;
  float32?: boolean;
  float64?: boolean;
  quiet?: boolean;
  latex?: boolean;
}

export const DEFAULT_PRESET = "quick";

/** Exit codes of an interrupted sweep: 128 + the signal number, as a shell reports it. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseIntegerOption(flag, text);
  if (value < 1) throw new InputError(`${flag}: must be a positive integer, got "${text}"`);
  return value;
}

function precisionOf(options: ReproduceCommandOptions): Precision | undefined {
  if (options.float32 && options.float64) throw new InputError("--float32, --float64: choose one");
  return options.float32 ? "float32" : options.float64 ? "float64" : undefined;
}

/** "3.2 h", "14 min", "40 s". */
function duration(seconds: number): string {
  if (seconds >= 5400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 90) return `${Math.round(seconds / 60)} min`;
  return `${Math.max(1, Math.round(seconds))} s`;
}

/** Runs per preset and, where a per-run cost was measured, the expected wall time (an estimate). */
function presetLines(experiment: Experiment, workers: number): string {
  return experiment.presets
    .map((preset) => {
      const options = { preset, precision: experiment.defaultPrecision };
      let runs: number;
      try {
        runs = experiment.grid(options).length * experiment.repetitions(options);
      } catch (error) {
        return `  ${preset}: its grid cannot be built (${(error as Error).message})\n`;
      }
      const cost = experiment.runCosts?.[preset];
      const estimate =
        cost === undefined
          ? "no measured run time"
          : `expected wall time ≈ ${duration(cost.secondsPerRun * runs)} with 1 worker, ≈ ${duration((cost.secondsPerRun * runs) / workers)} with ${workers} (an estimate: ${cost.secondsPerRun.toPrecision(3)} s per run × runs / workers; per-run time from ${cost.basis})`;
      return `  ${preset}: ${runs} runs; ${estimate}\n`;
    })
    .join("");
}

export async function listExperiments(moduleUrl: string = DEFAULT_EXPERIMENT_MODULE, workers: number = availableParallelism()): Promise<string> {
  const experiments = await loadExperiments(moduleUrl);
  if (experiments.length === 0) return "no experiments are registered yet\n";
  return experiments
    .map((e) => `${e.id}  ${e.title}\n  presets: ${e.presets.join(", ")}; default precision ${e.defaultPrecision}; ${e.reference.paper}, ${e.reference.figure} (${e.reference.source})\n${presetLines(e, workers)}`)
    .join("");
}

/**
 * The command behind `shallowcheck reproduce`, returning its exit code. `experimentModule` is
 * the internal hook tests use to run a test-only experiment module; the CLI never sets it.
 */
export async function reproduceCommand(id: string | undefined, options: ReproduceCommandOptions, context: { experimentModule?: string } = {}): Promise<number> {
  if (options.list) {
    process.stdout.write(await listExperiments(context.experimentModule, positive("--workers", options.workers)));
    return 0;
  }
  // Flags first, so a typo is reported before any experiment code is loaded.
  const reps = positive("--reps", options.reps);
  const workers = positive("--workers", options.workers);
  const precision = precisionOf(options);
  const shard: Shard | null = options.shard === undefined ? null : parseShard(options.shard);
  if (id === undefined) throw new InputError("reproduce: name an experiment (shallowcheck reproduce --list shows them)");
  const outcome = await runSweep(
    { experimentId: id, preset: options.preset, reps, precision, shard, workers, out: options.out, reuseFrom: options.reuseFrom, quiet: options.quiet === true },
    { experimentModule: context.experimentModule },
  );
  return report(id, options, shard, outcome);
}

function report(id: string, options: ReproduceCommandOptions, shard: Shard | null, outcome: SweepOutcome): number {
  const share = shard ? `shard ${shard.index}/${shard.count}: ` : "";
  if (outcome.status === "interrupted") {
    process.stderr.write(`reproduce ${id}: interrupted, ${share}${outcome.done} of ${outcome.total} runs recorded in ${outcome.out}; the same command resumes\n`);
    return SIGNAL_EXIT[outcome.signal ?? "SIGINT"] ?? 130;
  }
  if (outcome.status === "failed") {
    process.stderr.write(`shallowcheck: reproduce ${id}: ${outcome.message}\n`);
    process.stderr.write(`  ${outcome.done} of ${outcome.total} runs are recorded in ${outcome.out}; the same command resumes after a fix\n`);
    return 1;
  }
  process.stdout.write(`reproduce ${id}: ${share}${outcome.total} runs in ${outcome.out} (${outcome.computed} computed now, ${outcome.total - outcome.computed} from its log) in ${outcome.seconds.toFixed(1)} s\n`);
  for (const path of outcome.written) process.stdout.write(`  ${path}\n`);
  // A shard has no summary to tabulate: merge --latex writes it for the whole.
  if (options.latex && !shard) process.stdout.write(`  ${writeSummaryLatex(outcome.out)}\n`);
  if (shard) {
    const whole = options.out === undefined ? defaultOutDirectory(id, options.preset, null) : "DIR";
    const shards = options.out === undefined ? `${whole}/shard-*-of-${shard.count}` : "SHARD_DIRS...";
    process.stdout.write(`  when every shard is done: shallowcheck merge ${shards} --out ${whole}\n`);
  }
  return 0;
}

/** `context` is the tests' hook for a test-only experiment module; the CLI passes none. */
export function registerReproduce(program: Command, context: { experimentModule?: string } = {}): void {
  program
    .command("reproduce")
    .description("run a paper's experiment over its grid on every core (resumable; --shard for job arrays)")
    .argument("[experiment]", "experiment id, e.g. dana2025/exp1.0 (see --list)")
    .option("--list", "list the experiments with their presets")
    .option("--preset <name>", "grid and repetitions: quick, paper, or the experiment's own", DEFAULT_PRESET)
    .option("--reps <n>", "repetitions per grid point (default: the preset's)")
    .option("--workers <k>", "worker threads (default: every core)")
    .option("--out <dir>", "output directory (default: results/<paper>/<name>/<preset>[/shard-i-of-N])")
    .option("--reuse-from <dir>", "start a new --out from the finished runs of an older sweep directory of the same experiment, preset and precision (runs with the same point, repetition and seed); for a grid that grew")
    .option("--shard <i/N>", "run only shard i of N (1-based; a Slurm array 1-N passes $SLURM_ARRAY_TASK_ID/N)")
    .option("--float32", "compute in float32 (default: the precision the paper used)")
    .option("--float64", "compute in float64 (default: the precision the paper used)")
    .option("--quiet", "no progress on stderr")
    .option("--latex", "also write summary.tex: the summary's tables as LaTeX tabulars (booktabs)")
    .action(async (id: string | undefined, options: ReproduceCommandOptions) => {
      process.exitCode = await reproduceCommand(id, options, context);
    });
}
