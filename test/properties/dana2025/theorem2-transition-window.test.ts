/**
 * dana2025/theorem2-transition-window: the measured crossing times of ℓ_j = 1 − ε and ℓ_j = ε
 * lie in the brackets (widened by the run's error estimate) around the closed-form t_n^j(ε), t_n^j(1−ε) and the window. The
 * generator meets every assumption by construction (skip rate asserted < 5%, observed 0). Bad cases:
 * the authors' per-group n (phase_transition.py) read as the total n (every time ×p) and a non-aligned start.
 */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { closedFormField, groupData } from "../../../properties/dana2025/lib/groupDynamics.js";
import { alignedPair, theorem2TransitionWindow, transitionTimes } from "../../../properties/dana2025/theorem2-transition-window.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";

const OPTIONS = { runs: 8, seed: 42, digits: 50 };
const MAX_SKIP_RATE = 0.05;
const context = { digits: 50 };

const aligned = alignedPair;

describe("dana2025/theorem2-transition-window", () => {
  it("holds on random aligned group-initialized instances, none skipped", () => {
    const result = runProperty(theorem2TransitionWindow, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped / (result.runs + result.skipped)).toBeLessThan(MAX_SKIP_RATE);
    expect(result.minMargin).toBeGreaterThanOrEqual(0);
  });

  it("on the hand-made instance every crossing lies in its bracket, resolved to < 1e-3 of the window", () => {
    expect(missedAssumptions(theorem2TransitionWindow, aligned(), context)).toEqual([]);
    const evaluation = theorem2TransitionWindow.evaluate(aligned(), context);
    expect(evaluation.margin).toBeGreaterThanOrEqual(0);
    const F = closedFormField(context);
    const [g0] = groupData(F, instanceOverField(F, aligned().file));
    const times = transitionTimes(F, g0, 4, 2, 0.1);
    // (n/(2T)) log(g(0.1)/g(0.9)) with g(0.1) = √0.9/(1 − √0.9), g(0.9) = √0.1/(1 − √0.1).
    const g = (e: number) => Math.sqrt(1 - e) / (1 - Math.sqrt(1 - e));
    expect(times.window).toBeCloseTo((4 / 2.5) * Math.log(g(0.1) / g(0.9)), 12);
    expect(evaluation.detail?.resolution).toBeLessThan(1e-3 * times.window);
  });

  it("the authors' time scale with n read as the total sample count (every time ×p) fails (known bad case)", () => {
    const [bad] = theorem2TransitionWindow.knownBad!();
    expect(bad.candidate).toEqual(aligned({ epsilon: 0.1, timeFormula: "repo-scale" }));
    const evaluation = theorem2TransitionWindow.evaluate(bad.candidate, context);
    expect(evaluation.margin).toBeLessThan(0);
  });

  it("a non-aligned start misses the aligned formula; the assumption rejects it", () => {
    const skewed = aligned({ epsilon: 0.1 }, [0.75, 1]);
    expect(missedAssumptions(theorem2TransitionWindow, skewed, context)).toEqual(["aligned-start"]);
    expect(theorem2TransitionWindow.evaluate(skewed, context).margin).toBeLessThan(0);
  });
});
