/**
 * Every registered experiment keeps the contract the runner relies on (see contractChecks.ts);
 * the checks themselves are shown to catch broken experiments on the test-only fixture.
 */
import { describe, expect, it } from "vitest";
import { EXPERIMENTS } from "../../experiments/index.js";
import type { Experiment } from "../../src/reproduce/experiment.js";
import { smokeProblems, staticProblems, workerProblems } from "./contractChecks.js";
import { tinyExperiment } from "./fixtures/tinyExperiment.mjs";

describe("the registry", () => {
  it("has unique ids", () => {
    const ids = EXPERIMENTS.map((experiment) => experiment.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const experiment of EXPERIMENTS) {
    it(`${experiment.id}: ids, presets, grid keys and repetitions keep the contract`, () => {
      expect(staticProblems(experiment)).toEqual([]);
    });
    if (experiment.presets.includes("smoke")) {
      it(`${experiment.id}: the smoke preset runs, is deterministic, summarizes and draws`, async () => {
        expect(await smokeProblems(experiment)).toEqual([]);
      });
      it(`${experiment.id}: a smoke run in a worker thread (from dist/) gives the in-process row`, async () => {
        expect(await workerProblems(experiment)).toEqual([]);
      });
    }
  }
});

describe("the contract checks", () => {
  it("pass on a good experiment", async () => {
    expect(staticProblems(tinyExperiment)).toEqual([]);
    expect(await smokeProblems(tinyExperiment)).toEqual([]);
    expect(await workerProblems(tinyExperiment, new URL("./fixtures/tinyExperiment.mjs", import.meta.url).href)).toEqual([]);
  });

  it("catch duplicate keys, missing presets, ignored --reps, non-determinism and order-dependent summaries", async () => {
    const broken = (changes: Partial<Experiment>): Experiment => ({ ...tinyExperiment, ...changes });
    expect(staticProblems(broken({ grid: () => [{ key: "n=1", params: {} }, { key: "n=1", params: {} }] })).join()).toMatch(/appears twice/);
    expect(staticProblems(broken({ grid: () => [{ key: "n 1", params: {} }] })).join()).toMatch(/filename-safe/);
    expect(staticProblems(broken({ presets: ["smoke", "quick"] })).join()).toMatch(/lack "paper"/);
    expect(staticProblems(broken({ repetitions: () => 4 })).join()).toMatch(/reps: 3/);
    expect(staticProblems(broken({ repetitions: () => 0 })).join()).toMatch(/positive integer/);
    expect(staticProblems(broken({ id: "tiny" })).join()).toMatch(/paper\/name/);
    expect((await smokeProblems(broken({ run: () => ({ u: Math.random() }) }))).join()).toMatch(/not deterministic/);
    expect((await smokeProblems(broken({ run: () => ({ seed: "x" }) }))).join()).toMatch(/reserved/);
    expect((await smokeProblems(broken({ run: () => ({ nested: { a: 1 } }) as never }))).join()).toMatch(/not a scalar/);
    expect((await smokeProblems(broken({ summarize: (rows) => ({ first: rows[0].point }) }))).join()).toMatch(/order of the rows/);
    // The worker loads the module's real run; an in-process run that differs is caught.
    const fixtureModule = new URL("./fixtures/tinyExperiment.mjs", import.meta.url).href;
    expect((await workerProblems(broken({ run: () => ({ mean: 0 }) }), fixtureModule)).join()).toMatch(/in a worker gave/);
    expect((await smokeProblems(broken({ figures: () => [{ name: "a b", vegaLite: { mark: "point" } }] }))).join()).toMatch(/filename-safe/);
  });

  it("catch a figure with an untitled x or y axis, at the top level or in a layer", async () => {
    const figureOf = (vegaLite: Record<string, unknown>) => ({ ...tinyExperiment, figures: () => [{ name: "mean-by-n", vegaLite }] }) as Experiment;
    const [good] = tinyExperiment.figures({ points: [{ n: 2, meanOfMeans: 0.5 }] }, { preset: "smoke", precision: "float64" });
    const encoding = good.vegaLite.encoding as Record<string, Record<string, unknown>>;
    const untitledY = { ...good.vegaLite, encoding: { ...encoding, y: { field: "meanOfMeans", type: "quantitative" } } };
    expect((await smokeProblems(figureOf(untitledY))).join()).toMatch(/mean-by-n: encoding\.y has no title/);
    const blankX = { ...good.vegaLite, encoding: { ...encoding, x: { ...encoding.x, title: " " } } };
    expect((await smokeProblems(figureOf(blankX))).join()).toMatch(/encoding\.x has no title/);
    const { mark, encoding: _top, ...rest } = good.vegaLite;
    const layered = { ...rest, layer: [{ mark, encoding }, { mark: "rule", encoding: { y: { datum: 0.5 } } }] };
    expect((await smokeProblems(figureOf(layered))).join()).toMatch(/layer\[1\]\.encoding\.y has no title/);
    const faceted = { ...rest, facet: { column: { field: "n" } }, spec: { layer: [{ mark, encoding: { ...encoding, x: { field: "n", type: "quantitative" } } }] } };
    expect((await smokeProblems(figureOf(faceted))).join()).toMatch(/spec\.layer\[0\]\.encoding\.x has no title/);
    // Titled everywhere, the same layered spec passes.
    expect(await smokeProblems(figureOf({ ...layered, layer: [{ mark, encoding }, { mark: "rule", encoding: { y: { datum: 0.5, title: "mean over repetitions" } } }] }))).toEqual([]);
  });
});
