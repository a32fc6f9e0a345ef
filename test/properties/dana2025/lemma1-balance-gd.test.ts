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

  it("fails for a 2-homogeneous activation, where a·v_a = ⟨w, v_w⟩/2", () => {
    const candidate = {
      file: {
        model: { activation: "quadratic" as const, scaling: "mean-field" as const },
        data: { X: [["1", "0.5"], ["-0.5", "1"]], y: ["1", "-1.5"] },
        params: { W: [["0.5", "-0.25"], ["0.75", "0.5"]], a: ["1", "-0.5"] },
      },
      settings: { eta: 0.5 },
    };
    expect(lemma1BalanceGd.evaluate(candidate, { digits: 50 }).margin).toBeLessThan(0);
  });
});
