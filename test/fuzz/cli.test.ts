/**
 * CI's share of the fuzzer (cliFuzz.ts): a few mutants from a fixed seed, so a run is reproducible
 * and fast. `npm run fuzz` runs 1,000 (FUZZ_RUNS, FUZZ_SEED override both; FUZZ_BIN runs a
 * frozen copy of bin/shallowcheck.js). Every mutant runs; every problem is listed at the end.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { fuzzCli, fuzzCliInServer } from "./cliFuzz.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 18);
/** FUZZ_SERVER=1: one long-lived process calls the CLI's main (CPU-time limit), for long runs on a loaded machine. */
const IN_SERVER = process.env.FUZZ_SERVER === "1";
const MAIN_MODULE = join(process.env.FUZZ_BIN ? join(process.env.FUZZ_BIN, "../..") : join(import.meta.dirname, "../.."), "dist/src/cli/main.js");

describe("fuzzing the command line", () => {
  it(`${RUNS} mutated instance files and option values (seed ${SEED}) end cleanly with a documented exit code`, async () => {
    const log = (line: string) => process.stderr.write(line + "\n");
    const { histogram, problems, slowest } = IN_SERVER ? await fuzzCliInServer(MAIN_MODULE, SEED, RUNS, log) : fuzzCli(SEED, RUNS, log);
    process.stderr.write(`fuzz: done, exit codes ${JSON.stringify(histogram)}, slowest ${slowest?.ms} ms (${slowest?.args.join(" ")}), ${problems.length} problems\n`);
    expect(Object.values(histogram).reduce((a, b) => a + b, 0)).toBe(RUNS);
    expect(problems).toEqual([]);
  }, 60_000 + RUNS * 60_000);
});
