/**
 * The closed-form ReLU teacher–student population loss, gradient and Hessian.
 *
 * - Loss vs Monte Carlo: the sample mean of ½(Σ relu(⟨w_i,x⟩) − Σ relu(⟨v_j,x⟩))² over N Gaussian
 *   draws must lie within z·ŝ/√N of F (CLT; z = 5 leaves a two-sided chance 6·10⁻⁷ per check).
 * - Gradient and Hessian vs central differences in 60-digit decimal arithmetic. Tolerance
 *   derived from the method's order: a central difference D(h) has error c·h² + O(h⁴), so
 *   |D(h) − D(2h)| ≈ 3|c|h² bounds the error of D(h) with a factor 3 to spare (Richardson); the
 *   rounding of the two values differenced adds at most 2·ε/h with ε = 100·u·max(1, |value|)
 *   (u = 5·10⁻⁶⁰, 100 operations being a generous count for these sizes).
 * - float64 vs decimal: the float loss lies within its rigorous running error bound
 *   (errorBoundField) of the 60-digit value.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { errorBound, errorBoundField, exactValue } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import {
  populationGradient,
  populationHessian,
  populationLoss,
  reluKernel,
  teacherEnergy,
} from "../../src/population/reluTeacherStudent.js";
import { gaussian, seededRandom } from "../../src/random/rng.js";

const F = decimalField({ digits: 60 });
type D = ReturnType<typeof F.fromNumber>;
const ROUNDING = 100 * F.unitRoundoff;

function randomMatrix(seed: string, rows: number, cols: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => gaussian(random) / Math.sqrt(cols)));
}

const toDecimal = (M: number[][]): D[][] => M.map((row) => row.map((x) => F.fromNumber(x)));

function centralDifference(f: (h: D) => D, h: D): D {
  return F.div(F.sub(f(h), f(F.neg(h))), F.mul(F.fromNumber(2), h));
}

/** |exact − D(h)| against the derived bound |D(h) − D(2h)| + 2ε/h; returns [error, bound]. */
function differenceCheck(f: (h: D) => D, exact: D, scale: number): [number, number] {
  const h = F.fromDecimalString("1e-15");
  const dh = centralDifference(f, h);
  const d2h = centralDifference(f, F.mul(F.fromNumber(2), h));
  const error = F.toNumber(F.abs(F.sub(exact, dh)));
  const bound = F.toNumber(F.abs(F.sub(dh, d2h))) + (2 * ROUNDING * Math.max(1, scale)) / 1e-15;
  return [error, bound];
}

const shift = (W: D[][], U: D[][], h: D): D[][] => W.map((row, i) => row.map((x, c) => F.add(x, F.mul(h, U[i][c]))));

describe("ReLU kernel f(w, v)", () => {
  it("has the known closed values: ‖w‖²/2 on the diagonal, 0 for opposite vectors, ‖w‖‖v‖/2π for orthogonal ones", () => {
    const w = [F.fromNumber(3), F.fromNumber(4)];
    expect(F.toNumber(reluKernel(F, w, w))).toBeCloseTo(12.5, 50);
    expect(F.toNumber(F.abs(reluKernel(F, w, w.map((x) => F.neg(x)))))).toBeLessThan(1e-55);
    const v = [F.fromNumber(-4), F.fromNumber(3)];
    const orthogonal = F.toNumber(reluKernel(F, w, v));
    expect(Math.abs(orthogonal - 25 / (2 * Math.PI))).toBeLessThan(1e-14);
    expect(F.toNumber(reluKernel(F, [F.zero, F.zero], v))).toBe(0);
  });
});

describe("population loss", () => {
  const V = randomMatrix("pop/V", 3, 4);
  const W = randomMatrix("pop/W", 4, 4);

  it("is zero at the teacher and the teacher energy at the zero student", () => {
    const Vd = toDecimal(V);
    // Exact in real arithmetic; 60-digit rounding of a few hundred operations leaves ≪ 1e-50.
    expect(F.toNumber(F.abs(populationLoss(F, Vd, Vd)))).toBeLessThan(1e-50);
    const zero = [Array.from({ length: 4 }, () => F.zero)];
    const diff = F.sub(populationLoss(F, zero, Vd), teacherEnergy(F, Vd));
    expect(F.toNumber(F.abs(diff))).toBeLessThan(1e-55);
  });

  it("agrees with a Monte Carlo estimate within a CLT confidence bound", () => {
    const exact = populationLoss(float64Field, W, V);
    const random = seededRandom("pop/monte-carlo");
    const N = 100_000;
    let mean = 0;
    let m2 = 0;
    const x = new Array<number>(4);
    for (let t = 1; t <= N; t++) {
      for (let c = 0; c < 4; c++) x[c] = gaussian(random);
      let out = 0;
      for (const w of W) out += Math.max(0, w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3]);
      for (const v of V) out -= Math.max(0, v[0] * x[0] + v[1] * x[1] + v[2] * x[2] + v[3] * x[3]);
      const value = 0.5 * out * out;
      const delta = value - mean;
      mean += delta / t;
      m2 += delta * (value - mean);
    }
    const standardError = Math.sqrt(m2 / (N - 1) / N);
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5 * standardError);
    // The check can fail: a wrong kernel (π − θ replaced by π) is far outside the band.
    expect(exact).toBeGreaterThan(10 * standardError);
  });

  it("in float64 lies within its rigorous running error bound of the 60-digit value", () => {
    const bounded = populationLoss(errorBoundField, W.map((r) => r.map(exactValue)), V.map((r) => r.map(exactValue)));
    const exact = F.toNumber(populationLoss(F, toDecimal(W), toDecimal(V)));
    expect(Math.abs(bounded.value - exact)).toBeLessThanOrEqual(errorBound(bounded) + 1e-50);
    expect(errorBound(bounded)).toBeLessThan(1e-12);
  });

  it("is invariant under permuting student rows", () => {
    const permuted = [W[2], W[0], W[3], W[1]];
    const a = populationLoss(F, toDecimal(W), toDecimal(V));
    const b = populationLoss(F, toDecimal(permuted), toDecimal(V));
    expect(F.toNumber(F.abs(F.sub(a, b)))).toBeLessThan(1e-55);
  });
});

describe("population gradient and Hessian vs 60-digit central differences", () => {
  for (const [k, n, d] of [
    [2, 2, 2],
    [3, 2, 4],
    [4, 4, 3],
  ] as const) {
    it(`k=${k}, n=${n}, d=${d}: every gradient coordinate`, () => {
      const W = toDecimal(randomMatrix(`grad/W/${k}${n}${d}`, k, d));
      const V = toDecimal(randomMatrix(`grad/V/${k}${n}${d}`, n, d));
      const G = populationGradient(F, W, V);
      const loss = F.toNumber(populationLoss(F, W, V));
      for (let i = 0; i < k; i++) {
        for (let c = 0; c < d; c++) {
          const U = W.map((row, ii) => row.map((_, cc) => (ii === i && cc === c ? F.one : F.zero)));
          const [error, bound] = differenceCheck((h) => populationLoss(F, shift(W, U, h), V), G[i][c], loss);
          expect(error, `∂F/∂W[${i}][${c}]`).toBeLessThanOrEqual(bound);
          expect(bound).toBeLessThan(1e-20);
        }
      }
    });

    it(`k=${k}, n=${n}, d=${d}: every Hessian column`, () => {
      const W = toDecimal(randomMatrix(`hess/W/${k}${n}${d}`, k, d));
      const V = toDecimal(randomMatrix(`hess/V/${k}${n}${d}`, n, d));
      const H = populationHessian(F, W, V);
      const h = F.fromDecimalString("1e-15");
      const twoH = F.mul(F.fromNumber(2), h);
      for (let col = 0; col < k * d; col++) {
        const U = W.map((row, ii) => row.map((_, cc) => (ii * d + cc === col ? F.one : F.zero)));
        const at = (step: D) => populationGradient(F, shift(W, U, step), V).flat();
        const [plus, minus, plus2, minus2] = [h, F.neg(h), twoH, F.neg(twoH)].map(at);
        for (let row = 0; row < k * d; row++) {
          const dh = F.div(F.sub(plus[row], minus[row]), F.mul(F.fromNumber(2), h));
          const d2h = F.div(F.sub(plus2[row], minus2[row]), F.mul(F.fromNumber(2), twoH));
          const error = F.toNumber(F.abs(F.sub(H[row][col], dh)));
          const bound = F.toNumber(F.abs(F.sub(dh, d2h))) + (2 * ROUNDING) / 1e-15;
          expect(error, `H[${row}][${col}]`).toBeLessThanOrEqual(bound);
          expect(bound).toBeLessThan(1e-18);
        }
      }
      // Symmetric exactly as assembled, up to the rounding of the two orders of evaluation.
      for (let r = 0; r < k * d; r++) for (let c = 0; c < r; c++) expect(F.toNumber(F.abs(F.sub(H[r][c], H[c][r])))).toBeLessThan(1e-50);
    });
  }

  it("the check fails on a wrong Hessian (the self-block ½I dropped)", () => {
    const W = toDecimal(randomMatrix("bad/W", 2, 2));
    const V = toDecimal(randomMatrix("bad/V", 2, 2));
    const H = populationHessian(F, W, V);
    const U = W.map((row, ii) => row.map((_, cc) => (ii === 0 && cc === 0 ? F.one : F.zero)));
    const wrong = F.sub(H[0][0], F.fromDecimalString("0.5"));
    const [error, bound] = differenceCheck((h) => populationGradient(F, shift(W, U, h), V)[0][0], wrong, 1);
    expect(error).toBeGreaterThan(bound);
  });
});

describe("non-smooth points", () => {
  const V = [[F.one, F.zero], [F.zero, F.one]];
  it("loss is defined at a zero student row; gradient and Hessian refuse it, naming the row", () => {
    const W = [[F.zero, F.zero], [F.one, F.one]];
    expect(F.toNumber(populationLoss(F, W, V))).toBeGreaterThan(0);
    expect(() => populationGradient(F, W, V)).toThrow(/w_0 = 0/);
    expect(() => populationHessian(F, W, V)).toThrow(/w_0 = 0/);
  });
  it("gradient is defined where rows are parallel (F is C¹ there); the Hessian refuses", () => {
    const W = [[F.one, F.zero], [F.fromNumber(2), F.zero]];
    const G = populationGradient(F, W, V);
    expect(G.flat().every((x) => x.isFinite())).toBe(true);
    expect(() => populationHessian(F, W, V)).toThrow(/parallel/);
    expect(() => populationHessian(F, V, V)).toThrow(/parallel/);
  });
  it("gradient is zero at the teacher (the global minimum)", () => {
    const G = populationGradient(F, V, V);
    for (const x of G.flat()) expect(F.toNumber(F.abs(x))).toBeLessThan(1e-55);
  });
});
