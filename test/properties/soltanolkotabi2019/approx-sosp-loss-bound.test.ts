/**
 * soltanolkotabi2019/approx-sosp-loss-bound (Theorem 2.2, second part). The Hessian-vector product
 * against the exact-form Hessian (uᵀ(∇²L·U) = the §4.3 quadratic form; float64, relative 1e-12
 * ≈ 4500 ulps for these few-hundred-term sums), full Lanczos against a dense eigensolver, the entry
 * passing on planted single-sign instances and failing when v* has mixed signs.
 */
import fc from "fast-check";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { float64Field } from "../../../src/field/float64.js";
import { runProperty } from "../../../src/check/runner.js";
import { approxSospLossBound, hessianExtremes, hessianVector } from "../../../properties/soltanolkotabi2019/approx-sosp-loss-bound.js";
import { hessianForm, hessianMatrix, sMatrix, type QuadraticProblem } from "../../../properties/soltanolkotabi2019/lib/quadratic.js";

const F = float64Field;

function problem(seed: number): QuadraticProblem<number> {
  const v = fc.sample(fc.integer({ min: -9, max: 9 }), { seed, numRuns: 6 * 3 + 6 + 4 + 4 * 3 + 4 * 3 }).map((x) => x / 7);
  let at = 0;
  const t = () => v[at++];
  return {
    X: Array.from({ length: 6 }, () => [t(), t(), t()]),
    y: Array.from({ length: 6 }, t),
    v: Array.from({ length: 4 }, t),
    W: Array.from({ length: 4 }, () => [t(), t(), t()]),
  };
}

describe("quadratic Hessian-vector product and Lanczos", () => {
  for (const seed of [1, 2]) {
    it(`agree with the quadratic form and a dense eigensolver (instance ${seed})`, () => {
      const P = problem(seed);
      const U = problem(seed + 50).W;
      const HU = hessianVector(P, sMatrix(F, P), U);
      const form = hessianForm(F, P, U);
      const viaProduct = HU.flat().reduce((s, x, i) => s + x * U.flat()[i], 0);
      expect(Math.abs(viaProduct - form)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(form)));
      const dense = new EigenvalueDecomposition(new Matrix(hessianMatrix(F, P)), { assumeSymmetric: true }).realEigenvalues;
      const { lambdaMin, lambdaMax } = hessianExtremes(P, "test");
      const scale = Math.max(...dense.map(Math.abs));
      expect(Math.abs(lambdaMin - Math.min(...dense))).toBeLessThan(1e-10 * scale);
      expect(Math.abs(lambdaMax - Math.max(...dense))).toBeLessThan(1e-10 * scale);
    });
  }
});

describe("soltanolkotabi2019/approx-sosp-loss-bound", () => {
  it("passes on planted single-sign instances", () => {
    const result = runProperty(approxSospLossBound, { runs: 6, seed: 3, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
  });

  it("fails when v* has mixed signs (single-sign dropped): L stays > 0 while ε_g, ε_H → 0", () => {
    const result = runProperty(approxSospLossBound, { runs: 6, seed: 3, digits: 50, dropped: new Set(["single-sign"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toContain("single-sign");
  });

  it("its known bad case (mixed v*, seed 3) misses single-sign and ends at L > 1 with ε_g ≤ 1e-7 and ε_H = 0", () => {
    const [bad] = approxSospLossBound.knownBad!();
    expect(approxSospLossBound.assumptions.filter((a) => !a.holds(bad.candidate, { digits: 50 })).map((a) => a.name)).toEqual(["single-sign"]);
    const evaluation = approxSospLossBound.evaluate(bad.candidate, { digits: 50 });
    expect(evaluation.detail).toMatchObject({ epsilonH: 0 });
    expect(evaluation.detail!.epsilonG as number).toBeLessThanOrEqual(1e-7);
    expect(evaluation.detail!.loss as number).toBeGreaterThan(1);
    expect(evaluation.slack!.observed / evaluation.slack!.bound).toBeGreaterThan(1);
  });
});
