/** The runner's contract: failures are shrunk and reported, skips are never passes, errors are errors. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Candidate, Property } from "../../src/check/property.js";
import { runProperty, seedFromString } from "../../src/check/runner.js";
import { readCandidateFile, writeCandidateFile } from "../../src/check/candidateFile.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A candidate whose single label is the generated integer. */
const labelled = (k: number): Candidate => ({
  file: { model: { activation: "relu", scaling: "standard" }, data: { X: [[1]], y: [k] }, params: { W: [[1]], a: [1] } },
  settings: { k },
});
const label = (c: Candidate) => Number(c.file.data.y[0]);

function fake(overrides: Partial<Property>): Property {
  return {
    id: "test/fake",
    title: "fake",
    reference: { paper: "test", statement: "none", spec: "none", provenance: "none" },
    mode: "exact",
    statement: "label < 50",
    assumptions: [],
    generate: () => fc.integer({ min: 0, max: 100 }).map(labelled),
    evaluate: (c) => ({ margin: 50 - label(c) - 0.5 }),
    defaultRuns: 100,
    ...overrides,
  };
}

describe("runProperty", () => {
  it("shrinks a failure to the smallest counterexample and reports its margin", () => {
    const result = runProperty(fake({}), { runs: 200, seed: 1, digits: 50 });
    expect(result.status).toBe("failed");
    expect(label(result.counterexample!.candidate)).toBe(50);
    expect(result.counterexample!.evaluation.margin).toBe(-0.5);
    expect(result.minMargin).toBeLessThan(0);
  });

  it("passes when every margin is non-negative, reporting the minimum", () => {
    const result = runProperty(fake({ evaluate: (c) => ({ margin: 200 - label(c) }) }), { runs: 50, seed: 1, digits: 50 });
    expect(result).toMatchObject({ status: "passed", runs: 50, skipped: 0 });
    expect(result.minMargin).toBeGreaterThanOrEqual(100);
  });

  it("reports a run whose every candidate missed an assumption as skipped, not passed", () => {
    const never = { name: "never", description: "", holds: () => false };
    const result = runProperty(fake({ assumptions: [never] }), { runs: 30, seed: 1, digits: 50 });
    expect(result).toMatchObject({ status: "skipped", runs: 0, skipped: 30, skippedBy: { never: 30 } });
  });

  it("counts skips per assumption and lets a dropped assumption through", () => {
    const small = { name: "small-label", description: "", holds: (c: Candidate) => label(c) < 50 };
    const strict = runProperty(fake({ assumptions: [small] }), { runs: 100, seed: 3, digits: 50 });
    expect(strict.status).toBe("passed");
    expect(strict.runs + strict.skipped).toBe(100);
    expect(strict.skippedBy["small-label"]).toBe(strict.skipped);
    expect(strict.skipped).toBeGreaterThan(0);
    const dropped = runProperty(fake({ assumptions: [small] }), { runs: 200, seed: 3, digits: 50, dropped: new Set(["small-label"]) });
    expect(dropped.status).toBe("failed");
    expect(dropped.counterexample!.violatesDropped).toEqual(["small-label"]);
  });

  it("treats a NaN margin as a failure and a throwing evaluation as an error", () => {
    expect(runProperty(fake({ evaluate: () => ({ margin: NaN }) }), { runs: 5, seed: 1, digits: 50 }).status).toBe("failed");
    const throwing = runProperty(fake({ evaluate: () => { throw new Error("boom"); } }), { runs: 5, seed: 1, digits: 50 });
    expect(throwing.status).toBe("error");
    expect(throwing.error).toContain("boom");
  });

  it("replays given examples first", () => {
    const result = runProperty(fake({ generate: () => fc.constant(labelled(0)) }), { runs: 5, seed: 1, digits: 50, examples: [labelled(99)] });
    expect(result.status).toBe("failed");
  });

  it("named seeds are stable and distinct", () => {
    expect(seedFromString("fig2")).toBe(seedFromString("fig2"));
    expect(seedFromString("fig2")).not.toBe(seedFromString("fig3"));
  });
});

describe("candidate files", () => {
  it("round-trip an instance with its settings", () => {
    const path = join(mkdtempSync(join(tmpdir(), "candidate-")), "c.json");
    writeCandidateFile(path, labelled(7), { property: "test/fake", margin: -1 });
    expect(readCandidateFile(path)).toEqual({ ...labelled(7), file: { ...labelled(7).file, property: "test/fake", margin: -1, settings: { k: 7 } } });
  });
});
