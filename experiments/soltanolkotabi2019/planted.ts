/**
 * The planted-model protocol of Figures 2 and 3 (arXiv:1707.04926v3, Section 3): y = v*ᵀφ(W*x)
 * with v* = 1, x ~ N(0, I_d); per grid point, `repetitions` draws of W* (i.i.d. N(0,1)/√d), and
 * for each W* `runsPerTarget` gradient-descent runs on (v, W) from v₀ Rademacher, W₀ N(0,1)/√d.
 * One experiment run = one W*: it "has no spurious local minima" when every one of its runs
 * reaches a global minimum. The plotted value is the fraction of W*'s that pass (steps of
 * 1/repetitions) with its Hoeffding 95% interval (experiments/statistics.ts), and a logistic fit
 * whose 1/2 crossing is reported.
 *
 * Unreported by the paper, our readings (knobs in the presets): the step (halved on any increase,
 * see twoLayerGd.ts), the iteration budget, and "global minimum reached" := L_T ≤ 1e-6·L_zero with
 * L_zero = Σyᵢ²/(2n), the loss of the zero predictor (relative, so it does not depend on the
 * labels' scale). A run that stops above it is counted a failure, whether it sits at a spurious
 * minimum or is merely slow: the paper does not certify end points either.
 *
 * The cap (paper presets: 10⁶ iterations; the first 10⁵ sweeps left Fig 3's panel (b) at d = 30
 * and half of Fig 2's W* at k = 11 and d = 11 decided by runs still descending at the cap; quick:
 * 2·10⁴) must not move the transition, so every W* records the evidence: the slowest success, and each failed run's loss at half the
 * budget, which sorts failures into "stalled" (loss fell by less than 2× over the second half)
 * and "still descending". A W* whose failures are all still descending could pass with a larger
 * cap; the summary gives, per point, the pass fraction if all of them did (the figure marks it),
 * and over the sweep the slowest success against the cap. The transition stands where that upper
 * fraction crosses 1/2 at the same grid value as the measured one.
 */
import { seededRandom, deriveSeed } from "../../src/random/rng.js";
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row } from "../../src/reproduce/experiment.js";
import { DASHED, DOTTED, SERIES_COLORS, legendEncoding, type LegendEntry } from "../figureLegend.js";
import { successInterval } from "../statistics.js";
import { gaussianInputs, initialParameters, outputs, train, type Activation, type Problem } from "./twoLayerGd.js";

export const GLOBAL_TOLERANCE = 1e-6;

export interface PanelSpec {
  panel: string;
  /** The varied size's name, "k" or "d". */
  varied: "k" | "d";
  values: number[];
  fixed: { k?: number; d?: number };
}

export interface PlantedPreset {
  n: number;
  panels: PanelSpec[];
  repetitions: number;
  runsPerTarget: number;
  iterations: number;
  step: number;
}

/**
 * A failed run whose loss still fell by more than this factor over the second half of its budget
 * is "still descending": a larger cap might turn it into a success. One that fell by less is
 * "stalled" (at a spurious minimum, a saddle or a plateau: more iterations are not expected to
 * help). The split is the evidence that the cap does not move the transition.
 */
export const DESCENDING_FACTOR = 2;

/**
 * One W*: its runs, whether all of them reached the global minimum, and what the cap did: the
 * slowest success, and the failed runs still descending at the cap. `couldFlip`: the W* failed
 * only through still-descending runs, so a larger cap could make it pass.
 *
 * The runs stop at the first stalled failure: it decides `pass` (false) and `couldFlip` (false),
 * whatever the later runs do, and failed runs are what cost the full budget. So `runs` counts the
 * runs made (≤ runsPerTarget), and successes, worstRelativeLoss, meanIterations, slowestSuccess
 * and descendingFailures are over those runs; `pass` and `couldFlip` are what all runs would give.
 */
export function plantedRun(phi: Activation, n: number, d: number, k: number, preset: PlantedPreset, seed: string): Row {
  const targetRandom = seededRandom(deriveSeed(seed, "target"));
  const target = initialParameters(targetRandom, k, d, "ones");
  const X = gaussianInputs(targetRandom, n, d);
  const problem: Problem = { n, d, X, y: new Float64Array(n) };
  problem.y = outputs(problem, target, phi);
  const zeroLoss = problem.y.reduce((s, y) => s + y * y, 0) / (2 * n);
  const halfway = Math.floor(preset.iterations / 2);
  let successes = 0;
  let worstLoss = 0;
  let iterationsUsed = 0;
  let slowestSuccess = 0;
  let descendingFailures = 0;
  let runsMade = 0;
  for (let run = 0; run < preset.runsPerTarget; run++) {
    runsMade++;
    const params = initialParameters(seededRandom(deriveSeed(seed, "run", run)), k, d, "rademacher");
    const result = train(problem, params, phi, { step: preset.step, iterations: preset.iterations, trainV: true, stopLoss: GLOBAL_TOLERANCE * zeroLoss, checkpoints: [halfway] });
    const relative = result.loss / zeroLoss;
    if (relative <= GLOBAL_TOLERANCE) {
      successes++;
      slowestSuccess = Math.max(slowestSuccess, result.iterations);
    } else if (result.loss * DESCENDING_FACTOR < result.history[0]) descendingFailures++;
    worstLoss = Math.max(worstLoss, relative);
    iterationsUsed += result.iterations;
    // A stalled failure decides both outcomes of this W*: it fails, and no larger cap flips it.
    if (relative > GLOBAL_TOLERANCE && !(result.loss * DESCENDING_FACTOR < result.history[0])) break;
  }
  const failures = runsMade - successes;
  return {
    n,
    d,
    k,
    kd: k * d,
    runs: runsMade,
    successes,
    pass: successes === preset.runsPerTarget,
    worstRelativeLoss: worstLoss,
    meanIterations: iterationsUsed / runsMade,
    slowestSuccess,
    descendingFailures,
    couldFlip: failures > 0 && descendingFailures === failures,
  };
}

/**
 * Maximum-likelihood logistic fit of pass ~ 1/(1 + e^{−(a + b·(x − x̄))}) by damped Newton (step
 * halved until the log-likelihood rises; plain Newton overshoots on nearly separated data);
 * for (quasi-)separated data the step at the separating threshold; null when every outcome is
 * the same (no crossing in range).
 */
export function logisticCrossing(points: { x: number; passes: number; total: number }[]): { a: number; b: number; crossing: number } | null {
  const passes = points.reduce((s, p) => s + p.passes, 0);
  const total = points.reduce((s, p) => s + p.total, 0);
  if (passes === 0 || passes === total) return null;
  // (Quasi-)separated data — all failures on one side of a threshold t, all passes on the other,
  // mixed outcomes only at x = t — have no finite maximizer: the fit is a step at t (b = ±∞).
  const xs = [...new Set(points.map((p) => p.x))].sort((u, v) => u - v);
  // Midpoints first: complete separation puts the step between two grid values.
  const thresholds = [...xs.slice(1).map((x, i) => (x + xs[i]) / 2), ...xs];
  for (const t of thresholds) {
    for (const passesAbove of [true, false]) {
      const separated = points.every((p) => (p.x === t ? true : (p.x > t) === passesAbove ? p.passes === p.total : p.passes === 0));
      if (separated) return { a: NaN, b: passesAbove ? Infinity : -Infinity, crossing: t };
    }
  }
  const center = points.reduce((s, p) => s + p.x * p.total, 0) / total;
  const logLikelihood = (a: number, b: number) =>
    points.reduce((s, p) => {
      const t = a + b * (p.x - center);
      // log σ(t) = −log(1 + e^{−t}), log(1 − σ(t)) = −log(1 + e^{t}), both evaluated stably.
      const logSigma = -(Math.max(-t, 0) + Math.log1p(Math.exp(-Math.abs(t))));
      const logOneMinus = -(Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))));
      return s + p.passes * logSigma + (p.total - p.passes) * logOneMinus;
    }, 0);
  let a = 0;
  let b = 0;
  let current = logLikelihood(a, b);
  for (let iteration = 0; iteration < 200; iteration++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (const p of points) {
      const u = p.x - center;
      const q = 1 / (1 + Math.exp(-(a + b * u)));
      const residual = p.passes - p.total * q;
      const weight = p.total * q * (1 - q);
      ga += residual;
      gb += residual * u;
      haa += weight;
      hab += weight * u;
      hbb += weight * u * u;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) return null;
    let da = (hbb * ga - hab * gb) / det;
    let db = (haa * gb - hab * ga) / det;
    let next = logLikelihood(a + da, b + db);
    for (let halvings = 0; !(next > current) && halvings < 60; halvings++) {
      da /= 2;
      db /= 2;
      next = logLikelihood(a + da, b + db);
    }
    if (!(next >= current)) break;
    a += da;
    b += db;
    const gain = next - current;
    current = next;
    // Separated data: the likelihood keeps rising toward 0 with |b| → ∞.
    if (Math.abs(b) > 1e3) return null;
    if (gain < 1e-12) break;
  }
  return { a: a - b * center, b, crossing: center - a / b };
}

export function plantedExperiment(config: {
  id: string;
  title: string;
  figure: string;
  source: string;
  phi: Activation;
  /** The activation in words, for figure subtitles. */
  activationName: string;
  presets: Record<string, PlantedPreset>;
}): Experiment {
  const presetOf = (options: ExperimentOptions) => {
    const preset = config.presets[options.preset];
    if (!preset) throw new RangeError(`${config.id}: unknown preset ${options.preset}`);
    return preset;
  };
  return {
    id: config.id,
    title: config.title,
    reference: { paper: "soltanolkotabi2019", figure: config.figure, source: config.source },
    presets: Object.keys(config.presets),
    defaultPrecision: "float64",
    precisions: ["float64"],
    protocol: (options) => ({ ...presetOf(options) }),
    grid(options) {
      const preset = presetOf(options);
      const points: GridPoint[] = [];
      for (const panel of preset.panels) {
        for (const value of panel.values) {
          const k = panel.varied === "k" ? value : panel.fixed.k!;
          const d = panel.varied === "d" ? value : panel.fixed.d!;
          points.push({ key: `${panel.panel},n=${preset.n},d=${d},k=${k}`, params: { panel: panel.panel, varied: panel.varied, n: preset.n, d, k } });
        }
      }
      return points;
    },
    repetitions: (options) => options.reps ?? presetOf(options).repetitions,
    run(spec, options) {
      const { panel, n, d, k } = spec.point.params as { panel: string; n: number; d: number; k: number };
      return { panel, ...plantedRun(config.phi, n, d, k, presetOf(options), spec.seed) };
    },
    summarize(rows, options) {
      const panels = [...new Set(rows.map((r) => String(r.panel)))].sort();
      return {
        success: `all runs of a W* reach L ≤ ${GLOBAL_TOLERANCE}·Σy²/(2n)`,
        cap: {
          iterations: presetOf(options).iterations,
          slowestSuccess: rows.reduce((slowest, r) => Math.max(slowest, Number(r.slowestSuccess ?? 0)), 0),
          runsMade: rows.reduce((t, r) => t + Number(r.runs), 0),
          descendingFailures: rows.reduce((t, r) => t + Number(r.descendingFailures ?? 0), 0),
          failedRuns: rows.reduce((t, r) => t + Number(r.runs) - Number(r.successes), 0),
          targetsThatCouldFlip: rows.filter((r) => r.couldFlip === true).length,
          reading: `a failed run is still descending when its loss fell by more than ${DESCENDING_FACTOR}× over the second half of the budget; a W* could flip to pass with a larger cap only if all its failed runs were still descending; a W*'s runs stop at its first stalled failure, which decides both`,
        },
        panels: panels.map((panel) => {
          const inPanel = rows.filter((r) => r.panel === panel);
          const varied = inPanel.length > 0 && new Set(inPanel.map((r) => r.k)).size > 1 ? "k" : "d";
          const xs = [...new Set(inPanel.map((r) => Number(r[varied])))].sort((a, b) => a - b);
          const points = xs.map((x) => {
            const at = inPanel.filter((r) => Number(r[varied]) === x);
            const passes = at.filter((r) => r.pass === true).length;
            const { lo, hi, halfWidth } = successInterval(passes, at.length);
            const couldFlip = at.filter((r) => r.couldFlip === true).length;
            return {
              x,
              kd: Number(at[0].kd),
              passes,
              total: at.length,
              fraction: passes / at.length,
              lo,
              hi,
              halfWidth,
              medianWorstRelativeLoss: at.map((r) => Number(r.worstRelativeLoss)).sort((a, b) => a - b)[Math.floor(at.length / 2)],
              couldFlip,
              fractionWithLargerCap: (passes + couldFlip) / at.length,
              slowestSuccess: at.reduce((slowest, r) => Math.max(slowest, Number(r.slowestSuccess ?? 0)), 0),
              descendingFailures: at.reduce((t, r) => t + Number(r.descendingFailures ?? 0), 0),
            };
          });
          const fit = logisticCrossing(points);
          const fixedName = varied === "k" ? "d" : "k";
          return {
            panel,
            varied,
            fixed: { [fixedName]: Number(inPanel[0][fixedName]), n: Number(inPanel[0].n) },
            runsPerTarget: presetOf(options).runsPerTarget,
            points,
            halfCrossing: fit?.crossing ?? null,
            logistic: fit && Number.isFinite(fit.b) ? fit : null,
            separated: fit !== null && !Number.isFinite(fit.b),
          };
        }),
      };
    },
    figures(summary): Figure[] {
      return ((summary.panels ?? []) as PlantedPanelSummary[]).map((p) => ({ name: `success-${p.panel}`, vegaLite: plantedPanelChart(config.figure, config.activationName, p) }));
    },
  };
}

interface PlantedPanelSummary {
  panel: string;
  varied: "k" | "d";
  fixed: Record<string, number>;
  runsPerTarget: number;
  points: { x: number; fraction: number; lo: number; hi: number; total: number; couldFlip?: number; fractionWithLargerCap?: number }[];
  halfCrossing: number | null;
  logistic: { a: number; b: number } | null;
  separated: boolean;
}

const SIZE_TITLES = { k: "k (hidden units)", d: "d (input dimension)" } as const;
const FRACTION_TITLE = ["fraction of planted W* whose every GD run", "reaches a global minimum (Hoeffding 95% bars)"];

/** The 1/2 crossing when it lies on the panel's grid (a fit outside it is an extrapolation, not a transition). */
function crossingInRange(p: PlantedPanelSummary): number | null {
  if (p.halfCrossing === null || p.points.length === 0) return null;
  const xs = p.points.map((point) => point.x);
  return p.halfCrossing >= xs.reduce((extreme, value) => Math.min(extreme, value), Infinity) && p.halfCrossing <= xs.reduce((extreme, value) => Math.max(extreme, value), -Infinity) ? p.halfCrossing : null;
}

/** One panel: the pass fraction against the varied size, Hoeffding bars, the logistic fit and its 1/2 crossing in the legend. */
function plantedPanelChart(figure: string, activationName: string, p: PlantedPanelSummary): Record<string, unknown> {
  const xTitle = SIZE_TITLES[p.varied];
  const x = { field: "x", type: "quantitative", title: xTitle, scale: { zero: false, padding: 12 } };
  const y = { type: "quantitative", title: FRACTION_TITLE, scale: { domain: [0, 1] } };
  const fixed = Object.entries(p.fixed).map(([name, value]) => `${name} = ${value}`).join(", ");
  const reps = [...new Set(p.points.map((point) => point.total))].join("/");
  const crossing = crossingInRange(p);
  const observed = "fraction of W* (Hoeffding 95% bars)";
  const entries: LegendEntry[] = [{ label: observed, color: SERIES_COLORS[0] }];
  const { logistic } = p;
  const fitLabel = logistic !== null && crossing !== null ? `logistic fit (maximum likelihood)` : null;
  const ruleLabel = crossing === null ? null : p.separated ? `outcomes separate at ${p.varied} = ${crossing}` : `1/2 crossing of the fit, ${p.varied} ≈ ${crossing.toFixed(2)}`;
  if (fitLabel !== null) entries.push({ label: fitLabel, color: "black", dash: DASHED });
  if (ruleLabel !== null) entries.push({ label: ruleLabel, color: "#b2182b", dash: DOTTED });
  const flippable = p.points.filter((point) => (point.couldFlip ?? 0) > 0);
  const capLabel = "if every run still descending at the cap had succeeded";
  if (flippable.length > 0) entries.push({ label: capLabel, color: "#f28e2b", symbol: "triangle-up" });
  const layers: Record<string, unknown>[] = [
    { data: { values: p.points }, mark: { type: "errorbar", ticks: true }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, ...legendEncoding(entries, { datum: observed }) } },
    { data: { values: p.points }, mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: { ...y, field: "fraction" }, ...legendEncoding(entries, { datum: observed }) } },
  ];
  if (logistic !== null && fitLabel !== null && p.points.length > 1) {
    const lo = p.points[0].x;
    const hi = p.points[p.points.length - 1].x;
    const curve = Array.from({ length: 101 }, (_, i) => lo + ((hi - lo) * i) / 100).map((at) => ({ x: at, fitted: 1 / (1 + Math.exp(-(logistic.a + logistic.b * at))) }));
    layers.push({ data: { values: curve }, mark: { type: "line", strokeWidth: 2, strokeDash: DASHED }, encoding: { x, y: { ...y, field: "fitted" }, ...legendEncoding(entries, { datum: fitLabel }) } });
  }
  if (flippable.length > 0) layers.push({ data: { values: flippable }, mark: { type: "point", shape: "triangle-up", filled: true, size: 60 }, encoding: { x, y: { ...y, field: "fractionWithLargerCap" }, ...legendEncoding(entries, { datum: capLabel }) } });
  if (ruleLabel !== null) layers.push({ data: { values: [{ x: crossing }] }, mark: { type: "rule", strokeWidth: 1.5, strokeDash: DOTTED }, encoding: { x, ...legendEncoding(entries, { datum: ruleLabel }) } });
  const verdict = crossing === null ? "; no transition in range" : "";
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: `${figure}${p.panel}: planted targets W* for which every gradient-descent run reaches a global minimum`,
      subtitle: `${activationName}; ${p.varied} varied, ${fixed}; ${reps} W* per point, ${p.runsPerTarget} runs from random starts each${verdict}`,
    },
    width: 420,
    height: 280,
    layer: layers,
  };
}
