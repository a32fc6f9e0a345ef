/**
 * dana2025/scaling-equivalence: one mean-field Euler step from θ, divided by √p, equals one
 * standard Euler step from θ/√p, and L̃(θ/√p) = L(θ), with zero tolerance. The generator draws
 * p ∈ {1, 4, 9, 16} and the paper's model, so no candidate may be skipped (asserted: skip rate
 * < 5%, observed 0).
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { ActivationName } from "../../../src/model/activation.js";
import { fourNeurons, scalingEquivalence } from "../../../properties/dana2025/scaling-equivalence.js";

const OPTIONS = { runs: 30, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };


describe("dana2025/scaling-equivalence", () => {
  it("holds exactly on random short-decimal instances with p ∈ {1, 4, 9, 16}, none skipped, most effective", () => {
    const result = runProperty(scalingEquivalence, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.effectiveShare).toBeGreaterThan(0.8);
    expect(result.minMargin).toBe(0);
  });

  it.each<ActivationName>(["relu", "leaky-relu", "identity"])("holds exactly for the 1-homogeneous %s", (activation) => {
    expect(scalingEquivalence.evaluate(fourNeurons(activation), context).margin).toBe(0);
  });

  it("fails for tanh (known bad case): tanh(z/2)/2 ≠ tanh(z)/4", () => {
    const [{ candidate: bad }] = scalingEquivalence.knownBad!();
    expect(bad.file.model.activation).toBe("tanh");
    expect(missedAssumptions(scalingEquivalence, bad, context)).toEqual(["relu-mean-field"]);
    // The gap is O(1), not rounding: tanh is evaluated at 300 digits.
    expect(scalingEquivalence.evaluate(bad, context).margin).toBeLessThan(-1e-3);
  });

  it("requires p to be a square with terminating √p; p = 2 is skipped, not failed", () => {
    const two = fourNeurons("relu");
    two.file.params = { W: [["0.5", "1"], ["-1", "0.25"]], a: ["1", "-0.5"] };
    expect(missedAssumptions(scalingEquivalence, two, context)).toEqual(["exact-rescaling"]);
  });

  it("a hunt with relu-mean-field dropped finds a non-homogeneous counterexample", () => {
    const result = runProperty(scalingEquivalence, { ...OPTIONS, runs: 200, dropped: new Set(["relu-mean-field"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual(["relu-mean-field"]);
    expect(["quadratic", "tanh"]).toContain(result.counterexample?.candidate.file.model.activation);
  });
});
