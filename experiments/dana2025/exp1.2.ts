/**
 * dana2025 Experiment 1.2, "Convergence Threshold with fixed dimension 30" (arXiv:2502.16977,
 * Section 5; protocol from the authors' code, github.com/leodana2000/Convergence-High-Dimension, figure Images/Convergence_Threshold_p.png): the threshold N(30, p) against the width p.
 *
 * Per (p, n): 20 runs of the Exp 1 protocol (protocol.ts) in d = 30. Per p, the threshold is the
 * unit-slope fit_sigmoid center. Across p: a linear fit of N on p and a fit of N on log p,
 * compared by their residual sums of squares (the notebook's reading: "sublinear in p, and
 * could be only logarithmically growing").
 *
 * fit_sigmoid's x units follow the authors' notebook (`analysis.ipynb`, the Exp 1.2 cell): x =
 * 80·n/n₀ with n₀ the first n of that p's grid, mapped back to n (`X_SCALE`); a unit slope in x
 * is a slope of 80/n₀ per sample (0.8 at n₀ = 100, 0.23 at n₀ = 350). The n grids (step 10)
 * follow the authors' runs, whose n range depends on the p range ({@link paperNRange}). The
 * authors ran 25 repetitions per (p, n) for p ≤ 300 and 20 above (as their rates' denominators
 * show); the paper preset runs 20 throughout.
 *
 * Presets:
 * - paper: p ∈ {50, 60, …, 400}, n grid of the table, 20 repetitions.
 * - quick: p ∈ {50, 100, 200}, the table's n range in steps of 20, 6 repetitions.
 * - smoke: d = 10, p ∈ {10, 20}, n ∈ {20, 60, 100}, 1 repetition.
 */
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row, RunSpec } from "../../src/reproduce/experiment.js";
import { DASHED, DOTTED } from "../figureLegend.js";
import { VEGA_LITE_SCHEMA, linspace, lineChart, type DrawnLine, runsText } from "./figures.js";
import { AUTHORS_COLOR, AUTHORS_RUNS, authorsPoints, authorsSource, compareRates, comparisonCounts } from "./authorsRuns.js";
import { crossesHalf, fitSigmoid, groupByPoint, linearFit, runExp1, sortBy, summarizeExp1Point, unknownPreset, type Exp1PointSummary, type LinearFit } from "./protocol.js";

const ID = "dana2025/exp1.2";
const PRESETS = ["paper", "quick", "smoke"] as const;
/** fit_sigmoid's x = X_SCALE·n/n₀, n₀ the smallest n of the p's grid (the authors' notebook). */
const X_SCALE = 80;

/** The authors' grids (run at different times): the n range of each p range, both inclusive. */
export function paperNRange(p: number): { lo: number; hi: number } {
  if (p <= 90) return { lo: 100, hi: 300 };
  if (p <= 250) return { lo: 250, hi: 400 };
  if (p <= 300) return { lo: 250, hi: 450 };
  if (p <= 340) return { lo: 350, hi: 500 };
  return { lo: 350, hi: 450 };
}

function steps(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
}

interface PresetGrid {
  d: number;
  ps: number[];
  ns: (p: number) => number[];
  reps: number;
}

const GRIDS: Record<(typeof PRESETS)[number], PresetGrid> = {
  paper: { d: 30, ps: steps(50, 400, 10), ns: (p) => steps(paperNRange(p).lo, paperNRange(p).hi, 10), reps: 20 },
  quick: { d: 30, ps: [50, 100, 200], ns: (p) => steps(paperNRange(p).lo, paperNRange(p).hi, 20), reps: 6 },
  smoke: { d: 10, ps: [10, 20], ns: () => [20, 60, 100], reps: 1 },
};

function presetGrid(options: ExperimentOptions): PresetGrid {
  const grid = (GRIDS as Record<string, PresetGrid | undefined>)[options.preset];
  if (grid === undefined) throw unknownPreset(ID, options.preset, PRESETS);
  return grid;
}

export interface Exp12Summary {
  d: number;
  points: Exp1PointSummary[];
  /** Per p the sigmoid-fit threshold; null when the success rate does not cross 1/2 on that p's n grid. */
  thresholds: { p: number; threshold: number | null }[];
  /** N ≈ intercept + slope·p. */
  linear: LinearFit | null;
  /** N ≈ intercept + slope·log p. */
  logarithmic: LinearFit | null;
  /** "logarithmic" or "linear": the fit with the smaller residual sum of squares (same number of parameters). */
  betterFit: string | null;
  /** The same estimators on the authors' runs and the per-(p, n) test of the rates; paper preset only. */
  authors: Exp12Authors | null;
  totalRuns: number;
}

interface ThresholdFits {
  linear: LinearFit | null;
  logarithmic: LinearFit | null;
  betterFit: string | null;
}

export interface Exp12Authors extends ThresholdFits {
  source: string;
  thresholds: { p: number; threshold: number | null }[];
  /** Over every (p, n) on both grids: how many rates differ (two-sample Hoeffding, 5% each), the largest ours − authors'. */
  comparedPoints: number;
  differing: number;
  largestDifference: number | null;
}

/** Per p, fit_sigmoid on x = 80·n/n₀ mapped back to n; null where the rates do not cross 1/2. */
function thresholdsByP(points: readonly { p: number; n: number; rate: number }[]): { p: number; threshold: number | null }[] {
  const ps = [...new Set(points.map((s) => s.p))];
  return ps.map((p) => {
    const atP = points.filter((s) => s.p === p);
    if (!crossesHalf(atP.map((s) => s.rate))) return { p, threshold: null };
    const n0 = atP.reduce((extreme, s) => Math.min(extreme, s.n), Infinity);
    const fit = fitSigmoid(atP.map((s) => (X_SCALE * s.n) / n0), atP.map((s) => s.rate));
    return { p, threshold: (fit.center * n0) / X_SCALE };
  });
}

/** Linear and logarithmic least squares of N on p over the p with a threshold, and which fits better. */
function thresholdFits(thresholds: readonly { p: number; threshold: number | null }[]): ThresholdFits {
  const found = thresholds.flatMap((t) => (t.threshold === null ? [] : [{ p: t.p, threshold: t.threshold }]));
  if (found.length < 2) return { linear: null, logarithmic: null, betterFit: null };
  const linear = linearFit(found.map((t) => t.p), found.map((t) => t.threshold));
  const logarithmic = linearFit(found.map((t) => Math.log(t.p)), found.map((t) => t.threshold));
  return { linear, logarithmic, betterFit: logarithmic.rss < linear.rss ? "logarithmic" : "linear" };
}

function exp12Authors(points: readonly Exp1PointSummary[]): Exp12Authors {
  const theirs = AUTHORS_RUNS.exp12.byP.flatMap((file) => authorsPoints(file));
  const thresholds = thresholdsByP(theirs);
  const rates = AUTHORS_RUNS.exp12.byP.flatMap((file) => compareRates(points.filter((s) => s.p === file.p), authorsPoints(file)));
  const { points: comparedPoints, differing, largestDifference } = comparisonCounts(rates);
  return { source: authorsSource("Data_exp_1_p_{50…400}.csv"), thresholds, ...thresholdFits(thresholds), comparedPoints, differing, largestDifference };
}

/** "+ 256" or "− 38": an intercept as the term it is in a label. */
function signedTerm(value: number): string {
  return `${value < 0 ? "−" : "+"} ${Math.abs(value).toFixed(0)}`;
}

export const exp12: Experiment = {
  id: ID,
  title: "Convergence threshold against the width, dimension 30",
  reference: { paper: "dana2025", figure: "Experiment 1.2 (Convergence_Threshold_p.png)", source: "arXiv:2502.16977, Section 5; grids from the authors' code, github.com/leodana2000/Convergence-High-Dimension" },
  presets: PRESETS,
  defaultPrecision: "float32",
  protocol(options) {
    const { d, ps, ns, reps } = presetGrid(options);
    return { d, ps, nsByP: Object.fromEntries(ps.map((p) => [p, ns(p)])), reps };
  },
  grid(options): GridPoint[] {
    const { d, ps, ns } = presetGrid(options);
    return ps.flatMap((p) => ns(p).map((n) => ({ key: `p=${p},n=${n}`, params: { n, d, p } })));
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
    const points = sortBy([...groupByPoint(rows).values()].map((group) => summarizeExp1Point(group)), (s) => s.p, (s) => s.n);
    const thresholds = thresholdsByP(points);
    const summary: Exp12Summary = {
      d,
      points,
      thresholds,
      ...thresholdFits(thresholds),
      authors: options.preset === "paper" ? exp12Authors(points) : null,
      totalRuns: rows.length,
    };
    return summary as unknown as Record<string, unknown>;
  },
  figures(summaryRecord): Figure[] {
    const summary = summaryRecord as unknown as Exp12Summary;
    const { thresholds, linear, logarithmic, d } = summary;
    const found = thresholds.filter((t) => t.threshold !== null);
    const missing = thresholds.filter((t) => t.threshold === null).map((t) => t.p);
    const pValues = thresholds.map((t) => t.p);
    const grid = pValues.length === 0 ? [] : linspace(pValues.reduce((extreme, value) => Math.min(extreme, value), Infinity), pValues.reduce((extreme, value) => Math.max(extreme, value), -Infinity), 100);
    const lines: DrawnLine[] = [];
    if (linear !== null) lines.push({ label: `linear fit N ≈ ${linear.slope.toFixed(2)}·p ${signedTerm(linear.intercept)} (RSS ${linear.rss.toPrecision(3)})`, color: "#e15759", dash: DASHED, points: grid.map((p) => ({ x: p, y: linear.intercept + linear.slope * p })) });
    if (logarithmic !== null) lines.push({ label: `logarithmic fit N ≈ ${logarithmic.slope.toFixed(1)}·ln p ${signedTerm(logarithmic.intercept)} (RSS ${logarithmic.rss.toPrecision(3)})`, color: "black", dash: DOTTED, points: grid.map((p) => ({ x: p, y: logarithmic.intercept + logarithmic.slope * Math.log(p) })) });
    const authors = summary.authors ?? null;
    if (authors !== null) {
      lines.push({ label: "the authors' runs (same estimator on their result files)", color: AUTHORS_COLOR, dash: [1, 0], points: authors.thresholds.flatMap((t) => (t.threshold === null ? [] : [{ x: t.p, y: t.threshold }])) });
    }
    const reps = [...new Set(summary.points.map((s) => s.reps))].join("/");
    const notes = [`threshold: unit-slope sigmoid fit on x = 80·n/n₀ (n₀ the first n of the p's grid), ${runsText(reps)} per (p, n)`, ...(missing.length === 0 ? [] : [`no transition in range at p = ${missing.join(", ")}`])];
    if (authors?.logarithmic) notes.push(`the authors' runs: logarithmic fit ${authors.logarithmic.slope.toFixed(1)}·ln p ${signedTerm(authors.logarithmic.intercept)}`);
    const threshold = lineChart({
      title: { text: `Convergence threshold against the number of neurons, d = ${d}`, subtitle: notes },
      points: found.map((t) => ({ ...t })),
      x: { field: "p", title: "p (number of neurons)" },
      y: { field: "threshold", title: `N(${d}, p) (samples)` },
      observedLabel: "fitted threshold N(p)",
      lines,
    });
    // Up to 36 widths: a heat map reads where a chart of 36 curves would blur.
    const curves = {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `Probability of reaching zero loss by number of samples and neurons, d = ${d}`, subtitle: `${runsText(reps)} per cell; blank cells were not run (the n grid depends on p, as in the authors' runs)` },
      data: { values: summary.points.map((s) => ({ n: s.n, p: s.p, rate: s.rate })) },
      mark: { type: "rect" },
      width: 480,
      height: 360,
      encoding: {
        x: { field: "n", type: "ordinal", title: "n (number of samples)", axis: { labelAngle: -90, labelExpr: new Set(summary.points.map((s) => s.n)).size > 15 ? "datum.value % 50 === 0 ? datum.label : ''" : "datum.label" } },
        y: { field: "p", type: "ordinal", title: "p (number of neurons)", sort: "descending" },
        color: { field: "rate", type: "quantitative", title: ["P(success)", "(fraction of runs)"], scale: { domain: [0, 1], scheme: "viridis" } },
      },
    };
    return [
      { name: "threshold-vs-p", vegaLite: threshold },
      { name: "success-rate-vs-n", vegaLite: curves },
    ];
  },
};
