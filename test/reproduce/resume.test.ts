/**
 * Resuming a `shallowcheck reproduce` sweep of the test-only experiment: after SIGKILL, after
 * SIGINT, over a torn log line; refusing changed options; keeping runs finished before a failure.
 */
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_FILES, expectOneLineUsageError, expectSameOutputs, logLines, read, runDriver, scratchDirectory, spawnDriver, waitFor } from "./sweepHelpers.js";

const QUICK_RUNS = 12; // 3 points × 4 repetitions
const PAPER_RUNS = 25; // 5 points × 5 repetitions
let scratch: string;
let reference: string; // an uninterrupted quick sweep
let paperReference: string; // an uninterrupted paper sweep

beforeAll(() => {
  scratch = scratchDirectory();
  reference = join(scratch, "reference");
  paperReference = join(scratch, "paper-reference");
  expect(runDriver(["reproduce", "test/tiny", "--out", reference, "--quiet"]).status).toBe(0);
  expect(runDriver(["reproduce", "test/tiny", "--preset", "paper", "--out", paperReference, "--quiet", "--workers", "2"]).status).toBe(0);
});

describe("resuming", () => {
  async function interrupted(signal: NodeJS.Signals, directory: string) {
    const child = spawnDriver(["reproduce", "test/tiny", "--preset", "paper", "--out", directory, "--workers", "2"], { SHALLOWCHECK_TEST_RUN_DELAY_MS: "60" });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await waitFor(() => logLines(directory).length >= 5, 20_000);
    child.kill(signal);
    const [code, killedBy] = await once(child, "exit");
    return { code, killedBy, stderr };
  }

  function expectCompleteLog(directory: string) {
    const keys = logLines(directory).map((line) => {
      const record = JSON.parse(line);
      return `${record.point}#${record.rep}`;
    });
    expect(keys).toHaveLength(PAPER_RUNS);
    expect(new Set(keys).size).toBe(PAPER_RUNS);
  }

  it("after a crash (SIGKILL) redoes only the missing runs: same rows, no duplicates", async () => {
    const directory = join(scratch, "killed");
    const { killedBy } = await interrupted("SIGKILL", directory);
    expect(killedBy).toBe("SIGKILL");
    const before = logLines(directory).length;
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(PAPER_RUNS);
    expect(existsSync(join(directory, "results.csv"))).toBe(false);
    const resumed = runDriver(["reproduce", "test/tiny", "--preset", "paper", "--out", directory, "--quiet"]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`\\((\\d+) computed now, ${before} from its log\\)`));
    expectCompleteLog(directory);
    expectSameOutputs(paperReference, directory);
  });

  it("after Ctrl-C (SIGINT) exits 130 with a resume hint, then resumes", async () => {
    const directory = join(scratch, "interrupted");
    const { code, stderr } = await interrupted("SIGINT", directory);
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted");
    expect(stderr).toContain("the same command resumes");
    expect(logLines(directory).length).toBeLessThan(PAPER_RUNS);
    expect(runDriver(["reproduce", "test/tiny", "--preset", "paper", "--out", directory, "--quiet"]).status).toBe(0);
    expectCompleteLog(directory);
    expectSameOutputs(paperReference, directory);
  });

  it("discards a torn last log line and recomputes that run", () => {
    const directory = join(scratch, "torn");
    expect(runDriver(["reproduce", "test/tiny", "--out", directory, "--quiet"]).status).toBe(0);
    const lines = logLines(directory);
    const torn = lines.slice(0, -1).join("\n") + "\n" + lines.at(-1)!.slice(0, 25);
    writeFileSync(join(directory, "runs.jsonl"), torn);
    const resumed = runDriver(["reproduce", "test/tiny", "--out", directory]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain("a torn last log line was discarded");
    expect(resumed.stdout).toContain("1 computed now, 11 from its log");
    expect(logLines(directory)).toHaveLength(QUICK_RUNS);
    expectSameOutputs(reference, directory);
  });

  it("refuses different options on the same directory, naming the option", () => {
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", reference, "--reps", "3"]), "--reps differs", "4", "3");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", reference, "--float32"]), "--float32/--float64 differs");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", reference, "--preset", "smoke"]), "--preset differs");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", reference, "--shard", "1/2"]), "--shard differs");
  });

  it("refuses a directory made under other preset settings, naming the setting; accepts a manifest from before settings were recorded", () => {
    const manifestPath = join(reference, "manifest.json");
    const original = readFileSync(manifestPath, "utf8");
    const manifest = JSON.parse(original) as { protocol?: { sizes: number[] } };
    expect(manifest.protocol).toEqual({ sizes: [2, 3, 5] });
    try {
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, protocol: { sizes: [2, 3, 7] } }));
      expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", reference]), "setting protocol.sizes differs", "[2,3,7]", "[2,3,5]");
      const { protocol: _dropped, ...before } = manifest;
      writeFileSync(manifestPath, JSON.stringify(before));
      const resumed = runDriver(["reproduce", "test/tiny", "--out", reference]);
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toContain("12 from its log");
    } finally {
      writeFileSync(manifestPath, original);
    }
  });

  it("keeps the runs finished before a run throws, and says so (exit 1)", () => {
    const directory = join(scratch, "broken");
    const result = runDriver(["reproduce", "test/tiny", "--preset", "broken", "--out", directory, "--workers", "1", "--quiet"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("run test/tiny/broken/n=3/rep1 threw: Error: deliberate failure");
    // Runs go in order on one worker: the four of n=2 and n=3 rep 0 were done.
    expect(logLines(directory)).toHaveLength(5);
  });
});

