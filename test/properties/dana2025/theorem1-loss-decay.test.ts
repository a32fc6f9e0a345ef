import { describe, expect, it } from "vitest";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { theorem1LossDecay } from "../../../properties/dana2025/theorem1-loss-decay.js";
import { correlated } from "./candidates.js";

const context = { digits: 50 };
const control = readCandidateFile("fixtures/dana2025/appendix-c1-control.json");


describe("dana2025/theorem1-loss-decay", () => {
  it("holds along flows from random instances meeting Theorem 1's assumptions", () => {
    const result = runProperty(theorem1LossDecay, { runs: 30, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });

  it("holds on the C.1 control with a bound that is far from vacuous (∫m grows, the bound falls)", () => {
    expect(missedAssumptions(theorem1LossDecay, control, context)).toEqual([]);
    const { margin, detail } = theorem1LossDecay.evaluate(control, context);
    expect(margin).toBeGreaterThanOrEqual(0);
    // Over t ∈ [0, 10] min_i|h_i/y_i| rises towards 1, so the lower Riemann sum is several units.
    expect(detail!.finalIntegral as number).toBeGreaterThan(2);
  });

  it("fails along the flow from correlated data beyond the Assumption-2 encoding (its known bad case)", () => {
    expect(theorem1LossDecay.knownBad!()[0].candidate).toEqual(correlated);
    expect(missedAssumptions(theorem1LossDecay, correlated, context)).toEqual(["assumption2"]);
    const { margin, detail } = theorem1LossDecay.evaluate(correlated, context);
    expect(margin).toBeLessThan(0);
    expect(detail!.lossAtWorst as number).toBeGreaterThan(detail!.boundAtWorst as number);
    expect(detail!.achievedAtWorst as number).toBeLessThan(detail!.guaranteedAtWorst as number);
  });

  it("never judges t = 0, where L(0) ≤ L(0)·e⁰ holds trivially", () => {
    const { slack, detail } = theorem1LossDecay.evaluate(control, context);
    expect(detail!.worstTime as number).toBeGreaterThan(0);
    // The exponents' ratio near t = 0 tends to μ(0)/B(0), not to 1: the slack is the bound's own.
    expect(slack!.observed / slack!.bound).toBeGreaterThan(1);
  });
});
