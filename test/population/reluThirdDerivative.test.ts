/**
 * The third-derivative bound B (src/population/reluThirdDerivative.ts) against central differences
 * of the closed-form Hessian in 60-digit decimal arithmetic: at points W of the ball of radius R
 * and directions U with ‖U‖_F = 1, T = (∇²F(W + hU) − ∇²F(W − hU))/(2h) ≈ D³F(W)[U,·,·], whose
 * spectral norm is at most ‖D³F(W)‖ ≤ B. It must never exceed B beyond the difference's own
 * error: |T(h) − T(2h)|_F bounds the O(h²) truncation error of T(h) with a factor 3 to spare
 * (Richardson: T(h) − T(2h) ≈ −3ch²), and rounding adds at most 2ε/h per entry, ε = 100·u·max|H|,
 * u = 5·10⁻⁶⁰ (100 operations per entry is generous at these sizes), so m·2ε/h in Frobenius norm.
 * Points include near-parallel and near-antiparallel pairs, where D³F is largest relative to B.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { thirdDerivativeBound } from "../../src/population/reluThirdDerivative.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField } from "../../src/field/interval.js";
import { populationHessian } from "../../src/population/reluTeacherStudent.js";
import { gaussian, seededRandom, type Random } from "../../src/random/rng.js";

const D = decimalField({ digits: 60 });
const I = intervalField({ digits: 30 });
const H_STEP = 1e-20;

type Rows = number[][];


/** T(h) ≈ D³F(W)[U,·,·] and a bound on its error (Frobenius norm). */
function thirdDerivativeAlong(W: Rows, V: Rows, U: Rows): { T: number[][]; error: number } {
  // Differences of 60-digit values, then rounded to doubles: exact enough since T is O(1).
  const central = (h: number) => {
    const plus = populationHessian(D, W.map((row, i) => row.map((x, c) => D.add(D.fromNumber(x), D.mul(D.fromNumber(h), D.fromNumber(U[i][c]))))), V.map((r) => r.map((x) => D.fromNumber(x))));
    const minus = populationHessian(D, W.map((row, i) => row.map((x, c) => D.sub(D.fromNumber(x), D.mul(D.fromNumber(h), D.fromNumber(U[i][c]))))), V.map((r) => r.map((x) => D.fromNumber(x))));
    const twoH = D.mul(D.fromNumber(2), D.fromNumber(h));
    return { T: plus.map((row, a) => row.map((x, b) => D.div(D.sub(x, minus[a][b]), twoH).toNumber())), size: Math.max(1, ...plus.flat().map((x) => Math.abs(x.toNumber()))) };
  };
  const one = central(H_STEP);
  const two = central(2 * H_STEP);
  const m = one.T.length;
  const truncation = Math.sqrt(one.T.flat().reduce((s, x, index) => s + (x - two.T.flat()[index]) ** 2, 0));
  const rounding = m * ((2 * 100 * D.unitRoundoff * one.size) / H_STEP);
  return { T: one.T, error: truncation + rounding + 1e-15 * m }; // + the final rounding to doubles
}

function spectralNorm(T: number[][]): number {
  const symmetric = new Matrix(T.map((row, a) => row.map((x, b) => (x + T[b][a]) / 2)));
  return Math.max(...new EigenvalueDecomposition(symmetric, { assumeSymmetric: true }).realEigenvalues.map(Math.abs));
}

function boundOnBall(W: Rows, V: Rows, R: string): number {
  const norm = (row: number[]) => I.sqrt(row.reduce((s, x) => I.add(s, I.mul(I.fromNumber(x), I.fromNumber(x))), I.zero));
  return thirdDerivativeBound(I, W.map(norm), V.map(norm), I.fromDecimalString(R)).bound.hi.toNumber();
}

function unitDirection(random: Random, k: number, d: number): Rows {
  const U = Array.from({ length: k }, () => Array.from({ length: d }, () => gaussian(random)));
  const norm = Math.sqrt(U.flat().reduce((s, x) => s + x * x, 0));
  return U.map((row) => row.map((x) => x / norm));
}

/** The largest ‖T‖₂ / (B + error) over the directions; must be ≤ 1. */
function worstRatio(W: Rows, V: Rows, B: number, directions: Rows[]): { ratio: number; largest: number } {
  let ratio = 0;
  let largest = 0;
  for (const U of directions) {
    const { T, error } = thirdDerivativeAlong(W, V, U);
    const size = spectralNorm(T);
    largest = Math.max(largest, size);
    ratio = Math.max(ratio, size / (B + error));
  }
  return { ratio, largest };
}

describe("thirdDerivativeBound vs central differences of the Hessian (60 digits)", () => {
  it("one student, one teacher, nearly parallel (where D³F peaks): never exceeded, and within a factor 10", () => {
    for (const eps of [1e-1, 1e-4]) {
      const W = [[1, eps]];
      const V = [[1, 0]];
      const B = boundOnBall(W, V, "1e-9");
      const directions = Array.from({ length: 12 }, (_, t) => [[Math.cos((Math.PI * t) / 12), Math.sin((Math.PI * t) / 12)]]);
      const { ratio, largest } = worstRatio(W, V, B, directions);
      expect(ratio).toBeLessThanOrEqual(1);
      // Measured max ≈ 1/π against B ≈ 13/(2π): the test would notice a bound 7× too small.
      expect(largest).toBeGreaterThan(B / 10);
    }
  });

  it("two nearly parallel and two nearly antiparallel students: never exceeded", () => {
    const V = [[0, 0]];
    for (const W of [
      [[1, 0], [1, 1e-3]],
      [[1, 0], [-0.5, 1e-3]],
    ]) {
      const B = boundOnBall(W, V, "1e-9");
      const random = seededRandom(`pair-${W[1][0]}`);
      const { ratio } = worstRatio(W, V, B, Array.from({ length: 8 }, () => unitDirection(random, 2, 2)));
      expect(ratio).toBeLessThanOrEqual(1);
    }
  });

  it("random points of the ball around random k = n = d = 3 configurations: never exceeded", () => {
    for (let s = 0; s < 3; s++) {
      const random = seededRandom(`third-derivative-${s}`);
      const W0 = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => gaussian(random) / Math.sqrt(3)));
      const V = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => gaussian(random) / Math.sqrt(3)));
      const minNorm = Math.min(...W0.map((row) => Math.hypot(...row)));
      const R = (minNorm / 2).toPrecision(6);
      const B = boundOnBall(W0, V, R);
      // A point at distance ≤ R from W0 (a random direction scaled by R·uniform).
      const offset = unitDirection(random, 3, 3);
      const scale = Number(R) * random.uniform();
      const W = W0.map((row, i) => row.map((x, c) => x + scale * offset[i][c]));
      const { ratio } = worstRatio(W, V, B, Array.from({ length: 4 }, () => unitDirection(random, 3, 3)));
      expect(ratio).toBeLessThanOrEqual(1);
    }
  });

  it("refuses a ball that may reach a zero row", () => {
    expect(() => boundOnBall([[1, 0]], [[0, 1]], "1")).toThrow(/zero student row/);
  });
});
