/**
 * dana2025/kernel-identity: p‖∇L‖² = (1/n)·rᵀKr and μ = 2rᵀKr/‖r‖², with zero tolerance.
 * The generator (short decimals, any init, ReLU mean-field) meets the entry's only assumption by
 * construction, so no candidate may be skipped (asserted: skip rate < 5%, observed 0).
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../../src/field/decimal.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { runProperty } from "../../../src/check/runner.js";
import type { Candidate } from "../../../src/check/property.js";
import { kernelIdentity } from "../../../properties/dana2025/kernel-identity.js";
import { tangentKernel } from "../../../properties/dana2025/lib/kernel.js";

const OPTIONS = { runs: 30, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;

/** n = p = d = 1: x = 1, w = 1, a = 1, y = 2, so z = 1 and (ReLU) h = 1, r = 1, L = 1/2. */
function oneNeuron(activation: "relu" | "quadratic", w = "1"): Candidate {
  return {
    file: { model: { activation, scaling: "mean-field" }, data: { X: [["1"]], y: ["2"] }, params: { W: [[w]], a: ["1"] } },
    settings: {},
  };
}

describe("dana2025/kernel-identity", () => {
  it("holds exactly on random short-decimal instances, none skipped, most effective", () => {
    const result = runProperty(kernelIdentity, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.effectiveShare).toBeGreaterThan(0.8);
    expect(result.minMargin).toBe(0);
  });

  it("matches a hand computation: K = [[σ(1)² + 1²·1·1]] = [[2]], p‖∇L‖² = 2, μ = 4", () => {
    const F = decimalField({ digits: 50 });
    const K = tangentKernel(F, instanceOverField(F, oneNeuron("relu").file));
    expect(K.map((row) => row.map(String))).toEqual([["2"]]);
    const evaluation = kernelIdentity.evaluate(oneNeuron("relu"), { digits: 50 });
    expect(evaluation.margin).toBe(0);
    expect(evaluation.vacuous).toBeUndefined();
    expect(evaluation.detail).toMatchObject({ pGradSquared: "2", rKrOverN: "2", mu: 4, kernelMu: 4 });
  });

  it("a dead ReLU network (w = −1) is vacuous: both sides are 0", () => {
    const evaluation = kernelIdentity.evaluate(oneNeuron("relu", "-1"), { digits: 50 });
    expect(evaluation.margin).toBe(0);
    expect(evaluation.vacuous).toMatch(/dead network/);
  });

  it("fails on its known bad case, the quadratic activation: p‖∇L‖² = 1² + 2² = 5 ≠ 2, μ = 10 ≠ 4", () => {
    // ∇_a L = −r·z² = −1, ∇_w L = −r·a·2z·x = −2 while K is the ReLU kernel: the gaps are 3 and 6.
    const [bad] = kernelIdentity.knownBad!();
    const evaluation = kernelIdentity.evaluate(bad.candidate, { digits: 50 });
    expect(evaluation.margin).toBe(-6);
    expect(evaluation.detail).toMatchObject({ gradientGap: "3", muGap: "6" });
  });

  it("a hunt with relu-mean-field dropped finds a counterexample outside the paper's model", () => {
    const result = runProperty(kernelIdentity, { ...OPTIONS, runs: 200, dropped: new Set(["relu-mean-field"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual(["relu-mean-field"]);
    expect(result.counterexample?.evaluation.margin).toBeLessThan(0);
  });
});
