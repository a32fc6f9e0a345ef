/**
 * `reproduce --reuse-from`: a new sweep directory starts from an older sweep's finished runs, so a
 * grid that grew computes only its new runs, and ends with the files a fresh sweep writes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectOneLineUsageError, expectSameOutputs, logLines, runDriver, scratchDirectory } from "./sweepHelpers.js";

let scratch: string;
let small: string; // quick preset, 2 repetitions: 6 runs
let fresh: string; // quick preset, 4 repetitions, computed from scratch

beforeAll(() => {
  scratch = scratchDirectory();
  small = join(scratch, "small");
  fresh = join(scratch, "fresh");
  expect(runDriver(["reproduce", "test/tiny", "--reps", "2", "--out", small, "--quiet"]).status).toBe(0);
  expect(runDriver(["reproduce", "test/tiny", "--reps", "4", "--out", fresh, "--quiet"]).status).toBe(0);
});

describe("--reuse-from", () => {
  it("reuses the runs with the same point, repetition and seed, computes the rest, and writes what a fresh sweep writes", () => {
    const grown = join(scratch, "grown");
    const result = runDriver(["reproduce", "test/tiny", "--reps", "4", "--out", grown, "--reuse-from", small]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("reused 6 finished runs");
    expect(result.stderr).toContain("6 of 12 runs to do");
    // The reused lines come first, byte for byte (same rows, same checksums).
    expect(logLines(grown).slice(0, 6)).toEqual(logLines(small));
    expectSameOutputs(fresh, grown);
    expect(readFileSync(join(grown, "results.csv"), "utf8")).toBe(readFileSync(join(fresh, "results.csv"), "utf8"));
  });

  it("reuses nothing from another preset, nor into an existing sweep directory", () => {
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--preset", "paper", "--out", join(scratch, "other"), "--reuse-from", small]), "--reuse-from", 'preset "quick"', '"paper"');
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--reps", "2", "--out", small, "--reuse-from", fresh]), "--reuse-from", "already a sweep directory");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", join(scratch, "none"), "--reuse-from", join(scratch, "missing")]), "--reuse-from", "no manifest.json");
    // A refused reuse leaves no directory behind, so the corrected command is not refused.
    expect(existsSync(join(scratch, "none"))).toBe(false);
    expect(existsSync(join(scratch, "other"))).toBe(false);
  });
});
