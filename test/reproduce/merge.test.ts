/**
 * `--shard i/N` and `shallowcheck merge` on the test-only experiment: shards + merge give the
 * bytes of a single sweep; missing runs are reported and recomputable; mismatches are refused.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_FILES, expectOneLineUsageError, expectSameOutputs, logLines, read, runDriver, scratchDirectory } from "./sweepHelpers.js";
import { recordLine } from "../../src/reproduce/runLog.js";

let scratch: string;
let reference: string; // an uninterrupted quick sweep

beforeAll(() => {
  scratch = scratchDirectory();
  reference = join(scratch, "reference");
  expect(runDriver(["reproduce", "test/tiny", "--out", reference, "--quiet"]).status).toBe(0);
});

describe("shards and merge", () => {
  let shards: string[];
  beforeAll(() => {
    shards = [1, 2, 3].map((index) => join(scratch, `shard-${index}-of-3`));
    shards.forEach((directory, i) => {
      const result = runDriver(["reproduce", "test/tiny", "--shard", `${i + 1}/3`, "--out", directory, "--quiet"]);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`shard ${i + 1}/3`);
    });
  });

  it("splits the runs round-robin; a shard writes its CSV but no summary or figures", () => {
    expect(shards.map((directory) => logLines(directory).length)).toEqual([4, 4, 4]);
    expect(existsSync(join(shards[0], "results.csv"))).toBe(true);
    expect(existsSync(join(shards[0], "summary.json"))).toBe(false);
    expect(existsSync(join(shards[0], "figures"))).toBe(false);
    const firstReps = read(shards[0], "results.csv").toString().trimEnd().split("\n").slice(1).map((line) => line.split(",").slice(1, 3).join(" "));
    expect(firstReps).toEqual(["n=2 0", "n=2 3", "n=3 2", "n=5 1"]);
  });

  it("merges 1/3..3/3 into exactly what a single sweep writes", () => {
    const merged = join(scratch, "merged");
    const result = runDriver(["merge", ...shards, "--out", merged]);
    expect(result.status).toBe(0);
    expectSameOutputs(reference, merged);
    expect(JSON.parse(read(merged, "manifest.json").toString()).shard).toBeNull();
  });

  it("reports missing runs (exit 1), and reproduce on the merged directory computes just those", () => {
    const partial = join(scratch, "partial");
    const result = runDriver(["merge", shards[0], shards[2], "--out", partial]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("4 of 12 runs are missing");
    expect(result.stderr).toContain(`shallowcheck reproduce test/tiny --preset quick --reps 4 --float64 --out ${partial}`);
    const completed = runDriver(["reproduce", "test/tiny", "--reps", "4", "--out", partial, "--quiet"]);
    expect(completed.status).toBe(0);
    expect(completed.stdout).toContain("4 computed now, 8 from its log");
    expectSameOutputs(reference, partial);
  });

  it("rejects shards of a different sweep and runs that disagree", () => {
    const other = join(scratch, "other-reps");
    expect(runDriver(["reproduce", "test/tiny", "--shard", "1/3", "--reps", "2", "--out", other, "--quiet"]).status).toBe(0);
    expectOneLineUsageError(runDriver(["merge", shards[0], other, "--out", join(scratch, "bad-merge")]), "--reps differs");

    const tampered = join(scratch, "tampered");
    expect(runDriver(["reproduce", "test/tiny", "--shard", "1/3", "--out", tampered, "--quiet"]).status).toBe(0);
    // Workers finish in any order: put the run to edit first, so it is not the last line (read as torn).
    const records = logLines(tampered)
      .map((line) => JSON.parse(line))
      .sort((a, b) => Number(b.point === "n=2" && b.rep === 0) - Number(a.point === "n=2" && a.rep === 0));
    records[0].row.mean = 0.125;
    // An edited line fails its checksum: reported and counted as missing, never trusted.
    writeFileSync(join(tampered, "runs.jsonl"), records.map((record) => JSON.stringify(record) + "\n").join(""));
    const untrusted = runDriver(["merge", shards[0], tampered, "--out", join(scratch, "bad-merge-2")]);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain("line 1 (point n=2 rep 0) fails its checksum");
    // Edited as the last line, it reads as torn: still reported, never silently dropped.
    writeFileSync(join(tampered, "runs.jsonl"), [...records.slice(1), records[0]].map((record) => JSON.stringify(record) + "\n").join(""));
    const torn = runDriver(["merge", shards[0], tampered, "--out", join(scratch, "bad-merge-torn")]);
    expect(torn.status).toBe(1);
    expect(torn.stderr).toContain("its last line is torn or fails its checksum");
    // A run that disagrees with its sealed line (a different computation, not an edit): refused, naming the column.
    writeFileSync(join(tampered, "runs.jsonl"), records.map((record) => recordLine(record) + "\n").join(""));
    expectOneLineUsageError(runDriver(["merge", shards[0], tampered, "--out", join(scratch, "bad-merge-3")]), "point n=2 rep 0 differs", "mean");
  });
});

