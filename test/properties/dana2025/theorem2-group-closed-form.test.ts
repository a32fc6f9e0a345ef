/**
 * dana2025/theorem2-group-closed-form: under group initialization the flow follows the
 * closed form derived here (N_j, s_j, L) within the Dormand–Prince error account. The generator meets every
 * assumption by construction (skip rate asserted < 5%, observed 0). Bad cases: the authors' non-aligned
 * branch (tanh(2τ+φ), dropped terms) and a non-group initialization.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { closedFormField, groupData } from "../../../properties/dana2025/lib/groupDynamics.js";
import { closedForm, theorem2GroupClosedForm, twoGroups } from "../../../properties/dana2025/theorem2-group-closed-form.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";

const OPTIONS = { runs: 10, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };

describe("dana2025/theorem2-group-closed-form", () => {
  it("holds on random group-initialized instances, none skipped, none vacuous", () => {
    const result = runProperty(theorem2GroupClosedForm, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.vacuous).toBe(0);
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.minMargin).toBeGreaterThanOrEqual(0);
  });

  it("the hand-made instance meets every assumption; its groups are one non-aligned, one aligned", () => {
    expect(missedAssumptions(theorem2GroupClosedForm, twoGroups(), context)).toEqual([]);
    const F = closedFormField(context);
    const groups = groupData(F, instanceOverField(F, twoGroups().file));
    expect(groups.map((g) => g.aligned)).toEqual([false, true]);
    expect(groups[0].c.toNumber()).toBeCloseTo(14 / (6 * Math.sqrt(7.25)), 14);
    // At t = 0 the closed form returns the initial state.
    const atZero = closedForm(F, groups[0], 5, 2, F.zero);
    expect(atZero.N.toNumber()).toBeCloseTo((6 / 64) ** 2, 15);
    expect(atZero.s.toNumber()).toBeCloseTo(groups[0].c.toNumber(), 15);
  });

  it("our closed form matches the flow on the hand-made instance", () => {
    const evaluation = theorem2GroupClosedForm.evaluate(twoGroups(), context);
    expect(evaluation.margin).toBeGreaterThanOrEqual(0);
  });

  it("the authors' non-aligned branch (tanh(2τ+φ)) does not (known bad case)", () => {
    const [bad] = theorem2GroupClosedForm.knownBad!();
    expect(bad.candidate).toEqual(twoGroups({ formula: "repo" }));
    const evaluation = theorem2GroupClosedForm.evaluate(bad.candidate, context);
    expect(evaluation.margin).toBeLessThan(0);
    expect(evaluation.detail?.neuron).toBe(0);
  });

  it("a non-group initialization breaks the closed form; the assumptions reject it", () => {
    const broken = twoGroups();
    // Neuron 0 also active on sample 3, whose label is negative: the groups now interact.
    broken.file.params.W[0][3] = 0.05;
    expect(missedAssumptions(theorem2GroupClosedForm, broken, context)).toEqual(["group-initialization", "balanced-in-span"]);
    expect(theorem2GroupClosedForm.evaluate(broken, context).margin).toBeLessThan(0);
  });

  it("a hunt with the group assumptions dropped finds a counterexample", () => {
    const result = runProperty(theorem2GroupClosedForm, { ...OPTIONS, runs: 30, dropped: new Set(["group-initialization", "balanced-in-span"]) });
    expect(result.status).toBe("failed");
    expect(result.counterexample?.violatesDropped.length).toBeGreaterThan(0);
  });
});
