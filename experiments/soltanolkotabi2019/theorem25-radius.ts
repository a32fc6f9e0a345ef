/**
 * soltanolkotabi2019/theorem25-radius — Theorem 2.5 measured (arXiv:1707.04926v3, Section 2.2):
 * planted model y = v*ᵀφ(W*x), x ~ N(0, I_d), φ = softplus (bounded φ′, φ″; Assumption 2.3(a)),
 * v* = 1, W* with N(0,1)/√d entries; gradient descent on BOTH layers (eq. 2.6) with loss
 * (1/2n)Σ(·)², from (v₀, W₀) = (v*, W*) + ρ·(random direction of unit ‖·‖_F, split over v and
 * W in proportion to their sizes). Sizes keep n ≤ k·d (the Jacobian J ∈ R^{kd×n} of
 * Prop 7.4 needs rank n for the PL inequality; with n > kd the loss stalls, as we observed at
 * d = k = 3, n = 12) and n ≤ d² ((2.3) up to its unknown c₀).
 *
 * The paper gives no numeric constants (c, C, C₀, c₀ are unspecified), so neither the radius
 * (2.4)–(2.5) nor the rate (1 − cαd/n) can be evaluated; this experiment MEASURES, per radius ρ:
 * - `rate`: the geometric-mean per-step contraction (L_T/L_0)^{1/T};
 * - `worstRatio`: max_τ L_{τ+1}/L_τ (the theorem's form says this stays ≤ 1 − cαd/n < 1);
 * - `linear`: every step decreased L and either L_T ≤ 1e-8·L_0 or, over the second half of the
 *   run, L still contracted per step at least half as fast as the slowest mode of the
 *   linearization at the planted point, (1 − α·λ_min)² (a sublinear run falls behind it);
 * - `lambdaMin`, `lambdaMax`: extremes of JJᵀ/n at the planted point (see plantedCurvature), and
 *   `predictedRate` = (1 − α·λ_min)², the linearization's slowest contraction.
 * Step α = 1/λ_max (the theorem's α ≤ 1/β, with the measured local smoothness for β).
 * The summary reports, per grid point (d, k, n), the largest ρ at which every repetition
 * converged linearly, and the measured rate next to the bound's form 1 − c·α·d/n with the
 * c that the measured rate would imply (c_implied = (1 − rate)·n/(α·d)) — not a check of c.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { float64Field } from "../../src/field/float64.js";
import { forward } from "../../src/model/network.js";
import { radiusDescent } from "../../src/fast/plantedRadiusGd.js";
import type { Instance } from "../../src/model/instance.js";
import { gaussian, seededRandom } from "../../src/random/rng.js";
import type { Experiment, ExperimentOptions, GridPoint, Row } from "../../src/reproduce/experiment.js";
import { legendEncoding, seriesEntries } from "../figureLegend.js";
import { successInterval } from "../statistics.js";

const F = float64Field;
/** "Converged linearly": L_T ≤ 1e-8·L₀ with every step decreasing L. */
const TARGET_REDUCTION = 1e-8;

interface Preset {
  sizes: { d: number; k: number; n: number }[];
  radii: number[];
  reps: number;
  steps: number;
}

const PRESETS: Record<string, Preset> = {
  smoke: { sizes: [{ d: 3, k: 4, n: 8 }], radii: [0.1, 3], reps: 1, steps: 2000 },
  quick: { sizes: [{ d: 5, k: 10, n: 25 }], radii: [0.1, 0.5, 1, 2, 4, 6, 8, 12, 16], reps: 3, steps: 4000 },
  // Radii past 8: every run there converged linearly in the first paper sweep, so the grid did not reach the breaking point.
  paper: { sizes: [{ d: 10, k: 20, n: 100 }, { d: 10, k: 40, n: 100 }], radii: [0.05, 0.1, 0.2, 0.5, 1, 2, 4, 8, 10, 12, 14, 16, 20, 24, 32], reps: 10, steps: 20000 },
};

const presetOf = (options: ExperimentOptions) => {
  const preset = PRESETS[options.preset];
  if (!preset) throw new RangeError(`unknown preset ${options.preset}`);
  return preset;
};

const matrix = (random: () => number, rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => random() * scale));

/**
 * λ_min and λ_max of JJᵀ/n at the planted point, J ∈ R^{n×(k+kd)} the Jacobian of the outputs in
 * (v, W): the Gauss–Newton Hessian there, whose extremes are the local PL constant and the local
 * smoothness β̂ (Prop 7.4 bounds them by c·σ_min(W)·d and C·σ_max(W)·√(nk), constants unknown).
 */
export function plantedCurvature(instance: Instance<number>): { lambdaMin: number; lambdaMax: number } {
  const pass = forward(F, instance);
  const n = instance.X.length;
  const J = instance.X.map((x, i) => [
    ...instance.W.map((_, j) => pass.sigma.value(pass.preactivations[i][j])),
    ...instance.W.flatMap((_, j) => x.map((xc) => instance.a[j] * pass.sigma.derivative(pass.preactivations[i][j]) * xc)),
  ]);
  const gram = new Matrix(J).mmul(new Matrix(J).transpose()).div(n);
  const eigenvalues = new EigenvalueDecomposition(gram, { assumeSymmetric: true }).realEigenvalues;
  return { lambdaMin: eigenvalues.reduce((extreme, value) => Math.min(extreme, value), Infinity), lambdaMax: eigenvalues.reduce((extreme, value) => Math.max(extreme, value), -Infinity) };
}

export function runRadius(d: number, k: number, n: number, radius: number, steps: number, seed: string): Row {
  const random = seededRandom(seed);
  const g = () => gaussian(random);
  const Wstar = matrix(g, k, d, 1 / Math.sqrt(d));
  const vstar = new Array<number>(k).fill(1);
  const X = matrix(g, n, d, 1);
  const planted: Instance<number> = { model: { activation: { name: "softplus" }, scaling: "standard" }, X, y: new Array<number>(n).fill(0), W: Wstar, a: vstar };
  const y = forward(F, planted).outputs;
  const { lambdaMin, lambdaMax } = plantedCurvature(planted);
  // α = 1/β̂: the theorem's α ≤ 1/β with the measured local smoothness in place of C(σ_max²+1)k.
  const step = 1 / lambdaMax;
  const dv = Array.from({ length: k }, g);
  const dW = matrix(g, k, d, 1);
  const norm = Math.sqrt(dv.reduce((s, x) => s + x * x, 0) + dW.flat().reduce((s, x) => s + x * x, 0));
  const instance: Instance<number> = {
    ...planted,
    y,
    a: vstar.map((v, j) => v + (radius * dv[j]) / norm),
    W: Wstar.map((row, j) => row.map((w, c) => w + (radius * dW[j][c]) / norm)),
  };
  const problem = { n, d, k, X: Float64Array.from(X.flat()), y: Float64Array.from(y) };
  const W = Float64Array.from(instance.W.flat());
  const a = Float64Array.from(instance.a);
  // The field code's loop (forward, gradient, step) in the fused float64 kernel: same arithmetic.
  const { L0, L, Lhalf, worstRatio, monotone, taken } = radiusDescent(problem, W, a, step, steps, TARGET_REDUCTION);
  const rate = Math.pow(L / L0, 1 / Math.max(1, taken));
  const half = Math.floor(steps / 2);
  const firstHalfRate = Number.isNaN(Lhalf) ? rate : Math.pow(Lhalf / L0, 1 / half);
  const secondHalfRate = Number.isNaN(Lhalf) ? rate : Math.pow(L / Lhalf, 1 / Math.max(1, taken - half));
  const finite = Number.isFinite(L);
  return {
    d, k, n, radius, steps: taken, step, L0, LT: Number.isFinite(L) ? L : null,
    rate: finite ? rate : null,
    worstRatio: Number.isFinite(worstRatio) ? worstRatio : null,
    firstHalfRate: finite ? firstHalfRate : null,
    secondHalfRate: finite ? secondHalfRate : null,
    // Linear: L fell every step, and in the second half it still contracted at least half as
    // fast per step as the linearization's slowest mode, 1 − rate₂ ≥ (1 − predictedRate)/2 (or
    // the target was reached). Fast modes die first, so the first half's rate is no yardstick.
    linear: finite && monotone && (L <= TARGET_REDUCTION * L0 || 1 - secondHalfRate >= (1 - (1 - step * lambdaMin) ** 2) / 2),
    lambdaMin, lambdaMax,
    // Linearized GD on a quadratic: the slowest mode contracts L by (1 − α·λ_min)² per step.
    predictedRate: (1 - step * lambdaMin) ** 2,
    impliedC: finite ? ((1 - rate) * n) / (step * d) : null,
  };
}

export const theorem25Radius: Experiment = {
  id: "soltanolkotabi2019/theorem25-radius",
  title: "Theorem 2.5: per-step contraction of L under GD on (v, W) near a planted softplus network, and the largest init radius with linear convergence",
  reference: { paper: "soltanolkotabi2019", figure: "Theorem 2.5 (no figure in the paper)", source: "arXiv:1707.04926v3, Section 2.2" },
  presets: ["smoke", "quick", "paper"],
  defaultPrecision: "float64",
  precisions: ["float64"],
  protocol: (options) => ({ ...presetOf(options) }),
  grid(options) {
    const preset = presetOf(options);
    const points: GridPoint[] = [];
    for (const { d, k, n } of preset.sizes) for (const radius of preset.radii) points.push({ key: `d=${d},k=${k},n=${n},rho=${radius}`, params: { d, k, n, radius } });
    return points;
  },
  repetitions: (options) => options.reps ?? presetOf(options).reps,
  run(spec, options) {
    const preset = presetOf(options);
    const { d, k, n, radius } = spec.point.params as { d: number; k: number; n: number; radius: number };
    return runRadius(d, k, n, radius, preset.steps, spec.seed);
  },
  summarize(rows) {
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `d = ${row.d}, k = ${row.k}, n = ${row.n}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const sizes = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => {
      const radii = [...new Set(group.map((r) => Number(r.radius)))].sort((a, b) => a - b);
      const curve = radii.map((radius) => {
        const at = group.filter((r) => Number(r.radius) === radius);
        const finite = (field: string) => at.map((r) => r[field]).filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
        const median = (values: number[]) => (values.length > 0 ? values[Math.floor(values.length / 2)] : null);
        const worst = finite("worstRatio");
        const linear = at.filter((r) => r.linear === true).length;
        const interval = successInterval(linear, at.length);
        return {
          radius,
          runs: at.length,
          diverged: at.filter((r) => r.rate === null).length,
          linearFraction: linear / at.length,
          linearLo: interval.lo,
          linearHi: interval.hi,
          medianRate: median(finite("rate")),
          medianPredictedRate: median(finite("predictedRate")),
          worstRatio: worst.length === at.length ? worst[worst.length - 1] : null,
          medianImpliedC: median(finite("impliedC")),
        };
      });
      const allLinear = curve.filter((c) => c.linearFraction === 1).map((c) => c.radius);
      return { size: key, largestRadiusAllLinear: allLinear.length > 0 ? allLinear.reduce((extreme, value) => Math.max(extreme, value), -Infinity) : null, curve };
    });
    return { note: "The paper's constants are unspecified; radii and rates are measured, not compared with a numeric bound.", sizes };
  },
  figures(summary) {
    const sizes = (summary.sizes ?? []) as { size: string; curve: { radius: number; runs: number; linearFraction: number; linearLo: number; linearHi: number }[] }[];
    // Sizes share the radius grid: each is shifted by a few percent along the log axis so bars stay apart.
    const shift = (i: number) => Math.exp(0.06 * (i - (sizes.length - 1) / 2));
    const values = sizes.flatMap((s, i) => s.curve.map((c) => ({ size: s.size, ...c, shownRadius: c.radius * shift(i) })));
    const runs = [...new Set(values.map((v) => v.runs))].join("/");
    const x = { field: "shownRadius", type: "quantitative", title: ["initial distance ρ = ‖(v₀ − v*, W₀ − W*)‖_F to the planted point", "(absolute; ‖W*‖_F ≈ √k, ‖v*‖ = √k; log scale)"], scale: { type: "log", nice: false, padding: 16 } };
    const yTitle = ["fraction of runs converging linearly", "(Hoeffding 95% bars)"];
    const entries = seriesEntries(sizes.map((s) => s.size));
    return [
      {
        name: "linear-convergence-vs-radius",
        vegaLite: {
          $schema: "https://vega.github.io/schema/vega-lite/v5.json",
          title: {
            text: "Theorem 2.5: linear convergence of gradient descent on both layers against the initial distance",
            subtitle: [`planted softplus network; step 1/λ_max(JJᵀ/n) at the planted point; ${runs} runs per radius`, sizes.length > 1 ? "sizes shifted by ±3% along the radius axis so that bars do not overlap" : ""].filter((line) => line !== ""),
          },
          width: 420,
          height: 280,
          data: { values },
          layer: [
            { mark: { type: "errorbar", ticks: true }, encoding: { x, y: { field: "linearLo", type: "quantitative", title: yTitle, scale: { domain: [0, 1] } }, y2: { field: "linearHi" }, ...legendEncoding(entries, { field: "size" }, { title: "size" }) } },
            { mark: { type: "line", point: true, strokeWidth: 2 }, encoding: { x, y: { field: "linearFraction", type: "quantitative", title: yTitle, scale: { domain: [0, 1] } }, ...legendEncoding(entries, { field: "size" }, { title: "size" }) } },
          ],
        },
      },
    ];
  },
};
