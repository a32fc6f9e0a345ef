/**
 * The hunter: a failing region too small for random sampling is found by the targeted search
 * within the same budget; assumptions are respected unless dropped; the hunt is deterministic.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lemma1BalanceGd } from "../../properties/dana2025/lemma1-balance-gd.js";
import { firstFailingStep, hunt } from "../../src/check/hunt.js";
import { GIVE_UP_AFTER_ERRORS } from "../../src/check/huntSession.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { missedAssumptions } from "../../src/check/runner.js";

const thousandths = (k: number) => (k / 1000).toFixed(3);

/**
 * Fails only within distance `radius` of `centre` (x = the single sample's 3 inputs, missing
 * coordinates read as 0): margin ‖x − centre‖² − radius². With radius 0.01 the region is
 * ~7·10⁻⁸ of the sampled cube [−2, 2]³.
 */
function tinyBall(centre: readonly number[], radius = 0.01, overrides: Partial<Property> = {}): Property {
  return {
    id: "test/tiny-ball",
    title: "the sample stays away from a small ball",
    reference: { paper: "test", statement: "none", spec: "none", provenance: "none" },
    mode: "exact",
    statement: "‖x − c‖ ≥ r",
    assumptions: [{ name: "x0-nonnegative", description: "x_0 ≥ 0", holds: (c) => Number(c.file.data.X[0][0]) >= 0 }],
    generate: () =>
      fc.tuple(fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: -1000, max: 1000 })).map(
        ([xs, a]): Candidate => ({
          file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [xs.map(thousandths)], y: ["1"] }, params: { W: [["1", "0", "0"]], a: [thousandths(a)] } },
          settings: {},
        }),
      ),
    evaluate(c) {
      const x = c.file.data.X[0].map(Number);
      const distance2 = centre.reduce((s, ck, k) => s + ((x[k] ?? 0) - ck) ** 2, 0);
      return { margin: distance2 - radius * radius };
    },
    defaultRuns: 100,
    ...overrides,
  };
}

const BUDGET = 1000;

describe("hunt", () => {
  const property = tinyBall([0.7, -0.3, 1.1]);

  it("finds a tiny failing region that sampling alone misses with the same budget", () => {
    const sampling = hunt(property, { budget: BUDGET, seed: "tiny", digits: 50, sampleFraction: 1 });
    expect(sampling.found).toBe(false);
    expect(sampling.evaluations).toBe(BUDGET);
    expect(sampling.margin).toBeGreaterThan(0);

    const targeted = hunt(property, { budget: BUDGET, seed: "tiny", digits: 50 });
    expect(targeted.found).toBe(true);
    expect(targeted.foundBy).toBe("search");
    expect(targeted.evaluationsToFind).toBeLessThanOrEqual(BUDGET);
    expect(targeted.margin).toBeLessThan(0);
    expect(targeted.violatesDropped).toEqual([]);
    // The trace is the running minimum.
    const margins = targeted.trace.map((point) => point.margin);
    expect(margins).toEqual([...margins].sort((x, y) => y - x));
  });

  it("succeeds for most seeds where sampling never does", () => {
    let sampled = 0;
    let searched = 0;
    for (let k = 0; k < 10; k++) {
      if (hunt(property, { budget: BUDGET, seed: `seed-${k}`, digits: 50, sampleFraction: 1, shrink: false }).found) sampled++;
      if (hunt(property, { budget: BUDGET, seed: `seed-${k}`, digits: 50, shrink: false }).found) searched++;
    }
    expect(sampled).toBe(0);
    expect(searched).toBe(10);
  });

  it("shrinks the counterexample to simple numbers inside the region", () => {
    const result = hunt(property, { budget: BUDGET, seed: "tiny", digits: 50 });
    expect(result.candidate!.file.data.X).toEqual([["0.7", "-0.3", "1.1"]]);
    expect(result.candidate!.file.params).toEqual({ W: [["0", "0", "0"]], a: ["0"] });
    expect(result.shrink!.complete).toBe(true);
    // Short decimals before shrinking too: ≤ 6 significant digits.
    for (const value of result.unshrunk!.file.data.X[0]) {
      expect(typeof value).toBe("string");
      expect(Number(Number(value).toPrecision(6))).toBe(Number(value));
    }
  });

  it("is deterministic for a given seed", () => {
    const first = hunt(property, { budget: 400, seed: "again", digits: 50 });
    const second = hunt(property, { budget: 400, seed: "again", digits: 50 });
    expect(second).toEqual(first);
    expect(hunt(property, { budget: 400, seed: "other", digits: 50 }).trace).not.toEqual(first.trace);
  });

  it("respects active assumptions and reports the dropped ones a counterexample violates", () => {
    // The region lies where x_0 < 0: out of reach while x0-nonnegative is active.
    const behind = tinyBall([-0.7, -0.3, 1.1]);
    const kept = hunt(behind, { budget: BUDGET, seed: "tiny", digits: 50 });
    expect(kept.found).toBe(false);
    expect(kept.skipped).toBeGreaterThan(0);
    expect(kept.rejectedMutants).toBeGreaterThan(0);
    expect(missedAssumptions(behind, kept.candidate!, { digits: 50 })).toEqual([]);

    const dropped = hunt(behind, { budget: BUDGET, seed: "tiny", digits: 50, dropped: new Set(["x0-nonnegative"]) });
    expect(dropped.found).toBe(true);
    expect(dropped.violatesDropped).toEqual(["x0-nonnegative"]);
  });

  it("reports a hunt whose every sample misses an assumption, and evaluations that throw", () => {
    const never = tinyBall([0, 0, 0], 0.01, { assumptions: [{ name: "never", description: "", holds: () => false }] });
    const none = hunt(never, { budget: 50, seed: "s", digits: 50 });
    expect(none).toMatchObject({ found: false, candidate: null, samples: 0, evaluations: 0 });
    expect(none.skippedBy.never).toBeGreaterThan(0);

    const throwing = tinyBall([0, 0, 0], 0.01, {
      evaluate: () => {
        throw new Error("boom");
      },
    });
    const result = hunt(throwing, { budget: 20, seed: "s", digits: 50 });
    expect(result.found).toBe(false);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.firstError).toBe("boom");
    expect(result).toMatchObject({ marginsComputed: 0, assumptionErrors: 0 });
  });

  it("counts an assumption check that throws as an error, never as an unmet assumption, and gives up when nothing else happens", () => {
    const brokenCheck = tinyBall([0, 0, 0], 0.01, {
      assumptions: [
        {
          name: "explodes",
          description: "",
          holds: () => {
            throw new Error("assumption boom");
          },
        },
      ],
    });
    const result = hunt(brokenCheck, { budget: 3000, seed: "s", digits: 50 });
    expect(result).toMatchObject({ found: false, skipped: 0, skippedBy: {}, marginsComputed: 0, evaluations: 0, firstError: "assumption boom" });
    // Without the give-up it would draw 20·600 + 100 = 12,100 candidates, each throwing.
    expect(result.errors).toBe(GIVE_UP_AFTER_ERRORS);
    expect(result.assumptionErrors).toBe(GIVE_UP_AFTER_ERRORS);
  });

  it("does not give up on an entry whose evaluations throw only sometimes", () => {
    let calls = 0;
    const sometimes = tinyBall([0, 0, 0], 0.01, {
      evaluate: () => {
        if (++calls % 2 === 0) throw new Error("every other one");
        return { margin: 1 };
      },
    });
    const result = hunt(sometimes, { budget: 400, seed: "s", digits: 50 });
    expect(result.marginsComputed).toBeGreaterThan(0);
    expect(result.errors).toBeGreaterThan(GIVE_UP_AFTER_ERRORS);
    expect(result.evaluations).toBe(400);
  });

  it("rejects a budget that is not a positive integer", () => {
    expect(() => hunt(property, { budget: 0, seed: "s", digits: 50 })).toThrow(RangeError);
  });

  it("finds nothing on an identity (dana2025/lemma1-balance-gd)", () => {
    const result = hunt(lemma1BalanceGd, { budget: 150, seed: "identity", digits: 50 });
    expect(result.found).toBe(false);
    expect(result.margin).toBe(0);
    expect(result.evaluations).toBe(150);
    expect(result.mutableSettings).toEqual(["eta"]);
  });
});

describe("firstFailingStep", () => {
  it("names the first step with a negative or NaN margin", () => {
    expect(firstFailingStep([{ name: "1", margin: 0 }, { name: "2", margin: -1 }, { name: "3", margin: -2 }])?.name).toBe("2");
    expect(firstFailingStep([{ name: "1", margin: NaN }])?.name).toBe("1");
    expect(firstFailingStep([{ name: "1", margin: 1 }])).toBeUndefined();
  });
});
