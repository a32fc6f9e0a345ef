/**
 * The dana2025 trajectory entries: each holds on random instances meeting its assumptions, and
 * each fails on a known bad case (a violated assumption or a deliberately different dynamics).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../../src/check/property.js";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { lemma1BalanceFlow } from "../../../properties/dana2025/lemma1-balance-flow.js";
import { lemma1SignPreservation } from "../../../properties/dana2025/lemma1-sign-preservation.js";
import { monotoneLossFlow } from "../../../properties/dana2025/monotone-loss-flow.js";
import { orthogonalDichotomy } from "../../../properties/dana2025/orthogonal-dichotomy.js";
import { theorem1PlTrajectory } from "../../../properties/dana2025/theorem1-pl-trajectory.js";
import { theorem1LossDecay } from "../../../properties/dana2025/theorem1-loss-decay.js";
import { runFlow } from "../../../properties/dana2025/trajectory.js";

const context = { digits: 50 };
const options = { runs: 8, seed: 42, digits: 50 };
const c1 = readCandidateFile("fixtures/dana2025/appendix-c1.json");
const control = readCandidateFile("fixtures/dana2025/appendix-c1-control.json");

describe.each([lemma1BalanceFlow, lemma1SignPreservation, monotoneLossFlow, orthogonalDichotomy, theorem1PlTrajectory, theorem1LossDecay])("$id", (property) => {
  it("holds on random instances meeting its assumptions, none skipped", () => {
    const result = runProperty(property, options);
    expect(result.status).toBe("passed");
    expect(result.runs).toBe(8);
  });
});

describe("known bad cases", () => {
  it("lemma1-balance-flow: a 2-homogeneous activation does not conserve a² − ‖w‖²", () => {
    const quadratic: Candidate = { ...c1, file: { ...c1.file, model: { activation: "quadratic", scaling: "mean-field" } } };
    expect(lemma1BalanceFlow.evaluate(quadratic, context).margin).toBeLessThan(0);
  });

  it("lemma1-sign-preservation: on the C.1 fixture (A1 fails) a_1 changes sign", () => {
    expect(missedAssumptions(lemma1SignPreservation, c1, context)).toEqual(["A1-strict"]);
    expect(lemma1SignPreservation.evaluate(c1, context).margin).toBeLessThan(0);
    expect(lemma1SignPreservation.evaluate(control, context).margin).toBeGreaterThanOrEqual(0);
  });

  it("monotone-loss-flow: gradient descent with η = 50 is not monotone (deliberately different dynamics)", () => {
    const gd: Candidate = { ...control, settings: { method: "gd", eta: 50, horizon: 500 } };
    expect(monotoneLossFlow.evaluate(gd, context).margin).toBeLessThan(0);
    expect(monotoneLossFlow.evaluate(control, context).margin).toBeGreaterThanOrEqual(0);
  });

  it("theorem1-pl-trajectory: correlated data beyond the Assumption-2 encoding break the bound at t = 0", () => {
    const correlated: Candidate = {
      file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["1", "0.4"]], y: ["2", "-1"] }, params: { W: [["0.5", "0"]], a: ["1"] } },
      settings: {},
    };
    expect(missedAssumptions(theorem1PlTrajectory, correlated, context)).toEqual(["assumption2"]);
    expect(theorem1PlTrajectory.evaluate(correlated, context).margin).toBeLessThan(0);
  });
});

describe("theorem1-loss-decay known bad case", () => {
  it("a stationary point with L > 0 (identical inputs, opposite residuals; Assumption 2 fails) keeps L while the bound decays", () => {
    const stuck: Candidate = {
      file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["0.5"], ["0.5"]], y: ["-2", "1"] }, params: { W: [["1"], ["0"]], a: ["-2", "0"] } },
      settings: {},
    };
    expect(missedAssumptions(theorem1LossDecay, stuck, context)).toEqual(["assumption2"]);
    expect(theorem1LossDecay.evaluate(stuck, context).margin).toBeLessThan(0);
  });
});

describe("Appendix C.1 fixture and control (spec §7)", () => {
  it("are the spec's instances", () => {
    expect(JSON.parse(readFileSync("fixtures/dana2025/appendix-c1.json", "utf8")).params).toEqual({ W: [["0.1", "2"], ["-1", "0.1"]], a: ["0.01", "-0.01"] });
    expect(missedAssumptions(orthogonalDichotomy, control, context)).toEqual([]);
  });

  it("with A1 dropped, the dichotomy fails on C.1: it predicts L → 0 (G holds) but L → 1/4", () => {
    expect(missedAssumptions(orthogonalDichotomy, c1, context)).toEqual(["A1-weak"]);
    const { margin, detail } = orthogonalDichotomy.evaluate(c1, context);
    expect(detail).toMatchObject({ prediction: 0, goodSamples: 2 });
    expect(margin).toBeLessThan(0);
    expect(Math.abs((detail!.finalLoss as number) - 0.25)).toBeLessThan(1e-3);
  });

  it("on C.1 a_1 flips sign, ⟨w_1(T), x_1⟩ ≤ 0 and δ is conserved; the control converges to L → 0", () => {
    const { trajectory } = runFlow(c1, 20, 20);
    const final = trajectory.checkpoints[trajectory.checkpoints.length - 1];
    expect(Math.sign(final.parameters[0])).toBe(-1);
    expect(final.parameters[2]).toBeLessThanOrEqual(0); // w_1 = θ[2..3], ⟨w_1, x_1⟩ = w_11
    expect(trajectory.summary.maxBalanceDrift).toBeLessThan(1e-6);
    expect(orthogonalDichotomy.evaluate(control, context).margin).toBeGreaterThanOrEqual(0);
  });
});
