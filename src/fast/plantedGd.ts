/**
 * Full-batch gradient descent on L(v, W) = (1/2n)Σᵢ(vᵀφ(Wxᵢ) − yᵢ)² over float64 typed arrays,
 * for the two activations of the planted-model experiments (softplus φ_b and the square), with
 * the step halved whenever a step would increase L (soltanolkotabi2019 Figs 2–4).
 *
 * Why a kernel of its own: the generic path calls φ through closures three times per (i, j)
 * (two values, one derivative: three exp and two log1p for softplus) and allocates four arrays
 * per iteration. Here φ(z) is evaluated once per (i, j) and reused, softplus shares exp(−|bz|)
 * with φ′ where z ≥ 0, and every buffer is allocated once per run: 1.4–1.6× faster for softplus
 * (measured old against new in one process); the quadratic case only matches the generic speed,
 * its cost being the 2·n·k·d multiply-adds both perform. Each floating-point
 * operation, and the order of every sum, is the generic path's, so results are bit-identical
 * (test/experiments/soltanolkotabi2019/plantedKernels.test.ts compares them). The native kernel
 * (plantedNative.ts) runs the same arithmetic in C, 3–4× faster; this one is its fallback.
 */

export type PlantedActivation = { kind: "softplus"; sharpness: number } | { kind: "quadratic" };

export interface PlantedProblem {
  n: number;
  d: number;
  /** Row-major n×d inputs. */
  X: Float64Array;
  y: Float64Array;
}

export interface PlantedTrainOptions {
  step: number;
  iterations: number;
  trainV: boolean;
  /** Stop once L ≤ this. */
  stopLoss?: number;
  /** Iterations (ascending) at which L is recorded. */
  checkpoints?: readonly number[];
}

export interface PlantedTrainResult {
  loss: number;
  iterations: number;
  finalStep: number;
  /** L at each checkpoint reached (later checkpoints repeat the final L when stopped early). */
  history: number[];
  /**
   * The iteration at which (W, v) became a fixed point of the step (step·gradient rounds away in
   * every entry), when it did: the remaining iterations, which could change nothing, were counted
   * without being evaluated.
   */
  fixedPointAt?: number;
}

/** Scratch space of one run: gradients, and φ(z), φ′(z) of one sample. */
interface Workspace {
  gradW: Float64Array;
  gradV: Float64Array;
  phi: Float64Array;
  phiPrime: Float64Array;
}

function workspace(k: number, d: number): Workspace {
  return { gradW: new Float64Array(k * d), gradV: new Float64Array(k), phi: new Float64Array(k), phiPrime: new Float64Array(k) };
}

/**
 * φ_b(z_j) and φ_b′(z_j) for the k preactivations z = W·x_i of sample i, by the generic path's
 * formulas (twoLayerGd.ts softplus), operation for operation. Also the radius kernel's σ, σ′
 * (plantedRadiusGd.ts, b = 1: b·z, x/b and (−b)·z are then exact).
 */
export function softplusUnits(b: number, i: number, d: number, k: number, X: Float64Array, W: Float64Array, phi: Float64Array, phiPrime: Float64Array): void {
  const row = i * d;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += W[j * d + c] * X[row + c];
    const bz = b * s;
    const decay = Math.exp(-Math.abs(bz));
    phi[j] = (Math.max(bz, 0) + Math.log1p(decay)) / b;
    // The generic φ′ is 1/(1 + e^{(−b)·z}); for z ≥ 0 that exponential is `decay` exactly.
    phiPrime[j] = 1 / (1 + (bz >= 0 ? decay : Math.exp(-b * s)));
  }
}

/** Sample i's share of the gradient, given its residual r: gradV_j += r·φ_j, gradW_jc += (r·v_j·φ′_j)·x_ic. */
export function accumulateUnits(r: number, i: number, d: number, k: number, X: Float64Array, v: Float64Array, phi: Float64Array, phiPrime: Float64Array, gradW: Float64Array, gradV: Float64Array): void {
  const row = i * d;
  for (let j = 0; j < k; j++) {
    gradV[j] += r * phi[j];
    const coefficient = r * v[j] * phiPrime[j];
    for (let c = 0; c < d; c++) gradW[j * d + c] += coefficient * X[row + c];
  }
}

/** L at (W, v), with its gradient written into space.gradW, space.gradV. */
export function plantedLossAndGradient(activation: PlantedActivation, problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, space: Workspace): number {
  if (activation.kind === "quadratic") return quadraticLossAndGradient(problem, k, W, v, space);
  const { n, d, X, y } = problem;
  const { gradW, gradV, phi, phiPrime } = space;
  gradW.fill(0);
  gradV.fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    softplusUnits(activation.sharpness, i, d, k, X, W, phi, phiPrime);
    let h = 0;
    for (let j = 0; j < k; j++) h += v[j] * phi[j];
    const r = h - y[i];
    loss += r * r;
    accumulateUnits(r, i, d, k, X, v, phi, phiPrime, gradW, gradV);
  }
  for (let j = 0; j < k * d; j++) gradW[j] /= n;
  for (let j = 0; j < k; j++) gradV[j] /= n;
  return loss / (2 * n);
}

/**
 * Gradient descent in place on (W, v); the generic `train` of twoLayerGd.ts, step for step, but
 * for one exit that cannot change the result: once a step rounds away in every entry of (W, v),
 * every remaining iteration would recompute the same L, accept it and change nothing, so the
 * count is finished without them (failed quadratic runs get there after a few thousand of their
 * 10⁵ iterations, as halvings shrink the step). The reference and fallback of the native kernel
 * (plantedNative.ts, which callers use).
 */
export function plantedTrainTypescript(activation: PlantedActivation, problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, options: PlantedTrainOptions): PlantedTrainResult {
  const d = problem.d;
  let current = workspace(k, d);
  let trial = workspace(k, d);
  const trialW = new Float64Array(k * d);
  const trialV = new Float64Array(k);
  const checkpoints = options.checkpoints ?? [];
  const stopLoss = options.stopLoss ?? -1;
  const history: number[] = [];
  let step = options.step;
  let loss = plantedLossAndGradient(activation, problem, k, W, v, current);
  let t = 0;
  let fixedPointAt: number | undefined;
  const record = () => {
    while (history.length < checkpoints.length && checkpoints[history.length] <= t) history.push(loss);
  };
  record();
  while (t < options.iterations && !(loss <= stopLoss) && step > 1e-300) {
    for (let j = 0; j < trialW.length; j++) trialW[j] = W[j] - step * current.gradW[j];
    for (let j = 0; j < k; j++) trialV[j] = options.trainV ? v[j] - step * current.gradV[j] : v[j];
    if (loss <= loss && sameBits(trialW, W) && sameBits(trialV, v)) {
      // Each remaining iteration would evaluate these same bits, accept (L ≤ L) and change nothing.
      fixedPointAt = t;
      t = Math.ceil(options.iterations);
      record();
      break;
    }
    const next = plantedLossAndGradient(activation, problem, k, trialW, trialV, trial);
    if (!(next <= loss)) {
      step /= 2;
      continue;
    }
    W.set(trialW);
    v.set(trialV);
    [current, trial] = [trial, current];
    loss = next;
    t++;
    record();
  }
  while (history.length < checkpoints.length) history.push(loss);
  return { loss, iterations: t, finalStep: step, history, ...(fixedPointAt === undefined ? {} : { fixedPointAt }) };
}

/** Whether two arrays hold the same bits (−0 ≠ +0; NaNs compare unequal, which only forgoes the fixed-point exit). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  for (let j = 0; j < a.length; j++) if (!(a[j] === b[j] && (a[j] !== 0 || Object.is(a[j], b[j])))) return false;
  return true;
}

/** The quadratic case in one loop (φ = z², φ′ = 2z are cheaper to recompute than to store). */
function quadraticLossAndGradient(problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, space: Workspace): number {
  const { n, d, X, y } = problem;
  const { gradW, gradV, phi: z } = space;
  gradW.fill(0);
  gradV.fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let h = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += W[j * d + c] * X[row + c];
      z[j] = s;
      h += v[j] * (s * s);
    }
    const r = h - y[i];
    loss += r * r;
    for (let j = 0; j < k; j++) {
      const s = z[j];
      gradV[j] += r * (s * s);
      const coefficient = r * v[j] * (2 * s);
      for (let c = 0; c < d; c++) gradW[j * d + c] += coefficient * X[row + c];
    }
  }
  for (let j = 0; j < k * d; j++) gradW[j] /= n;
  for (let j = 0; j < k; j++) gradV[j] /= n;
  return loss / (2 * n);
}
