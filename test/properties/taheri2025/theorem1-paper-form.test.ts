/**
 * taheri2025/theorem1-paper-form: holds on exact variant A stationary points; the decomposition
 * behind it (excess population risk = in-sample error + (b̃ − b*)ᵀ(Σ − XᵀX/n)(b̃ − b*)) is an
 * identity checked in exact rationals, independently of the entry's code; the origin fails.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { rationalField as Q } from "../../../src/field/rational.js";
import { penalizedCandidate } from "../../../src/penalized/penalizedCandidate.js";
import { pass } from "../../../src/penalized/network.js";
import { theorem1PaperForm } from "../../../properties/taheri2025/theorem1-paper-form.js";
import { context, OPTIONS } from "./candidates.js";

describe("taheri2025/theorem1-paper-form", () => {
  it("holds on random reasonable stationary points (variant A), few skipped", () => {
    const result = runProperty(theorem1PaperForm, { ...OPTIONS, runs: 15 });
    expect(result.status).toBe("passed");
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(0.15);
  });

  it("excess risk − in-sample error = (b̃ − b*)ᵀ(Σ − XᵀX/n)(b̃ − b*), exactly (Σ = 1.4·I)", () => {
    for (const candidate of fc.sample(theorem1PaperForm.generate(new Set()), { seed: 3, numRuns: 5 })) {
      const c = penalizedCandidate(Q, candidate);
      const truth = c.truth!;
      const d = c.data.X[0].length;
      const n = c.data.X.length;
      const b = (gamma: readonly typeof c.r[], theta: readonly (readonly typeof c.r[])[]) => Array.from({ length: d }, (_, k) => theta.reduce((t, row, j) => Q.add(t, Q.mul(row[k], gamma[j])), Q.zero));
      const diff = b(c.params.gamma, c.params.theta).map((x, k) => Q.sub(x, b(truth.params.gamma, truth.params.theta)[k]));
      const fTilde = pass(Q, c.data, c.params).predictions;
      const fStar = pass(Q, c.data, truth.params).predictions;
      const inSample = Q.div(fStar.reduce((t, f, i) => Q.add(t, Q.mul(Q.sub(f, fTilde[i]), Q.sub(f, fTilde[i]))), Q.zero), Q.fromNumber(n));
      let quadratic = Q.zero;
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++) {
          const empirical = Q.div(c.data.X.reduce((t, row) => Q.add(t, Q.mul(row[j], row[k])), Q.zero), Q.fromNumber(n));
          const sigma = j === k ? Q.fromDecimalString("1.4") : Q.zero;
          quadratic = Q.add(quadratic, Q.mul(Q.mul(diff[j], diff[k]), Q.sub(sigma, empirical)));
        }
      const excess = Q.mul(Q.fromDecimalString("1.4"), diff.reduce((t, x) => Q.add(t, Q.mul(x, x)), Q.zero));
      expect(Q.toString(Q.sub(excess, Q.add(inSample, quadratic)))).toBe("0");
      const evaluation = theorem1PaperForm.evaluate(candidate, context);
      expect(evaluation.detail!.excessRisk as number).toBeCloseTo(Q.toNumber(excess), 12);
    }
  });

  it("fails on its known bad case, the origin: excess 1 against 2r(‖γ*‖₁ + η) = 0.2 (n = 1, η = 0, Δ̂ = 0)", () => {
    const bad = theorem1PaperForm.knownBad!()[0].candidate;
    expect(missedAssumptions(theorem1PaperForm, bad, context)).toEqual(["nondegenerate"]);
    const evaluation = theorem1PaperForm.evaluate(bad, context);
    expect(evaluation.detail).toMatchObject({ excessRisk: 1, bound: 0.2, deviation: 0 });
    expect(evaluation.margin).toBeCloseTo(-0.8, 12);
  });
});
