/**
 * soltanolkotabi2019/approx-sosp-loss-bound (Theorem 2.2, second part). The Hessian-vector product
 * against the exact-form Hessian (uᵀ(∇²L·U) = the quadratic form of lib/quadratic.ts, 4/n on its second term; float64, relative 1e-12
 * ≈ 4500 ulps for these few-hundred-term sums), full Lanczos against a dense eigensolver, the entry
 * passing on planted single-sign instances and failing when v* has mixed signs.
 */
import fc from "fast-check";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { float64Field } from "../../../src/field/float64.js";
import { runProperty } from "../../../src/check/runner.js";
import { approxSospLossBound, descend, hessianExtremes, hessianVector, plantedInstance } from "../../../properties/soltanolkotabi2019/approx-sosp-loss-bound.js";
import { hessianForm, hessianMatrix, sMatrix, type QuadraticProblem } from "../../../properties/soltanolkotabi2019/lib/quadratic.js";
import { secondOrderEnclosure } from "../../../properties/soltanolkotabi2019/lib/secondOrderEnclosure.js";

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

describe("approx-sosp-loss-bound at non-converged iterates", () => {
  const base = plantedInstance({ d: 3, k: 4, n: 7, nu: 1, seed: 11, mixed: false });
  const at = (steps: number | undefined) => approxSospLossBound.evaluate(steps === undefined ? base : { ...base, settings: { ...base.settings, maxSteps: steps } }, { digits: 50 });

  it("ε_H encloses max(0, −λ_min) from above, within 1e-9 of a dense eigensolver's value (relative to ‖H‖)", () => {
    for (const steps of [0, 3, 50]) {
      const P = { X: base.file.data.X.map((r) => r.map(Number)), y: base.file.data.y.map(Number), v: base.file.params.a.map(Number), W: base.file.params.W.map((r) => r.map(Number)) };
      const W = descend(P, { tolerance: 0, maxSteps: steps, step: 0.05 }).W;
      const H = hessianMatrix(F, { ...P, W });
      const dense = new EigenvalueDecomposition(new Matrix(H), { assumeSymmetric: true }).realEigenvalues;
      const lambdaMin = dense.reduce((m, x) => Math.min(m, x), Infinity);
      const scale = dense.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      const enclosure = secondOrderEnclosure({ ...P, W });
      const epsilonH = enclosure.epsilonH.toNumber();
      // The float eigensolver itself is accurate to O(u·‖H‖): allow 1e-12·‖H‖ below, 1e-9·‖H‖ above.
      expect(epsilonH).toBeGreaterThanOrEqual(Math.max(0, -lambdaMin) - 1e-12 * scale);
      expect(epsilonH).toBeLessThanOrEqual(Math.max(0, -lambdaMin) + 1e-9 * scale);
      expect(enclosure.method).toBe("cholesky");
    }
  });

  it("early and middle iterates have ε_g, ε_H far from 0 and a bound that is not ≈ 0; the theorem holds there", () => {
    const early = at(3);
    const middle = at(60);
    const end = at(undefined);
    for (const e of [early, middle]) {
      expect(e.detail!.epsilonG as number).toBeGreaterThan(1e-3);
      expect(e.detail!.bound as number).toBeGreaterThan(1e-3);
      expect(e.margin).toBeGreaterThan(0);
    }
    expect(early.detail!.epsilonH as number).toBeGreaterThan(0);
    expect(end.detail!.epsilonG as number).toBeLessThanOrEqual(1e-7);
    expect(end.detail!.bound as number).toBeLessThan(1e-4);
  });
});
