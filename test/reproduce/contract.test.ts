/**
 * Every registered experiment keeps the contract the runner relies on (see contractChecks.ts);
 * the checks themselves are shown to catch broken experiments on the test-only fixture.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { EXPERIMENTS } from "../../experiments/index.js";
import { listExperiments } from "../../src/cli/reproduce.js";
import { InputError } from "../../src/io/inputError.js";
import type { Experiment } from "../../src/reproduce/experiment.js";
import { resolveSweep } from "../../src/reproduce/sweep.js";
import { smokeProblems, staticProblems, workerProblems } from "./contractChecks.js";
import { tinyExperiment } from "./fixtures/tinyExperiment.mjs";

describe("reproduce --list", () => {
  it("gives every registered paper preset an expected wall time: measured seconds per run × runs / workers", async () => {
    const listing = await listExperiments(pathToFileURL(join(process.cwd(), "dist/experiments/index.js")).href, 2);
    for (const experiment of EXPERIMENTS) {
      const cost = experiment.runCosts?.paper;
      expect(cost, experiment.id).toBeDefined();
      const options = { preset: "paper", precision: experiment.defaultPrecision };
      const runs = experiment.grid(options).length * experiment.repetitions(options);
      const line = listing.split("\n").find((text) => text.startsWith(`  paper: ${runs} runs;`) && text.includes(cost!.basis));
      expect(line, experiment.id).toBeDefined();
      expect(line).toContain(`${cost!.secondsPerRun.toPrecision(3)} s per run`);
    }
  });
});

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
      it(`${experiment.id}: --float32 and --float64 are honoured, or the one not supported is refused before any run`, async () => {
        expect(await precisionProblems(experiment)).toEqual([]);
      });
    }
  }
});

/**
 * An experiment that ignored the precision would hand float64 numbers to a user who asked for
 * float32. Each supported precision must change the first smoke run's row (float32 rounds the
 * data and parameters, so some digit moves); an unsupported one must be refused with one
 * InputError line naming the flag, by the runner, before anything runs.
 */
async function precisionProblems(experiment: Experiment): Promise<string[]> {
  const problems: string[] = [];
  const supported = experiment.precisions ?? (["float32", "float64"] as const);
  for (const precision of ["float32", "float64"] as const) {
    if (supported.includes(precision)) continue;
    try {
      resolveSweep(experiment, "smoke", 1, precision);
      problems.push(`--${precision} accepted although the experiment lists only ${supported.join(", ")}`);
    } catch (error) {
      if (!(error instanceof InputError) || !error.message.startsWith(`--${precision}:`)) problems.push(`--${precision}: refused with ${String(error)}`);
    }
  }
  if (supported.length === 2) {
    const rows = [];
    for (const precision of ["float32", "float64"] as const) {
      const options = { preset: "smoke", reps: 1, precision };
      const [point] = experiment.grid(options);
      rows.push(JSON.stringify(await experiment.run({ point, rep: 0, seed: `contract/${point.key}` }, options)));
    }
    if (rows[0] === rows[1]) problems.push("the float32 and float64 rows of the first smoke run are identical: is the precision ignored?");
  }
  return problems;
}

describe("the contract checks", () => {
  it("catch an experiment that ignores the precision, and pass one that refuses it", async () => {
    expect(await precisionProblems(tinyExperiment)).toEqual([]);
    const ignoring: Experiment = { ...tinyExperiment, run: (spec, options) => tinyExperiment.run(spec, { ...options, precision: "float64" }) };
    expect((await precisionProblems(ignoring)).join()).toMatch(/precision ignored/);
    expect(await precisionProblems({ ...ignoring, precisions: ["float64"] })).toEqual([]);
  });

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
    expect(staticProblems(broken({ protocol: () => ({ step: (t: number) => t }) })).join()).toMatch(/protocol\(\)\.step is not plain JSON/);
    expect(staticProblems(broken({ protocol: () => ({ caps: [1, Number.NaN] }) })).join()).toMatch(/protocol\(\)\.caps\[1\] is not plain JSON/);
    let calls = 0;
    expect(staticProblems(broken({ protocol: () => ({ call: calls++ }) })).join()).toMatch(/protocol\(\) differs between two calls/);
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
