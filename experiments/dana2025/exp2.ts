/**
 * dana2025 Experiment 2, "PL at convergence in dimension 2000" (arXiv:2502.16977, Section 5;
 * protocol from the authors' code, github.com/leodana2000/Convergence-High-Dimension, figure Images/Asymptotic_log_mean_PL.png): how the local PL curvature at convergence scales with n
 * on orthogonal data (Claim 5.2 / the Conjecture: μ_∞ ≍ 1/√n).
 *
 * Per n: runs of GD (lr = 1 on p·L) on x_i = ρ_i e_i ∈ R^2000, ρ_i ~ U[1, 2], labels as Exp 1,
 * p = nb_neurons(n, 0.05), asymmetric init (a_j built from the unscaled w_j, then the first layer
 * × 0.01, as the authors' final Exp 2 does), (data, init) redrawn
 * until Lemma 5's event G holds, horizon 10·nb_epochs(n, p, 1), early stop at Σr² < 1e-6.
 * Per run the authors' four estimators: μ(t_∞) (last 100 steps), ⟨μ_∞⟩ = log(L_0/L_T)/T,
 * μ_low = (2/n) min_i E_i(T), μ_upp = (16/n) max_i E_i(T). Summary: per n the mean of each
 * estimator over runs, its log, and the OLS slope of log(mean) against log n with the slope's
 * standard error from the regression residuals.
 *
 * Readings: repetitions are 500 as in the code (the code comment and markdown say 250; the
 * `reps` option overrides). The authors' ± values come from `reg_lin`, which returns
 * max|Y − mean Y| rather than the regression residual; the standard error here is the ordinary one. Error bars per n are ±1.96 standard errors of the
 * mean, carried to the log scale by the delta method (sd/(mean·√reps)). The GD step uses the
 * orthogonal kernel (src/fast/gdStep.ts), which computes the dense TypeScript kernel's values
 * exactly in O(n·p) per step; so a float32 run here keeps float32 STORAGE with double
 * arithmetic, unlike Exp 1's float32 runs (float32 arithmetic on the SIMD kernel).
 *
 * Presets:
 * - paper: n ∈ {1000, 1100, …, 2000}, d = 2000, 500 repetitions.
 * - quick: n ∈ {1000, 1250, 1500, 1750, 2000}, d = 2000, 16 repetitions.
 * - smoke: n ∈ {50, 100}, d = 200, 2 repetitions.
 */
import {
  createOrthogonalWorkspace,
  orthogonalEnergies,
  orthogonalGdStep,
  orthogonalSumSquaredResiduals,
  type OrthogonalData,
  type Parameters,
} from "../../src/fast/gdStep.js";
import type { Experiment, ExperimentOptions, Figure, GridPoint, Precision, Row, RunSpec } from "../../src/reproduce/experiment.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";
import { DASHED, DOTTED, SERIES_COLORS } from "../figureLegend.js";
import { AUTHORS_RUNS, authorsSource } from "./authorsRuns.js";
import { lineChart, type DrawnLine, runsText } from "./figures.js";
import {
  WIDTH_EPSILON,
  averageRate,
  groupByPoint,
  linearFit,
  mean,
  nbEpochs,
  nbNeurons,
  orthogonalGoodEvent,
  plSandwich,
  runSteps,
  sampleAsymmetricInit,
  sampleOrthogonalNorms,
  sortBy,
  standardDeviation,
  storage,
  tailRate,
  unknownPreset,
  type LinearFit,
} from "./protocol.js";

const ID = "dana2025/exp2";
const PRESETS = ["paper", "quick", "smoke"] as const;
/** First-layer factor of the authors' final Exp 2 init. */
const W_SCALE = 0.01;
const CV_THRESHOLD = 1e-6;
const EPOCH_FACTOR = 10;
const TAIL_WINDOW = 100;
/** P(G^c) ≤ n(3/4)^p ≤ 0.05 on every grid: 1000 rejections in a row means a broken stream. */
const MAX_ATTEMPTS = 1000;

export const ESTIMATORS = ["muTail", "muMean", "muLow", "muUpp"] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];
const ESTIMATOR_LABELS: Record<EstimatorName, string> = {
  muTail: "μ(t∞) (last 100 steps)",
  muMean: "⟨μ∞⟩ = log(L0/LT)/T",
  muLow: "μ_low = (2/n)·min E_i",
  muUpp: "μ_upp = (16/n)·max E_i",
};

interface PresetGrid {
  d: number;
  ns: number[];
  reps: number;
}

const GRIDS: Record<(typeof PRESETS)[number], PresetGrid> = {
  paper: { d: 2000, ns: [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000], reps: 500 },
  quick: { d: 2000, ns: [1000, 1250, 1500, 1750, 2000], reps: 16 },
  smoke: { d: 200, ns: [50, 100], reps: 2 },
};

function presetGrid(options: ExperimentOptions): PresetGrid {
  const grid = (GRIDS as Record<string, PresetGrid | undefined>)[options.preset];
  if (grid === undefined) throw unknownPreset(ID, options.preset, PRESETS);
  return grid;
}

/** Orthogonal data and asymmetric init (W kept p×n, its data-span part), redrawn until G holds. */
export function exp2Instance(seed: string, n: number, d: number, p: number, precision: Precision): { data: OrthogonalData; params: Parameters; attempts: number } {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { rho, y } = sampleOrthogonalNorms(seededRandom(deriveSeed(seed, "data", attempt)), n);
    const { W, a } = sampleAsymmetricInit(seededRandom(deriveSeed(seed, "init", attempt)), p, d, W_SCALE);
    const span = new Array<number>(p * n);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) span[j * n + i] = W[j][i];
    const data: OrthogonalData = { n, rho: storage(precision, rho), y: storage(precision, y) };
    const params: Parameters = { p, W: storage(precision, span), a: storage(precision, a) };
    if (orthogonalGoodEvent(params.W, params.a, data.rho, data.y)) return { data, params, attempts: attempt + 1 };
  }
  throw new Error(`${ID}: event G failed ${MAX_ATTEMPTS} times in a row at n = ${n}, p = ${p}`);
}

export function runExp2(seed: string, n: number, d: number, p: number, precision: Precision): Row {
  const { data, params, attempts } = exp2Instance(seed, n, d, p, precision);
  const ws = createOrthogonalWorkspace(data, params);
  const epochs = EPOCH_FACTOR * nbEpochs(n, p, 1);
  // The last TAIL_WINDOW + 1 losses, in a ring: all μ(t∞) needs.
  const ring = new Float64Array(TAIL_WINDOW + 1);
  let seen = 0;
  const outcome = runSteps(
    (stopBelow) => orthogonalGdStep(data, params, 1, ws, stopBelow),
    () => orthogonalSumSquaredResiduals(data, params, ws),
    { lr: 1, epochs, cvThreshold: CV_THRESHOLD },
    (squares) => {
      ring[seen % ring.length] = squares;
      seen++;
    },
  );
  const count = Math.min(seen, ring.length);
  const tail = Array.from({ length: count }, (_, t) => ring[(seen - count + t) % ring.length]);
  const energies = orthogonalEnergies(data, params, new Float64Array(n));
  const { muLow, muUpp } = plSandwich(energies);
  return {
    n,
    d,
    p,
    attempts,
    epochs,
    steps: outcome.steps,
    converged: outcome.stoppedEarly,
    diverged: outcome.diverged,
    initialLoss: outcome.initialSquares / (2 * n),
    finalLoss: outcome.finalSquares / (2 * n),
    muTail: tailRate(tail, TAIL_WINDOW),
    muMean: averageRate(outcome.initialSquares, outcome.finalSquares, outcome.steps, 1),
    muLow,
    muUpp,
  };
}

export interface Exp2PointSummary {
  n: number;
  p: number;
  reps: number;
  converged: number;
  meanSteps: number;
  meanAttempts: number;
  /** Per estimator: mean over runs (finite values), log of it, and the delta-method standard error of the log. */
  estimators: Record<EstimatorName, { mean: number; logMean: number; logStandardError: number; finite: number }>;
}

export interface Exp2Summary {
  d: number;
  points: Exp2PointSummary[];
  /** OLS of log(mean estimator) on log n, per estimator. */
  slopes: Record<EstimatorName, LinearFit | null>;
  /** The authors' per-n logs and the same slopes fitted to them; paper preset only. */
  authors: Exp2Authors | null;
  totalRuns: number;
}

export interface Exp2Authors {
  source: string;
  /** Repetitions per n as the authors' code states them (the file does not record them). */
  reps: number;
  points: { n: number; logMeans: Record<EstimatorName, number> }[];
  slopes: Record<EstimatorName, LinearFit>;
  /** Per estimator: our slope − the authors', and the two slopes' standard errors combined (√(s₁² + s₂²)). */
  slopeDifferences: Record<EstimatorName, { difference: number; standardError: number } | null>;
}

const AUTHORS_COLUMNS: Record<EstimatorName, "logSpeed" | "logAverageSpeed" | "logLower" | "logUpper"> = { muTail: "logSpeed", muMean: "logAverageSpeed", muLow: "logLower", muUpp: "logUpper" };

function exp2Authors(slopes: Exp2Summary["slopes"]): Exp2Authors {
  const { points: rows, statedReps, file } = AUTHORS_RUNS.exp2;
  const points = rows.map((row) => ({ n: row.n, logMeans: Object.fromEntries(ESTIMATORS.map((name) => [name, row[AUTHORS_COLUMNS[name]]])) as Record<EstimatorName, number> }));
  const theirs = Object.fromEntries(ESTIMATORS.map((name) => [name, linearFit(points.map((point) => Math.log(point.n)), points.map((point) => point.logMeans[name]))])) as Record<EstimatorName, LinearFit>;
  const slopeDifferences = Object.fromEntries(
    ESTIMATORS.map((name) => {
      const ours = slopes[name];
      return [name, ours === null ? null : { difference: ours.slope - theirs[name].slope, standardError: Math.hypot(ours.slopeStandardError, theirs[name].slopeStandardError) }];
    }),
  ) as Exp2Authors["slopeDifferences"];
  return { source: authorsSource(file), reps: statedReps, points, slopes: theirs, slopeDifferences };
}

function summarizePoint(rows: readonly Row[]): Exp2PointSummary {
  const estimators = {} as Exp2PointSummary["estimators"];
  for (const name of ESTIMATORS) {
    const values = rows.map((row) => Number(row[name])).filter((v) => Number.isFinite(v));
    const m = values.length === 0 ? Number.NaN : mean(values);
    estimators[name] = {
      mean: m,
      logMean: Math.log(m),
      logStandardError: values.length === 0 ? Number.NaN : standardDeviation(values) / (Math.abs(m) * Math.sqrt(values.length)),
      finite: values.length,
    };
  }
  return {
    n: Number(rows[0].n),
    p: Number(rows[0].p),
    reps: rows.length,
    converged: rows.filter((row) => row.converged === true).length,
    meanSteps: mean(rows.map((row) => Number(row.steps))),
    meanAttempts: mean(rows.map((row) => Number(row.attempts))),
    estimators,
  };
}

export const exp2: Experiment = {
  id: ID,
  title: "Local PL curvature at convergence against n, orthogonal data in dimension 2000",
  reference: { paper: "dana2025", figure: "Experiment 2 (Asymptotic_log_mean_PL.png)", source: "arXiv:2502.16977, Section 5; grids from the authors' code, github.com/leodana2000/Convergence-High-Dimension" },
  presets: PRESETS,
  defaultPrecision: "float32",
  protocol: (options) => ({ ...presetGrid(options) }),
  grid(options): GridPoint[] {
    const { d, ns } = presetGrid(options);
    return ns.map((n) => ({ key: `n=${n}`, params: { n, d, p: nbNeurons(n, WIDTH_EPSILON) } }));
  },
  repetitions(options) {
    return options.reps ?? presetGrid(options).reps;
  },
  run(spec: RunSpec, options): Row {
    const { n, d, p } = spec.point.params as { n: number; d: number; p: number };
    return runExp2(spec.seed, n, d, p, options.precision);
  },
  summarize(rows, options): Record<string, unknown> {
    const { d } = presetGrid(options);
    const points = sortBy([...groupByPoint(rows).values()].map(summarizePoint), (s) => s.n);
    const slopes = {} as Exp2Summary["slopes"];
    for (const name of ESTIMATORS) {
      const usable = points.filter((s) => Number.isFinite(s.estimators[name].logMean));
      slopes[name] = usable.length >= 2 ? linearFit(usable.map((s) => Math.log(s.n)), usable.map((s) => s.estimators[name].logMean)) : null;
    }
    const summary: Exp2Summary = { d, points, slopes, authors: options.preset === "paper" ? exp2Authors(slopes) : null, totalRuns: rows.length };
    return summary as unknown as Record<string, unknown>;
  },
  figures(summaryRecord): Figure[] {
    const summary = summaryRecord as unknown as Exp2Summary;
    const labelOf = (name: EstimatorName) => {
      const slope = summary.slopes[name];
      if (slope === null) return ESTIMATOR_LABELS[name];
      const error = Number.isFinite(slope.slopeStandardError) ? ` ± ${slope.slopeStandardError.toFixed(2)}` : " (two points: no standard error)";
      return `${ESTIMATOR_LABELS[name]}: slope ${slope.slope.toFixed(2)}${error}`;
    };
    const shown = ESTIMATORS.filter((name) => summary.points.some((s) => Number.isFinite(s.estimators[name].logMean)));
    const values = summary.points.flatMap((s) =>
      shown
        .filter((name) => Number.isFinite(s.estimators[name].logMean))
        .map((name) => {
          const e = s.estimators[name];
          const half = 1.96 * (Number.isFinite(e.logStandardError) ? e.logStandardError : 0);
          return { logN: Math.log(s.n), estimator: labelOf(name), logMean: e.logMean, lo: e.logMean - half, hi: e.logMean + half };
        }),
    );
    const logNs = summary.points.map((s) => Math.log(s.n));
    const anchor = summary.points.length === 0 ? undefined : summary.points[0].estimators.muLow.logMean;
    const lines: DrawnLine[] = [
      ...(anchor === undefined || !Number.isFinite(anchor) || logNs.length < 2
        ? []
        : [{ label: "slope −1/2 through μ_low at the smallest n (the Conjecture's rate)", color: "#777", dash: DASHED, points: [logNs[0], logNs[logNs.length - 1]].map((logN) => ({ x: logN, y: anchor - 0.5 * (logN - logNs[0]) })) }]),
    ];
    const authors = summary.authors ?? null;
    if (authors !== null) {
      shown.forEach((name, index) => {
        const theirs = authors.slopes[name];
        lines.push({
          label: `the authors' runs, ${ESTIMATOR_LABELS[name].split(" ")[0]}: slope ${theirs.slope.toFixed(2)} ± ${theirs.slopeStandardError.toFixed(2)}`,
          color: SERIES_COLORS[index % SERIES_COLORS.length],
          dash: DOTTED,
          points: authors.points.map((point) => ({ x: Math.log(point.n), y: point.logMeans[name] })),
        });
      });
    }
    const reps = [...new Set(summary.points.map((s) => s.reps))].join("/");
    const chart = lineChart({
      title: { text: `Local PL curvature at convergence against the number of samples, orthogonal data, d = ${summary.d}`, subtitle: `log of the mean of each estimator over ${runsText(reps)} per n (±1.96 s.e., delta method); legend: OLS slope of log mean against log n ± its s.e.` },
      points: values,
      x: { field: "logN", title: "log n (natural log of the number of samples)" },
      y: { field: "logMean", title: "log mean estimator (a rate per GD step, lr = 1)" },
      series: { field: "estimator", title: "estimator", labels: shown.map(labelOf) },
      errorBars: { lo: "lo", hi: "hi" },
      lines,
    });
    return [{ name: "log-mean-pl", vegaLite: chart }];
  },
};
