import { describe, expect, it } from "vitest";
import { readCandidateFile } from "../../../src/check/candidateFile.js";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { lemma1SignPreservation } from "../../../properties/dana2025/lemma1-sign-preservation.js";

const context = { digits: 50 };
const c1 = readCandidateFile("fixtures/dana2025/appendix-c1.json");
const control = readCandidateFile("fixtures/dana2025/appendix-c1-control.json");

describe("dana2025/lemma1-sign-preservation", () => {
  it("holds on random strict-A1 instances", () => {
    const result = runProperty(lemma1SignPreservation, { runs: 40, seed: 42, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(0);
    expect(result.skipped).toBeLessThanOrEqual(0.05 * (result.runs + result.skipped));
  });

  it("fails on the Appendix C.1 fixture, where strict A1 fails and a_1 changes sign", () => {
    expect(missedAssumptions(lemma1SignPreservation, c1, context)).toEqual(["A1-strict"]);
    const { margin, detail } = lemma1SignPreservation.evaluate(c1, context);
    expect(margin).toBeLessThan(0);
    expect(detail).toMatchObject({ neuron: 0 });
    expect(detail!.smallestSignedA as number).toBeLessThan(0);
    const [bad] = lemma1SignPreservation.knownBad!();
    expect(c1.file).toMatchObject(bad.candidate.file);
  });

  it("holds on the C.1 control (same w(0), |a_j| = ‖w_j‖ + 0.01)", () => {
    expect(missedAssumptions(lemma1SignPreservation, control, context)).toEqual([]);
    expect(lemma1SignPreservation.evaluate(control, context).margin).toBeGreaterThanOrEqual(0);
  });
});
