/**
 * The smoke preset of every dana2025 experiment, called directly (not through the runner):
 * run() over the whole grid, summarize(), figures(). Checks determinism for the same seed, that
 * the summary does not depend on row order (shards finish in any order), the contract's
 * shapes, and that each figure is a layered vega-lite spec with inlined data and titled axes.
 */
import { describe, expect, it } from "vitest";
import { EXPERIMENTS, findExperiment } from "../../../experiments/index.js";
import { nbNeurons } from "../../../experiments/dana2025/protocol.js";
import type { Experiment, ExperimentOptions, Row } from "../../../src/reproduce/experiment.js";

const DANA = ["dana2025/exp1.0", "dana2025/exp1.1", "dana2025/exp1.2", "dana2025/exp2"];

function runAll(experiment: Experiment, options: ExperimentOptions): Row[] {
  const rows: Row[] = [];
  const reps = experiment.repetitions(options);
  for (const point of experiment.grid(options)) {
    for (let rep = 0; rep < reps; rep++) {
      const seed = `${experiment.id}/${options.preset}/${point.key}/rep${rep}`;
      const row = experiment.run({ point, rep, seed }, options) as Row;
      rows.push({ ...row, experiment: experiment.id, point: point.key, rep, seed });
    }
  }
  return rows;
}

/** Every encoding channel with a field in a (layered) spec has a title or is a secondary channel. */
function untitledChannels(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const layers = (spec.layer as Record<string, unknown>[] | undefined) ?? [spec];
  layers.forEach((layer, index) => {
    const data = layer.data as { values?: unknown[] } | undefined;
    if (!Array.isArray(data?.values)) problems.push(`layer ${index}: data not inlined`);
    const encoding = (layer.encoding ?? {}) as Record<string, Record<string, unknown>>;
    for (const channel of ["x", "y"]) {
      const enc = encoding[channel];
      if (enc === undefined || enc.datum !== undefined) continue;
      if (index === 0 && typeof enc.title !== "string") problems.push(`layer 0: ${channel} has no title`);
    }
  });
  return problems;
}

describe("dana2025 experiments are registered", () => {
  it("with ids, quick/paper/smoke presets and float32 as the paper's precision", () => {
    for (const id of DANA) {
      const experiment = findExperiment(id);
      expect(experiment, id).toBeDefined();
      expect(experiment?.presets).toEqual(expect.arrayContaining(["quick", "paper", "smoke"]));
      expect(experiment?.defaultPrecision).toBe("float32");
    }
    expect(new Set(EXPERIMENTS.map((e) => e.id)).size).toBe(EXPERIMENTS.length);
  });

  it("paper presets encode the authors' grids (arXiv:2502.16977, Section 5)", () => {
    const paper = (id: string) => {
      const experiment = findExperiment(id)!;
      const options: ExperimentOptions = { preset: "paper", precision: "float32" };
      return { grid: experiment.grid(options), reps: experiment.repetitions(options) };
    };
    const e10 = paper("dana2025/exp1.0");
    expect(e10.grid.map((g) => g.params.n)).toEqual(Array.from({ length: 17 }, (_, t) => 1300 + 50 * t));
    expect(e10.reps).toBe(80);
    expect(new Set(e10.grid.map((g) => g.params.d))).toEqual(new Set([100]));
    const e11 = paper("dana2025/exp1.1");
    expect(e11.reps).toBe(20);
    expect(e11.grid.filter((g) => g.params.d === 10).map((g) => g.params.n)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(e11.grid.filter((g) => g.params.d === 100).length).toBe(28);
    expect(new Set(e11.grid.map((g) => g.params.p))).toEqual(new Set([30]));
    const e12 = paper("dana2025/exp1.2");
    expect(e12.reps).toBe(20);
    expect(new Set(e12.grid.map((g) => g.params.p)).size).toBe(36);
    expect(e12.grid.filter((g) => g.params.p === 320).map((g) => g.params.n)).toEqual(Array.from({ length: 16 }, (_, t) => 350 + 10 * t));
    const e2 = paper("dana2025/exp2");
    expect(e2.grid.map((g) => g.params.n)).toEqual(Array.from({ length: 11 }, (_, t) => 1000 + 100 * t));
    // p = nb_neurons(n, 0.05), which is 35–37 on n = 1000…2000.
    expect(e2.grid.map((g) => g.params.p)).toEqual(e2.grid.map((g) => nbNeurons(Number(g.params.n), 0.05)));
    expect(new Set(e2.grid.map((g) => g.params.p))).toEqual(new Set([35, 36, 37]));
    expect(e2.reps).toBe(500);
  });

  it("an unknown preset is refused with the experiment's name", () => {
    expect(() => findExperiment("dana2025/exp1.0")!.grid({ preset: "nope", precision: "float32" })).toThrow(/dana2025\/exp1\.0: unknown preset "nope"/);
  });
});

describe.each(DANA)("%s smoke preset", (id) => {
  const experiment = findExperiment(id)!;

  it.each(["float32", "float64"] as const)("runs, summarizes and draws its figures, deterministically (%s)", (precision) => {
    const options: ExperimentOptions = { preset: "smoke", precision };
    const rows = runAll(experiment, options);
    expect(rows.length).toBe(experiment.grid(options).length * experiment.repetitions(options));
    expect(runAll(experiment, options)).toEqual(rows);
    for (const row of rows) for (const value of Object.values(row)) expect(["number", "string", "boolean"].includes(typeof value) || value === null).toBe(true);

    const summary = experiment.summarize(rows, options);
    expect(experiment.summarize([...rows].reverse(), options)).toEqual(summary);
    const points = summary.points as Record<string, unknown>[];
    expect(points.length).toBe(experiment.grid(options).length);
    if (id !== "dana2025/exp2") {
      for (const point of points) {
        const { rate, lo, hi } = point as { rate: number; lo: number; hi: number };
        expect(0 <= lo && lo <= rate && rate <= hi && hi <= 1).toBe(true);
      }
    }

    const figures = experiment.figures(summary, options);
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) {
      expect(figure.name).toMatch(/^[a-z0-9-]+$/);
      expect(String(figure.vegaLite.$schema)).toMatch(/vega-lite\/v[56]/);
      expect(JSON.parse(JSON.stringify(figure.vegaLite))).toEqual(figure.vegaLite);
      expect(untitledChannels(figure.vegaLite)).toEqual([]);
    }
  });
});

describe("a smoke run trains", () => {
  it("exp1.0 at the smallest n (40 points in R^10) lowers the loss by more than half on both seeds", () => {
    const experiment = findExperiment("dana2025/exp1.0")!;
    const options: ExperimentOptions = { preset: "smoke", precision: "float64" };
    const point = experiment.grid(options)[0];
    for (let rep = 0; rep < 2; rep++) {
      const row = experiment.run({ point, rep, seed: `smoke-learns/${rep}` }, options) as Row;
      expect(Number(row.finalLoss), JSON.stringify(row)).toBeLessThan(Number(row.initialLoss) / 2);
    }
  });
});
