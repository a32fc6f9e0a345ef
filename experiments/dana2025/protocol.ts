/**
 * The protocol shared by the experiments of Section 5 of Dana, Pillaud-Vivien & Bach (arXiv
 * 2502.16977), with parameters from the authors' code:
 * widths and horizons, the data laws, the asymmetric initialization, gradient descent with
 * lr = 1 on p·L with early stop, the success rule, the estimators, the unit-slope sigmoid
 * threshold fit and the Hoeffding error bars.
 *
 * Our readings where the authors' code leaves a choice (each is a parameter):
 * - Final loss: when the horizon is reached without an early stop, the loss is evaluated once
 *   more at the last iterate, so "final" means after the last step (not the loss of the
 *   iterate before it). An early stop is checked on the loss of the current iterate, before
 *   stepping, so the run stops at the first iterate with Σ r_i² < cv_threshold.
 * - fit_sigmoid's 10,000 candidate centers are spread evenly over [min x, max x] of the points
 *   passed in (`SigmoidFitOptions`).
 * - Float32: the data and initialization are drawn in double and rounded to float32 once; the
 *   GD step then computes in float32 arithmetic, as the authors' PyTorch code did, on the
 *   native addon (src/fast/gdStepNative.ts) when it was built, else on the
 *   WebAssembly SIMD kernel (src/fast/gdStepWasm.ts); without WebAssembly SIMD, in float32
 *   storage with double arithmetic (src/fast/gdStep.ts), which changes rows in the last bits.
 *   Float64 runs use the float64 SIMD kernel (or the TypeScript one), double arithmetic.
 *   Assumption 1 (|a_j| ≥ ‖w_j‖) holds for the double draw; rounding moves each side by a
 *   relative 2^-24, against a margin e_j ~ Exp(1).
 * - A run whose loss stops being finite (GD with lr = 1 diverging) ends there, as a failure,
 *   with `diverged` set.
 */
import { nbNeurons } from "../../properties/dana2025/lib/width.js";
import {
  createGdWorkspace,
  gdStep,
  sumSquaredResiduals,
  type DenseData,
  type FloatArray,
  type GdWorkspace,
  type Parameters,
} from "../../src/fast/gdStep.js";
import { NativeGdStep, nativeGdStepAvailable } from "../../src/fast/gdStepNative.js";
import { WasmGdStep, defaultWasmKernel, wasmSimdAvailable } from "../../src/fast/gdStepWasm.js";
import type { Precision } from "../../src/reproduce/experiment.js";
import { shellData, sampleLabels } from "../../src/random/data.js";
import { asymmetricInit } from "../../src/random/init.js";
import { deriveSeed, seededRandom, uniformBetween, type Random } from "../../src/random/rng.js";
import { successInterval, type RateInterval } from "../statistics.js";

export { nbNeurons };

/** ε of the width rule p = nb_neurons(n, ε) in Exp 1.0 and Exp 2 (0.05 in the authors' code). */
export const WIDTH_EPSILON = 0.05;

/** The authors' nb_epochs(n, p, lr) = ⌊1.5·√(np)·log(np)/(4·lr) + 1⌋: 1.5× the phase-transition time (their comment; the aligned half-loss time of a group of n/p unit labels). */
export function nbEpochs(n: number, p: number, lr = 1): number {
  const np = n * p;
  return Math.floor((1.5 * Math.sqrt(np) * Math.log(np)) / (4 * lr) + 1);
}

/** Data constants of both experiments: ‖x_i‖ ~ U[cxMin, cxMax], |y_i| ~ U[cyMin, cyMax] (U[1, 2] in the authors' code). */
export interface DataConstants {
  cxMin: number;
  cxMax: number;
  cyMin: number;
  cyMax: number;
}

export const DATA_CONSTANTS: DataConstants = { cxMin: 1, cxMax: 2, cyMin: 1, cyMax: 2 };

/** The typed array of a precision, filled from doubles (float32 rounds each to nearest). */
export function storage(precision: Precision, values: ArrayLike<number>): FloatArray {
  return precision === "float32" ? Float32Array.from(values) : Float64Array.from(values);
}

/**
 * The rows, concatenated, in the typed array of a precision (rounded as {@link storage} rounds):
 * written in place, since growing an intermediate number[] of n·d entries cost as much as
 * drawing half of them.
 */
function flatStorage(precision: Precision, rows: readonly (readonly number[])[]): FloatArray {
  let length = 0;
  for (const row of rows) length += row.length;
  const out = precision === "float32" ? new Float32Array(length) : new Float64Array(length);
  let at = 0;
  for (const row of rows) for (let k = 0; k < row.length; k++) out[at++] = row[k];
  return out;
}

/**
 * Exp 1 data (the authors'): x_i = ρ_i·g_i/‖g_i‖ with g_i Gaussian (a uniform direction) and
 * ρ_i ~ U[1, 2]; y_i = ε_i·ν_i with ε_i Rademacher and ν_i ~ U[1, 2]. The project's `shell` law.
 */
export function sampleShellData(random: Random, n: number, d: number, precision: Precision, constants = DATA_CONSTANTS): DenseData {
  const { X, y } = shellData(random, n, d, { law: "shell", ...constants });
  return { n, d, X: flatStorage(precision, X), y: storage(precision, y) };
}

/**
 * The asymmetric initialization (dana2025, Assumption 1, as the authors' code realizes it): w_j(0) entries
 * i.i.d. U(−1/√d, 1/√d), a_j(0) = s_j(‖w_j(0)‖ + e_j) with s_j Rademacher and e_j ~ Exp(1);
 * then W is multiplied by wScale and a is left as drawn (the authors' final Exp 2 scales the first
 * layer after building a_j, so δ_j = a_j² − ‖w_j‖² = (‖w_j‖ + e_j)² − wScale²‖w_j‖² with the
 * unscaled norm ≈ 1/√3). wScale = 1 in Exp 1, 0.01 in Exp 2; wScale ≤ 1 keeps Assumption 1.
 * Returns W as p rows of d (doubles) and a.
 */
export function sampleAsymmetricInit(random: Random, p: number, d: number, wScale: number): { W: number[][]; a: number[] } {
  if (!(wScale > 0 && wScale <= 1)) throw new RangeError(`sampleAsymmetricInit: wScale must be in (0, 1], got ${wScale}`);
  const { W, a } = asymmetricInit(random, p, d, { law: "asymmetric", wScale: 1 });
  return { W: wScale === 1 ? W : W.map((row) => row.map((value) => value * wScale)), a };
}

/** Options of {@link runGd}. */
export interface GdProtocol {
  /** Step size on p·L; 1 in every experiment (the Euler step 1 of eq. (3)). */
  lr: number;
  /** Horizon in steps. */
  epochs: number;
  /** Early stop when Σ_i r_i² < cvThreshold, i.e. p·L < (p/(2n))·cvThreshold (the authors' rule). */
  cvThreshold: number;
}

export interface GdOutcome {
  /** Parameter updates taken. */
  steps: number;
  /** Σ_i r_i² at the initialization. */
  initialSquares: number;
  /** Σ_i r_i² at the final iterate. */
  finalSquares: number;
  /** The early-stop rule fired. */
  stoppedEarly: boolean;
  /** The loss became non-finite. */
  diverged: boolean;
}

/**
 * Which step kernel runs a dense problem: "auto" is the native addon (src/fast/gdStepNative.ts,
 * AVX-512/AVX2/portable C chosen from the CPU) when it was built and passes its load-time
 * self-check, else the WebAssembly SIMD kernel (src/fast/gdStepWasm.ts) when the platform has it,
 * else the TypeScript kernel (src/fast/gdStep.ts: float64, or float32 storage with double
 * arithmetic). Every native and WebAssembly kernel computes in the data's precision (float32
 * arithmetic for Float32Array problems, the paper's float32). "native", "wasm" and "typescript"
 * force one (the first two throw where unavailable).
 */
export type KernelChoice = "auto" | "native" | "wasm" | "typescript";

/**
 * Which kernel computed a run, recorded in its row: float32 rows differ in the last bits between
 * them (a fused multiply-add rounds once; relaxed SIMD and the native AVX paths fuse, and each
 * vector width sums in its own order), so a sweep merged from shards run on different machines
 * says which rows came from which arithmetic.
 */
export type ComputedBy = "native-avx512" | "native-avx2" | "native-generic" | "wasm-relaxed" | "wasm-simd" | "typescript";

/**
 * Full-batch GD on p·L from the given parameters (updated in place), with the authors' early
 * stop. `onSquares` sees Σ r_i² of every iterate visited, in order: L_0 … L_T (times 2n).
 */
export function runGd(
  data: DenseData,
  params: Parameters,
  protocol: GdProtocol,
  onSquares?: (squares: number) => void,
  kernel: KernelChoice = "auto",
): GdOutcome & { kernel: ComputedBy } {
  if (kernel === "native" || (kernel === "auto" && nativeGdStepAvailable())) {
    const native = new NativeGdStep(data, params);
    const outcome = runSteps(
      (stopBelow) => native.step(protocol.lr, stopBelow),
      () => native.sumSquaredResiduals(),
      protocol,
      onSquares,
    );
    native.readParameters(params);
    return { ...outcome, kernel: `native-${native.variant}` };
  }
  if (kernel === "wasm" || (kernel === "auto" && wasmSimdAvailable())) {
    const wasmKernel = defaultWasmKernel();
    const wasm = new WasmGdStep(data, params, wasmKernel);
    const outcome = runSteps(
      (stopBelow) => wasm.step(protocol.lr, stopBelow),
      () => wasm.sumSquaredResiduals(),
      protocol,
      onSquares,
    );
    wasm.readParameters(params);
    return { ...outcome, kernel: `wasm-${wasmKernel}` };
  }
  const workspace: GdWorkspace = createGdWorkspace(data.n, data.d, params.p);
  const outcome = runSteps(
    (stopBelow) => gdStep(data, params, protocol.lr, workspace, stopBelow),
    () => sumSquaredResiduals(data, params, workspace),
    protocol,
    onSquares,
  );
  return { ...outcome, kernel: "typescript" };
}

/**
 * The loop of {@link runGd} over any step kernel: `step(stopBelow)` returns Σ r² at the current
 * iterate and steps unless that is below stopBelow; `squares()` is the forward pass alone.
 */
export function runSteps(
  step: (stopBelow: number) => number,
  squaresNow: () => number,
  protocol: GdProtocol,
  onSquares?: (squares: number) => void,
): GdOutcome {
  if (!(Number.isSafeInteger(protocol.epochs) && protocol.epochs >= 1)) throw new RangeError(`runGd: epochs must be a positive integer, got ${protocol.epochs}`);
  let steps = 0;
  let initialSquares = Number.NaN;
  let squares: number;
  for (;;) {
    if (steps === protocol.epochs) {
      squares = squaresNow();
      onSquares?.(squares);
      break;
    }
    // Non-finite Σr² never passes `< cvThreshold`, so stopBelow = cvThreshold also stops NaN only by the check below.
    squares = step(protocol.cvThreshold);
    if (steps === 0) initialSquares = squares;
    onSquares?.(squares);
    if (squares < protocol.cvThreshold) return { steps, initialSquares, finalSquares: squares, stoppedEarly: true, diverged: false };
    if (!Number.isFinite(squares)) return { steps, initialSquares, finalSquares: squares, stoppedEarly: false, diverged: true };
    steps++;
  }
  return { steps, initialSquares, finalSquares: squares, stoppedEarly: false, diverged: !Number.isFinite(squares) };
}

/**
 * Exp 1's success ("probability to reach 0" in the authors' code): the final p·L ≤ p/(2n), i.e.
 * Σ_i r_i² ≤ threshold with threshold = 1.
 */
export function isSuccess(finalSquares: number, threshold = 1): boolean {
  return finalSquares <= threshold;
}

/** dana2025 Exp 1 data and asymmetric init at (n, d, p) from a run's seed, in a precision. */
export function exp1Instance(seed: string, n: number, d: number, p: number, precision: Precision): { data: DenseData; params: Parameters } {
  const data = sampleShellData(seededRandom(deriveSeed(seed, "data")), n, d, precision);
  const init = sampleAsymmetricInit(seededRandom(deriveSeed(seed, "init")), p, d, 1);
  return { data, params: { p, W: flatStorage(precision, init.W), a: storage(precision, init.a) } };
}

/** One Exp 1 run (the authors' protocol): GD with lr = 1, horizon nb_epochs(n, p, 1), early stop at Σr² < 1. */
export function runExp1(seed: string, n: number, d: number, p: number, precision: Precision, kernel: KernelChoice = "auto") {
  const { data, params } = exp1Instance(seed, n, d, p, precision);
  const epochs = nbEpochs(n, p, 1);
  const outcome = runGd(data, params, { lr: 1, epochs, cvThreshold: 1 }, undefined, kernel);
  const initialLoss = outcome.initialSquares / (2 * n);
  const finalLoss = outcome.finalSquares / (2 * n);
  const success = isSuccess(outcome.finalSquares);
  return {
    n,
    d,
    p,
    epochs,
    steps: outcome.steps,
    initialLoss,
    finalLoss,
    /** L_final/L_0, counted as 0 for a success (the authors' loss_trend). */
    remainingLoss: success ? 0 : finalLoss / initialLoss,
    success,
    diverged: outcome.diverged,
    kernel: outcome.kernel,
  };
}

/** Orthogonal Exp 2 data (the authors'): ρ_i ~ U[1, 2] (x_i = ρ_i e_i) and labels as Exp 1; the draws of the `orthogonal` law. */
export function sampleOrthogonalNorms(random: Random, n: number, constants = DATA_CONSTANTS): { rho: number[]; y: number[] } {
  const rho = Array.from({ length: n }, () => uniformBetween(random, constants.cxMin, constants.cxMax));
  return { rho, y: sampleLabels(random, n, constants.cyMin, constants.cyMax) };
}

// ——— statistics ———

// The Hoeffding bars moved to experiments/statistics.ts (shared by every paper's figures).
export { hoeffdingHalfWidth, successInterval, type RateInterval } from "../statistics.js";

export interface SigmoidFitOptions {
  /** Candidate centers, evenly spaced over [lo, hi]. The authors' code: 10,000. */
  candidates?: number;
  /** Default min x. */
  lo?: number;
  /** Default max x. */
  hi?: number;
}

/** 1/(1 + e^{−t}). */
export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/**
 * The authors' utils.fit_sigmoid: the center k minimizing Σ_m (P_m − sigmoid(−(x_m − k)))² over evenly
 * spaced candidates, with UNIT slope in the units of x (the slope is not fitted). The first
 * minimizer wins ties.
 */
export function fitSigmoid(xs: readonly number[], ps: readonly number[], options: SigmoidFitOptions = {}): { center: number; residual: number } {
  return sigmoidFitter(xs, options)(ps);
}

/**
 * {@link fitSigmoid} for many rate vectors over the same xs: the sigmoid of every (candidate, x)
 * pair depends on neither the rates nor the replicate, so it is tabulated once. Each fit then
 * sums the same values in the same order as fitSigmoid, so it returns the same doubles; the
 * bootstrap's 1000 refits stop paying one exp per term (34 M of them at the paper's grid).
 */
export function sigmoidFitter(xs: readonly number[], options: SigmoidFitOptions = {}): (ps: readonly number[]) => { center: number; residual: number } {
  if (xs.length === 0) throw new RangeError("fitSigmoid: need equally many x and P values, at least one (got 0 x values)");
  const candidates = options.candidates ?? 10_000;
  const lo = options.lo ?? xs.reduce((extreme, value) => Math.min(extreme, value), Infinity);
  const hi = options.hi ?? xs.reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  const centers = new Float64Array(candidates);
  const table = new Float64Array(candidates * xs.length);
  for (let c = 0; c < candidates; c++) {
    const center = candidates === 1 ? lo : lo + ((hi - lo) * c) / (candidates - 1);
    centers[c] = center;
    for (let m = 0; m < xs.length; m++) table[c * xs.length + m] = sigmoid(-(xs[m] - center));
  }
  return (ps) => {
    if (xs.length !== ps.length) throw new RangeError(`fitSigmoid: need equally many x and P values, at least one (got ${xs.length}, ${ps.length})`);
    let best = { center: lo, residual: Infinity };
    for (let c = 0; c < candidates; c++) {
      let residual = 0;
      for (let m = 0; m < xs.length; m++) {
        const e = ps[m] - table[c * xs.length + m];
        residual += e * e;
      }
      if (residual < best.residual) best = { center: centers[c], residual };
    }
    return best;
  };
}

/**
 * Whether observed success rates cross 1/2 on the grid (some rate ≥ 1/2, some ≤ 1/2, not all
 * equal). Without that the sigmoid fit, whose center is confined to the grid, returns an end of
 * the grid rather than a threshold: the figures then say "no transition in range".
 */
export function crossesHalf(rates: readonly number[]): boolean {
  const hi = rates.reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  const lo = rates.reduce((extreme, value) => Math.min(extreme, value), Infinity);
  return rates.length > 0 && hi >= 0.5 && lo <= 0.5 && hi > lo;
}

/**
 * A parametric-bootstrap 95% percentile interval for the sigmoid-fit threshold (an estimate of
 * its sampling spread, not a bound): each replicate redraws every point's successes as
 * Binomial(reps, observed rate) from a seeded stream, keeps the replicate only if its rates
 * cross 1/2, and refits (on a coarser grid of `candidates` centers). Null when fewer than 95% of
 * the replicates cross 1/2.
 */
export function bootstrapThreshold(
  points: readonly { x: number; successes: number; reps: number }[],
  options: { replicates?: number; candidates?: number; seed?: string } = {},
): { lo: number; hi: number; replicates: number; method: string } | null {
  const replicates = options.replicates ?? 1000;
  const candidates = options.candidates ?? 2000;
  const random = seededRandom(options.seed ?? "bootstrap-threshold");
  const fit = sigmoidFitter(points.map((point) => point.x), { candidates });
  const centers: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const rates = points.map((point) => {
      let hits = 0;
      for (let r = 0; r < point.reps; r++) if (random.uniform() < point.successes / point.reps) hits++;
      return hits / point.reps;
    });
    if (crossesHalf(rates)) centers.push(fit(rates).center);
  }
  if (centers.length < 0.95 * replicates) return null;
  centers.sort((u, v) => u - v);
  const at = (q: number) => centers[Math.min(centers.length - 1, Math.max(0, Math.round(q * (centers.length - 1))))];
  return { lo: at(0.025), hi: at(0.975), replicates: centers.length, method: `parametric bootstrap, ${centers.length} binomial replicates, 2.5% and 97.5% percentiles` };
}

export interface LinearFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope from the OLS residuals (NaN with fewer than 3 points). */
  slopeStandardError: number;
  /** Residual sum of squares. */
  rss: number;
  r2: number;
  points: number;
}

/** Ordinary least squares y ≈ intercept + slope·x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const m = xs.length;
  if (m < 2 || ys.length !== m) throw new RangeError(`linearFit: need ≥ 2 points with x and y (got ${m}, ${ys.length})`);
  const meanX = xs.reduce((s, x) => s + x, 0) / m;
  const meanY = ys.reduce((s, y) => s + y, 0) / m;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let t = 0; t < m; t++) {
    sxx += (xs[t] - meanX) ** 2;
    sxy += (xs[t] - meanX) * (ys[t] - meanY);
    syy += (ys[t] - meanY) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let rss = 0;
  for (let t = 0; t < m; t++) rss += (ys[t] - intercept - slope * xs[t]) ** 2;
  const slopeStandardError = m > 2 ? Math.sqrt(rss / (m - 2) / sxx) : Number.NaN;
  return { slope, intercept, slopeStandardError, rss, r2: syy > 0 ? 1 - rss / syy : Number.NaN, points: m };
}

// ——— rows ———

/** Rows grouped by their `point` key, keys in first-seen order. */
export function groupByPoint<R extends Record<string, unknown>>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = String(row.point);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [row]);
    else list.push(row);
  }
  return groups;
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (0 for one value). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Per-point Exp 1 statistics: success rate with its Hoeffding interval and the loss trend. */
export interface Exp1PointSummary extends RateInterval {
  n: number;
  d: number;
  p: number;
  /** Mean over repetitions of L_final/L_0 with successes as 0 (the authors' loss_trend). */
  lossTrend: number;
  meanSteps: number;
  diverged: number;
}

export function summarizeExp1Point(rows: readonly Record<string, unknown>[], alpha = 0.05): Exp1PointSummary {
  const first = rows[0];
  const successes = rows.filter((row) => row.success === true).length;
  return {
    n: Number(first.n),
    d: Number(first.d),
    p: Number(first.p),
    ...successInterval(successes, rows.length, alpha),
    lossTrend: mean(rows.map((row) => Number(row.remainingLoss))),
    meanSteps: mean(rows.map((row) => Number(row.steps))),
    diverged: rows.filter((row) => row.diverged === true).length,
  };
}

/** Sorts point summaries by the given numeric keys (so summaries do not depend on row order). */
export function sortBy<T>(items: T[], ...keys: ((item: T) => number)[]): T[] {
  return items.sort((x, y) => {
    for (const key of keys) {
      const diff = key(x) - key(y);
      if (diff !== 0) return diff;
    }
    return 0;
  });
}

/** A preset name that is not one of the experiment's. */
export function unknownPreset(id: string, preset: string, presets: readonly string[]): Error {
  return new RangeError(`${id}: unknown preset "${preset}" (known: ${presets.join(", ")})`);
}

// ——— Exp 2 estimators (the authors') ———

/**
 * μ(t_∞) = 2·mean over the last `window` steps of (L_{k−1} − L_k)/(L_{k−1} + L_k), from the
 * losses L_0 … L_T of a run (any common factor, e.g. Σ r² = 2n·L, cancels). Fewer than
 * `window` steps: the mean over all of them; none: NaN.
 */
export function tailRate(losses: readonly number[], window = 100): number {
  const last = losses.length - 1;
  const first = Math.max(1, losses.length - window);
  if (last < first) return Number.NaN;
  let sum = 0;
  for (let k = first; k <= last; k++) sum += (losses[k - 1] - losses[k]) / (losses[k - 1] + losses[k]);
  return (2 * sum) / (last - first + 1);
}

/** ⟨μ_∞⟩ = log(L_0/L_T)/(T·lr), T the number of steps run. */
export function averageRate(initialLoss: number, finalLoss: number, steps: number, lr = 1): number {
  return Math.log(initialLoss / finalLoss) / (steps * lr);
}

/** μ_low = (2/n)·min_i E_i and μ_upp = (16/n)·max_i E_i (the authors' constants: our orthogonal-data bounds 2(C_x^-)²/n and 4(C_x^+)²/n with ‖x_i‖ ∈ [1, 2]; dana2025/orthogonal-pl-sandwich). */
export function plSandwich(energies: ArrayLike<number>): { muLow: number; muUpp: number } {
  const n = energies.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, energies[i]);
    max = Math.max(max, energies[i]);
  }
  return { muLow: (2 / n) * min, muUpp: (16 / n) * max };
}

/**
 * Lemma 5's good event G on orthogonal data x_i = ρ_i e_i: every i has a neuron j with
 * a_j·y_i > 0 and ⟨w_j, x_i⟩ = w_ji·ρ_i > 0 (the authors' is_well_init). W is p×n (data-span coordinates).
 */
export function orthogonalGoodEvent(W: ArrayLike<number>, a: ArrayLike<number>, rho: ArrayLike<number>, y: ArrayLike<number>): boolean {
  const n = rho.length;
  const p = a.length;
  for (let i = 0; i < n; i++) {
    let covered = false;
    for (let j = 0; j < p && !covered; j++) covered = a[j] * y[i] > 0 && W[j * n + i] * rho[i] > 0;
    if (!covered) return false;
  }
  return true;
}
