import { describe, expect, it } from "vitest";
import type { Candidate } from "../../../src/check/property.js";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { runProperty } from "../../../src/check/runner.js";
import { lemma1BalanceFlow } from "../../../properties/dana2025/lemma1-balance-flow.js";

const context = { digits: 50 };
const c1 = readCandidateFile("fixtures/dana2025/appendix-c1.json");

describe("dana2025/lemma1-balance-flow", () => {
  it("holds on random instances of every init law, within the drift bound derived from E", () => {
    const result = runProperty(lemma1BalanceFlow, { runs: 40, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });

  it("holds on the Appendix C.1 fixture (any init: A1 fails there), and the bound is not vacuous", () => {
    const { margin, detail } = lemma1BalanceFlow.evaluate(c1, context);
    expect(margin).toBeGreaterThanOrEqual(0);
    // The run does drift a little: the measure sees integration error, and the bound is a few E's.
    expect(detail!.maxDrift as number).toBeGreaterThan(0);
    expect(detail!.stateError as number).toBeLessThan(1e-6);
  });

  it("fails for deliberately different dynamics: gradient descent (η = 0.1) changes δ_j by η²(v_a² − ‖v_w‖²) per step", () => {
    const gd: Candidate = { ...c1, settings: { method: "gd", eta: 0.1, horizon: 10 } };
    const { margin, detail } = lemma1BalanceFlow.evaluate(gd, context);
    expect(detail).toMatchObject({ method: "gd" });
    expect(margin).toBeLessThan(0);
  });

  it("fails for a 2-homogeneous activation (relu-mean-field dropped), whose conserved quantity is 2a² − ‖w‖²", () => {
    const quadratic: Candidate = { ...c1, file: { ...c1.file, model: { activation: "quadratic", scaling: "mean-field" } } };
    expect(lemma1BalanceFlow.evaluate(quadratic, context).margin).toBeLessThan(0);
  });
});
