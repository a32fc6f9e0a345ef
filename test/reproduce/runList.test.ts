import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/inputError.js";
import type { Experiment } from "../../src/reproduce/experiment.js";
import { type PlannedRun, inShard, parseShard, planRuns, seedName, validateGrid } from "../../src/reproduce/runList.js";
import { tinyExperiment } from "./fixtures/tinyExperiment.mjs";

describe("the run list", () => {
  it("is point-major with the contract's seed names", () => {
    const plan = planRuns(tinyExperiment, { preset: "quick", reps: 2, precision: "float64" });
    expect(plan.runs.map((run) => [run.index, run.point.key, run.rep, run.seed])).toEqual([
      [0, "n=2", 0, "test/tiny/quick/n=2/rep0"],
      [1, "n=2", 1, "test/tiny/quick/n=2/rep1"],
      [2, "n=3", 0, "test/tiny/quick/n=3/rep0"],
      [3, "n=3", 1, "test/tiny/quick/n=3/rep1"],
      [4, "n=5", 0, "test/tiny/quick/n=5/rep0"],
      [5, "n=5", 1, "test/tiny/quick/n=5/rep1"],
    ]);
    expect(seedName("dana2025/exp1.0", "paper", "d=30,p=12", 7)).toBe("dana2025/exp1.0/paper/d=30,p=12/rep7");
  });

  it("rejects duplicate or unsafe grid keys and non-positive repetitions", () => {
    const experiment = { id: "x/y" } as Experiment;
    const point = (key: string) => ({ key, params: {} });
    expect(() => validateGrid(experiment, [point("n=1"), point("n=1")], 1)).toThrow(/appears twice/);
    expect(() => validateGrid(experiment, [point("n 1")], 1)).toThrow(/filename-safe/);
    expect(() => validateGrid(experiment, [point("a/b")], 1)).toThrow(/filename-safe/);
    expect(() => validateGrid(experiment, [point("n=1")], 0)).toThrow(/positive integer/);
    expect(() => validateGrid(experiment, [], 1)).toThrow(/no points/);
    expect(() => validateGrid(experiment, [point("d=30,p=12"), point("lr=-0.5")], 3)).not.toThrow();
  });
});

describe("--shard i/N", () => {
  it("is 1-based: 1/N..N/N are accepted, 0/N, N+1/N and junk are InputErrors", () => {
    expect(parseShard("1/3")).toEqual({ index: 1, count: 3 });
    expect(parseShard("3/3")).toEqual({ index: 3, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "1", "a/b", "1/3/4", " 1/3", "-1/3", "1.5/3"]) {
      expect(() => parseShard(bad), bad).toThrow(InputError);
    }
  });

  test.prop([fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 8 })])("shards partition the run list, balanced to within one run", (length, count) => {
    const runs = Array.from({ length }, (_, index) => ({ index }) as PlannedRun);
    const sizes = [];
    const owners = runs.map(() => 0);
    for (let index = 1; index <= count; index++) {
      const mine = runs.filter((run) => inShard(run, { index, count }));
      sizes.push(mine.length);
      for (const run of mine) owners[run.index]++;
    }
    expect(owners.every((owner) => owner === 1)).toBe(true);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
