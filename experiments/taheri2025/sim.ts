/**
 * taheri2025/sim — a simulation protocol for arXiv:2205.04491, Section "Simulations" (the paper's
 * own numbers and protocol were not found; this is a reconstruction): synthetic data x ~ N(0, I_d), a
 * network target, Gaussian noise, tuning r = c·σ√(2 log(2wd)/n), a float proximal-gradient
 * finder, and per run the quantities the catalogue's guarantees are about.
 *
 * Two models, as in the paper's simulations (sizes known secondhand, from a public review):
 * - "linear": d = 100, w = 20, target b* = Θ*ᵀγ* with two neurons, rows ‖Θ*_j‖₁ = 1 (3 nonzeros),
 *   |γ*_j| ∈ [0.5, 1.5]; the network trained from a small random start under penalty variant A or B
 *   (setting `penalty`); benchmark: the Lasso at λ = r (variant A's global optimum, derived here);
 * - "relu": d = w = 10, Θ* = I + (0.05/√d)·N, γ* with 3 nonzeros; Θ̃ = Θ* + δ̃·N/√d fixed and γ̃ the
 *   Lasso in relu(XΘ̃ᵀ) (γ-stationary points, as in taheri2025/theorem3-relu), δ̃ ∈ {0, 0.01, 0.05, 0.2}.
 *
 * Recorded per run: in-sample error ‖f* − f̃‖²_n, computed in decimal arithmetic (40 digits) from the
 * float parameters — exact for the parameters the finder returned; the excess population risk
 * from the closed forms of populationRisk.ts; r against r_orc; ‖γ̃‖₁ against η = √log n; the D2 residual
 * dist(0, ∂obj); and the ratios whose maxima are the smallest constants for which the
 * reconstructed bounds held on every sampled instance:
 *   thm1Ratio = error/(λ_eff‖b*‖₁) (taheri2025/theorem1-linear; claimed C = 2 on λ_eff ≥ r_orc),
 *   templateRatio = error/(r(‖γ*‖₁ + η)) (our reconstructed Theorem 1 template, taheri2025/theorem1-paper-form, C unknown),
 *   lassoRatio = lasso error/(r‖b*‖₁) (the Lasso oracle benchmark, C = 2 on r ≥ r_orc),
 *   thm3Ratio = error/((‖γ*‖₁δB)² + 2r‖γ*‖₁) (taheri2025/theorem3-relu, C = 1 on r ≥ r_orc(Θ̃)),
 *   thm3SharpRatio = error/((Σ_j|γ*_j|‖X(Θ*_j − Θ̃_j)‖_n)² + 2r‖γ*‖₁) (the sharper form of taheri2025/theorem3-relu).
 * Runs in float64 only (float32 is refused).
 */
import { decimalField } from "../../src/field/decimal.js";
import { float64Field } from "../../src/field/float64.js";
import { InputError } from "../../src/io/inputError.js";
import { deriveSeed, gaussian, rademacher, seededRandom, uniformBetween, type Random } from "../../src/random/rng.js";
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row, RunSpec } from "../../src/reproduce/experiment.js";
import { proximalGradient, type FloatParams } from "../../src/penalized/proximalGradient.js";
import { floatSphereTolerance, stationarityResidual } from "../../src/penalized/stationarity.js";
import type { PenaltyVariant } from "../../src/penalized/penalties.js";
import { legendEncoding, seriesEntries, type LegendEntry } from "../figureLegend.js";
import { meanInterval } from "../statistics.js";
import { endToEnd, linearExcessRisk, reluExcessRisk } from "./populationRisk.js";

interface Preset {
  linear: { d: number; w: number; n: number[]; sigma: number[]; c: number[]; penalty: PenaltyVariant[] };
  relu: { d: number; n: number[]; sigma: number[]; c: number[]; deltaTilde: number[] };
  reps: number;
  maxIterations: number;
}

const PRESETS: Record<string, Preset> = {
  smoke: {
    linear: { d: 10, w: 5, n: [100], sigma: [0.5], c: [2], penalty: ["B"] },
    relu: { d: 5, n: [100], sigma: [0.5], c: [2], deltaTilde: [0.05] },
    reps: 2,
    maxIterations: 2000,
  },
  quick: {
    linear: { d: 100, w: 20, n: [250, 1000], sigma: [0.5], c: [1, 2], penalty: ["A", "B"] },
    relu: { d: 10, n: [250, 1000], sigma: [0.5], c: [1, 2], deltaTilde: [0, 0.05, 0.2] },
    reps: 3,
    maxIterations: 5000,
  },
  paper: {
    linear: { d: 100, w: 20, n: [250, 500, 1000, 2000], sigma: [0.1, 0.5, 1], c: [1, 2], penalty: ["A", "B"] },
    relu: { d: 10, n: [250, 500, 1000, 2000], sigma: [0.1, 0.5, 1], c: [1, 2], deltaTilde: [0, 0.01, 0.05, 0.2] },
    reps: 20,
    maxIterations: 20000,
  },
};

function preset(options: ExperimentOptions): Preset {
  const p = PRESETS[options.preset];
  if (!p) throw new InputError(`taheri2025/sim: unknown preset "${options.preset}" (known: ${Object.keys(PRESETS).join(", ")})`);
  return p;
}

function grid(options: ExperimentOptions): GridPoint[] {
  const p = preset(options);
  const points: GridPoint[] = [];
  const { linear, relu } = p;
  for (const n of linear.n)
    for (const sigma of linear.sigma)
      for (const c of linear.c)
        for (const penalty of linear.penalty)
          points.push({ key: `linear,n=${n},sigma=${sigma},c=${c},pen=${penalty}`, params: { model: "linear", d: linear.d, w: linear.w, n, sigma, c, penalty } });
  for (const n of relu.n)
    for (const sigma of relu.sigma)
      for (const c of relu.c)
        for (const deltaTilde of relu.deltaTilde)
          points.push({ key: `relu,n=${n},sigma=${sigma},c=${c},dt=${deltaTilde}`, params: { model: "relu", d: relu.d, w: relu.d, n, sigma, c, deltaTilde } });
  return points;
}

const gaussianMatrix = (random: Random, rows: number, columns: number, scale = 1) => Array.from({ length: rows }, () => Array.from({ length: columns }, () => scale * gaussian(random)));
const relu = (z: number) => (z > 0 ? z : 0);

const D = decimalField({ digits: 40 });
type DecimalValue = ReturnType<typeof D.fromNumber>;

/** ‖a − b‖²_n in decimal arithmetic (40 digits) from float inputs: exact for these doubles up to 40-digit rounding. */
function decimalSquaredDistance(a: readonly DecimalValue[], b: readonly DecimalValue[]): number {
  let total = D.zero;
  for (let i = 0; i < a.length; i++) {
    const diff = D.sub(a[i], b[i]);
    total = D.add(total, D.mul(diff, diff));
  }
  return D.toNumber(D.div(total, D.fromNumber(a.length)));
}

/**
 * The decimal products Σ_k x_ik v_k (terms with x_ik = 0 or v_k = 0 skipped), one array over i per
 * vector v. Why not one dot at a time: converting a double to decimal costs more than the product,
 * and each x_ik is converted here once for all vectors (same sums, same order, same values).
 */
function decimalProducts(X: readonly (readonly number[])[], vectors: readonly (readonly number[])[]): DecimalValue[][] {
  const converted = vectors.map((v) => v.map((value) => (value !== 0 ? D.fromNumber(value) : null)));
  const products = vectors.map(() => new Array<DecimalValue>(X.length));
  const row: (DecimalValue | undefined)[] = [];
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    row.length = 0;
    vectors.forEach((v, m) => {
      let total = D.zero;
      for (let k = 0; k < x.length; k++) {
        const vk = converted[m][k];
        if (vk === null || x[k] === 0) continue;
        row[k] ??= D.fromNumber(x[k]);
        total = D.add(total, D.mul(row[k]!, vk));
      }
      products[m][i] = total;
    });
  }
  return products;
}

function maxAbs(v: readonly number[]): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

function oracle(Z: readonly (readonly number[])[], u: readonly number[]): number {
  const w = Z[0].length;
  let best = 0;
  for (let k = 0; k < w; k++) {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += Z[i][k] * u[i];
    best = Math.max(best, Math.abs(s));
  }
  return (2 * best) / u.length;
}

function runLinear(spec: RunSpec, p: Preset): Row {
  const { d, w, n, sigma, c } = spec.point.params as { d: number; w: number; n: number; sigma: number; c: number };
  const penalty = spec.point.params.penalty as PenaltyVariant;
  const dataRandom = seededRandom(deriveSeed(spec.seed, "data"));
  const truthRandom = seededRandom(deriveSeed(spec.seed, "truth"));
  const initRandom = seededRandom(deriveSeed(spec.seed, "init"));
  const thetaStar = [0, 1].map(() => {
    const row = new Array<number>(d).fill(0);
    const chosen = new Set<number>();
    while (chosen.size < 3) chosen.add(Math.floor(truthRandom.uniform() * d));
    for (const k of chosen) row[k] = gaussian(truthRandom);
    const l1 = row.reduce((t, v) => t + Math.abs(v), 0);
    return row.map((v) => v / l1);
  });
  const gammaStar = [0, 1].map(() => rademacher(truthRandom) * uniformBetween(truthRandom, 0.5, 1.5));
  const bStar = endToEnd(gammaStar, thetaStar);
  const X = gaussianMatrix(dataRandom, n, d);
  const u = Array.from({ length: n }, () => sigma * gaussian(dataRandom));
  const fStar = X.map((x) => x.reduce((t, v, k) => t + v * bStar[k], 0));
  const y = fStar.map((f, i) => f + u[i]);
  const r = c * sigma * Math.sqrt((2 * Math.log(2 * w * d)) / n);
  // γ_j ~ N(0, 1), Θ_j ~ N(0, I/d): outputs of the order of the signal. A small start falls into the
  // origin, a strict local minimum under variant B (the penalty is first order there, the loss second order).
  const start: FloatParams = { gamma: Array.from({ length: w }, () => gaussian(initRandom)), theta: gaussianMatrix(initRandom, w, d, 1 / Math.sqrt(d)) };
  const problem = { X, y, activation: { name: "identity" as const }, r, variant: penalty };
  const result = proximalGradient(problem, start, { maxIterations: p.maxIterations, tolerance: 1e-8 });
  const b = endToEnd(result.params.gamma, result.params.theta);
  // Benchmark: the Lasso at λ = r (variant A's global optimum), by the same finder with Θ = I frozen.
  const identity = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? 1 : 0)));
  const lasso = proximalGradient({ X, y, activation: { name: "identity" }, r, variant: "C", fixedTheta: true }, { gamma: new Array<number>(d).fill(0), theta: identity }, { maxIterations: p.maxIterations, tolerance: 1e-8 });
  const [truthOutputs, networkOutputs, lassoOutputs] = decimalProducts(X, [bStar, b, lasso.params.gamma]);
  const error = decimalSquaredDistance(truthOutputs, networkOutputs);
  const lassoError = decimalSquaredDistance(truthOutputs, lassoOutputs);
  const rOracle = oracle(X, u);
  const a = maxAbs(result.params.gamma);
  const lambdaEff = penalty === "B" ? (a > 0 ? r / a : Infinity) : r;
  const gammaL1 = result.params.gamma.reduce((t, v) => t + Math.abs(v), 0);
  const gammaStarL1 = gammaStar.reduce((t, v) => t + Math.abs(v), 0);
  const bStarL1 = bStar.reduce((t, v) => t + Math.abs(v), 0);
  const eta = Math.sqrt(Math.log(n));
  const residual = stationarityResidual(float64Field, { X, y, activation: { name: "identity" } }, penalty, r, result.params, floatSphereTolerance(d)).total;
  return {
    model: "linear",
    penalty,
    n,
    d,
    w,
    sigma,
    c,
    r,
    rOracle,
    aboveOracle: lambdaEff >= rOracle,
    lambdaEff: Number.isFinite(lambdaEff) ? lambdaEff : null,
    inSampleError: error,
    excessRisk: linearExcessRisk(bStar, b),
    lassoError,
    lassoExcessRisk: linearExcessRisk(bStar, lasso.params.gamma),
    predictionGapToLasso: decimalSquaredDistance(networkOutputs, lassoOutputs),
    gammaL1,
    eta,
    reasonable: gammaL1 <= eta,
    activeNeurons: result.params.gamma.filter((g) => g !== 0).length,
    d2Residual: residual === undefined ? null : Math.sqrt(residual),
    gradientMapping: result.gradientMapping,
    iterations: result.iterations,
    converged: result.converged,
    bStarL1,
    gammaStarL1,
    thm1Ratio: Number.isFinite(lambdaEff) && bStarL1 > 0 ? error / (lambdaEff * bStarL1) : null,
    templateRatio: error / (r * (gammaStarL1 + eta)),
    lassoRatio: lassoError / (r * bStarL1),
    thm3Ratio: null,
    thm3SharpRatio: null,
  };
}

function runRelu(spec: RunSpec, p: Preset): Row {
  const { d, n, sigma, c, deltaTilde } = spec.point.params as { d: number; n: number; sigma: number; c: number; deltaTilde: number };
  const w = d;
  const dataRandom = seededRandom(deriveSeed(spec.seed, "data"));
  const truthRandom = seededRandom(deriveSeed(spec.seed, "truth"));
  const tildeRandom = seededRandom(deriveSeed(spec.seed, "theta-tilde"));
  const deltaStar = 0.05;
  const thetaStar = gaussianMatrix(truthRandom, w, d, deltaStar / Math.sqrt(d)).map((row, j) => row.map((v, k) => v + (j === k ? 1 : 0)));
  const gammaStar = new Array<number>(w).fill(0);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(3, w)) chosen.add(Math.floor(truthRandom.uniform() * w));
  for (const j of chosen) gammaStar[j] = rademacher(truthRandom) * uniformBetween(truthRandom, 0.5, 1.5);
  const thetaTilde = thetaStar.map((row) => row.map((v) => v + (deltaTilde * gaussian(tildeRandom)) / Math.sqrt(d)));
  const X = gaussianMatrix(dataRandom, n, d);
  const u = Array.from({ length: n }, () => sigma * gaussian(dataRandom));
  const features = (theta: number[][]) => X.map((x) => theta.map((row) => relu(row.reduce((t, v, k) => t + v * x[k], 0))));
  const Zstar = features(thetaStar);
  const Z = features(thetaTilde);
  const fStar = Zstar.map((z) => z.reduce((t, v, j) => t + v * gammaStar[j], 0));
  const y = fStar.map((f, i) => f + u[i]);
  const r = c * sigma * Math.sqrt((2 * Math.log(2 * w * d)) / n);
  const identity = Array.from({ length: w }, (_, j) => Array.from({ length: w }, (_, k) => (j === k ? 1 : 0)));
  // γ̃ = the Lasso in the fixed features Z (Θ̃ frozen): a γ-stationary point of every penalty variant.
  const lasso = proximalGradient({ X: Z, y, activation: { name: "identity" }, r, variant: "C", fixedTheta: true }, { gamma: new Array<number>(w).fill(0), theta: identity }, { maxIterations: p.maxIterations, tolerance: 1e-10 });
  const gamma = lasso.params.gamma;
  const error = decimalSquaredDistance(decimalProducts(Zstar, [gammaStar])[0], decimalProducts(Z, [gamma])[0]);
  const rOracle = oracle(Z, u);
  const gammaStarL1 = gammaStar.reduce((t, v) => t + Math.abs(v), 0);
  const rowDistance = (theta: number[][]) => theta.map((row, j) => Math.hypot(...row.map((v, k) => v - (j === k ? 1 : 0)))).reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  const delta = 2 * Math.max(rowDistance(thetaTilde), rowDistance(thetaStar));
  const B = Math.sqrt(X.map((x) => x.reduce((t, v) => t + v * v, 0)).reduce((extreme, value) => Math.max(extreme, value), -Infinity));
  const thm3Bound = (gammaStarL1 * delta * B) ** 2 + 2 * r * gammaStarL1;
  const sharpFirst = gammaStar.reduce((t, g, j) => {
    if (g === 0) return t;
    const diffs = X.map((x) => x.reduce((s, v, k) => s + v * (thetaStar[j][k] - thetaTilde[j][k]), 0));
    return t + Math.abs(g) * Math.sqrt(diffs.reduce((s, v) => s + v * v, 0) / n);
  }, 0);
  const sharpBound = sharpFirst ** 2 + 2 * r * gammaStarL1;
  const gammaL1 = gamma.reduce((t, v) => t + Math.abs(v), 0);
  const eta = Math.sqrt(Math.log(n));
  const residual = stationarityResidual(float64Field, { X: Z, y, activation: { name: "identity" } }, "C", r, { gamma, theta: identity }).gamma.reduce((t, v) => t + v, 0);
  return {
    model: "relu",
    penalty: "gamma-only",
    n,
    d,
    w,
    sigma,
    c,
    deltaTilde,
    r,
    rOracle,
    aboveOracle: r >= rOracle,
    lambdaEff: r,
    inSampleError: error,
    excessRisk: reluExcessRisk(gammaStar, thetaStar, gamma, thetaTilde),
    lassoError: null,
    lassoExcessRisk: null,
    predictionGapToLasso: null,
    gammaL1,
    eta,
    reasonable: gammaL1 <= eta,
    activeNeurons: gamma.filter((g) => g !== 0).length,
    d2Residual: Math.sqrt(residual),
    gradientMapping: lasso.gradientMapping,
    iterations: lasso.iterations,
    converged: lasso.converged,
    bStarL1: null,
    gammaStarL1,
    delta,
    inputRadius: B,
    thm1Ratio: null,
    templateRatio: error / (r * (gammaStarL1 + eta)),
    lassoRatio: null,
    thm3Ratio: error / thm3Bound,
    thm3SharpRatio: error / sharpBound,
  };
}

function run(spec: RunSpec, options: ExperimentOptions): Row {
  if (options.precision !== "float64") throw new InputError("taheri2025/sim: runs in float64 only (--float32 is not supported)");
  const p = preset(options);
  return spec.point.params.model === "linear" ? runLinear(spec, p) : runRelu(spec, p);
}

const numeric = (rows: readonly Row[], key: string) => rows.map((row) => row[key]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
const maximum = (values: number[]) => (values.length ? values.reduce((extreme, value) => Math.max(extreme, value), -Infinity) : null);
const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mean = (values: number[]) => (values.length ? values.reduce((t, v) => t + v, 0) / values.length : null);

/** Least-squares slope of log y on log x. */
function logLogSlope(points: { x: number; y: number }[]): number | null {
  const usable = points.filter((p) => p.x > 0 && p.y > 0);
  if (new Set(usable.map((p) => p.x)).size < 2) return null;
  const lx = usable.map((p) => Math.log(p.x));
  const ly = usable.map((p) => Math.log(p.y));
  const mx = mean(lx)!;
  const my = mean(ly)!;
  const sxy = lx.reduce((t, v, k) => t + (v - mx) * (ly[k] - my), 0);
  const sxx = lx.reduce((t, v) => t + (v - mx) ** 2, 0);
  return sxy / sxx;
}

/**
 * Per grid point: medians and maxima, and the mean in-sample error with its 95% normal interval
 * (± 1.96 s.e. over the repetitions, null bounds with one repetition); per model: the smallest constants for which each bound held on
 * every sampled instance where its assumptions did (max ratio over rows with r ≥ r_orc — and, for
 * Theorem 1, with the network's γ̃ ≠ 0), with the count of rows it is taken over; slopes of the
 * mean in-sample error in n.
 */
function summarize(rows: readonly Row[]): Record<string, unknown> {
  const points = [...new Set(rows.map((row) => String(row.point)))].sort();
  const perPoint = points.map((point) => {
    const group = rows.filter((row) => row.point === point);
    const first = group[0];
    const errors = numeric(group, "inSampleError");
    const errorInterval = errors.length > 0 ? meanInterval(errors) : null;
    return {
      point,
      model: first.model,
      penalty: first.penalty,
      n: first.n,
      sigma: first.sigma,
      c: first.c,
      deltaTilde: first.deltaTilde ?? null,
      runs: group.length,
      medianError: median(numeric(group, "inSampleError")),
      meanError: mean(errors),
      meanErrorStandardError: errorInterval?.standardError ?? null,
      meanErrorLo: errorInterval?.lo ?? null,
      meanErrorHi: errorInterval?.hi ?? null,
      medianExcessRisk: median(numeric(group, "excessRisk")),
      medianLassoError: median(numeric(group, "lassoError")),
      medianGapToLasso: median(numeric(group, "predictionGapToLasso")),
      reasonableShare: group.filter((row) => row.reasonable === true).length / group.length,
      aboveOracleShare: group.filter((row) => row.aboveOracle === true).length / group.length,
      convergedShare: group.filter((row) => row.converged === true).length / group.length,
      maxD2Residual: maximum(numeric(group, "d2Residual")),
      maxThm1Ratio: maximum(numeric(group, "thm1Ratio")),
      maxTemplateRatio: maximum(numeric(group, "templateRatio")),
      maxThm3Ratio: maximum(numeric(group, "thm3Ratio")),
      maxThm3SharpRatio: maximum(numeric(group, "thm3SharpRatio")),
    };
  });
  const onEvent = rows.filter((row) => row.aboveOracle === true);
  const constant = (model: string, key: string, extra: (row: Row) => boolean = () => true) => {
    const used = onEvent.filter((row) => row.model === model && extra(row));
    return { smallestConstant: maximum(numeric(used, key)), over: used.length, of: rows.filter((row) => row.model === model).length };
  };
  const slopes: Record<string, number | null> = {};
  for (const key of new Set(perPoint.map((p) => `${p.model},sigma=${p.sigma},c=${p.c},${p.model === "linear" ? `pen=${p.penalty}` : `dt=${p.deltaTilde}`}`))) {
    slopes[key] = logLogSlope(perPoint.filter((p) => `${p.model},sigma=${p.sigma},c=${p.c},${p.model === "linear" ? `pen=${p.penalty}` : `dt=${p.deltaTilde}`}` === key).map((p) => ({ x: Number(p.n), y: Number(p.meanError) })));
  }
  return {
    runs: rows.length,
    constants: {
      theorem1LassoEffective: { claimed: 2, ...constant("linear", "thm1Ratio", (row) => typeof row.thm1Ratio === "number") },
      theorem1Template: { claimed: null, ...constant("linear", "templateRatio") },
      lassoBenchmark: { claimed: 2, ...constant("linear", "lassoRatio") },
      theorem3DeltaForm: { claimed: 1, ...constant("relu", "thm3Ratio") },
      theorem3Sharp: { claimed: 1, ...constant("relu", "thm3SharpRatio") },
      reluTemplate: { claimed: null, ...constant("relu", "templateRatio") },
    },
    errorSlopeInN: slopes,
    points: perPoint,
  };
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The series of a point inside its (model, σ) panel: c and the penalty variant (linear) or δ̃ (ReLU). */
const seriesOf = (p: Record<string, unknown>) => (p.model === "linear" ? `linear: c = ${p.c}, penalty ${p.penalty}` : `ReLU: c = ${p.c}, δ̃ = ${p.deltaTilde}`);

/** Tableau 20's pairs (dark, light) of six hues: one hue per penalty or δ̃, dark for the smallest c. */
const HUE_PAIRS: [string, string][] = [["#4e79a7", "#a0cbe8"], ["#f28e2b", "#ffbe7d"], ["#59a14f", "#8cd17d"], ["#e15759", "#ff9d9a"], ["#b07aa1", "#d4a6c8"], ["#9d7660", "#d7b5a6"]];

/**
 * Legend entries for the series (up to 12 at the paper preset, more than a 10-color palette):
 * each penalty variant or δ̃ gets its own hue, c picks the shade, so no two series share a color
 * and the legend shows the structure. Beyond six hues or two c values colors cycle.
 */
function seriesLegendOf(points: readonly Record<string, unknown>[]): LegendEntry[] {
  const variantOf = (p: Record<string, unknown>) => (p.model === "linear" ? `linear ${p.penalty}` : `relu ${p.deltaTilde}`);
  const variants = [...new Set(points.map(variantOf))].sort();
  const cs = [...new Set(points.map((p) => Number(p.c)))].sort((a, b) => a - b);
  const seen = new Map<string, Record<string, unknown>>();
  for (const p of points) seen.set(seriesOf(p), p);
  return [...seen.keys()].sort().map((label) => {
    const p = seen.get(label)!;
    const pair = HUE_PAIRS[variants.indexOf(variantOf(p)) % HUE_PAIRS.length];
    return { label, color: pair[cs.indexOf(Number(p.c)) % 2] };
  });
}

/** Facet row labels in words, with the sizes of the preset. */
function modelLabels(options: ExperimentOptions): Record<string, string> {
  const { linear, relu } = preset(options);
  return { linear: `linear network, d = ${linear.d}, w = ${linear.w}`, relu: `ReLU network, d = w = ${relu.d}` };
}

/** Rows: model; columns: noise level. Labels in words; each panel keeps its own axes. */
function facetBy(labels: Record<string, string>): Record<string, unknown> {
  const rowLabel = `datum.value === 'linear' ? ${JSON.stringify(labels.linear)} : ${JSON.stringify(labels.relu)}`;
  return {
    row: { field: "model", type: "nominal", title: null, header: { labelExpr: rowLabel, labelAngle: 0, labelAlign: "left", labelOrient: "top", labelFontWeight: "bold" } },
    column: { field: "sigma", type: "ordinal", title: null, header: { labelExpr: "'noise σ = ' + datum.value" } },
  };
}

const BOUND_LABELS: [string, string][] = [
  ["maxThm1Ratio", "Theorem 1, Lasso-effective form (claimed C = 2)"],
  ["maxTemplateRatio", "template r(‖γ*‖₁ + η) (C unknown)"],
  ["maxThm3Ratio", "Theorem 3, δ-form (claimed C = 1)"],
  ["maxThm3SharpRatio", "Theorem 3, sharp form with ‖X(Θ*ⱼ − Θ̃ⱼ)‖ₙ (C = 1)"],
];

function figures(summary: Record<string, unknown>, options: ExperimentOptions): Figure[] {
  const points = (summary.points as Record<string, unknown>[]) ?? [];
  const labels = modelLabels(options);
  const runs = [...new Set(points.map((p) => p.runs))].join("/");
  const sampleSizes = [...new Set(points.map((p) => Number(p.n)))].sort((a, b) => a - b);
  const x = { field: "n", type: "quantitative", title: "n (samples, log scale)", scale: { type: "log", nice: false, padding: 12 }, axis: { values: sampleSizes, format: "d" } };
  const seriesLegend = seriesLegendOf(points);
  const errorY = { field: "meanErrorLo", type: "quantitative", title: ["mean in-sample error ‖f* − f̃‖²_n", "(±1.96 s.e. bars)"] };
  // Per (model, σ, n, bound): the largest ratio over the repetitions and over c and the penalty or δ̃.
  const largest = new Map<string, { model: unknown; sigma: unknown; n: unknown; bound: string; ratio: number }>();
  for (const p of points) {
    for (const [key, bound] of BOUND_LABELS) {
      const ratio = p[key];
      if (typeof ratio !== "number" || !(ratio > 0)) continue;
      const id = `${p.model}|${p.sigma}|${p.n}|${bound}`;
      const seen = largest.get(id);
      if (seen === undefined || ratio > seen.ratio) largest.set(id, { model: p.model, sigma: p.sigma, n: p.n, bound, ratio });
    }
  }
  const ratios = [...largest.values()];
  const boundLegend = seriesEntries(BOUND_LABELS.map(([, bound]) => bound).filter((bound) => ratios.some((r) => r.bound === bound)));
  const ratioY = { field: "ratio", type: "quantitative", scale: { type: "log" }, title: "largest error / bound (log)" };
  return [
    {
      name: "in-sample-error-vs-n",
      vegaLite: {
        $schema: SCHEMA,
        title: { text: "ℓ1-regularized shallow networks: in-sample error of stationary points against the number of samples", subtitle: `mean over ${runs} repetitions per point; rows: model, columns: noise level` },
        data: { values: points.map((p) => ({ ...p, series: seriesOf(p) })) },
        facet: facetBy(labels),
        spec: {
          width: 260,
          height: 180,
          layer: [
            { mark: { type: "errorbar", ticks: true }, encoding: { x, y: errorY, y2: { field: "meanErrorHi" }, ...legendEncoding(seriesLegend, { field: "series" }, { title: "tuning c; penalty or δ̃" }) } },
            { mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: { ...errorY, field: "meanError" }, ...legendEncoding(seriesLegend, { field: "series" }, { title: "tuning c; penalty or δ̃" }) } },
          ],
        },
        resolve: { scale: { y: "independent" }, axis: { x: "independent", y: "independent" } },
      },
    },
    {
      name: "bound-ratios",
      vegaLite: {
        $schema: SCHEMA,
        title: { text: "ℓ1-regularized shallow networks: largest ratio of error to bound against the number of samples", subtitle: [`max over the ${runs} repetitions and over c and the penalty or δ̃ of each point (rows with r < r_orc included)`, "a bound holds with constant C wherever the ratio is at most C"] },
        data: { values: ratios },
        facet: facetBy(labels),
        spec: {
          width: 260,
          height: 180,
          layer: [{ mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: ratioY, ...legendEncoding(boundLegend, { field: "bound" }, { title: "bound" }) } }],
        },
        resolve: { axis: { x: "independent", y: "independent" } },
      },
    },
  ];
}

export const taheri2025Sim: Experiment = {
  id: "taheri2025/sim",
  title: "Stationary points of ℓ1-regularized shallow linear and ReLU networks against the reconstructed bounds",
  reference: { paper: "taheri2025", figure: "Section 'Simulations' (d = w = 10; d = 100, w = 20; protocol not published)", source: "arXiv:2205.04491, Section 'Simulations'; no protocol published, ours is a reconstruction" },
  presets: ["smoke", "quick", "paper"],
  defaultPrecision: "float64",
  precisions: ["float64"],
  protocol: (options) => ({ ...preset(options) }),
  grid,
  repetitions: (options) => options.reps ?? preset(options).reps,
  run,
  summarize: (rows) => summarize(rows),
  figures: (summary, options) => figures(summary, options),
};
