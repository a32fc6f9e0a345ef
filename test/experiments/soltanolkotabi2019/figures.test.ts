/**
 * fig2, fig3, fig4 at the smoke preset, called directly (the reproduce runner is built elsewhere):
 * deterministic rows, order-independent summaries, one figure per panel; the shared GD kernel's
 * gradient against central differences (float64, h = 1e-6: truncation ~h²·|L‴| and rounding
 * ~u·L/h ≈ 1e-10·L, so 1e-6 relative has ample room and a wrong formula misses by O(1)); and the
 * logistic fit recovering a known crossing.
 */
import { describe, expect, it } from "vitest";
import { fig2 } from "../../../experiments/soltanolkotabi2019/fig2.js";
import { fig3 } from "../../../experiments/soltanolkotabi2019/fig3.js";
import { fig4 } from "../../../experiments/soltanolkotabi2019/fig4.js";
import { logisticCrossing } from "../../../experiments/soltanolkotabi2019/planted.js";
import { gaussianInputs, initialParameters, outputs, quadratic, softplus, train } from "../../../experiments/soltanolkotabi2019/twoLayerGd.js";
import type { Experiment, Row } from "../../../src/reproduce/experiment.js";
import { seededRandom } from "../../../src/random/rng.js";

const options = { preset: "smoke", precision: "float64" as const };

function runAll(experiment: Experiment): Row[] {
  const rows: Row[] = [];
  for (const point of experiment.grid(options)) {
    for (let rep = 0; rep < experiment.repetitions(options); rep++) {
      const spec = { point, rep, seed: `${experiment.id}/smoke/${point.key}/rep${rep}` };
      const row = experiment.run(spec, options) as Row;
      expect(experiment.run(spec, options)).toEqual(row);
      rows.push({ ...row, point: point.key, rep });
    }
  }
  return rows;
}

describe.each([fig2, fig3, fig4].map((e) => [e.id, e] as const))("%s (smoke)", (_, experiment) => {
  it("runs deterministically, summarizes independently of row order, draws its figures", () => {
    expect(experiment.presets).toEqual(expect.arrayContaining(["quick", "paper", "smoke"]));
    const rows = runAll(experiment);
    const summary = experiment.summarize(rows, options);
    expect(experiment.summarize([...rows].reverse(), options)).toEqual(summary);
    expect(experiment.figures(summary, options).length).toBeGreaterThan(0);
    // The summary carries the bars the figures draw: Hoeffding bounds around each pass fraction,
    // a min–max band around each median RMSE.
    const panels = (summary.panels ?? []) as { points: { fraction: number; lo: number; hi: number }[] }[];
    for (const point of panels.flatMap((panel) => panel.points)) expect(point.lo <= point.fraction && point.fraction <= point.hi && point.hi - point.lo > 0).toBe(true);
    const curves = (summary.curves ?? []) as { curve: { rmse: number; minRmse: number; maxRmse: number }[] }[];
    for (const point of curves.flatMap((curve) => curve.curve)) expect(point.minRmse <= point.rmse && point.rmse <= point.maxRmse).toBe(true);
    expect(panels.length + curves.length).toBeGreaterThan(0);
  });
});

describe("two-layer GD kernel", () => {
  it("decreases the loss monotonically and its gradient step matches finite differences of L", () => {
    for (const phi of [softplus(10), quadratic]) {
      const random = seededRandom(`kernel/${phi.name}`);
      const [n, d, k] = [7, 3, 4];
      const X = gaussianInputs(random, n, d);
      const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
      const params = initialParameters(random, k, d, "rademacher");
      const loss = (p: typeof params) => outputs({ n, d, X, y }, p, phi).reduce((s, h, i) => s + (h - y[i]) ** 2, 0) / (2 * n);
      // One step of size η changes L by −η‖∇L‖² + O(η²): compare with ‖∇L‖² from finite differences.
      const h = 1e-6;
      let gradSquared = 0;
      for (const key of ["W", "v"] as const) {
        for (let j = 0; j < params[key].length; j++) {
          const plus = { ...params, [key]: params[key].slice() };
          const minus = { ...params, [key]: params[key].slice() };
          plus[key][j] += h;
          minus[key][j] -= h;
          gradSquared += ((loss(plus) - loss(minus)) / (2 * h)) ** 2;
        }
      }
      const eta = 1e-7;
      const stepped = { ...params, W: params.W.slice(), v: params.v.slice() };
      const before = loss(stepped);
      const result = train({ n, d, X, y }, stepped, phi, { step: eta, iterations: 1, trainV: true });
      expect(result.iterations).toBe(1);
      const decrease = before - result.loss;
      expect(Math.abs(decrease - eta * gradSquared)).toBeLessThan(1e-3 * eta * gradSquared);
      const long = train({ n, d, X, y }, { ...params, W: params.W.slice(), v: params.v.slice() }, phi, { step: 1, iterations: 200, trainV: true, checkpoints: [0, 1, 10, 100, 200] });
      for (let i = 1; i < long.history.length; i++) expect(long.history[i]).toBeLessThanOrEqual(long.history[i - 1]);
    }
  });

  it("the logistic fit recovers a known crossing; separated data give the separating step", () => {
    const points = [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x, total: 1000, passes: Math.round(1000 / (1 + Math.exp(-(2 * (x - 4.3))))) }));
    expect(logisticCrossing(points)!.crossing).toBeCloseTo(4.3, 1);
    expect(logisticCrossing([{ x: 1, passes: 0, total: 3 }, { x: 2, passes: 3, total: 3 }])!.crossing).toBe(1.5);
    expect(logisticCrossing([{ x: 1, passes: 0, total: 3 }, { x: 2, passes: 1, total: 3 }, { x: 3, passes: 3, total: 3 }])!.crossing).toBe(2);
    expect(logisticCrossing([{ x: 1, passes: 0, total: 3 }, { x: 2, passes: 0, total: 3 }])).toBeNull();
  });
});
