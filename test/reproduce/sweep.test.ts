/**
 * `shallowcheck reproduce` end to end on the test-only experiment: outputs, determinism,
 * option checks, progress off the terminal.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DETERMINISTIC_FILES, expectOneLineUsageError, expectSameOutputs, logLines, read, runBin, runDriver, scratchDirectory } from "./sweepHelpers.js";

const QUICK_RUNS = 12; // 3 points × 4 repetitions
let scratch: string;
let reference: string; // an uninterrupted quick sweep

beforeAll(() => {
  scratch = scratchDirectory();
  reference = join(scratch, "reference");
  expect(runDriver(["reproduce", "test/tiny", "--out", reference, "--quiet"]).status).toBe(0);
});

describe("a single sweep", () => {
  it("writes the CSV, the summary, the figures and the manifest", () => {
    const csv = read(reference, "results.csv").toString().trimEnd().split("\n");
    expect(csv[0]).toBe("experiment,point,rep,seed,n,label,mean,max,above,ratio");
    expect(csv).toHaveLength(1 + QUICK_RUNS);
    expect(csv[1]).toMatch(/^test\/tiny,n=2,0,test\/tiny\/quick\/n=2\/rep0,2,"size 2, ""tiny""",0\.\d+,0\.\d+,(true|false),0\.\d+$/);
    // rep 2's ratio is NaN: recorded as null, an empty cell.
    expect(csv[3]).toMatch(/,$/);
    const summary = JSON.parse(read(reference, "summary.json").toString());
    expect(summary).toMatchObject({ experiment: "test/tiny", preset: "quick", reps: 4, precision: "float64", runs: QUICK_RUNS });
    expect(summary.summary.points.map((p: { runs: number }) => p.runs)).toEqual([4, 4, 4]);
    expect(read(reference, "figures/mean-by-n.svg").toString()).toContain("Mean of n uniforms");
    expect(read(reference, "figures/mean-by-n.png").subarray(0, 4).toString("hex")).toBe("89504e47");
    expect(JSON.parse(read(reference, "figures/mean-by-n.vl.json").toString()).title).toBe("Mean of n uniforms");
    expect(JSON.parse(read(reference, "manifest.json").toString())).toMatchObject({ experiment: "test/tiny", preset: "quick", reps: 4, shard: null, runs: QUICK_RUNS });
    expect(logLines(reference)).toHaveLength(QUICK_RUNS);
  });

  it("gives the same bytes when run again, with any number of workers", () => {
    const again = join(scratch, "again");
    expect(runDriver(["reproduce", "test/tiny", "--out", again, "--quiet", "--workers", "1"]).status).toBe(0);
    expectSameOutputs(reference, again);
  });

  it("runs the same from source (the runner API tests and scripts can call in-process)", async () => {
    const { runSweep } = await import("../../src/reproduce/sweep.js");
    const inProcess = join(scratch, "in-process");
    const outcome = await runSweep(
      { experimentId: "test/tiny", preset: "quick", shard: null, out: inProcess, quiet: true, workers: 2 },
      { experimentModule: new URL("./fixtures/tinyExperiment.mjs", import.meta.url).href },
    );
    expect(outcome).toMatchObject({ status: "complete", done: QUICK_RUNS, total: QUICK_RUNS, computed: QUICK_RUNS });
    expectSameOutputs(reference, inProcess);
  });

  it("depends on the options: float32 and other repetitions change the numbers", () => {
    const float32 = join(scratch, "float32");
    expect(runDriver(["reproduce", "test/tiny", "--out", float32, "--quiet", "--float32", "--reps", "2"]).status).toBe(0);
    const rows = read(float32, "results.csv").toString().trimEnd().split("\n");
    expect(rows).toHaveLength(1 + 6);
    expect(rows[1]).not.toBe(read(reference, "results.csv").toString().split("\n")[1]);
    expect(JSON.parse(read(float32, "manifest.json").toString())).toMatchObject({ reps: 2, precision: "float32" });
  });

  it("rewrites the same outputs when a finished sweep is run again, computing nothing", () => {
    const result = runDriver(["reproduce", "test/tiny", "--out", reference, "--quiet"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 computed now, 12 from its log");
    expect(logLines(reference)).toHaveLength(QUICK_RUNS);
  });
});

describe("options and output", () => {
  it("one line and exit 2 for every bad option", () => {
    expectOneLineUsageError(runDriver(["reproduce", "nope"]), 'unknown experiment "nope"', "test/tiny");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--preset", "huge"]), "--preset", "smoke, quick, paper");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--shard", "0/3"]), "--shard", "1-based");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--shard", "2"]), "--shard");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--reps", "0"]), "--reps");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--reps", "2.5"]), "--reps");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--workers", "0"]), "--workers");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--workers", "x"]), "--workers");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--float32", "--float64"]), "--float32, --float64");
    expectOneLineUsageError(runDriver(["reproduce"]), "name an experiment");
    const file = join(scratch, "a-file");
    writeFileSync(file, "");
    expectOneLineUsageError(runDriver(["reproduce", "test/tiny", "--out", file]), "--out", "not a directory");
    expectOneLineUsageError(runDriver(["merge", reference, "--out", file]), "--out", "not a directory");
    expectOneLineUsageError(runDriver(["merge", join(scratch, "no-such-dir"), "--out", join(scratch, "x")]), "no manifest.json");
  });

  it("lists experiments with their presets", () => {
    const result = runDriver(["reproduce", "--list"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("test/tiny  Mean of n uniforms (test fixture)");
    expect(result.stdout).toContain("presets: smoke, quick, paper, broken");
  });

  it("shows no progress bar when stderr is not a terminal, and nothing with --quiet", () => {
    const loud = runDriver(["reproduce", "test/tiny", "--out", join(scratch, "loud")]);
    expect(loud.status).toBe(0);
    expect(loud.stderr).not.toMatch(/[\r\x1b]/);
    expect(loud.stderr.trimEnd().split("\n")).toHaveLength(1); // the start line only
    const quiet = runDriver(["reproduce", "test/tiny", "--out", join(scratch, "quiet"), "--quiet"]);
    expect(quiet.stderr).toBe("");
  });

  it("the installed CLI knows the commands and checks their options against the real registry", () => {
    expect(runBin(["reproduce", "--list"]).status).toBe(0);
    expectOneLineUsageError(runBin(["reproduce", "no/such-experiment"]), 'unknown experiment "no/such-experiment"');
    expectOneLineUsageError(runBin(["reproduce", "no/such-experiment", "--shard", "3/2"]), "--shard");
    expectOneLineUsageError(runBin(["merge", "--out", "x"]), "dirs");
  });
});
