/**
 * dana2025 Experiment 1.1, "Convergence Threshold with 30 neurons" (arXiv:2502.16977, Section 5;
 * protocol from the authors' code, github.com/leodana2000/Convergence-High-Dimension, figure Images/Convergence_Threshold_d.png): the threshold N(d, 30) against d.
 *
 * Per (d, n): 20 runs of the Exp 1 protocol (protocol.ts) with p = 30. Per d, the threshold is
 * fit_sigmoid (unit slope) on x = 80·n/d, mapped back to n = x·d/80. Across d: the linear
 * regression of N on d (the authors' fit) and the log-log slope (growth exponent; 1 = linear in d).
 *
 * Grid: n ∈ {d, 2d, …} up to 30d − 200 as the authors' `do_list(d, 30d − 200, d)` builds it,
 * Python's range(d, 30d − 200 + d, d), which also takes the first multiple of d past 30d − 200
 * when 30d − 200 is not one: k_max = ⌈(30d − 200)/d⌉, so 10, 20, 24, 25, 26, 27, 28, 28, 28, 28
 * values for d = 10 … 100, as in the authors' result files (Data_exp_1_d_*.csv). `nMaxOffset`
 * (200) is the knob.
 *
 * Presets:
 * - paper: d ∈ {10, 20, …, 100}, 20 repetitions.
 * - quick: d ∈ {10, 20, 30, 40}, the same n grid, 6 repetitions.
 * - smoke: d ∈ {10, 20}, n ∈ {d, 5d, 9d}, 1 repetition.
 */
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row, RunSpec } from "../../src/reproduce/experiment.js";
import { DASHED, SERIES_COLORS } from "../figureLegend.js";
import { lineChart, successRatePanels, type DrawnLine, runsText } from "./figures.js";
import { AUTHORS_COLOR, AUTHORS_RUNS, authorsPoints, authorsSource, compareRates, comparisonCounts } from "./authorsRuns.js";
import { crossesHalf, fitSigmoid, groupByPoint, linearFit, runExp1, sortBy, summarizeExp1Point, unknownPreset, type Exp1PointSummary, type LinearFit } from "./protocol.js";

const ID = "dana2025/exp1.1";
const PRESETS = ["paper", "quick", "smoke"] as const;
const WIDTH = 30;
/** fit_sigmoid's x units in the authors' Exp 1.1: x = X_SCALE·n/d. */
const X_SCALE = 80;

interface PresetGrid {
  ds: number[];
  /** n multiples k of d for a given d. */
  multiples: (d: number) => number[];
  reps: number;
}

/** k = 1 … ⌈(30d − nMaxOffset)/d⌉ (Python's range(d, n_max + d, d)). */
export function paperMultiples(d: number, nMaxOffset = 200): number[] {
  const kMax = Math.ceil((WIDTH * d - nMaxOffset) / d);
  return Array.from({ length: Math.max(0, kMax) }, (_, t) => t + 1);
}

const GRIDS: Record<(typeof PRESETS)[number], PresetGrid> = {
  paper: { ds: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], multiples: (d) => paperMultiples(d), reps: 20 },
  quick: { ds: [10, 20, 30, 40], multiples: (d) => paperMultiples(d), reps: 6 },
  smoke: { ds: [10, 20], multiples: () => [1, 5, 9], reps: 1 },
};

function presetGrid(options: ExperimentOptions): PresetGrid {
  const grid = (GRIDS as Record<string, PresetGrid | undefined>)[options.preset];
  if (grid === undefined) throw unknownPreset(ID, options.preset, PRESETS);
  return grid;
}

export interface Exp11Threshold {
  d: number;
  /** N(d, 30) in samples; null when the success rate does not cross 1/2 on this d's n grid. */
  threshold: number | null;
  thresholdOverD: number | null;
}

export interface Exp11Summary {
  p: number;
  points: Exp1PointSummary[];
  thresholds: Exp11Threshold[];
  /** N ≈ intercept + slope·d (the authors' fit). */
  linear: LinearFit | null;
  /** log N ≈ intercept + exponent·log d. */
  logLog: LinearFit | null;
  /** The same estimators on the authors' runs and the per-(d, n) test of the rates; paper preset only. */
  authors: Exp11Authors | null;
  totalRuns: number;
}

export interface Exp11Authors {
  source: string;
  /** The authors' rate at each (d, n) they ran. */
  points: { d: number; n: number; rate: number }[];
  thresholds: Exp11Threshold[];
  linear: LinearFit | null;
  logLog: LinearFit | null;
  /** Over every (d, n) on both grids: how many rates differ (two-sample Hoeffding, 5% each), the largest ours − authors'. */
  comparedPoints: number;
  differing: number;
  largestDifference: number | null;
}

/** Per d, fit_sigmoid on x = 80·n/d mapped back to n; null where the rates do not cross 1/2. */
function thresholdsByD(points: readonly { d: number; n: number; rate: number }[]): Exp11Threshold[] {
  const ds = [...new Set(points.map((s) => s.d))];
  return ds.map((d): Exp11Threshold => {
    const atD = points.filter((s) => s.d === d);
    if (!crossesHalf(atD.map((s) => s.rate))) return { d, threshold: null, thresholdOverD: null };
    const fit = fitSigmoid(atD.map((s) => (X_SCALE * s.n) / d), atD.map((s) => s.rate));
    const threshold = (fit.center * d) / X_SCALE;
    return { d, threshold, thresholdOverD: threshold / d };
  });
}

/** The authors' fits: least squares of N on d and of log N on log d, over the d with a threshold. */
function thresholdFits(thresholds: readonly Exp11Threshold[]): { linear: LinearFit | null; logLog: LinearFit | null } {
  const found = thresholds.flatMap((t) => (t.threshold === null ? [] : [{ d: t.d, threshold: t.threshold }]));
  if (found.length < 2) return { linear: null, logLog: null };
  return {
    linear: linearFit(found.map((t) => t.d), found.map((t) => t.threshold)),
    logLog: linearFit(found.map((t) => Math.log(t.d)), found.map((t) => Math.log(t.threshold))),
  };
}

function exp11Authors(points: readonly Exp1PointSummary[]): Exp11Authors {
  const theirs = AUTHORS_RUNS.exp11.byD.flatMap((file) => authorsPoints(file).map((point) => ({ ...point, d: file.d })));
  const thresholds = thresholdsByD(theirs);
  const rates = AUTHORS_RUNS.exp11.byD.flatMap((file) => compareRates(points.filter((s) => s.d === file.d), authorsPoints(file)));
  const { points: comparedPoints, differing, largestDifference } = comparisonCounts(rates);
  return {
    source: authorsSource("Data_exp_1_d_{10…100}.csv"),
    points: theirs.map((point) => ({ d: point.d, n: point.n, rate: point.rate })),
    thresholds,
    ...thresholdFits(thresholds),
    comparedPoints,
    differing,
    largestDifference,
  };
}

export const exp11: Experiment = {
  id: ID,
  title: "Convergence threshold against the dimension, 30 neurons",
  reference: { paper: "dana2025", figure: "Experiment 1.1 (Convergence_Threshold_d.png)", source: "arXiv:2502.16977, Section 5; grids from the authors' code, github.com/leodana2000/Convergence-High-Dimension" },
  presets: PRESETS,
  defaultPrecision: "float32",
  protocol(options) {
    const { ds, multiples, reps } = presetGrid(options);
    return { ds, multiplesOfD: Object.fromEntries(ds.map((d) => [d, multiples(d)])), reps };
  },
  grid(options): GridPoint[] {
    const { ds, multiples } = presetGrid(options);
    return ds.flatMap((d) => multiples(d).map((k) => ({ key: `d=${d},n=${k * d}`, params: { n: k * d, d, p: WIDTH } })));
  },
  repetitions(options) {
    return options.reps ?? presetGrid(options).reps;
  },
  run(spec: RunSpec, options): Row {
    const { n, d, p } = spec.point.params as { n: number; d: number; p: number };
    return runExp1(spec.seed, n, d, p, options.precision);
  },
  summarize(rows, options): Record<string, unknown> {
    const points = sortBy([...groupByPoint(rows).values()].map((group) => summarizeExp1Point(group)), (s) => s.d, (s) => s.n);
    const thresholds = thresholdsByD(points);
    const summary: Exp11Summary = {
      p: WIDTH,
      points,
      thresholds,
      ...thresholdFits(thresholds),
      authors: options.preset === "paper" ? exp11Authors(points) : null,
      totalRuns: rows.length,
    };
    return summary as unknown as Record<string, unknown>;
  },
  figures(summaryRecord): Figure[] {
    const summary = summaryRecord as unknown as Exp11Summary;
    const { thresholds, linear, logLog } = summary;
    const found = thresholds.filter((t) => t.threshold !== null);
    const missing = thresholds.filter((t) => t.threshold === null).map((t) => t.d);
    const ds = thresholds.map((t) => t.d);
    const lines = fitLines(found.map((t) => t.d), linear, logLog);
    const reps = [...new Set(summary.points.map((s) => s.reps))].join("/");
    const notes = [
      logLog === null ? "fewer than two thresholds: no fit" : `log-log slope (growth exponent in d) ${logLog.slope.toFixed(2)} ± ${logLog.slopeStandardError.toFixed(2)}`,
      ...(missing.length === 0 ? [] : [`no transition in range at d = ${missing.join(", ")}`]),
    ];
    const authors = summary.authors ?? null;
    if (authors !== null) {
      const theirs = authors.thresholds.flatMap((t) => (t.threshold === null ? [] : [{ x: t.d, y: t.threshold }]));
      lines.push({ label: "the authors' runs (same estimator on their result files)", color: AUTHORS_COLOR, dash: [1, 0], points: theirs });
      if (authors.logLog !== null) notes.push(`the authors' runs: log-log slope ${authors.logLog.slope.toFixed(2)} ± ${authors.logLog.slopeStandardError.toFixed(2)}`);
    }
    const threshold = lineChart({
      title: { text: `Convergence threshold against the input dimension, ${summary.p} neurons`, subtitle: [`threshold N(d, ${summary.p}): sigmoid fit on x = 80·n/d, ${runsText(reps)} per (d, n)`, notes.join("; ")] },
      points: found.map((t) => ({ ...t })),
      // From 0 (the fits' reference point) to just past the last d, without vega's padding ticks below 0.
      x: { field: "d", title: "d (input dimension)", zero: true, scale: { padding: 0, nice: false, domain: [0, ds.reduce((extreme, value) => Math.max(extreme, value), 0) + 5] } },
      y: { field: "threshold", title: `N(d, ${summary.p}) (samples)`, zero: true },
      observedLabel: "fitted threshold N(d)",
      lines,
    });
    const labels = ds.map((d) => `d = ${d}`);
    const curves = successRatePanels({
      title: { text: `Probability of reaching zero loss against samples per dimension, ${summary.p} neurons`, subtitle: `one panel per input dimension d; x: n/d, samples per input dimension; y: fraction of runs reaching zero loss, ${runsText(reps)} per point, Hoeffding 95% bars` },
      points: summary.points.map((s) => ({ ...s, series: `d = ${s.d}`, nOverD: s.n / s.d })),
      x: { field: "nOverD", title: "n/d" },
      series: { field: "series", title: "input dimension", labels },
      thresholds: new Map(found.map((t) => [`d = ${t.d}`, t.thresholdOverD as number])),
      columns: 5,
      observedLabel: "fraction of runs reaching zero loss",
      ruleLabel: "fitted threshold N(d)/d",
      reference: authors === null ? undefined : { label: "the authors' runs (their result files)", color: AUTHORS_COLOR, points: authors.points.map((point) => ({ series: `d = ${point.d}`, x: point.n / point.d, rate: point.rate })) },
    });
    return [
      { name: "threshold-vs-d", vegaLite: threshold },
      { name: "success-rate-vs-n-over-d", vegaLite: curves },
    ];
  },
};

/**
 * The two fits the protocol compares, over the range of d that has a threshold: the least-squares
 * line (clipped where it would predict N < 0) and the power law N = e^b·d^k of the log-log fit.
 */
function fitLines(ds: readonly number[], linear: LinearFit | null, logLog: LinearFit | null): DrawnLine[] {
  if (ds.length < 2) return [];
  const lo = ds.reduce((extreme, value) => Math.min(extreme, value), Infinity);
  const hi = ds.reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  const grid = Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40);
  const lines: DrawnLine[] = [];
  if (linear !== null) {
    const sign = linear.intercept >= 0 ? "+" : "−";
    lines.push({
      label: `least-squares line N ≈ ${linear.slope.toFixed(1)}·d ${sign} ${Math.abs(linear.intercept).toFixed(0)}`,
      color: "black",
      dash: DASHED,
      points: grid.map((d) => ({ x: d, y: linear.intercept + linear.slope * d })).filter((point) => point.y >= 0),
    });
  }
  if (logLog !== null) {
    lines.push({
      label: `power law N ≈ ${Math.exp(logLog.intercept).toPrecision(2)}·d^${logLog.slope.toFixed(2)} (log-log fit)`,
      color: SERIES_COLORS[1],
      dash: [1, 0],
      points: grid.map((d) => ({ x: d, y: Math.exp(logLog.intercept + logLog.slope * Math.log(d)) })),
    });
  }
  return lines;
}
