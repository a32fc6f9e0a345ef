/**
 * The exact identities behind taheri2025 (Euler, energy and basic identities, derived here): each holds with zero tolerance on random
 * exact stationary points (no skips), fails on a hand-computed bad case with the hand-computed
 * margin, and a run with its assumption dropped finds a counterexample violating it.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import type { Property } from "../../../src/check/property.js";
import { eulerIdentity } from "../../../properties/taheri2025/euler-identity.js";
import { energyIdentity } from "../../../properties/taheri2025/energy-identity.js";
import { stationaryNormBound } from "../../../properties/taheri2025/stationary-norm-bound.js";
import { lassoInFeatures } from "../../../properties/taheri2025/lasso-in-features.js";
import { basicIdentity } from "../../../properties/taheri2025/basic-identity.js";
import { withExtraField } from "../../../src/penalized/penalizedCandidate.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import { context, OPTIONS, scalar } from "./candidates.js";

const cases: [Property, string, number][] = [
  [eulerIdentity, "homogeneous-activation", 60],
  [energyIdentity, "gamma-stationary", 15],
  [stationaryNormBound, "gamma-stationary", 15],
  [lassoInFeatures, "gamma-stationary", 15],
  [basicIdentity, "regression-model", 15],
];

describe.each(cases)("%s", (property, assumption, runs) => {
  it("holds on random candidates, none skipped", () => {
    const result = runProperty(property, { ...OPTIONS, runs });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
  });

  it(`fails once ${assumption} is dropped, on a candidate that violates it`, () => {
    const result = runProperty(property, { ...OPTIONS, runs: 40, dropped: new Set([assumption]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped).toEqual([assumption]);
  });
});

describe("hand-computed cases (x = 1, Θ = 1, y = 1, r = 1: the Lasso solution is γ̃ = 1/2); the entries' known bad cases", () => {
  const good = scalar("1", "0.5", "1");
  const knownBad = (property: Property) => property.knownBad!()[0].candidate;

  it("energy identity: 1/4 + 1/2 = 1 − 1/4 at γ̃ = 1/2; at γ = 1 (its known bad case) lhs 1, rhs 0 (margin −1)", () => {
    const bad = knownBad(energyIdentity);
    expect(bad).toEqual(scalar("1", "1", "1"));
    expect(energyIdentity.evaluate(good, context).margin).toBe(0);
    expect(missedAssumptions(energyIdentity, bad, context)).toEqual(["gamma-stationary"]);
    expect(energyIdentity.evaluate(bad, context)).toMatchObject({ margin: -1, detail: { lhs: 1, rhs: 0 } });
  });

  it("norm bound is tight at γ̃ = 1/2 (‖y‖²_n/(2r) = 1/2, slack ratio 1); γ = 1 (its known bad case) exceeds it (margin −1/2)", () => {
    expect(stationaryNormBound.evaluate(good, context)).toMatchObject({ margin: 0, slack: { observed: 0.5, bound: 0.5 } });
    expect(stationaryNormBound.evaluate(knownBad(stationaryNormBound), context).margin).toBe(-0.5);
  });

  it("lasso-in-features: no competitor beats γ̃ = 1/2; at γ = 1 (its known bad case) the Lasso solution improves by 1/4", () => {
    expect(lassoInFeatures.evaluate(good, context).margin).toBe(0);
    expect(lassoInFeatures.evaluate(knownBad(lassoInFeatures), context)).toMatchObject({ margin: -0.25, detail: { improvement: 0.25 } });
  });

  it("γ̃ = 0 is vacuous for the energy identity and the norm bound (x = 1, y = 1/10, r = 1: |2xy| ≤ r)", () => {
    const zero = scalar("0.1", "0", "1");
    expect(missedAssumptions(energyIdentity, zero, context)).toEqual([]);
    expect(energyIdentity.evaluate(zero, context)).toMatchObject({ margin: 0, vacuous: expect.stringMatching(/γ̃ = 0/) });
    expect(stationaryNormBound.evaluate(zero, context)).toMatchObject({ margin: 1, vacuous: expect.stringMatching(/γ̃ = 0/) });
    expect(energyIdentity.evaluate(good, context).vacuous).toBeUndefined();
  });

  it("Euler fails for the 2-homogeneous φ(z) = z² (its known bad case): γ∂γ = −2, ⟨Θ, ∂Θ⟩ = −4 (margin −2/‖y‖²_n = −1/2)", () => {
    const quadratic = knownBad(eulerIdentity);
    expect(quadratic.file.model.activation).toBe("quadratic");
    expect(missedAssumptions(eulerIdentity, quadratic, context)).toEqual(["homogeneous-activation"]);
    expect(eulerIdentity.evaluate(quadratic, context)).toMatchObject({ margin: -0.5, detail: { neuronGap: 2, totalGap: 0 } });
    const relu = scalar("2", "1", "0.1");
    relu.file.model.activation = "relu";
    expect(eulerIdentity.evaluate(relu, context).margin).toBe(0);
    expect(eulerIdentity.evaluate(relu, context).vacuous).toBeUndefined();
    // A dead ReLU neuron (Θx < 0): every side is 0, counted as vacuous.
    const dead = scalar("2", "1", "0.1");
    dead.file.model.activation = "relu";
    dead.file.params.W = [["-1"]];
    expect(eulerIdentity.evaluate(dead, context)).toMatchObject({ margin: 0, vacuous: expect.any(String) });
  });

  it("basic identity fails when y ≠ f* + u (its known bad case: u stated 1/2, y − f* = 0): margin −1/2; β = β′ is vacuous", () => {
    const base = withExtraField(scalar("1", "0.5", "1"), "reference", { W: [["1"]], a: ["0"] });
    const consistent = withExtraField(base, "truth", { W: [["1"]], a: ["1"], noise: ["0"] });
    const inconsistent = knownBad(basicIdentity);
    expect(inconsistent).toEqual(withExtraField(base, "truth", { W: [["1"]], a: ["1"], noise: ["0.5"] }));
    expect(basicIdentity.evaluate(consistent, context).margin).toBe(0);
    expect(basicIdentity.evaluate(consistent, context).vacuous).toBeUndefined();
    const unmoved = withExtraField(consistent, "reference", { W: [["1"]], a: ["0.5"] });
    expect(basicIdentity.evaluate(unmoved, context)).toMatchObject({ margin: 0, vacuous: expect.stringMatching(/β = β′/) });
    expect(missedAssumptions(basicIdentity, inconsistent, context)).toEqual(["regression-model"]);
    // lhs = 1/4 − 1 = −3/4; rhs = (1/2 − 3/4) + 2·(1/2)·(1/2 − 0) − 1·(1/2 − 0) = −1/4: gap 1/2 over ‖y‖²_n = 1.
    expect(basicIdentity.evaluate(inconsistent, context)).toMatchObject({ margin: -0.5, detail: { lhs: -0.75, rhs: -0.25 } });
  });

  it("reads a hand-written file whose truth is a top-level field", () => {
    const file = { ...scalar("1", "0.5", "1").file, truth: { W: [["1"]], a: ["1"], noise: ["0"] }, reference: { W: [["1"]], a: ["0"] } } as InstanceFile;
    expect(basicIdentity.evaluate({ file, settings: { r: "1", penalty: "A" } }, context).margin).toBe(0);
  });
});
