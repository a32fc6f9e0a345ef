/**
 * The stationary-point machinery of src/penalized: the float proximal-gradient finder (its limits,
 * turned exact, are exact stationary points), the exact Lasso (agrees with enumeration), Variant A's
 * cone distance (against a dense scan of μ), and the D1/D2 predicates.
 */
import { describe, expect, it } from "vitest";
import { rationalField as Q } from "../../src/field/rational.js";
import { float64Field } from "../../src/field/float64.js";
import { gaussian, seededRandom } from "../../src/random/rng.js";
import { exactLasso, lassoKktViolation } from "../../src/penalized/exactLasso.js";
import { proximalGradient, projectL1Ball, floatObjective } from "../../src/penalized/proximalGradient.js";
import { isD1Approximate, isD2Approximate, rowConeDistanceSquared, stationarityResidual } from "../../src/penalized/stationarity.js";
import { pass } from "../../src/penalized/network.js";
import { objective } from "../../src/penalized/penalties.js";

const short = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

function data(seed: string, n: number, d: number) {
  const random = seededRandom(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => short(gaussian(random))));
  const y = X.map((x) => short(Number(x[0]) - 0.5 * Number(x[d - 1]) + 0.3 * gaussian(random)));
  return { X, y };
}

describe("exact Lasso", () => {
  it("agrees with exhaustive enumeration of supports and signs (unique solutions: same γ) on 20 instances", () => {
    for (let s = 0; s < 20; s++) {
      const { X, y } = data(`lasso${s}`, 8, 4);
      const Z = X.map((row) => row.map((v) => Q.fromDecimalString(v)));
      const yQ = y.map((v) => Q.fromDecimalString(v));
      const r = Q.fromDecimalString(["0.05", "0.2", "0.5"][s % 3]);
      const guided = exactLasso(Q, Z, yQ, r)!;
      expect(guided).toBeDefined();
      expect(lassoKktViolation(Q, Z, yQ, r, guided.gamma)).toBeUndefined();
      // A deliberately wrong guess forces the active-set repairs or the enumeration fallback.
      const repaired = exactLasso(Q, Z, yQ, r, [1, -1, 1, -1])!;
      guided.gamma.forEach((g, k) => expect(Q.sign(Q.sub(g, repaired.gamma[k]))).toBe(0));
    }
  });
});

describe("exact Lasso in decimal arithmetic", () => {
  it("solves when the solution's arithmetic terminates, and refuses (undefined) when rounding breaks a KKT equality", async () => {
    const { decimalField } = await import("../../src/field/decimal.js");
    const D = decimalField({ digits: 50 });
    // x = 1, y = 1, r = 1: γ = 1/2 exactly.
    const half = exactLasso(D, [[D.one]], [D.one], D.one)!;
    expect(half.gamma[0].toString()).toBe("0.5");
    // x = (1, 1, 1), y = (1, 0, 0), r = 1/10: γ = (1/3 − 1/20)/1 = 17/60, not a terminating decimal; the
    // KKT equality (2/n)Zᵀe = r then misses by a rounding, and no unverified point is returned.
    const three = [[D.one], [D.one], [D.one]];
    expect(exactLasso(D, three, [D.one, D.zero, D.zero], D.fromDecimalString("0.1"))).toBeUndefined();
    const exactQ = exactLasso(Q, [[Q.one], [Q.one], [Q.one]], [Q.one, Q.zero, Q.zero], Q.fromDecimalString("0.1"))!;
    expect(Q.toString(exactQ.gamma[0])).toBe("17/60");
  });
});

describe("proximal-gradient finder", () => {
  it("variant B, linear: the float limit has per-neuron balance and its b̃ matches the exact Lasso at λ = r/‖γ̃‖_∞ to float accuracy", () => {
    const { X, y } = data("prox-B", 40, 3);
    const Xf = X.map((row) => row.map(Number));
    const yf = y.map(Number);
    const random = seededRandom("prox-B-init");
    const start = { gamma: [0.5, -0.4, 0.3], theta: [0, 1, 2].map(() => [0, 1, 2].map(() => 0.5 * gaussian(random))) };
    const r = 0.05;
    const result = proximalGradient({ X: Xf, y: yf, activation: { name: "identity" }, r, variant: "B" }, start, { maxIterations: 200_000, tolerance: 1e-11 });
    expect(result.converged).toBe(true);
    const { gamma, theta } = result.params;
    const active = gamma.map((g, j) => j).filter((j) => gamma[j] !== 0);
    expect(active.length).toBeGreaterThan(0);
    const a = Math.max(...gamma.map(Math.abs));
    for (const j of active) {
      const l1 = theta[j].reduce((t, v) => t + Math.abs(v), 0);
      expect(Math.abs(Math.abs(gamma[j]) - l1)).toBeLessThan(1e-6);
      expect(Math.abs(Math.abs(gamma[j]) - a)).toBeLessThan(1e-6);
    }
    const b = [0, 1, 2].map((k) => gamma.reduce((t, g, j) => t + g * theta[j][k], 0));
    // Exact Lasso at the float λ = r/a, read back as a decimal: predictions agree to the finder's accuracy.
    const lambda = Q.fromDecimalString((r / a).toPrecision(15));
    const exact = exactLasso(Q, X.map((row) => row.map((v) => Q.fromDecimalString(v))), y.map((v) => Q.fromDecimalString(v)), lambda)!;
    exact.gamma.forEach((v, k) => expect(Math.abs(Q.toNumber(v) - b[k])).toBeLessThan(1e-6));
  });

  it("fixed Θ (the Lasso in features): the limit's support and signs give the exact Lasso solution, exactly stationary", () => {
    const { X, y } = data("prox-fixed", 30, 4);
    const Xf = X.map((row) => row.map(Number));
    const identity = [0, 1, 2, 3].map((j) => [0, 1, 2, 3].map((k) => (j === k ? 1 : 0)));
    const result = proximalGradient({ X: Xf, y: y.map(Number), activation: { name: "identity" }, r: 0.2, variant: "C", fixedTheta: true }, { gamma: [0, 0, 0, 0], theta: identity });
    const exact = exactLasso(Q, X.map((row) => row.map((v) => Q.fromDecimalString(v))), y.map((v) => Q.fromDecimalString(v)), Q.fromDecimalString("0.2"), result.params.gamma)!;
    expect(exact.method).toBe("active-set");
    exact.gamma.forEach((v, k) => expect(Math.abs(Q.toNumber(v) - result.params.gamma[k])).toBeLessThan(1e-8));
  });

  it("objective decreases monotonically (backtracking) and variant A keeps rows in the ℓ1 ball", () => {
    const { X, y } = data("prox-A", 30, 3);
    const problem = { X: X.map((row) => row.map(Number)), y: y.map(Number), activation: { name: "relu" as const }, r: 0.05, variant: "A" as const };
    const start = { gamma: [1, -1], theta: [[0.9, 0.1, 0], [0, 0.5, 0.5]] };
    let previous = floatObjective(problem, start);
    let params = start;
    for (let k = 0; k < 20; k++) {
      const step = proximalGradient(problem, params, { maxIterations: 5 });
      expect(step.objective).toBeLessThanOrEqual(previous + 1e-12);
      previous = step.objective;
      params = step.params;
      for (const row of params.theta) expect(row.reduce((t, v) => t + Math.abs(v), 0)).toBeLessThanOrEqual(1 + 1e-12);
    }
    // (3, −1, 0) projects to (1, 0, 0) (threshold 2); (0.5, −0.25) is inside the ball and stays.
    expect(projectL1Ball([3, -1, 0]).map((v) => v + 0)).toEqual([1, 0, 0]);
    expect(projectL1Ball([0.5, -0.25])).toEqual([0.5, -0.25]);
  });
});

describe("stationarity", () => {
  it("variant A's cone distance equals the minimum over a dense scan of μ (and is exact at the minimizer)", () => {
    const random = seededRandom("cone");
    for (let s = 0; s < 30; s++) {
      const g = [0, 1, 2, 3].map(() => gaussian(random));
      const row = [0.5, -0.5, 0, 0];
      const exact = rowConeDistanceSquared(float64Field, g, row)!;
      let scan = Infinity;
      for (let mu = 0; mu <= 10; mu += 1e-4) {
        const h = g.reduce((t, v, k) => t + (row[k] === 0 ? Math.max(0, Math.abs(v) - mu) ** 2 : (v + mu * Math.sign(row[k])) ** 2), 0);
        scan = Math.min(scan, h);
      }
      expect(exact).toBeLessThanOrEqual(scan + 1e-12);
      expect(scan - exact).toBeLessThan(1e-6);
    }
    expect(rowConeDistanceSquared(float64Field, [1], [2])).toBeUndefined();
  });

  it("D1 and D2 predicates: thresholds inclusive, one- and two-sided", () => {
    expect(isD1Approximate(Q, Q.fromNumber(3), Q.fromNumber(2), Q.one)).toBe(true);
    expect(isD1Approximate(Q, Q.fromNumber(1), Q.fromNumber(3), Q.one)).toBe(false);
    expect(isD1Approximate(Q, Q.fromNumber(1), Q.fromNumber(3), Q.one, true)).toBe(true);
    const dataQ = { X: [[Q.one]], y: [Q.one], activation: { name: "identity" as const } };
    const params = { gamma: [Q.fromDecimalString("0.75")], theta: [[Q.one]] };
    // γ-gradient −2(1 − 0.75) = −0.5, + r = 1 → 0.5; Θ-gradient −2·0.75·0.25 = −0.375 (variant C).
    const residual = stationarityResidual(Q, dataQ, "C", Q.one, params);
    expect(Q.toNumber(residual.total!)).toBe(0.25 + 0.140625);
    expect(isD2Approximate(Q, dataQ, "C", Q.one, params, Q.fromDecimalString("0.625"))).toBe(true);
    expect(isD2Approximate(Q, dataQ, "C", Q.one, params, Q.fromDecimalString("0.624"))).toBe(false);
    expect(Q.toNumber(objective(Q, dataQ, "C", Q.one, params))).toBe(0.0625 + 0.75);
    expect(Q.toNumber(pass(Q, dataQ, params).risk)).toBe(0.0625);
  });
});

describe("findStationaryPoint (float run, exact polish, verification)", () => {
  it("variant A, linear: an exact stationary point with the float limit's predictions; B and ReLU: exact γ-stationary next to the float limit", async () => {
    const { findStationaryPoint } = await import("../../src/penalized/finder.js");
    const { X, y } = data("finder", 20, 3);
    const Xf = X.map((row) => row.map(Number));
    const yf = y.map(Number);
    const random = seededRandom("finder-init");
    const start = { gamma: [1, -1, 0.5], theta: [0, 1, 2].map(() => [0, 1, 2].map(() => 0.5 * gaussian(random))) };
    const a = findStationaryPoint({ X: Xf, y: yf, activation: { name: "identity" }, r: "0.1", variant: "A" }, start);
    expect(a.verified).toBe("stationary");
    const bFloat = [0, 1, 2].map((k) => a.float.params.gamma.reduce((t, g, j) => t + g * a.float.params.theta[j][k], 0));
    const bExact = [0, 1, 2].map((k) => a.exact!.gamma.reduce((t, g, j) => t + Q.toNumber(g) * Q.toNumber(a.exact!.theta[j][k]), 0));
    bExact.forEach((v, k) => expect(Math.abs(v - bFloat[k])).toBeLessThan(1e-6));
    for (const variant of ["B", "C"] as const) expect(findStationaryPoint({ X: Xf, y: yf, activation: { name: "identity" }, r: "0.1", variant }, start, { maxIterations: 3000 }).verified).toBe("gamma-stationary");
    const relu = findStationaryPoint({ X: Xf, y: yf, activation: { name: "relu" }, r: "0.05", variant: "B" }, start, { maxIterations: 3000 });
    expect(relu.verified).toBe("gamma-stationary");
    relu.exact!.gamma.forEach((g, j) => expect(Math.abs(Q.toNumber(g) - relu.float.params.gamma[j])).toBeLessThan(1e-3));
  });
});
