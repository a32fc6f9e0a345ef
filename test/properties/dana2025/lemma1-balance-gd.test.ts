import { describe, expect, it } from "vitest";
import { runProperty } from "../../../src/check/runner.js";
import { lemma1BalanceGd } from "../../../properties/dana2025/lemma1-balance-gd.js";

describe("dana2025/lemma1-balance-gd", () => {
  it("holds with zero tolerance on random short-decimal instances", () => {
    const result = runProperty(lemma1BalanceGd, { runs: 60, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBe(60);
    expect(result.skipped).toBe(0);
    expect(result.minMargin).toBe(0);
  });

  it("fails on its known bad case, a 2-homogeneous activation, where a·v_a = ⟨w, v_w⟩/2", () => {
    const [bad] = lemma1BalanceGd.knownBad!();
    expect(bad.candidate.file.model.activation).toBe("quadratic");
    expect(lemma1BalanceGd.evaluate(bad.candidate, { digits: 50 }).margin).toBeLessThan(0);
  });

  it("counts a dead network as vacuous (the step is 0)", () => {
    const dead = {
      file: { model: { activation: "relu" as const, scaling: "mean-field" as const }, data: { X: [["1"]], y: ["1"] }, params: { W: [["-1"]], a: ["2"] } },
      settings: { eta: 1 },
    };
    expect(lemma1BalanceGd.evaluate(dead, { digits: 50 })).toMatchObject({ margin: 0, vacuous: "dead network: the step is 0" });
  });
});
