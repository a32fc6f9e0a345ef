/**
 * A paper's experiment as data, for `shallowcheck reproduce`: a grid of points, repetitions per
 * point, one deterministic run per (point, repetition), a summary over all rows, and figures.
 *
 * The runner (src/reproduce/) owns everything around a run: naming its seed, the worker pool,
 * appending rows as runs finish, resuming, `--shard i/N`, `merge`, progress and rendering the
 * figures to SVG and PNG. An experiment owns only its protocol, so a new one is one file under
 * `experiments/<paper>/` plus a line in `experiments/index.ts`.
 *
 * Contract every experiment keeps (tests in test/reproduce check it for each registered one):
 * - `run` is a pure function of (point, repetition, seed, options): same inputs, same row, on any
 *   machine and in any worker. It must not read the clock or Math.random; it draws only from
 *   `seedrandom(spec.seed)`-derived streams.
 * - `grid` and `repetitions` depend only on the options, so every shard of a sweep sees the same
 *   list of runs and `merge` can rebuild the whole.
 * - `summarize` depends only on the set of rows, not on their order (shards finish in any order).
 */

/** The float format of the fast path a run computes in. */
export type Precision = "float32" | "float64";

/** One CSV row: flat, JSON-able scalars. The runner adds `experiment`, `point`, `rep`, `seed`. */
export type Row = Record<string, number | string | boolean | null>;

export type ParameterValue = number | string | boolean;

export interface GridPoint {
  /** Stable, filename-safe key, unique in the grid, e.g. "n=1700" or "d=30,p=12". */
  key: string;
  params: Record<string, ParameterValue>;
}

export interface ExperimentOptions {
  /** A preset name the experiment lists in `presets` ("quick", "paper", and optionally "smoke"). */
  preset: string;
  /** Repetitions per grid point; undefined means the preset's own number. */
  reps?: number;
  precision: Precision;
}

export interface RunSpec {
  point: GridPoint;
  /** 0-based repetition index. */
  rep: number;
  /** Named seed, `${experiment.id}/${preset}/${point.key}/rep${rep}` (the runner builds it). */
  seed: string;
}

/** A figure as a vega-lite v5/v6 spec with its data inlined; the runner renders SVG and PNG. */
export interface Figure {
  /** File stem, e.g. "success-rate" → success-rate.svg, success-rate.png. */
  name: string;
  vegaLite: Record<string, unknown>;
}

export interface ExperimentReference {
  paper: string;
  /** The paper's own name, e.g. "Figure 2, Experiment 1.0". */
  figure: string;
  /** Where the paper (or its authors' code) gives the protocol, cited by arXiv id and section, e.g. "arXiv:1707.04926v3, Section 3". */
  source: string;
}

export interface Experiment {
  /** `paper/name`, e.g. "dana2025/exp1.0"; the CLI argument of `reproduce`. */
  id: string;
  title: string;
  reference: ExperimentReference;
  /** Preset names; must include "quick" and "paper". "smoke" (seconds, for CI) is optional. */
  presets: readonly string[];
  /** What the paper computed in; `--float32/--float64` override it. */
  defaultPrecision: Precision;
  /**
   * Measured wall seconds per run by preset, with how they were measured, for the wall-time
   * estimates of `reproduce --list` (presets without one show none).
   */
  runCosts?: Readonly<Record<string, { secondsPerRun: number; basis: string }>>;
  /** The precisions `run` supports (default both); another is refused before any run starts. */
  precisions?: readonly Precision[];
  grid(options: ExperimentOptions): GridPoint[];
  /**
   * Every setting of the preset that runs or the summary depend on beyond a run's grid point and
   * seed (grids, iteration caps, step sizes, runs per target), as JSON-able data. The manifest
   * records it, so resuming or merging a directory made under other settings is refused.
   */
  protocol(options: ExperimentOptions): Record<string, unknown>;
  repetitions(options: ExperimentOptions): number;
  /** One run. May be async; runs in a worker thread, so it must import only what it needs. */
  run(spec: RunSpec, options: ExperimentOptions): Row | Promise<Row>;
  /** Summary JSON over all rows (rows carry the runner's `point` and `rep` columns). */
  summarize(rows: readonly Row[], options: ExperimentOptions): Record<string, unknown>;
  figures(summary: Record<string, unknown>, options: ExperimentOptions): Figure[];
}
