/**
 * dana2025 Experiment 1.0, "Likelihood of global convergence in dimension 100" (spec §8.2;
 * REPO Images/CV_probability_2.png and the two-panel CV_probability.png).
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
import { curveLayer, linspace, lineChart, successRateChart, verticalRule } from "./figures.js";
import {
  WIDTH_EPSILON,
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

/** The REPO figure's cosmetic logistic slope, per sample (§8.2), at d = 100; scaled by 100/d elsewhere. */
const COSMETIC_SLOPE_AT_D100 = 40 / 1300;

function presetGrid(options: ExperimentOptions): PresetGrid {
  const grid = (GRIDS as Record<string, PresetGrid | undefined>)[options.preset];
  if (grid === undefined) throw unknownPreset(ID, options.preset, PRESETS);
  return grid;
}

export interface Exp10Summary {
  d: number;
  points: Exp1PointSummary[];
  /** fit_sigmoid on raw n: the n where P(success) crosses 1/2. */
  threshold: number;
  thresholdOverD: number;
  /** d·p_max, the parameter count of the widest network on the grid (REPO's "Over-parametrization" star). */
  overParametrization: number;
  totalRuns: number;
}

export const exp10: Experiment = {
  id: ID,
  title: "Likelihood of global convergence in dimension 100",
  reference: { paper: "dana2025", figure: "Experiment 1.0 (CV_probability_2.png, CV_probability.png)", spec: "dana2025.md §8.2" },
  presets: PRESETS,
  defaultPrecision: "float32",
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
    const fit = fitSigmoid(points.map((s) => s.n), points.map((s) => s.rate));
    const summary: Exp10Summary = {
      d,
      points,
      threshold: fit.center,
      thresholdOverD: fit.center / d,
      overParametrization: d * points.map((s) => s.p).reduce((extreme, value) => Math.max(extreme, value), -Infinity),
      totalRuns: rows.length,
    };
    return summary as unknown as Record<string, unknown>;
  },
  figures(summaryRecord): Figure[] {
    const summary = summaryRecord as unknown as Exp10Summary;
    const { points, threshold, d } = summary;
    const ns = points.map((s) => s.n);
    const lo = ns.reduce((extreme, value) => Math.min(extreme, value), Infinity);
    const hi = ns.reduce((extreme, value) => Math.max(extreme, value), -Infinity);
    const slope = (COSMETIC_SLOPE_AT_D100 * 100) / d;
    const curve = linspace(lo, hi, 200).map((n) => ({ n, fitted: sigmoid(-(n - threshold) * slope) }));
    const success = successRateChart({
      title: `Exp 1.0: P(reach 0) vs n (d = ${d}, p = nb_neurons(n, 0.05)); fitted threshold N ≈ ${threshold.toFixed(0)}`,
      points: points.map((s) => ({ ...s })),
      x: { field: "n", title: "n (number of samples)" },
      extraLayers: [curveLayer(curve, "n", "fitted"), ...verticalRule(threshold, `N ≈ ${threshold.toFixed(0)}`)],
    });
    const remaining = lineChart({
      title: `Exp 1.0: remaining loss L(T)/L(0) (successes counted as 0), d = ${d}`,
      points: points.map((s) => ({ n: s.n, lossTrend: s.lossTrend })),
      x: { field: "n", title: "n (number of samples)" },
      y: { field: "lossTrend", title: "mean L(T)/L(0) (fraction of the initial loss)", zero: true },
    });
    return [
      { name: "success-rate", vegaLite: success },
      { name: "remaining-loss", vegaLite: remaining },
    ];
  },
};
