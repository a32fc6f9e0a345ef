/**
 * taheri2025/sim against the Experiment contract (src/reproduce/experiment.ts), on the smoke
 * preset: deterministic runs, order-independent summary, figures with inlined data, float32
 * refused; plus what the runs must show (Theorem 3's δ-form bound held where r ≥ r_orc).
 */
import { describe, expect, it } from "vitest";
import { taheri2025Sim as experiment } from "../../../experiments/taheri2025/sim.js";
import { EXPERIMENTS } from "../../../experiments/index.js";
import type { ExperimentOptions, Row } from "../../../src/reproduce/experiment.js";
import { InputError } from "../../../src/io/inputError.js";
import { arcCosineKernel, reluExcessRisk } from "../../../experiments/taheri2025/populationRisk.js";
import { gaussian, seededRandom } from "../../../src/random/rng.js";

const options: ExperimentOptions = { preset: "smoke", precision: "float64" };

async function allRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const point of experiment.grid(options))
    for (let rep = 0; rep < experiment.repetitions(options); rep++) {
      const seed = `${experiment.id}/smoke/${point.key}/rep${rep}`;
      rows.push({ ...(await experiment.run({ point, rep, seed }, options)), point: point.key, rep, seed });
    }
  return rows;
}

describe("taheri2025/sim", () => {
  it("is registered, with quick, paper and smoke presets and unique grid keys", () => {
    expect(EXPERIMENTS.map((e) => e.id)).toContain("taheri2025/sim");
    expect(experiment.presets).toEqual(expect.arrayContaining(["quick", "paper", "smoke"]));
    for (const preset of experiment.presets) {
      const keys = experiment.grid({ preset, precision: "float64" }).map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(experiment.grid({ preset: "paper", precision: "float64" }).some((p) => p.params.d === 100 && p.params.w === 20)).toBe(true);
    expect(experiment.grid({ preset: "paper", precision: "float64" }).some((p) => p.params.d === 10 && p.params.w === 10)).toBe(true);
  });

  it("runs deterministically, summarizes independently of row order, draws figures", async () => {
    const rows = await allRows();
    const again = await allRows();
    expect(again).toEqual(rows);
    for (const row of rows) expect(Number.isFinite(row.inSampleError as number)).toBe(true);
    const summary = experiment.summarize(rows, options);
    expect(experiment.summarize([...rows].reverse(), options)).toEqual(summary);
    const figures = experiment.figures(summary, options);
    expect(figures.map((f) => f.name)).toEqual(["in-sample-error-vs-n", "bound-ratios"]);
    for (const figure of figures) expect(((figure.vegaLite.data as { values: unknown[] }).values).length).toBeGreaterThan(0);
    // Theorem 3 (δ-form, C = 1) must hold wherever its tuning assumption does.
    for (const row of rows.filter((r) => r.model === "relu" && r.aboveOracle === true)) expect(row.thm3Ratio as number).toBeLessThanOrEqual(1);
  });

  it("refuses float32 and unknown presets with an InputError", () => {
    const point = experiment.grid(options)[0];
    expect(() => experiment.run({ point, rep: 0, seed: "s" }, { ...options, precision: "float32" })).toThrow(InputError);
    expect(() => experiment.grid({ preset: "nope", precision: "float64" })).toThrow(InputError);
  });

  it("the ReLU population risk (arc-cosine kernel) matches Monte Carlo within 4 standard errors", () => {
    const random = seededRandom("arccos");
    const thetaStar = [[1, 0.1, 0], [0.2, 1, -0.1]];
    const gammaStar = [1, -0.7];
    const theta = [[0.9, 0, 0.1], [0, 1.1, 0]];
    const gamma = [0.8, -0.5];
    const exact = reluExcessRisk(gammaStar, thetaStar, gamma, theta);
    const samples = 40_000;
    let sum = 0;
    let sumSquares = 0;
    const f = (g: number[], t: number[][], x: number[]) => g.reduce((s, a, j) => s + a * Math.max(0, t[j].reduce((u, v, k) => u + v * x[k], 0)), 0);
    for (let s = 0; s < samples; s++) {
      const x = [gaussian(random), gaussian(random), gaussian(random)];
      const diff = (f(gammaStar, thetaStar, x) - f(gamma, theta, x)) ** 2;
      sum += diff;
      sumSquares += diff * diff;
    }
    const mean = sum / samples;
    const standardError = Math.sqrt((sumSquares / samples - mean * mean) / samples);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * standardError);
    expect(arcCosineKernel([1, 0], [1, 0])).toBeCloseTo(0.5, 12); // E[relu(z)²] = 1/2
  });
});
