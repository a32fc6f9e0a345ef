/**
 * Safran & Shamir's search for spurious local minima of the ReLU teacher–student population loss
 * (Safran & Shamir, arXiv:1712.08968), and a high-precision certificate for a point it finds.
 *
 * Search (their findBadMinima.m / findMinimum.m): teacher v_j = e_j in R^d with d = k (k targets),
 * n student neurons from the Xavier initialization W = randn/√d, gradient descent with step 0.1 on
 * F as written, stopped when max_i ‖∂F/∂w_i‖ ≤ 1e-9; when the gradient norm exceeds 1e4 the run
 * restarts from the same initialization with half the step. An iteration cap (ours; the code has
 * none) ends runs that creep along a flat valley; they are reported as not converged.
 *
 * Certificate (ours, in the spirit of their minimum.m): from the float end point, Newton steps
 * H·δ = −∇F in decimal arithmetic at `digits` significant digits until ‖∇F‖ stops shrinking;
 * then λ̂ = the smallest eigenvalue of the float64 rounding of H, and a decimal LDLᵀ of
 * H − (λ̂/2)·I whose pivots are all positive proves (up to the decimal rounding of the
 * elimination, ~10^(−digits)·‖H‖·kd, far below λ̂/2) that H ≻ (λ̂/2)·I. A point with F ≥ 1e-3
 * (their "bad" threshold), ‖∇F‖ tiny and H ≻ 0 is a spurious local minimum numerically. What is
 * NOT done here: the third-derivative bound B over a ball that turns "‖∇F‖ ≪ λ²/B" into the
 * existence of an exact critical point nearby (their 9λ² − 25‖∇F‖B ≥ 0); the estimate ‖∇F‖/λ of
 * the distance to it is reported instead. An interval-field proof on populationHessian closes this.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { Decimal } from "decimal.js";
import { decimalField } from "../field/decimal.js";
import { solveLinearSystem } from "../dynamics/linearSolve.js";
import { gaussian, type Random } from "../random/rng.js";
import { populationGradient, populationHessian, populationLoss } from "./reluTeacherStudent.js";
import { lossAndGradientFloat, teacherEnergyFloat } from "./reluTeacherStudentFloat.js";

/** Safran & Shamir's threshold: an end point with F ≥ 1e-3 is "bad". */
export const BAD_LOSS_THRESHOLD = 1e-3;

/** v_j = e_j, j = 1..k, in R^k. */
export function orthonormalTeacher(k: number): number[][] {
  return Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, c) => (c === j ? 1 : 0)));
}

/** n student rows of length d, entries N(0, 1)/√d (Xavier, as `randn(d, n)/sqrt(d)`). */
export function xavierInit(random: Random, students: number, d: number): number[][] {
  return Array.from({ length: students }, () => Array.from({ length: d }, () => gaussian(random) / Math.sqrt(d)));
}

export interface DescentOptions {
  step?: number;
  /** Stop when max_i ‖∂F/∂w_i‖ ≤ this. */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Gradient norm that counts as divergence (then the step is halved). */
  divergence?: number;
  /**
   * Stop as soon as F ≤ this (ours, not the protocol's): for a search for BAD end points, a run
   * whose loss has fallen well below the bad threshold is settled, since a descent with this step
   * does not climb back (F decreased at every step on all our runs — checked: `monotone`). It
   * spares the slow sublinear tail of over-parameterized runs (n > k) toward the global minimum.
   */
  stopBelowLoss?: number;
}

export interface DescentResult {
  W: number[][];
  loss: number;
  maxRowGradient: number;
  iterations: number;
  converged: boolean;
  /** Whether F decreased at every step. */
  monotone: boolean;
  /** Whether the run stopped early at `stopBelowLoss`. */
  stoppedBelowLoss: boolean;
  /** The step finally used (halved on each divergence). */
  step: number;
}

const rowNorm = (row: readonly number[]) => Math.sqrt(row.reduce((s, x) => s + x * x, 0));

export function gradientDescent(W0: readonly (readonly number[])[], V: readonly (readonly number[])[], options: DescentOptions = {}): DescentResult {
  const tolerance = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 200_000;
  const divergence = options.divergence ?? 1e4;
  const energy = teacherEnergyFloat(V);
  let step = options.step ?? 0.1;
  for (;;) {
    const W = W0.map((row) => [...row]);
    let diverged = false;
    let monotone = true;
    let previous = Infinity;
    for (let iteration = 0; ; iteration++) {
      const { loss, gradient } = lossAndGradientFloat(W, V, energy);
      if (!(loss <= previous)) monotone = false;
      previous = loss;
      const maxRowGradient = gradient.map(rowNorm).reduce((extreme, value) => Math.max(extreme, value), -Infinity);
      if (!(maxRowGradient <= divergence)) {
        diverged = true;
        break;
      }
      const stoppedBelowLoss = options.stopBelowLoss !== undefined && loss <= options.stopBelowLoss;
      if (maxRowGradient <= tolerance || iteration >= maxIterations || stoppedBelowLoss) {
        return { W, loss, maxRowGradient, iterations: iteration, converged: maxRowGradient <= tolerance, monotone, stoppedBelowLoss, step };
      }
      for (let i = 0; i < W.length; i++) for (let c = 0; c < W[i].length; c++) W[i][c] -= step * gradient[i][c];
    }
    if (diverged) step /= 2;
  }
}

export interface CertificateOptions {
  digits?: number;
  maxNewtonSteps?: number;
}

export interface Certificate {
  /** "spurious-minimum" | "global-minimum" | "saddle" | "non-smooth" | "not-refined". */
  verdict: "spurious-minimum" | "global-minimum" | "saddle" | "non-smooth" | "not-refined";
  digits: number;
  newtonSteps: number;
  /** F at the refined point, as a decimal string at `digits`. */
  loss: string;
  /** ‖∇F‖_F at the refined point. */
  gradientNorm: number;
  /** Smallest eigenvalue of the float64 rounding of H (NaN when H could not be formed). */
  lambdaEstimate: number;
  /** H ≻ lambdaLower·I proved by positive LDLᵀ pivots (0 when not proved). */
  lambdaLower: number;
  /** Smallest pivot of the LDLᵀ of H − lambdaLower·I. */
  smallestPivot: number;
  /** ‖∇F‖/lambdaLower: the Newton estimate of the distance to the exact critical point. */
  distanceEstimate: number;
  /** min_i ‖w_i‖ and the smallest sin∠ over student–student and student–teacher pairs (where F is smooth). */
  minRowNorm: number;
  minPairSine: number;
  /** The refined point, rows as decimal strings. */
  W: string[][];
  note?: string;
}

type D = Decimal;

function frobenius(F: ReturnType<typeof decimalField>, G: readonly (readonly D[])[]): D {
  let total = F.zero;
  for (const row of G) for (const x of row) total = F.add(total, F.mul(x, x));
  return F.sqrt(total);
}

/** Pivots of Gaussian elimination without pivoting (LDLᵀ for a symmetric matrix); all > 0 ⇔ positive definite. */
function ldlPivots(F: ReturnType<typeof decimalField>, A: readonly (readonly D[])[]): D[] {
  const m = A.length;
  const rows = A.map((row) => [...row]);
  const pivots: D[] = [];
  for (let c = 0; c < m; c++) {
    const pivot = rows[c][c];
    pivots.push(pivot);
    if (F.sign(pivot) !== 1) return pivots;
    for (let r = c + 1; r < m; r++) {
      const factor = F.div(rows[r][c], pivot);
      for (let q = c; q < m; q++) rows[r][q] = F.sub(rows[r][q], F.mul(factor, rows[c][q]));
    }
  }
  return pivots;
}

function geometry(W: readonly (readonly number[])[], V: readonly (readonly number[])[]): { minRowNorm: number; minPairSine: number } {
  const norms = W.map(rowNorm);
  let minPairSine = Infinity;
  const sine = (a: readonly number[], b: readonly number[]) => {
    const c = a.reduce((s, x, i) => s + x * b[i], 0) / (rowNorm(a) * rowNorm(b));
    return Math.sqrt(Math.max(0, 1 - c * c));
  };
  for (let i = 0; i < W.length; i++) {
    for (let j = i + 1; j < W.length; j++) minPairSine = Math.min(minPairSine, sine(W[i], W[j]));
    for (const v of V) if (rowNorm(v) > 0) minPairSine = Math.min(minPairSine, sine(W[i], v));
  }
  return { minRowNorm: norms.reduce((extreme, value) => Math.min(extreme, value), Infinity), minPairSine };
}

/** Newton-refine a float end point in decimal arithmetic and classify it (see the file comment). */
export function refineAndCertify(W0: readonly (readonly number[])[], V0: readonly (readonly number[])[], options: CertificateOptions = {}): Certificate {
  const digits = options.digits ?? 40;
  const F = decimalField({ digits });
  const V = V0.map((row) => row.map((x) => F.fromNumber(x)));
  let W = W0.map((row) => row.map((x) => F.fromNumber(x)));
  const k = W.length;
  const d = W[0].length;
  const base = { digits, lambdaEstimate: NaN, lambdaLower: 0, smallestPivot: NaN, distanceEstimate: NaN };
  const asStrings = (M: D[][]) => M.map((row) => row.map((x) => F.toString(x)));
  const { minRowNorm, minPairSine } = geometry(W0, V0);
  if (!(minRowNorm > 0 && minPairSine > 0)) {
    return { ...base, verdict: "non-smooth", newtonSteps: 0, loss: F.toString(populationLoss(F, W, V)), gradientNorm: NaN, minRowNorm, minPairSine, W: asStrings(W) };
  }
  let gradient: D[][];
  let gradientNorm: D;
  try {
    gradient = populationGradient(F, W, V);
    gradientNorm = frobenius(F, gradient);
  } catch (error) {
    return { ...base, verdict: "non-smooth", newtonSteps: 0, loss: F.toString(populationLoss(F, W, V)), gradientNorm: NaN, minRowNorm, minPairSine, W: asStrings(W), note: String(error) };
  }
  const loss0 = F.toNumber(populationLoss(F, W, V));
  if (loss0 < BAD_LOSS_THRESHOLD) {
    return { ...base, verdict: "global-minimum", newtonSteps: 0, loss: F.toString(populationLoss(F, W, V)), gradientNorm: F.toNumber(gradientNorm), minRowNorm, minPairSine, W: asStrings(W) };
  }
  const maxSteps = options.maxNewtonSteps ?? 12;
  let steps = 0;
  let hessian: D[][] | undefined;
  try {
    for (; steps < maxSteps; steps++) {
      hessian = populationHessian(F, W, V);
      const delta = solveLinearSystem(F, hessian, gradient.flat().map((x) => F.neg(x)));
      if (!delta) break;
      const next = W.map((row, i) => row.map((x, c) => F.add(x, delta[i * d + c])));
      const nextGradient = populationGradient(F, next, V);
      const nextNorm = frobenius(F, nextGradient);
      // Newton converges quadratically near a nondegenerate critical point; stop when it stalls.
      if (F.toNumber(nextNorm) >= F.toNumber(gradientNorm)) break;
      W = next;
      gradient = nextGradient;
      gradientNorm = nextNorm;
    }
    hessian = populationHessian(F, W, V);
  } catch (error) {
    return { ...base, verdict: "non-smooth", newtonSteps: steps, loss: F.toString(populationLoss(F, W, V)), gradientNorm: F.toNumber(gradientNorm), minRowNorm, minPairSine, W: asStrings(W), note: String(error) };
  }
  const refinedGeometry = geometry(
    W.map((row) => row.map((x) => F.toNumber(x))),
    V0,
  );
  const loss = populationLoss(F, W, V);
  const eigenvalues = new EigenvalueDecomposition(new Matrix(hessian.map((row) => row.map((x) => F.toNumber(x)))), { assumeSymmetric: true }).realEigenvalues;
  const lambdaEstimate = eigenvalues.reduce((extreme, value) => Math.min(extreme, value), Infinity);
  const common = {
    digits,
    newtonSteps: steps,
    loss: F.toString(loss),
    gradientNorm: F.toNumber(gradientNorm),
    lambdaEstimate,
    ...refinedGeometry,
    W: asStrings(W),
  };
  if (!(lambdaEstimate > 0)) return { ...common, verdict: "saddle", lambdaLower: 0, smallestPivot: NaN, distanceEstimate: NaN };
  const shiftValue = F.fromNumber(lambdaEstimate / 2);
  const shifted = hessian.map((row, r) => row.map((x, c) => (r === c ? F.sub(x, shiftValue) : x)));
  const pivots = ldlPivots(F, shifted);
  const smallestPivot = pivots.map((p) => F.toNumber(p)).reduce((extreme, value) => Math.min(extreme, value), Infinity);
  const proved = pivots.length === k * d && smallestPivot > 0;
  const lambdaLower = proved ? lambdaEstimate / 2 : 0;
  const converged = F.toNumber(gradientNorm) <= 10 ** (-digits / 2);
  return {
    ...common,
    verdict: !converged ? "not-refined" : proved ? (F.toNumber(loss) >= BAD_LOSS_THRESHOLD ? "spurious-minimum" : "global-minimum") : "saddle",
    lambdaLower,
    smallestPivot,
    distanceEstimate: proved ? F.toNumber(gradientNorm) / lambdaLower : NaN,
  };
}
