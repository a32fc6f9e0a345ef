/**
 * The fast float path the Figure 2–4 experiments share: full-batch gradient descent on
 * L(v, W) = (1/2n)Σᵢ(vᵀφ(Wxᵢ) − yᵢ)² (eq. 1.4) over typed arrays, training W and (optionally) v.
 *
 * The paper reports neither step size nor iteration count (arXiv:1707.04926v3, Section 3, Figs 2–4), so both are knobs; the step
 * is halved whenever a step would increase L (so every run is monotone and none diverges — a
 * reading, not the paper's protocol), and never increased.
 */
import { gaussian, rademacher, type Random } from "../../src/random/rng.js";
import type { PlantedActivation } from "../../src/fast/plantedGd.js";
import { plantedTrain } from "../../src/fast/plantedNative.js";

export interface Activation {
  name: string;
  value(z: number): number;
  derivative(z: number): number;
  /** The fused typed-array kernel computing the same arithmetic (src/fast/plantedGd.ts, native when built), when there is one. */
  kernel?: PlantedActivation;
}

/** φ_b(z) = (1/b)·log(1 + e^{bz}), evaluated stably; φ′ = logistic(bz). */
export function softplus(b: number): Activation {
  return {
    name: `softplus(b=${b})`,
    kernel: { kind: "softplus", sharpness: b },
    value: (z) => (Math.max(b * z, 0) + Math.log1p(Math.exp(-Math.abs(b * z)))) / b,
    derivative: (z) => 1 / (1 + Math.exp(-b * z)),
  };
}

export const quadratic: Activation = { name: "quadratic", value: (z) => z * z, derivative: (z) => 2 * z, kernel: { kind: "quadratic" } };

export interface Problem {
  n: number;
  d: number;
  /** Row-major n×d inputs. */
  X: Float64Array;
  y: Float64Array;
}

export interface Parameters {
  k: number;
  /** Row-major k×d. */
  W: Float64Array;
  v: Float64Array;
}

/** n i.i.d. N(0, I_d) inputs. */
export function gaussianInputs(random: Random, n: number, d: number): Float64Array {
  return Float64Array.from({ length: n * d }, () => gaussian(random));
}

/** W with i.i.d. N(0,1)/√d entries and v from `output` ("ones" or "rademacher"). */
export function initialParameters(random: Random, k: number, d: number, output: "ones" | "rademacher"): Parameters {
  const W = Float64Array.from({ length: k * d }, () => gaussian(random) / Math.sqrt(d));
  const v = Float64Array.from({ length: k }, () => (output === "ones" ? 1 : rademacher(random)));
  return { k, W, v };
}

/** Outputs vᵀφ(Wxᵢ). */
export function outputs(problem: Problem, params: Parameters, phi: Activation): Float64Array {
  const { n, d, X } = problem;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = 0; j < params.k; j++) {
      let z = 0;
      for (let c = 0; c < d; c++) z += params.W[j * d + c] * X[i * d + c];
      h += params.v[j] * phi.value(z);
    }
    out[i] = h;
  }
  return out;
}

function lossAndGradient(problem: Problem, params: Parameters, phi: Activation, gradW: Float64Array, gradV: Float64Array): number {
  const { n, d, X, y } = problem;
  const k = params.k;
  gradW.fill(0);
  gradV.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += params.W[j * d + c] * X[i * d + c];
      z[j] = s;
      h += params.v[j] * phi.value(s);
    }
    const r = h - y[i];
    loss += r * r;
    for (let j = 0; j < k; j++) {
      gradV[j] += r * phi.value(z[j]);
      const coefficient = r * params.v[j] * phi.derivative(z[j]);
      for (let c = 0; c < d; c++) gradW[j * d + c] += coefficient * X[i * d + c];
    }
  }
  for (let j = 0; j < k * problem.d; j++) gradW[j] /= n;
  for (let j = 0; j < k; j++) gradV[j] /= n;
  return loss / (2 * n);
}

export interface TrainOptions {
  step: number;
  iterations: number;
  trainV: boolean;
  /** Stop early once L ≤ this. */
  stopLoss?: number;
  /** Iterations (ascending) at which L is recorded. */
  checkpoints?: readonly number[];
}

export interface TrainResult {
  loss: number;
  iterations: number;
  finalStep: number;
  /** L at each checkpoint reached (later checkpoints repeat the final L when stopped early). */
  history: number[];
  /** Where the fused kernel found (W, v) a fixed point of the step and counted the rest (src/fast/plantedGd.ts). */
  fixedPointAt?: number;
}

/** Gradient descent in place on `params`: the fused kernel when φ has one (same arithmetic), else {@link trainGeneric}. */
export function train(problem: Problem, params: Parameters, phi: Activation, options: TrainOptions): TrainResult {
  if (phi.kernel !== undefined) return plantedTrain(phi.kernel, problem, params.k, params.W, params.v, options);
  return trainGeneric(problem, params, phi, options);
}

/** Gradient descent in place on `params`, through φ's closures: any activation; the reference the kernel is tested against. */
export function trainGeneric(problem: Problem, params: Parameters, phi: Activation, options: TrainOptions): TrainResult {
  const gradW = new Float64Array(params.W.length);
  const gradV = new Float64Array(params.v.length);
  const trialW = new Float64Array(params.W.length);
  const trialV = new Float64Array(params.v.length);
  const checkpoints = options.checkpoints ?? [];
  const history: number[] = [];
  let step = options.step;
  let loss = lossAndGradient(problem, params, phi, gradW, gradV);
  let t = 0;
  const record = () => {
    while (history.length < checkpoints.length && checkpoints[history.length] <= t) history.push(loss);
  };
  record();
  while (t < options.iterations && !(loss <= (options.stopLoss ?? -1)) && step > 1e-300) {
    for (let j = 0; j < trialW.length; j++) trialW[j] = params.W[j] - step * gradW[j];
    for (let j = 0; j < trialV.length; j++) trialV[j] = options.trainV ? params.v[j] - step * gradV[j] : params.v[j];
    const candidate: Parameters = { k: params.k, W: trialW, v: trialV };
    const savedW = new Float64Array(gradW);
    const savedV = new Float64Array(gradV);
    const next = lossAndGradient(problem, candidate, phi, gradW, gradV);
    if (!(next <= loss)) {
      gradW.set(savedW);
      gradV.set(savedV);
      step /= 2;
      continue;
    }
    params.W.set(trialW);
    params.v.set(trialV);
    loss = next;
    t++;
    record();
  }
  while (history.length < checkpoints.length) history.push(loss);
  return { loss, iterations: t, finalStep: step, history };
}
