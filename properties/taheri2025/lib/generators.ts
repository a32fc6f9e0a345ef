/**
 * Candidate generators for the taheri2025 entries: raw problems (inputs, target network, noise)
 * as short decimals, the tuning parameter set from the instance's own oracle value, and exact
 * stationary points from src/penalized/stationaryPoints.ts.
 *
 * Sizes are small (n ≤ 10, d, w ≤ 3) so that the exact Lasso and every check stay in rationals
 * of moderate size; the simulation protocol's sizes are run by experiments/taheri2025/sim.ts.
 */
import fc from "fast-check";
import { rationalField as Q } from "../../../src/field/rational.js";
import type { RawProblem } from "../../../src/penalized/stationaryPoints.js";
import { labels } from "../../../src/penalized/stationaryPoints.js";
import { features } from "../../../src/penalized/network.js";
import { oracleTuning } from "../../../src/penalized/penalties.js";

export interface RawShape {
  n: readonly number[];
  d: readonly number[];
  /** Neurons of the target. */
  wStar: readonly number[];
  activation: "identity" | "relu";
  /** "dense": Θ* entries in [−1, 1]; "near-identity": w* = d and Θ* = I + entries in [−δ*, δ*]. */
  truth: "dense" | "near-identity";
  /** Half-width of the near-identity target's perturbation (default 0.05). */
  deltaStar?: number;
  /** Noise amplitudes to choose from: u_i uniform on [−σ, σ] in steps of 0.01. */
  sigma: readonly number[];
}

const tenths = (k: number) => (k / 10).toFixed(1);
const hundredths = (k: number) => (k / 100).toFixed(2);
const vec = <T,>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

/** A raw problem with r = "0" (set later by {@link withTuning}). */
export function rawProblem(shape: RawShape): fc.Arbitrary<RawProblem> {
  return fc
    .tuple(fc.constantFrom(...shape.n), fc.constantFrom(...shape.d), fc.constantFrom(...shape.wStar), fc.constantFrom(...shape.sigma))
    .chain(([n, d, wStar0, sigma]) => {
      const wStar = shape.truth === "near-identity" ? d : wStar0;
      const dStar = Math.round(100 * (shape.deltaStar ?? 0.05));
      const theta =
        shape.truth === "near-identity"
          ? vec(vec(fc.integer({ min: -dStar, max: dStar }), d), wStar).map((rows) => rows.map((row, j) => row.map((k, i) => hundredths(k + (i === j ? 100 : 0)))))
          : vec(vec(fc.integer({ min: -10, max: 10 }), d), wStar).map((rows) => rows.map((row) => row.map(tenths)));
      const amplitude = Math.round(100 * sigma);
      return fc.record({
        X: vec(vec(fc.integer({ min: -20, max: 20 }), d), n).map((rows) => rows.map((row) => row.map(tenths))),
        W: theta,
        a: vec(fc.integer({ min: -20, max: 20 }).filter((k) => k !== 0), wStar).map((v) => v.map(tenths)),
        noise: vec(fc.integer({ min: -amplitude, max: amplitude }), n).map((v) => v.map(hundredths)),
      });
    })
    .map(({ X, W, a, noise }) => ({ X, truth: { W, a, noise }, activation: shape.activation, r: "0" }));
}

/** A decimal ≥ x with 3 significant digits (x ≥ 0), and at least 0.001. */
export function roundUp(x: number): string {
  if (!(x > 0)) return "0.001";
  const exponent = Math.floor(Math.log10(x)) - 2;
  const scale = 10 ** exponent;
  const value = Math.ceil(x / scale) * scale;
  return Math.max(value, 0.001).toPrecision(3);
}

/**
 * The raw problem with r = factor·r_orc(Θ) rounded up to 3 significant digits, r_orc computed exactly in
 * the features of `theta` (default: the identity, i.e. r_orc = 2‖Xᵀu‖_∞/n). With factor ≥ 1 the result is
 * ≥ r_orc exactly: the double of r_orc is within one rounding of it and the round-up adds at least 0.1%.
 */
export function withTuning(raw: RawProblem, factor: number, theta?: string[][]): RawProblem {
  const X = raw.X.map((row) => row.map((v) => Q.fromDecimalString(v)));
  const d = X[0].length;
  const thetaQ = theta ? theta.map((row) => row.map((v) => Q.fromDecimalString(v))) : Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? Q.one : Q.zero)));
  const activation = theta ? raw.activation : "identity";
  const Z = features(Q, { X, y: [], activation: { name: activation } }, thetaQ).features;
  const rOrc = Q.toNumber(oracleTuning(Q, Z, raw.truth.noise.map((v) => Q.fromDecimalString(v))));
  return { ...raw, r: roundUp(factor * rOrc * (factor >= 1 ? 1.001 : 1)) };
}

/** Labels of the raw problem as decimals (the same y the stationary-point builders use). */
export function rawLabels(raw: RawProblem): string[] {
  return labels(raw).map((v) => Q.toString(v));
}
