import { describe, expect, it } from "vitest";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { runProperty } from "../../../src/check/runner.js";
import { lemma1BalanceFlow } from "../../../properties/dana2025/lemma1-balance-flow.js";

const context = { digits: 50 };
const c1 = readCandidateFile("fixtures/dana2025/appendix-c1.json");

describe("dana2025/lemma1-balance-flow", () => {
  it("holds on random instances of every init law, within the drift allowance derived from the error estimate E", () => {
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

  it("fails on its known bad cases: gradient descent (η = 0.1), and a 2-homogeneous activation whose conserved quantity is 2a² − ‖w‖²", () => {
    const [gd, quadratic] = lemma1BalanceFlow.knownBad!();
    const { margin, detail } = lemma1BalanceFlow.evaluate(gd.candidate, context);
    expect(detail).toMatchObject({ method: "gd" });
    expect(margin).toBeLessThan(0);
    expect(quadratic.candidate.file.model.activation).toBe("quadratic");
    expect(lemma1BalanceFlow.evaluate(quadratic.candidate, context).margin).toBeLessThan(0);
  });

  it("counts a frozen network (every pre-activation ≤ 0) as vacuous, not as a pass", () => {
    const dead = { ...c1, file: { ...c1.file, params: { W: [["-1", "-1"], ["-1", "-1"]], a: ["1", "1"] } } };
    expect(lemma1BalanceFlow.evaluate(dead, context)).toMatchObject({ margin: 1, vacuous: expect.stringContaining("frozen") });
  });
});
