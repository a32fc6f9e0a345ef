/**
 * Safran & Shamir's spurious minima: the stored fixture re-certified from its digits, the search
 * protocol reproducing it from its stored Xavier init, and the catalogue entry failing there and
 * passing in the default regime (k = n = 4).
 *
 * Re-certification tolerance: at 40 digits the gradient of a Newton-refined nondegenerate critical
 * point is ~10⁻³⁹; we require ≤ 10⁻²⁰ (half the digits: the refinement's own stopping rule) and
 * H − (λ/2)I positive definite by positive LDLᵀ pivots, with λ the stored lower bound's double.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { runProperty } from "../../src/check/runner.js";
import { populationGradient, populationHessian, populationLoss } from "../../src/population/reluTeacherStudent.js";
import { lossAndGradientFloat } from "../../src/population/reluTeacherStudentFloat.js";
import { gradientDescent, orthonormalTeacher, refineAndCertify } from "../../src/population/spuriousMinimum.js";
import { reluNoSpuriousMinima } from "../../properties/soltanolkotabi2019/relu-no-spurious-minima.js";
import type { Candidate } from "../../src/check/property.js";

const fixture = JSON.parse(readFileSync("fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json", "utf8")) as {
  k: number;
  W0: number[][];
  W: string[][];
  certificate: { loss: string; lambdaMinLower: number };
};

describe("stored spurious minimum, k = n = 6", () => {
  it("re-certifies from its 40-digit coordinates: F ≥ 1e-3, ‖∇F‖ ≤ 1e-20, H ≻ (λ/2)·I", () => {
    const F = decimalField({ digits: 40 });
    const V = orthonormalTeacher(6).map((row) => row.map((x) => F.fromNumber(x)));
    const W = fixture.W.map((row) => row.map((x) => F.fromDecimalString(x)));
    expect(F.toNumber(populationLoss(F, W, V))).toBeGreaterThan(1e-3);
    const g = populationGradient(F, W, V).flat();
    expect(Math.sqrt(g.reduce((t, x) => t + F.toNumber(x) ** 2, 0))).toBeLessThan(1e-20);
    const H = populationHessian(F, W, V);
    const shift = F.fromNumber(fixture.certificate.lambdaMinLower);
    const A = H.map((row, r) => row.map((x, c) => (r === c ? F.sub(x, shift) : x)));
    for (let c = 0; c < A.length; c++) {
      expect(F.sign(A[c][c])).toBe(1);
      for (let r = c + 1; r < A.length; r++) {
        const factor = F.div(A[r][c], A[c][c]);
        for (let q = c; q < A.length; q++) A[r][q] = F.sub(A[r][q], F.mul(factor, A[c][q]));
      }
    }
  });

  it("stays a certified strict local minimum when embedded in d = 8 (zero coordinates appended; spec §6.1 embedding check)", () => {
    const F = decimalField({ digits: 40 });
    const D = 8;
    const V = Array.from({ length: 6 }, (_, j) => Array.from({ length: D }, (_, c) => (c === j ? F.one : F.zero)));
    const W = fixture.W.map((row) => [...row.map((x) => F.fromDecimalString(x)), F.zero, F.zero]);
    const g = populationGradient(F, W, V).flat();
    expect(Math.sqrt(g.reduce((t, x) => t + F.toNumber(x) ** 2, 0))).toBeLessThan(1e-20);
    const shift = F.fromNumber(fixture.certificate.lambdaMinLower);
    const A = populationHessian(F, W, V).map((row, r) => row.map((x, c) => (r === c ? F.sub(x, shift) : x)));
    for (let c = 0; c < A.length; c++) {
      expect(F.sign(A[c][c])).toBe(1);
      for (let r = c + 1; r < A.length; r++) {
        const factor = F.div(A[r][c], A[c][c]);
        for (let q = c; q < A.length; q++) A[r][q] = F.sub(A[r][q], F.mul(factor, A[c][q]));
      }
    }
  });

  it("the float kernel agrees with the generic loss and gradient", () => {
    const W = fixture.W.map((row) => row.map(Number));
    const V = orthonormalTeacher(6);
    const fast = lossAndGradientFloat(W, V);
    const F = decimalField({ digits: 40 });
    const exact = F.toNumber(populationLoss(F, W.map((r) => r.map((x) => F.fromNumber(x))), V.map((r) => r.map((x) => F.fromNumber(x)))));
    // A few hundred float operations on O(1) terms: 1e-13 is ~500 ulps of slack.
    expect(Math.abs(fast.loss - exact)).toBeLessThan(1e-13);
    expect(Math.max(...fast.gradient.flat().map(Math.abs))).toBeLessThan(1e-12);
  });

  it("gradient descent from the stored Xavier init ends there and certifies it; the entry fails on it", () => {
    const V = orthonormalTeacher(6);
    const run = gradientDescent(fixture.W0, V);
    expect(run.converged).toBe(true);
    const certificate = refineAndCertify(run.W, V);
    expect(certificate.verdict).toBe("spurious-minimum");
    expect(Number(certificate.loss)).toBeCloseTo(Number(fixture.certificate.loss), 30);
    const candidate: Candidate = {
      file: { model: { activation: "relu", scaling: "standard" }, data: { X: V, y: new Array(6).fill(0) }, params: { W: fixture.W0, a: new Array(6).fill(1) } },
      settings: { k: 6, n: 6 },
    };
    const evaluation = reluNoSpuriousMinima.evaluate(candidate, { digits: 50 });
    expect(evaluation.margin).toBeLessThan(0);
  });
});

describe("soltanolkotabi2019/relu-no-spurious-minima", () => {
  it("passes in the default regime k = n = 4", () => {
    const result = runProperty(reluNoSpuriousMinima, { runs: 8, seed: 1, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
  });

  it("configure sets the sizes the generator draws (hunt --k K --n N)", () => {
    const configured = reluNoSpuriousMinima.configure!({ k: 3, n: 5 });
    const result = runProperty(configured, { runs: 2, seed: 1, digits: 50 });
    expect(result.runs).toBe(2);
    expect(() => reluNoSpuriousMinima.configure!({ k: 0 })).toThrow(/positive integers/);
  });
});
