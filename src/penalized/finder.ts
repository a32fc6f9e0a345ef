/**
 * The stationary-point finder: proximal gradient in float (proximalGradient.ts), then an exact
 * polish and verification in rationals (a double is an exact dyadic rational, so the float
 * limit's numbers enter exactly).
 *
 * - variant A, linear network: the end-to-end vector b̃ = Θ̃ᵀγ̃ of the float limit proposes the
 *   support and signs of the Lasso at λ = r (derived here: variant A's stationary points with γ̃ ≠ 0 solve it); the exact Lasso b̂ is split into coordinate atoms
 *   (γ_j = |b̂_k|, Θ_j = sign(b̂_k)e_k), an exact stationary point of variant A with the same
 *   predictions as b̂;
 * - otherwise (variant B or C, ReLU): Θ̃ is kept and γ̃ replaced by the exact Lasso in the features
 *   φ(XΘ̃ᵀ): an exact γ-stationary point next to the float limit. (Full exact stationarity under B
 *   needs a = ‖γ̃‖_∞ with m·a² = ‖b̂(r/a)‖₁, a root of a cubic on each support, in general
 *   irrational: stationarityResidual measures the float limit's distance instead.)
 * Every result is verified with isStationary / isGammaStationary before it is returned.
 */
import { rationalField as Q, type Rational } from "../field/rational.js";
import type { ActivationSpec } from "../model/activation.js";
import { exactLasso } from "./exactLasso.js";
import { features, type NetworkParams } from "./network.js";
import type { PenaltyVariant } from "./penalties.js";
import { proximalGradient, type FloatParams, type ProximalOptions, type ProximalResult } from "./proximalGradient.js";
import { isGammaStationary, isStationary } from "./stationarity.js";

export interface FoundPoint {
  float: ProximalResult;
  /** The exact point, or undefined when the polish found no exact Lasso solution. */
  exact?: NetworkParams<Rational>;
  /** What was verified exactly about {@link FoundPoint.exact}. */
  verified: "stationary" | "gamma-stationary" | "none";
}

export interface FinderProblem {
  X: number[][];
  y: number[];
  activation: ActivationSpec;
  /** Tuning parameter as a decimal string (exact) — the float run uses its double. */
  r: string;
  variant: PenaltyVariant;
}

export function findStationaryPoint(problem: FinderProblem, start: FloatParams, options: ProximalOptions = {}): FoundPoint {
  const r = Q.fromDecimalString(problem.r);
  const floatRun = proximalGradient({ X: problem.X, y: problem.y, activation: problem.activation, r: Q.toNumber(r), variant: problem.variant }, start, options);
  const data = { X: problem.X.map((row) => row.map((v) => Q.fromNumber(v))), y: problem.y.map((v) => Q.fromNumber(v)), activation: problem.activation };
  const d = problem.X[0].length;
  const w = start.gamma.length;
  if (problem.variant === "A" && problem.activation.name === "identity") {
    const b = new Array<number>(d).fill(0);
    floatRun.params.theta.forEach((row, j) => row.forEach((v, k) => (b[k] += floatRun.params.gamma[j] * v)));
    const lasso = exactLasso(Q, data.X, data.y, r, b);
    const support = lasso ? lasso.gamma.map((_, k) => k).filter((k) => Q.sign(lasso.gamma[k]) !== 0) : [];
    if (lasso && support.length <= w) {
      const theta = Array.from({ length: w }, () => new Array<Rational>(d).fill(Q.zero));
      const gamma = new Array<Rational>(w).fill(Q.zero);
      support.forEach((k, j) => {
        theta[j][k] = Q.fromNumber(Q.sign(lasso.gamma[k]) === 1 ? 1 : -1);
        gamma[j] = Q.abs(lasso.gamma[k]);
      });
      const exact = { gamma, theta };
      return { float: floatRun, exact, verified: isStationary(Q, data, "A", r, exact) ? "stationary" : "none" };
    }
  }
  const theta = floatRun.params.theta.map((row) => row.map((v) => Q.fromNumber(v)));
  const Z = features(Q, data, theta).features;
  const lasso = exactLasso(Q, Z, data.y, r, floatRun.params.gamma);
  if (!lasso) return { float: floatRun, verified: "none" };
  const exact = { gamma: lasso.gamma, theta };
  return { float: floatRun, exact, verified: isGammaStationary(Q, data, r, exact) ? "gamma-stationary" : "none" };
}
