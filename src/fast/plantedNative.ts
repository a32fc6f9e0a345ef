/**
 * The planted-model gradient descent of {@link ./plantedGd.ts} as an optional native addon
 * (native/plantedGd.c, built by scripts/buildNative.mjs at install): whole runs in C, with the
 * TypeScript kernel's floating-point operations in the same order and fdlibm's exp and log1p
 * (V8's Math.exp and Math.log1p are ports of fdlibm), so results are bit-identical to it
 * (test/fast/plantedNative.test.ts proves both claims). 3–4× faster for softplus, where exp and
 * log1p dominate, and for the quadratic case (see experiments/runCosts.ts for the figures).
 *
 * The addon is optional: when it was not built, does not load, or fails its self-check (which
 * compares its exp, log1p and a short descent with this Node's, bit for bit), {@link plantedTrain}
 * runs the TypeScript kernel. Each worker thread loads its own instance (the addon is context-aware).
 */
import { lazyAddon } from "./nativeAddon.js";
import { plantedTrainTypescript, type PlantedActivation, type PlantedProblem, type PlantedTrainOptions, type PlantedTrainResult } from "./plantedGd.js";

interface Addon {
  train(
    kind: number, sharpness: number, n: number, d: number, k: number, X: Float64Array, y: Float64Array, W: Float64Array, v: Float64Array,
    step: number, iterations: number, trainV: boolean, stopLoss: number, checkpoints: Float64Array, out: Float64Array,
  ): void;
  exp(input: Float64Array, output: Float64Array): void;
  log1p(input: Float64Array, output: Float64Array): void;
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

/** Arguments through every branch of fdlibm's exp and log1p (and the special values), for the self-check. */
export const FDLIBM_EDGE_ARGUMENTS: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 0.34657359027997264, -0.34657359027997264, 1.0397207708399179, -1.0397207708399179, 2 ** -28, -(2 ** -28), 2 ** -29, 2 ** -54, 2 ** -60,
  709.782712893384, 709.79, -745.1332191019411, -745.14, -708.4, -720, 1e-300, 5e-324, -5e-324, 0.41421356, 0.4142135623730951, -0.2928932188134524, -0.29,
  -0.9999999999999999, 2 ** 53, 2 ** 54, 1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN, Math.E, 0.6931471805599453, -0.6931471805599453, 3, -3, 30, -30,
];

function selfCheck(addon: Addon): boolean {
  const input = Float64Array.from(FDLIBM_EDGE_ARGUMENTS);
  const output = new Float64Array(input.length);
  addon.exp(input, output);
  if (!sameBits(output, input.map(Math.exp))) return false;
  addon.log1p(input, output);
  if (!sameBits(output, input.map(Math.log1p))) return false;
  // A short softplus descent with both signs of preactivations and a rejected first step.
  const [n, d, k] = [5, 2, 3];
  const X = Float64Array.from([1, 0.5, -0.25, 1, 2, -1, 0.3, -0.7, -1.2, 0.1]);
  const y = Float64Array.from([0.4, -0.3, 0.9, 0.2, -0.5]);
  const start = { W: Float64Array.from([0.5, -1, 1, 0.25, -0.5, 0.75]), v: Float64Array.from([1, -1, 1]) };
  const options = { step: 64, iterations: 20, trainV: true, checkpoints: [0, 10, 20] };
  const problem = { n, d, X, y };
  for (const activation of [{ kind: "softplus", sharpness: 10 }, { kind: "quadratic" }] as PlantedActivation[]) {
    const reference = { W: start.W.slice(), v: start.v.slice() };
    const expected = plantedTrainTypescript(activation, problem, k, reference.W, reference.v, options);
    const candidate = { W: start.W.slice(), v: start.v.slice() };
    const actual = trainWith(addon, activation, problem, k, candidate.W, candidate.v, options);
    const summary = (r: PlantedTrainResult) => [r.loss, r.iterations, r.finalStep, r.fixedPointAt ?? -1, ...r.history];
    if (!sameBits(summary(actual), summary(expected)) || !sameBits(candidate.W, reference.W) || !sameBits(candidate.v, reference.v)) return false;
  }
  return true;
}

function trainWith(addon: Addon, activation: PlantedActivation, problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, options: PlantedTrainOptions): PlantedTrainResult {
  const checkpoints = Float64Array.from(options.checkpoints ?? []);
  const out = new Float64Array(4 + checkpoints.length);
  const [kind, sharpness] = activation.kind === "softplus" ? [1, activation.sharpness] : [0, 0];
  addon.train(kind, sharpness, problem.n, problem.d, k, problem.X, problem.y, W, v, options.step, options.iterations, options.trainV, options.stopLoss ?? -1, checkpoints, out);
  return { loss: out[0], iterations: out[1], finalStep: out[2], fixedPointAt: out[3] < 0 ? undefined : out[3], history: Array.from(out.subarray(4)) };
}

const plantedAddon = lazyAddon<Addon>("shallowcheck_planted", selfCheck);
const addon = plantedAddon.addon;

/** Whether the native planted kernel is built, loads, and passes its self-check. */
export function nativePlantedAvailable(): boolean {
  return addon() !== null;
}

/** Why the native planted kernel is unavailable (undefined when it is available). */
export function nativePlantedLoadError(): string | undefined {
  return plantedAddon.error();
}

/** fdlibm's exp and log1p as the addon computes them, element-wise (null when the addon is unavailable). */
export function nativeFdlibm(): Pick<Addon, "exp" | "log1p"> | null {
  return addon();
}

/** The native run; throws when the addon is unavailable. */
export function plantedTrainNative(activation: PlantedActivation, problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, options: PlantedTrainOptions): PlantedTrainResult {
  const native = addon();
  if (native === null) throw new Error(`plantedTrainNative: the native addon is unavailable: ${plantedAddon.error()}`);
  return trainWith(native, activation, problem, k, W, v, options);
}

/** Gradient descent in place on (W, v): the native kernel when available, else the TypeScript one (same bits). */
export function plantedTrain(activation: PlantedActivation, problem: PlantedProblem, k: number, W: Float64Array, v: Float64Array, options: PlantedTrainOptions): PlantedTrainResult {
  const native = addon();
  return native === null ? plantedTrainTypescript(activation, problem, k, W, v, options) : trainWith(native, activation, problem, k, W, v, options);
}
