/**
 * dana2025 Experiment 1.0, "Likelihood of global convergence in dimension 100" (arXiv:2502.16977,
 * Section 5; protocol from the authors' code, github.com/leodana2000/Convergence-High-Dimension, figures Images/CV_probability_2.png
 * and the two-panel CV_probability.png).
 *
 * Per n: 80 runs of GD (lr = 1 on p·L, horizon nb_epochs(n, p, 1), early stop at Σr² < 1) on
 * Exp 1 data in R^100 with p = nb_neurons(n, 0.05) neurons and the asymmetric init; success is
 * Σr² ≤ 1 at the end. Summary: per-n success rate with its Hoeffding 95% interval, the loss
 * trend (mean L_final/L_0, successes as 0), the threshold from the unit-slope sigmoid fit on raw
 * n, and the over-parametrization point d·p_max.
 *
 * Presets:
 * - paper: d = 100, n ∈ {1300, 1350, …, 2100} (17 values), 80 repetitions.
 * - quick: d = 100, every other n, n ∈ {1300, 1400, …, 2100} (9 values), 8 repetitions: the
 *   same drop at ~1/20 of the runs (~100 CPU-seconds). Halving d instead (n/d kept) does not
 *   keep the drop: at d = 50 no run of n ∈ [650, 1050] converged, the threshold is not ∝ d there.
 * - smoke: d = 10, n ∈ {40, 120, 200}, 2 repetitions (seconds, for CI).
 */
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row, RunSpec } from "../../src/reproduce/experiment.js";
import { linspace, lineChart, successRateChart, type DrawnLine, runsText } from "./figures.js";
import { DASHED } from "../figureLegend.js";
import { AUTHORS_COLOR, AUTHORS_RUNS, authorsPoints, authorsSource, compareRates, comparisonCounts, type RateComparison } from "./authorsRuns.js";
import {
  WIDTH_EPSILON,
  bootstrapThreshold,
  crossesHalf,
  fitSigmoid,
  groupByPoint,
  nbNeurons,
  runExp1,
  sigmoid,
  sortBy,
  summarizeExp1Point,
  unknownPreset,
  type Exp1PointSummary,
} from "./protocol.js";

const ID = "dana2025/exp1.0";
const PRESETS = ["paper", "quick", "smoke"] as const;

interface PresetGrid {
  d: number;
  ns: number[];
  reps: number;
}

function range(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
}

const GRIDS: Record<(typeof PRESETS)[number], PresetGrid> = {
  paper: { d: 100, ns: range(1300, 2100, 50), reps: 80 },
  quick: { d: 100, ns: range(1300, 2100, 100), reps: 8 },
  smoke: { d: 10, ns: [40, 120, 200], reps: 2 },
};

/** The authors' figure's cosmetic logistic slope, per sample (analysis.ipynb), at d = 100; scaled by 100/d elsewhere. */
const COSMETIC_SLOPE_AT_D100 = 40 / 1300;

function presetGrid(options: ExperimentOptions): PresetGrid {
  const grid = (GRIDS as Record<string, PresetGrid | undefined>)[options.preset];
  if (grid === undefined) throw unknownPreset(ID, options.preset, PRESETS);
  return grid;
}

export interface Exp10Summary {
  d: number;
  points: Exp1PointSummary[];
  /** fit_sigmoid on raw n: the n where P(success) crosses 1/2; null when the rates do not cross 1/2 on the grid. */
  threshold: number | null;
  thresholdOverD: number | null;
  /** 95% interval of the threshold (parametric bootstrap, an estimate); null without a threshold. */
  thresholdInterval: { lo: number; hi: number; replicates: number; method: string } | null;
  /** d·p_max, the parameter count of the widest network on the grid (the authors' figure's "Over-parametrization" star). */
  overParametrization: number;
  /** The same estimator on the authors' runs, and per n the two-sample test of the rates; paper preset only. */
  authors: Exp10Authors | null;
  totalRuns: number;
}

export interface Exp10Authors {
  source: string;
  reps: number;
  /** Per n: the authors' success rate and loss trend (mean L_final/L_0, successes as 0). */
  points: { n: number; rate: number; lossTrend: number }[];
  threshold: number | null;
  thresholdInterval: { lo: number; hi: number; replicates: number; method: string } | null;
  rates: RateComparison[];
  /** How many n the rates differ at (two-sample Hoeffding, 5% each), and the largest ours − authors'. */
  differing: number;
  largestDifference: number | null;
}

/** fit_sigmoid on raw n with its bootstrap interval, or nulls when the rates do not cross 1/2. */
function exp10Threshold(points: readonly { n: number; successes: number; reps: number; rate: number }[], seed: string) {
  if (!crossesHalf(points.map((s) => s.rate))) return { threshold: null, thresholdInterval: null };
  return {
    threshold: fitSigmoid(points.map((s) => s.n), points.map((s) => s.rate)).center,
    thresholdInterval: bootstrapThreshold(points.map((s) => ({ x: s.n, successes: s.successes, reps: s.reps })), { seed }),
  };
}

function exp10Authors(points: readonly Exp1PointSummary[]): Exp10Authors {
  const theirs = authorsPoints(AUTHORS_RUNS.exp10);
  const rates = compareRates(points, theirs);
  const { differing, largestDifference } = comparisonCounts(rates);
  return {
    source: authorsSource(AUTHORS_RUNS.exp10.file),
    reps: AUTHORS_RUNS.exp10.reps,
    points: theirs.map((point) => ({ n: point.n, rate: point.rate, lossTrend: point.lossTrend })),
    ...exp10Threshold(theirs, `${ID}/authors-bootstrap`),
    rates,
    differing,
    largestDifference,
  };
}

export const exp10: Experiment = {
  id: ID,
  title: "Likelihood of global convergence in dimension 100",
  reference: { paper: "dana2025", figure: "Experiment 1.0 (CV_probability_2.png, CV_probability.png)", source: "arXiv:2502.16977, Section 5; grids from the authors' code, github.com/leodana2000/Convergence-High-Dimension" },
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
    return runExp1(spec.seed, n, d, p, options.precision);
  },
  summarize(rows, options): Record<string, unknown> {
    const { d } = presetGrid(options);
    const points = sortBy([...groupByPoint(rows).values()].map((group) => summarizeExp1Point(group)), (s) => s.n);
    const { threshold, thresholdInterval } = exp10Threshold(points, `${ID}/bootstrap`);
    const summary: Exp10Summary = {
      d,
      points,
      threshold,
      thresholdOverD: threshold === null ? null : threshold / d,
      thresholdInterval,
      overParametrization: d * points.map((s) => s.p).reduce((extreme, value) => Math.max(extreme, value), -Infinity),
      authors: options.preset === "paper" ? exp10Authors(points) : null,
      totalRuns: rows.length,
    };
    return summary as unknown as Record<string, unknown>;
  },
  figures(summaryRecord): Figure[] {
    const summary = summaryRecord as unknown as Exp10Summary;
    const { points, threshold, d } = summary;
    const ns = points.map((s) => s.n);
    const widths = [...new Set(points.map((s) => s.p))];
    const reps = [...new Set(points.map((s) => s.reps))].join("/");
    const width = widths.length === 1 ? `${widths[0]}` : `${widths.reduce((extreme, value) => Math.min(extreme, value), Infinity)}–${widths.reduce((extreme, value) => Math.max(extreme, value), -Infinity)}`;
    const slope = (COSMETIC_SLOPE_AT_D100 * 100) / d;
    const lines: DrawnLine[] = [
      ...
      (threshold === null
        ? []
        : [{ label: "logistic centered at N (the authors' drawn slope, 40/1300 per sample at d = 100)", color: "black", dash: DASHED, points: linspace(ns.reduce((extreme, value) => Math.min(extreme, value), Infinity), ns.reduce((extreme, value) => Math.max(extreme, value), -Infinity), 200).map((n) => ({ x: n, y: sigmoid(-(n - threshold) * slope) })) }]),
    ];
    const authors = summary.authors ?? null;
    if (authors !== null) lines.push({ label: `the authors' runs (${authors.reps} per n, their result file)`, color: AUTHORS_COLOR, dash: [1, 0], points: authors.points.map((point) => ({ x: point.n, y: point.rate })) });
    const interval = summary.thresholdInterval;
    const spread = interval === null ? "" : ` (95% bootstrap interval ${interval.lo.toFixed(0)}–${interval.hi.toFixed(0)})`;
    const verdict = threshold === null ? "no transition in range (the success rate does not cross 1/2 on this grid)" : `fitted threshold N ≈ ${threshold.toFixed(0)}${spread}, N/d ≈ ${(threshold / d).toFixed(1)}; unit-slope sigmoid fit`;
    const success = successRateChart({
      title: { text: `Probability of reaching zero loss against the number of samples, d = ${d}`, subtitle: [`${width} neurons (Lemma 5 width for ε = 0.05), ${runsText(reps)} per n; ${verdict}`, ...(authors === null ? [] : [authorsLine(authors)])] },
      points: points.map((s) => ({ ...s })),
      x: { field: "n", title: "n (number of samples)" },
      observedLabel: "fraction of runs reaching Σr² ≤ 1 (Hoeffding 95% bars)",
      lines,
      rule: threshold === null ? undefined : { value: threshold, label: `fitted threshold N ≈ ${threshold.toFixed(0)}` },
    });
    const remaining = lineChart({
      title: { text: `Remaining loss after gradient descent against the number of samples, d = ${d}`, subtitle: `mean over ${runsText(reps)} of L(T)/L(0), runs that reach zero loss counted as 0` },
      observedLabel: "mean L(T)/L(0)",
      points: points.map((s) => ({ n: s.n, lossTrend: s.lossTrend })),
      x: { field: "n", title: "n (number of samples)" },
      y: { field: "lossTrend", title: "mean L(T)/L(0) (fraction of the initial loss)", zero: true },
      lines: authors === null ? [] : [{ label: `the authors' runs (${authors.reps} per n, their result file)`, color: AUTHORS_COLOR, dash: [1, 0], points: authors.points.map((point) => ({ x: point.n, y: point.lossTrend })) }],
    });
    return [
      { name: "success-rate", vegaLite: success },
      { name: "remaining-loss", vegaLite: remaining },
    ];
  },
};

function authorsLine(authors: Exp10Authors): string {
  const threshold = authors.threshold === null ? "no transition in range" : `N ≈ ${authors.threshold.toFixed(0)}`;
  return `the authors' runs: ${threshold}; the rates differ (two-sample Hoeffding, 95%) at ${authors.differing} of ${authors.rates.length} n`;
}
