/** soltanolkotabi2019/planted-identity: holds exactly on random planted instances; a moved label breaks it by a hand-computed amount. */
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { plantedIdentity } from "../../../properties/soltanolkotabi2019/planted-identity.js";

const context = { digits: 50 };

describe("soltanolkotabi2019/planted-identity", () => {
  it("holds exactly (margin 0) on random planted instances, none skipped", () => {
    const result = runProperty(plantedIdentity, { runs: 60, seed: 9, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    expect(result.minMargin).toBe(0);
  });

  it("fails on its known bad case: L = 2 against ⟨M − M*, S⟩/(2n) = 1, margin −1/2", () => {
    const bad = plantedIdentity.knownBad!()[0].candidate;
    expect(missedAssumptions(plantedIdentity, bad, context)).toEqual(["planted-labels"]);
    const evaluation = plantedIdentity.evaluate(bad, context);
    expect(evaluation.detail).toMatchObject({ loss: 2, innerProductForm: 1 });
    expect(evaluation.margin).toBe(-0.5);
  });

  it("with planted-labels dropped (one label moved by 1) the runner finds failures", () => {
    const result = runProperty(plantedIdentity, { runs: 30, seed: 9, digits: 50, dropped: new Set(["planted-labels"]) });
    expect(result.status).toBe("failed");
  });
});
