/** Shrinking: fewer samples, neurons and dimensions, simpler numbers — while the failure and the active assumptions hold. */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Candidate, Property } from "../../src/check/property.js";
import { compareSimplicity, exactRational, shortDecimal, shrink, simplerValues } from "../../src/check/shrink.js";

const dec = (value: string | number) => new Decimal(typeof value === "number" ? String(value) : value);

/**
 * Fails when some sample with ‖x_i‖² > 1 is seen by a neuron with a_j > 0 and ⟨w_j, x_i⟩ > 0:
 * margin −max_{i,j} min(‖x_i‖² − 1, a_j, ⟨w_j, x_i⟩), computed exactly.
 */
const alignedNeuron: Property = {
  id: "test/aligned-neuron",
  title: "no positive neuron is aligned with a large sample",
  reference: { paper: "test", statement: "none", spec: "none", provenance: "none" },
  mode: "exact",
  statement: "for all i, j: ‖x_i‖² ≤ 1 or a_j ≤ 0 or ⟨w_j, x_i⟩ ≤ 0",
  assumptions: [{ name: "nonzero-labels", description: "y_i ≠ 0", holds: (c) => c.file.data.y.every((y) => !dec(y).isZero()) }],
  generate: () => fc.constant(START),
  evaluate(c) {
    const { X } = c.file.data;
    const { W, a } = c.file.params;
    let worst = new Decimal(-Infinity);
    X.forEach((x) => {
      const norm = x.reduce((s: Decimal, v) => s.plus(dec(v).times(dec(v))), new Decimal(0));
      W.forEach((w, j) => {
        const inner = x.reduce((s: Decimal, v, k) => s.plus(dec(v).times(dec(w[k]))), new Decimal(0));
        worst = Decimal.max(worst, Decimal.min(norm.minus(1), dec(a[j]), inner));
      });
    });
    return { margin: -worst.toNumber(), detail: { exactMargin: worst.negated().toString() } };
  },
  defaultRuns: 1,
};

/** Two culprit pairs (sample 1 with neurons 1 and 2) among distractors. */
const START: Candidate = {
  file: {
    model: { activation: "relu", scaling: "mean-field" },
    data: {
      X: [["0.3", "0.2", "-0.1"], ["1.734", "0.31", "-0.2"], ["-0.5", "0.5", "0.25"], ["0.1", "0.9", "0.2"]],
      y: ["0.37", "-1.2", "2.5", "0.8"],
    },
    params: { W: [["-0.4", "0.2", "0.1"], ["0.37", "0.123", "-0.05"], ["0.2", "-0.3", "0.6"]], a: ["-0.6", "0.7312", "0.4"] },
  },
  settings: {},
};

describe("shrink", () => {
  it("reaches the minimal instance: one sample, one neuron, one dimension, integers", () => {
    const result = shrink(alignedNeuron, START, { digits: 50 });
    expect(result.candidate.file.data).toEqual({ X: [["2"]], y: ["-1"] });
    expect(result.candidate.file.params).toEqual({ W: [["1"]], a: ["1"] });
    expect(result.evaluation.margin).toBeLessThan(0);
    expect(result.evaluation.detail?.exactMargin).toBe("-1");
    expect(result.complete).toBe(true);
    expect(result.exact).toBe(true);
    expect(result.steps).toContain("X[0][0]: 1.734 → 2");
    // The original is left alone.
    expect(START.file.data.X).toHaveLength(4);
  });

  it("keeps active assumptions: with nonzero-labels dropped the label may shrink to 0", () => {
    const result = shrink(alignedNeuron, START, { digits: 50, dropped: new Set(["nonzero-labels"]) });
    expect(result.candidate.file.data).toEqual({ X: [["2"]], y: ["0"] });
  });

  it("stops at the budget and says the fixed point was not reached", () => {
    const result = shrink(alignedNeuron, START, { digits: 50, budget: 5 });
    expect(result.evaluations).toBe(5);
    expect(result.complete).toBe(false);
    expect(result.evaluation.margin).toBeLessThan(0);
  });

  it("refuses a candidate that is not a counterexample", () => {
    const fine = structuredClone(START);
    fine.file.params.a = ["-1", "-1", "-1"];
    expect(() => shrink(alignedNeuron, fine, { digits: 50 })).toThrow(/not a counterexample/);
  });

  it("leaves settings alone unless allowed", () => {
    const withSetting = { ...structuredClone(START), settings: { kappa: 0.4375 } };
    expect(shrink(alignedNeuron, withSetting, { digits: 50 }).candidate.settings).toEqual({ kappa: 0.4375 });
    expect(shrink(alignedNeuron, withSetting, { digits: 50, settings: new Set(["kappa"]) }).candidate.settings).toEqual({ kappa: 0 });
  });
});

describe("simple numbers", () => {
  it("reads exact values: decimal strings as written, doubles by their binary value", () => {
    expect(exactRational("0.25")).toEqual({ p: 1n, q: 4n });
    expect(exactRational("-1.5e2")).toEqual({ p: -150n, q: 1n });
    expect(exactRational(0.5)).toEqual({ p: 1n, q: 2n });
    expect(exactRational(0.1).q).toBe(2n ** 55n);
  });

  it("orders by denominator, then numerator", () => {
    expect(compareSimplicity("3", "0.5")).toBeLessThan(0);
    expect(compareSimplicity("0.5", "0.25")).toBeLessThan(0);
    expect(compareSimplicity("-1", "2")).toBeLessThan(0);
    expect(compareSimplicity("0.1", 0.1)).toBeLessThan(0);
  });

  it("proposes strictly simpler values, simplest first", () => {
    expect(simplerValues("0.37")).toEqual(["0", "1", "0.5", "0.25", "0.4", "0.375", "0.35", "0.36"]);
    expect(simplerValues("0.5")).toEqual(["0", "1"]);
    expect(simplerValues("0")).toEqual([]);
    expect(simplerValues(0.1)).toContain("0.1");
  });

  it("writes at most 6 significant digits", () => {
    expect(shortDecimal(0.123456789)).toBe("0.123457");
    expect(shortDecimal(-1234567)).toBe("-1234570");
    expect(shortDecimal(1.5e-9)).toBe("1.5e-9");
    expect(shortDecimal(-0)).toBe("0");
  });
});
