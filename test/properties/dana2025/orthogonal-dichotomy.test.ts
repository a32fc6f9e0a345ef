import { readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { lemma1BalanceFlow } from "../../../properties/dana2025/lemma1-balance-flow.js";
import { runFlow } from "../../../properties/dana2025/lib/trajectory.js";
import { orthogonalDichotomy } from "../../../properties/dana2025/orthogonal-dichotomy.js";
import { appendixC1, appendixC1Control } from "../../../properties/dana2025/lib/flowInstances.js";

const context = { digits: 50 };
const C1_PATH = "fixtures/dana2025/appendix-c1.json";
const CONTROL_PATH = "fixtures/dana2025/appendix-c1-control.json";
const c1 = readCandidateFile(C1_PATH);
const control = readCandidateFile(CONTROL_PATH);

describe("dana2025/orthogonal-dichotomy", () => {
  it("holds on random orthogonal instances under A1 (many with samples outside Good)", () => {
    const result = runProperty(orthogonalDichotomy, { runs: 40, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });
});

describe("Appendix C.1-style fixtures (constructed here; same mechanism as the paper's Appendix C.1)", () => {
  it("are the constructed instances, as decimal strings, exercising the dichotomy", () => {
    for (const path of [C1_PATH, CONTROL_PATH]) {
      const json = JSON.parse(readFileSync(path, "utf8"));
      expect(json).toMatchObject({ property: "dana2025/orthogonal-dichotomy", model: { activation: "relu", scaling: "mean-field" } });
      expect(typeof json.name).toBe("string");
      expect(typeof json.description).toBe("string");
      expect(json.data).toEqual({ X: [["1", "0"], ["0", "1"]], y: ["1", "-1"] });
      expect(json.params.W).toEqual([["0.1", "2"], ["-1", "0.1"]]);
    }
    expect(c1.file.params.a).toEqual(["0.01", "-0.01"]);
  });

  it("are the instances the trajectory entries' known-bad cases start from", () => {
    expect(c1.file).toMatchObject(appendixC1.file);
    expect(control.file).toMatchObject(appendixC1Control.file);
    expect(c1.file).toMatchObject(orthogonalDichotomy.knownBad!()[0].candidate.file);
  });

  it("the control's a_j = sign·(‖w_j‖ + 0.01) rounded up: A1 holds exactly, strictly", () => {
    const W = control.file.params.W.map((row) => row.map((v) => new Decimal(v)));
    control.file.params.a.forEach((value, j) => {
      const a = new Decimal(value).abs();
      const normSquared = W[j].reduce((t, v) => t.plus(v.times(v)), new Decimal(0));
      expect(a.minus(0.01).pow(2).gte(normSquared)).toBe(true); // |a_j| − 0.01 ≥ ‖w_j‖
      expect(new Decimal(value).isNegative()).toBe(new Decimal(c1.file.params.a[j]).isNegative());
    });
    expect(missedAssumptions(orthogonalDichotomy, control, context)).toEqual([]);
  });

  it("C.1 with A1 dropped: G holds, so the dichotomy predicts L → 0, but L → 1/4 — a negative margin", () => {
    expect(missedAssumptions(orthogonalDichotomy, c1, context)).toEqual(["A1-weak"]);
    const { margin, detail } = orthogonalDichotomy.evaluate(c1, context);
    expect(detail).toMatchObject({ prediction: 0, goodSamples: 2, n: 2 });
    expect(Math.abs((detail!.finalLoss as number) - 0.25)).toBeLessThan(1e-6);
    expect(margin).toBeLessThan(0);
  });

  it("C.1: a_1 changes sign, ⟨w_1(T), x_1⟩ ≤ 0, and δ is conserved throughout", () => {
    const run = runFlow(c1, 20);
    const [start, end] = [run.trajectory.checkpoints[0], run.trajectory.checkpoints[run.trajectory.checkpoints.length - 1]];
    expect(start.parameters[0]).toBeGreaterThan(0);
    expect(end.parameters[0]).toBeLessThan(0);
    // θ = [a_1, a_2, w_11, w_12, w_21, w_22] and x_1 = e_1, so ⟨w_1, x_1⟩ = w_11.
    expect(end.parameters[2]).toBeLessThanOrEqual(0);
    expect(lemma1BalanceFlow.evaluate(c1, context).margin).toBeGreaterThanOrEqual(0);
  });

  it("on the control the property holds: L → 0", () => {
    const { margin, detail } = orthogonalDichotomy.evaluate(control, context);
    expect(detail).toMatchObject({ prediction: 0, stopReason: "loss" });
    expect(detail!.finalLoss as number).toBeLessThan(1e-5);
    // A decision: the stopping rule set how close L(T) came, so the margin is +1, not that distance.
    expect(margin).toBe(1);
  });

  it("counts a network already at its predicted level (frozen: nothing active) as vacuous", () => {
    const dead = { ...control, file: { ...control.file, params: { W: [["-1", "-1"], ["-1", "-1"]], a: ["2", "-2"] } } };
    expect(orthogonalDichotomy.evaluate(dead, context)).toMatchObject({ margin: 1, vacuous: expect.stringContaining("t = 0") });
  });
});
