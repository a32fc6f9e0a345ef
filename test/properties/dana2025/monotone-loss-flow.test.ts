import { describe, expect, it } from "vitest";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { runProperty } from "../../../src/check/runner.js";
import { monotoneLossFlow } from "../../../properties/dana2025/monotone-loss-flow.js";

const context = { digits: 50 };
const control = readCandidateFile("fixtures/dana2025/appendix-c1-control.json");

describe("dana2025/monotone-loss-flow", () => {
  it("holds on random instances of every init law", () => {
    const result = runProperty(monotoneLossFlow, { runs: 40, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });

  it("holds on the C.1 control, whose loss falls by orders of magnitude over the run", () => {
    const { margin, detail } = monotoneLossFlow.evaluate(control, context);
    expect(margin).toBeGreaterThanOrEqual(0);
    expect(detail!.finalLoss as number).toBeLessThan(1e-3 * (detail!.initialLoss as number));
  });

  it("fails on its known bad case: gradient descent with a too-large step (η = 5) on the same instance", () => {
    const [gd] = monotoneLossFlow.knownBad!();
    expect(control.file).toMatchObject(gd.candidate.file);
    const { margin, detail } = monotoneLossFlow.evaluate(gd.candidate, context);
    expect(detail).toMatchObject({ method: "gd" });
    expect(detail!.largestIncrease as number).toBeGreaterThan(0);
    expect(margin).toBeLessThan(0);
  });

  it("counts a frozen network as vacuous and excludes its steps from the minimum", () => {
    const dead = { ...control, file: { ...control.file, params: { W: [["-1", "-1"], ["-1", "-1"]], a: ["1", "1"] } } };
    expect(monotoneLossFlow.evaluate(dead, context)).toMatchObject({ margin: 1, vacuous: expect.stringContaining("frozen") });
  });

  it("reports the two sides of its worst step, consistent with the margin", () => {
    const { margin, slack } = monotoneLossFlow.evaluate(control, context);
    expect(slack!.observed).toBeLessThanOrEqual(slack!.bound);
    expect(margin).toBe(1 - slack!.observed / slack!.bound);
  });
});
