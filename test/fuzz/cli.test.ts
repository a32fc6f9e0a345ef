/**
 * CI's share of the fuzzer (cliFuzz.ts): a few mutants from a fixed seed, so a run is reproducible
 * and fast. `npm run fuzz` runs 1,000 (FUZZ_RUNS, FUZZ_SEED override both; FUZZ_BIN runs a
 * frozen copy of bin/shallowcheck.js). Every mutant runs; every problem is listed at the end.
 */
import { describe, expect, it } from "vitest";
import { fuzzCli } from "./cliFuzz.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 18);

describe("fuzzing the command line", () => {
  it(`${RUNS} mutated instance files and option values (seed ${SEED}) end cleanly with a documented exit code`, () => {
    const { histogram, problems, slowest } = fuzzCli(SEED, RUNS, (line) => process.stderr.write(line + "\n"));
    process.stderr.write(`fuzz: done, exit codes ${JSON.stringify(histogram)}, slowest ${slowest?.ms} ms (${slowest?.args.join(" ")}), ${problems.length} problems\n`);
    expect(Object.values(histogram).reduce((a, b) => a + b, 0)).toBe(RUNS);
    expect(problems).toEqual([]);
  }, 60_000 + RUNS * 60_000);
});
