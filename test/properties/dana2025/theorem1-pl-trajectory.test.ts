import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalField } from "../../../src/field/decimal.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { forward } from "../../../src/model/network.js";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { shortDecimalCandidate } from "../../../properties/dana2025/lib/generators.js";
import { plLowerBound, theorem1Constant, theorem1DataConstants } from "../../../properties/dana2025/lib/plBound.js";
import { theorem1PlBound } from "../../../properties/dana2025/theorem1-pl-bound.js";
import { theorem1PlTrajectory } from "../../../properties/dana2025/theorem1-pl-trajectory.js";
import { hasGoodEvent, THEOREM1_FLOW_MAX_N } from "../../../properties/dana2025/lib/flowGenerators.js";
import { correlated } from "./candidates.js";

const context = { digits: 50 };


describe("dana2025/theorem1-pl-trajectory", () => {
  it("holds along flows from random instances meeting Theorem 1's assumptions", () => {
    const result = runProperty(theorem1PlTrajectory, { runs: 30, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });

  it("fails along the flow from correlated data beyond the Assumption-2 encoding (its known bad case)", () => {
    expect(theorem1PlTrajectory.knownBad!()[0].candidate).toEqual(correlated);
    expect(missedAssumptions(theorem1PlTrajectory, correlated, context)).toEqual(["assumption2"]);
    const { margin, detail } = theorem1PlTrajectory.evaluate(correlated, context);
    expect(margin).toBeLessThan(0);
    expect(detail!.mu as number).toBeLessThan(detail!.bound as number);
  });

  it("draws n ≥ 2 on the good event G, and hunt's settings n / maxN reach larger n", () => {
    const sizes = (property: typeof theorem1PlTrajectory) =>
      fc.sample(property.generate(new Set()), { numRuns: 60, seed: 9 }).map((c) => c.file.data.X.length);
    const drawn = sizes(theorem1PlTrajectory);
    expect(drawn.filter((n) => n === 1).length).toBeLessThanOrEqual(0.15 * drawn.length);
    expect(Math.max(...drawn)).toBe(THEOREM1_FLOW_MAX_N);
    expect(fc.sample(theorem1PlTrajectory.generate(new Set()), { numRuns: 30, seed: 9 }).every(hasGoodEvent)).toBe(true);
    expect(new Set(sizes(theorem1PlTrajectory.configure!({ n: 12 })))).toEqual(new Set([12]));
    expect(Math.max(...sizes(theorem1PlTrajectory.configure!({ maxN: 9 })))).toBeLessThanOrEqual(9);
    expect(() => theorem1PlTrajectory.configure!({ maxN: "many" })).toThrow(/^maxN must be an integer/);
    expect(() => theorem1PlTrajectory.configure!({ k: 3 })).toThrow(/^k is not a setting/);
  });

  it("plBound.ts computes the same B as dana2025/theorem1-pl-bound", () => {
    const F = decimalField({ digits: 60 });
    for (const candidate of fc.sample(shortDecimalCandidate({ data: "near-orthogonal", init: "A1" }), { numRuns: 20, seed: 3 })) {
      const { detail, vacuous } = theorem1PlBound.evaluate(candidate, context);
      if (vacuous) continue;
      const instance = instanceOverField(F, candidate.file);
      const C = theorem1Constant(F, theorem1DataConstants(F, candidate, instance));
      const B = F.toNumber(plLowerBound(F, C, instance.X.length, forward(F, instance).outputs, instance.y));
      expect(Math.abs(B - (detail!.bound as number))).toBeLessThanOrEqual(1e-12 * B);
    }
  });
});
