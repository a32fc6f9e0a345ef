/**
 * soltanolkotabi2019/approx-sosp-loss-bound — Soltanolkotabi, Javanmard, Lee (arXiv 1707.04926 v3)
 * Theorem 2.2, second part: planted
 * quadratic labels yᵢ = xᵢᵀW*ᵀD_{v*}W*xᵢ, v* of one sign, fixed v = ν·1 of that sign, k > d,
 * Gaussian inputs. Every W with ‖∇L(W)‖_F ≤ ε_g and ∇²L(W) ⪰ −ε_H·I satisfies
 *
 *   L(W) ≤ (ε_g/√ν)·max(√(1 + 14‖M*‖_*), 4ε_g/√ν) + (ε_H/(2ν))·‖M*‖_*,   M* = W*ᵀD_{v*}W*.
 *
 * Since the statement holds for every (ε_g, ε_H), it is checked at an iterate W of gradient
 * descent (v fixed; step halved whenever L would increase): an early one (1–10 steps), a middle
 * one (20–400), or the end point (‖∇L‖_F ≤ `gradientTolerance` or `maxSteps`). At the end point
 * L ≈ 0 and the bound ≈ 5e-7, so only the non-converged iterates test the constants; there
 * ε_g := ‖∇L(W)‖_F and ε_H := max(0, −λ_min(∇²L(W))) are far from 0. Both are enclosed from above
 * in interval arithmetic at W's exact binary values (lib/secondOrderEnclosure.ts: interval
 * Cholesky of ∇²L − s·I proves λ_min > s), so (ε_g, ε_H) always meet (2.1) and a failure cannot
 * come from an underestimated ε.
 * Margin: bound − L(W) (absolute) at the lower end of its enclosure, slack pair (L(W), bound).
 * Vacuous: L(W) = 0 exactly.
 *
 * Readings (knobs): the loss is (1/2n)Σ(·)² (eq. 1.4) — the proof's (6.27) drops the 2/n of the
 * gradient (6.1), so the bound's constants may belong to another normalization; encoded as stated. The probability (≥ 1 − 12d·e^{−γd} − 8/d, γ unknown) is vacuous for d ≤ 8, so a
 * failure on one instance would not contradict the theorem; the entry checks the deterministic
 * consequence on sampled instances. "c·d·log d ≤ n ≤ C·d²" with unknown c, C is read as d ≤ n ≤ d².
 * Without `single-sign` (mixed v*, v = ν·1 > 0) an indefinite M* cannot be fitted and GD stops at
 * a second-order point with L > 0 while ε_g, ε_H → 0: the bound fails (the known bad case).
 */
import fc from "fast-check";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { float64Field } from "../../src/field/float64.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { gaussian, seededRandom } from "../../src/random/rng.js";
import { gradientOf, lossOf, residuals, sMatrix, type QuadraticProblem } from "./lib/quadratic.js";
import { toFloatInstance, workspaceFor, type FloatInstance } from "../../src/fast/floatInstance.js";
import { lossAndGradient } from "../../src/fast/kernels.js";
import type { ModelSpec } from "../../src/model/instance.js";
import type { Field } from "../../src/field/field.js";
import { numberSetting } from "../../src/check/settings.js";
import { intervalField, type Interval } from "../../src/field/interval.js";
import { secondOrderEnclosure } from "./lib/secondOrderEnclosure.js";
import { quadraticModel } from "./lib/assumptions.js";

const F = float64Field;

export interface Planted {
  Wstar: number[][];
  vstar: number[];
}

function plantedOf(candidate: Candidate): Planted | undefined {
  const W = candidate.settings.plantedW;
  const v = candidate.settings.plantedV;
  if (typeof W !== "string" || typeof v !== "string") return undefined;
  return { Wstar: JSON.parse(W) as number[][], vstar: JSON.parse(v) as number[] };
}

const plantedLabel = (P: Planted, x: readonly number[]) => P.Wstar.reduce((t, w, p) => t + P.vstar[p] * w.reduce((s, wc, c) => s + wc * x[c], 0) ** 2, 0);

const problemOf = (c: Candidate): QuadraticProblem<number> => ({
  X: c.file.data.X.map((r) => r.map(Number)),
  y: c.file.data.y.map(Number),
  v: c.file.params.a.map(Number),
  W: c.file.params.W.map((r) => r.map(Number)),
});

export const plantedLabels: Assumption = {
  name: "planted-labels",
  description: "settings.plantedW/plantedV give W*, v* and every label is the float64 value of Σ_p v*_p⟨w*_p, xᵢ⟩²",
  holds: (c) => {
    const P = plantedOf(c);
    return P !== undefined && c.file.data.X.every((x, i) => Number(c.file.data.y[i]) === plantedLabel(P, x.map(Number)));
  },
  decide: (_F, c) => plantedLabels.holds(c, { digits: 0 }),
};

export const singleSign: Assumption = {
  name: "single-sign",
  description: "v* ≥ 0 entrywise and v = ν·1 with ν > 0 (the theorem's 'same sign'; the ≤ 0 mirror image is not generated)",
  holds: (c) => {
    const P = plantedOf(c);
    const v = c.file.params.a.map(Number);
    return P !== undefined && P.vstar.every((x) => x >= 0) && v.every((x) => x > 0);
  },
  decide: (_F, c) => singleSign.holds(c, { digits: 0 }),
};

export const uniformOutput: Assumption = {
  name: "uniform-output",
  description: "the fixed output layer is v = ν·1 (all entries equal)",
  holds: (c) => c.file.params.a.every((a) => Number(a) === Number(c.file.params.a[0])),
  decide: (_F, c) => uniformOutput.holds(c, { digits: 0 }),
};

export const wider: Assumption = {
  name: "k-gt-d",
  description: "k > d hidden units",
  holds: (c) => c.file.params.a.length > c.file.data.X[0].length,
  decide: (_F, c) => wider.holds(c, { digits: 0 }),
};

export const sampleRangeSquare: Assumption = {
  name: "n-range",
  description: "d ≤ n ≤ d² (our reading of c·d·log d ≤ n ≤ C·d² with unknown c, C)",
  holds: (c) => {
    const n = c.file.data.X.length;
    const d = c.file.data.X[0].length;
    return d <= n && n <= d * d;
  },
  decide: (_F, c) => sampleRangeSquare.holds(c, { digits: 0 }),
};

/** ∇²L·U for the quadratic model: (2/n)D_vUS + (4/n)Σᵢ(xᵢᵀWᵀD_vUxᵢ)·D_vWxᵢxᵢᵀ. */
export function hessianVector(P: QuadraticProblem<number>, S: readonly (readonly number[])[], U: readonly (readonly number[])[]): number[][] {
  const n = P.X.length;
  const d = S.length;
  const out = P.W.map((_, p) => Array.from({ length: d }, (_, b) => (2 / n) * P.v[p] * U[p].reduce((t, u, a) => t + u * S[a][b], 0)));
  P.X.forEach((x) => {
    const wx = P.W.map((w) => w.reduce((t, wc, c) => t + wc * x[c], 0));
    const ux = U.map((u) => u.reduce((t, uc, c) => t + uc * x[c], 0));
    const cross = wx.reduce((t, z, p) => t + P.v[p] * z * ux[p], 0);
    P.W.forEach((_, p) => {
      for (let b = 0; b < d; b++) out[p][b] += (4 / n) * cross * P.v[p] * wx[p] * x[b];
    });
  });
  return out;
}

/** Extreme eigenvalues of ∇²L by Lanczos with full reorthogonalization over the whole space. */
export function hessianExtremes(P: QuadraticProblem<number>, seed: string): { lambdaMin: number; lambdaMax: number } {
  const k = P.W.length;
  const d = P.X[0].length;
  const m = k * d;
  const S = sMatrix(F, P);
  const apply = (u: number[]) => hessianVector(P, S, Array.from({ length: k }, (_, p) => u.slice(p * d, p * d + d))).flat();
  const random = seededRandom(seed);
  let q = Array.from({ length: m }, () => gaussian(random));
  const norm = (u: number[]) => Math.sqrt(u.reduce((t, x) => t + x * x, 0));
  q = q.map((x) => x / norm(q));
  const basis: number[][] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < m; j++) {
    basis.push(q);
    let w = apply(q);
    alpha.push(w.reduce((t, x, i) => t + x * q[i], 0));
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = w.reduce((t, x, i) => t + x * b[i], 0);
        w = w.map((x, i) => x - c * b[i]);
      }
    }
    const next = norm(w);
    if (j === m - 1 || next === 0) break;
    beta.push(next);
    q = w.map((x) => x / next);
  }
  const size = alpha.length;
  const T = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? alpha[i] : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)));
  const eigenvalues = new EigenvalueDecomposition(new Matrix(T), { assumeSymmetric: true }).realEigenvalues;
  return { lambdaMin: eigenvalues.reduce((extreme, value) => Math.min(extreme, value), Infinity), lambdaMax: eigenvalues.reduce((extreme, value) => Math.max(extreme, value), -Infinity) };
}

/**
 * The problem as a network for the fast kernels (src/fast/kernels.ts): src/model's quadratic
 * activation with standard scaling and a = v has the same L = (1/2n)Σ(xᵢᵀMxᵢ − yᵢ)² and
 * ∂L/∂w_j = −(1/n)Σ_i (y_i − h_i)·v_j·2z_ij·x_i = (2/n)·v_j·(W·S)_j (lib/quadratic.ts), summed through
 * z_ij = ⟨w_j, x_i⟩ in O(n·k·d) rather than through S in O(n·d²).
 */
const QUADRATIC_STANDARD: ModelSpec = { activation: { name: "quadratic" }, scaling: "standard" };

function quadraticNetwork(P: QuadraticProblem<number>): FloatInstance {
  return toFloatInstance({ model: QUADRATIC_STANDARD, X: P.X as number[][], y: P.y as number[], W: P.W as number[][], a: P.v as number[] });
}

function squaredSum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}

/**
 * Gradient descent on W (v fixed) with the step halved on any increase of L, until ‖∇L‖_F ≤
 * tolerance, maxSteps or a vanishing step: a float path that only chooses the iterate W, on the
 * fast kernels; every quantity of the verdict is then enclosed at that W (boundTerms).
 */
export function descend(P: QuadraticProblem<number>, options: { tolerance: number; maxSteps: number; step: number }): { W: number[][]; steps: number; gradientNorm: number } {
  const network = quadraticNetwork(P);
  const workspace = workspaceFor(network);
  const W = network.W.slice();
  let step = options.step;
  let L = lossAndGradient(network, workspace);
  const G = workspace.gradW.slice();
  let gradientNorm = Math.sqrt(squaredSum(G));
  let steps = 0;
  while (steps < options.maxSteps && gradientNorm > options.tolerance && step > 1e-12) {
    for (let m = 0; m < W.length; m++) network.W[m] = W[m] - step * G[m];
    // L and ∇L at the trial point in one pass: a rejected step (rare) wastes its gradient.
    const nextLoss = lossAndGradient(network, workspace);
    if (!(nextLoss <= L)) {
      step /= 2;
      continue;
    }
    W.set(network.W);
    L = nextLoss;
    G.set(workspace.gradW);
    gradientNorm = Math.sqrt(squaredSum(G));
    steps++;
  }
  const { p: k, d } = network;
  return { W: Array.from({ length: k }, (_, j) => Array.from(W.subarray(j * d, (j + 1) * d))), steps, gradientNorm };
}

/** One planted instance, fixed by its sizes and seed: W*, v* (mixed signs on odd rows when `mixed`), Gaussian X, W₀. */
export function plantedInstance(shape: { d: number; k: number; n: number; nu: number; seed: number; mixed: boolean }): Candidate {
  const { d, k, n, nu, seed, mixed } = shape;
  const random = seededRandom(`soltanolkotabi2019/approx-sosp-loss-bound/${seed}`);
  const g = () => gaussian(random);
  const Wstar = Array.from({ length: k }, () => Array.from({ length: d }, () => g() / Math.sqrt(d)));
  const vstar = Array.from({ length: k }, (_, p) => (mixed && p % 2 === 1 ? -1 : 1) * (0.5 + random.uniform()));
  const planted = { Wstar, vstar };
  const X = Array.from({ length: n }, () => Array.from({ length: d }, g));
  const W0 = Array.from({ length: k }, () => Array.from({ length: d }, () => (0.3 * g()) / Math.sqrt(d)));
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X, y: X.map((x) => plantedLabel(planted, x)) },
    params: { W: W0, a: new Array<number>(k).fill(nu) },
  } as InstanceFile;
  return { file, settings: { plantedW: JSON.stringify(Wstar), plantedV: JSON.stringify(vstar) } };
}

const I = intervalField({ digits: 20 });

/**
 * ‖M*‖_*, M* = W*ᵀD_{v*}W*: its trace, enclosed, when v* ≥ 0 (M* ⪰ 0); else the float64 sum of
 * |eigenvalues| as a point (only the known bad case, mixed v*, reaches it: an estimate there).
 */
function nuclearNorm(planted: Planted, d: number): Interval {
  if (planted.vstar.every((x) => x >= 0)) {
    return planted.Wstar.reduce((t, w, p) => I.add(t, I.mul(I.fromNumber(planted.vstar[p]), w.reduce((s, x) => I.add(s, I.mul(I.fromNumber(x), I.fromNumber(x))), I.zero))), I.zero);
  }
  const Mstar = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => planted.Wstar.reduce((t, w, p) => t + planted.vstar[p] * w[a] * w[b], 0)));
  return I.fromNumber(new EigenvalueDecomposition(new Matrix(Mstar), { assumeSymmetric: true }).realEigenvalues.reduce((t, x) => t + Math.abs(x), 0));
}

/**
 * The theorem's bound at W with ε_g, ε_H enclosed from above (lib/secondOrderEnclosure.ts), and
 * the margin bound − L(W) at its lower end: a margin ≥ 0 is a proof that the bound holds at W
 * for admissible (ε_g, ε_H).
 */
export function boundTerms(planted: Planted, P: QuadraticProblem<number>) {
  const enclosure = secondOrderEnclosure(P);
  const nuclear = nuclearNorm(planted, P.X[0].length);
  const epsilonG = I.interval(enclosure.epsilonG, enclosure.epsilonG);
  const epsilonH = I.interval(enclosure.epsilonH, enclosure.epsilonH);
  const nu = I.fromNumber(P.v[0]);
  const rootNu = I.sqrt(nu);
  const gradientPart = I.mul(I.div(epsilonG, rootNu), I.max(I.sqrt(I.add(I.one, I.mul(I.fromNumber(14), nuclear))), I.div(I.mul(I.fromNumber(4), epsilonG), rootNu)));
  const curvaturePart = I.mul(I.div(epsilonH, I.mul(I.fromNumber(2), nu)), nuclear);
  const bound = I.add(gradientPart, curvaturePart);
  return { ...enclosure, nuclear, bound, margin: I.sub(bound, enclosure.loss).lo.toNumber() };
}

/**
 * Where along the GD run W is taken: an early iterate (1–10 steps), a middle one (20–400), or the
 * end point (until ‖∇L‖_F ≤ gradientTolerance). The first two are where ε_g and ε_H are not
 * negligible and the bound is not ≈ 0, so its constants are actually tested.
 */
const iterate = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 10 }), weight: 1 },
  { arbitrary: fc.integer({ min: 20, max: 400 }), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

function plantedCandidate(mixed: boolean): fc.Arbitrary<Candidate> {
  return fc
    .record({ d: fc.integer({ min: 2, max: 3 }), extra: fc.integer({ min: 1, max: 2 }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), nu: fc.constantFrom(0.5, 1, 2), steps: iterate })
    .chain(({ d, extra, seed, nu, steps }) =>
      fc.integer({ min: d, max: d * d }).map((n) => {
        const candidate = plantedInstance({ d, k: d + extra, n, nu, seed, mixed });
        return steps === undefined ? candidate : { ...candidate, settings: { ...candidate.settings, maxSteps: steps } };
      }),
    );
}

export const approxSospLossBound: Property = {
  id: "soltanolkotabi2019/approx-sosp-loss-bound",
  title: "Theorem 2.2 (second part): an (ε_g, ε_H)-second-order point of the planted quadratic network has L ≤ (ε_g/√ν)·max(√(1+14‖M*‖_*), 4ε_g/√ν) + ε_H‖M*‖_*/(2ν)",
  reference: {
    paper: "soltanolkotabi2019",
    statement: "Theorem 2.2, second part (approximate local minima, condition (2.1))",
    provenance: "constants as stated in the arXiv v3 text (its proof's (6.27) drops the 2/n of (6.1), so they may belong to another normalization); the n-range and the measurement of ε_g, ε_H along gradient-descent paths are our reading",
  },
  margin: {
    kind: "bound-slack",
    formula: "bound − L(W) (absolute, lower end of its interval enclosure), bound = (ε_g/√ν)·max(√(1 + 14‖M*‖_*), 4ε_g/√ν) + (ε_H/(2ν))·‖M*‖_*, ε_g ≥ ‖∇L(W)‖_F and ε_H ≥ max(0, −λ_min(∇²L(W))) enclosed from above at the GD iterate W",
    bound: { direction: "upper", observed: "L(W)", bound: "(ε_g/√ν)·max(√(1 + 14‖M*‖_*), 4ε_g/√ν) + (ε_H/(2ν))·‖M*‖_*" },
  },
  mode: "trajectory",
  statement:
    "At an early, middle or final iterate W of gradient descent (v = ν·1 fixed), with ε_g = ‖∇L(W)‖_F and ε_H = max(0, −λ_min(∇²L(W))) (enclosed from above): L(W) ≤ (ε_g/√ν)·max(√(1 + 14‖M*‖_*), 4ε_g/√ν) + (ε_H/(2ν))·‖M*‖_*.",
  reading:
    "Loss (1/2n)Σ(·)² as eq. (1.4); the theorem quantifies over every point meeting (2.1), so W is a GD iterate after 1–10 steps, 20–400 steps or at convergence (settings.maxSteps), where ε_g, ε_H are measured: enclosed from above in interval arithmetic (λ_min by interval Cholesky of the full Hessian, Gershgorin as fallback); n-range d ≤ n ≤ d². The probability statement is not checked (vacuous for d ≤ 8): its deterministic consequence is checked on sampled instances. Settings: gradientTolerance (1e-7), maxSteps (20000), step (0.05, halved on any increase of L). L(W) = 0 exactly is counted as vacuous.",
  assumptions: [quadraticModel, plantedLabels, singleSign, uniformOutput, wider, sampleRangeSquare],
  generate: (dropped) => plantedCandidate(dropped.has(singleSign.name)),
  evaluate(candidate): Evaluation {
    const P = problemOf(candidate);
    const run = descend(P, {
      tolerance: numberSetting(candidate.settings, "gradientTolerance", 1e-7),
      maxSteps: numberSetting(candidate.settings, "maxSteps", 20_000),
      step: numberSetting(candidate.settings, "step", 0.05),
    });
    const end = { ...P, W: run.W };
    const terms = boundTerms(plantedOf(candidate)!, end);
    return {
      margin: terms.margin,
      ...(terms.loss.hi.isZero() ? { vacuous: "L(W) = 0" } : { slack: { observed: I.toNumber(terms.loss), bound: I.toNumber(terms.bound) } }),
      detail: {
        loss: I.toNumber(terms.loss),
        bound: I.toNumber(terms.bound),
        epsilonG: terms.epsilonG.toNumber(),
        epsilonH: terms.epsilonH.toNumber(),
        lambdaMinEstimate: terms.lambdaMinEstimate,
        lambdaMinMethod: terms.method,
        nuclearNorm: I.toNumber(terms.nuclear),
        steps: run.steps,
        residualMax: residuals(F, end).map(Math.abs).reduce((extreme, value) => Math.max(extreme, value), -Infinity),
      },
    };
  },
  knownBad: () => [
    {
      why: "single-sign dropped: v* of mixed signs with v = 1 > 0 — gradient descent stops at a second-order point with L ≈ 2.8 while ε_g, ε_H ≈ 0",
      candidate: plantedInstance({ d: 2, k: 3, n: 4, nu: 1, seed: 3, mixed: true }),
    },
  ],
  slackOver: sospSlack,
  defaultRuns: 16,
};

/**
 * L(W) and Theorem 2.2's bound over any field, for `tighten`'s certified ratio, at the same GD
 * iterate W `evaluate` judges (W's binary values taken as exact: the theorem speaks of every W).
 * ε_g = ‖∇L(W)‖_F over F; ε_H is `evaluate`'s own: max(0, −λ) for a λ proved ≤ λ_min(∇²L(W))
 * (lib/secondOrderEnclosure.ts), so ∇²L ⪰ −ε_H·I and (ε_g, ε_H) meet condition (2.1);
 * ‖M*‖_* = Σ_p v*_p‖w*_p‖² (v* ≥ 0, so M* ⪰ 0). undefined when L(W) is not shown > 0.
 */
function sospSlack<T>(F: Field<T>, candidate: Candidate): { observed: T; bound: T } | undefined {
  const P = problemOf(candidate);
  const planted = plantedOf(candidate)!;
  const run = descend(P, {
    tolerance: numberSetting(candidate.settings, "gradientTolerance", 1e-7),
    maxSteps: numberSetting(candidate.settings, "maxSteps", 20_000),
    step: numberSetting(candidate.settings, "step", 0.05),
  });
  const epsilonH = F.fromDecimalString(secondOrderEnclosure({ ...P, W: run.W }).epsilonH.toString());
  // The float64 instance evaluate sees (Number of each file entry), its binary values exact in F.
  const exactly = (values: readonly number[]) => values.map((v) => F.fromNumber(v));
  const end: QuadraticProblem<T> = { X: P.X.map(exactly), y: exactly(P.y), v: exactly(P.v), W: run.W.map(exactly) };
  const loss = lossOf(F, end);
  if (F.sign(loss) !== 1) return undefined;
  const epsilonG = F.sqrt(gradientOf(F, end).flat().reduce((t, g) => F.add(t, F.mul(g, g)), F.zero));
  const nuclear = planted.Wstar.reduce((t, w, p) => F.add(t, F.mul(F.fromNumber(planted.vstar[p]), w.reduce((u, x) => F.add(u, F.mul(F.fromNumber(x), F.fromNumber(x))), F.zero))), F.zero);
  const rootNu = F.sqrt(end.v[0]);
  const gradientTerm = F.mul(F.div(epsilonG, rootNu), F.max(F.sqrt(F.add(F.one, F.mul(F.fromNumber(14), nuclear))), F.div(F.mul(F.fromNumber(4), epsilonG), rootNu)));
  const curvatureTerm = F.mul(F.div(epsilonH, F.mul(F.fromNumber(2), end.v[0])), nuclear);
  return { observed: loss, bound: F.add(gradientTerm, curvatureTerm) };
}
