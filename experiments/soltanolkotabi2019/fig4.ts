/**
 * soltanolkotabi2019/fig4 — Figure 4: random labels y ~ N(0, 1), x ~ N(0, I_d); RMSE = √L along
 * gradient descent for several widths k. (a) softplus (b = 10), d = 10, n = 100, k = 8..13,
 * iterations up to 10⁶; (b) quadratic, d = 20, n = 100, k = 3..8, up to 10⁵.
 *
 * The text says the fitted network is x ↦ 1ᵀφ(Wx), which cannot fit negative labels with softplus
 * (an inconsistency of the text); our reading trains v as well (v₀ Rademacher), knob `trainV` in the presets.
 * The row records L at log-spaced checkpoints (columns rmse@T); the summary gives, per k, the
 * median RMSE curve over repetitions with its min–max band, and the final RMSE next to kd/n (the
 * text's rule of thumb). A band, not ±1.96 s.e.: a handful of repetitions of a log-scale quantity.
 * The paper draws one curve per k and says nothing of repetitions, step or initialization: the
 * paper preset runs 3 per k (data and start redrawn), step 1 halved on any increase of L
 * (twoLayerGd.ts), the full iteration budgets of the paper's axes (10⁶ softplus, 10⁵ quadratic).
 */
import { deriveSeed, gaussian, seededRandom } from "../../src/random/rng.js";
import type { Experiment, ExperimentOptions, Figure, GridPoint, Row } from "../../src/reproduce/experiment.js";
import { legendEncoding, seriesEntries } from "../figureLegend.js";
import { medianBand } from "../statistics.js";
import { gaussianInputs, initialParameters, quadratic, softplus, train, type Activation } from "./twoLayerGd.js";

interface Fig4Panel {
  panel: string;
  activation: "softplus" | "quadratic";
  d: number;
  ks: number[];
  iterations: number;
}

interface Fig4Preset {
  n: number;
  panels: Fig4Panel[];
  repetitions: number;
  step: number;
  trainV: boolean;
}

const PRESETS: Record<string, Fig4Preset> = {
  // Two repetitions, so the contract renders the min–max band layer too (it once hid the legend).
  smoke: { n: 20, panels: [{ panel: "b", activation: "quadratic", d: 4, ks: [1, 5], iterations: 1000 }], repetitions: 2, step: 1, trainV: true },
  quick: {
    n: 100,
    panels: [
      { panel: "a", activation: "softplus", d: 10, ks: [8, 10, 13], iterations: 20000 },
      { panel: "b", activation: "quadratic", d: 20, ks: [3, 5, 8], iterations: 20000 },
    ],
    repetitions: 2,
    step: 1,
    trainV: true,
  },
  paper: {
    n: 100,
    panels: [
      { panel: "a", activation: "softplus", d: 10, ks: [8, 9, 10, 11, 12, 13], iterations: 1_000_000 },
      { panel: "b", activation: "quadratic", d: 20, ks: [3, 4, 5, 6, 7, 8], iterations: 100_000 },
    ],
    repetitions: 3,
    step: 1,
    trainV: true,
  },
};

const presetOf = (options: ExperimentOptions) => {
  const preset = PRESETS[options.preset];
  if (!preset) throw new RangeError(`soltanolkotabi2019/fig4: unknown preset ${options.preset}`);
  return preset;
};

/** 1, 10, 100, … up to and including `iterations`. */
export function checkpoints(iterations: number): number[] {
  const out: number[] = [0];
  for (let t = 1; t < iterations; t *= 10) out.push(t);
  out.push(iterations);
  return out;
}

const activationOf = (name: string): Activation => (name === "softplus" ? softplus(10) : quadratic);

export const fig4: Experiment = {
  id: "soltanolkotabi2019/fig4",
  title: "Figure 4: RMSE along gradient descent on random labels, several widths k (softplus d = 10; quadratic d = 20; n = 100)",
  reference: { paper: "soltanolkotabi2019", figure: "Figure 4", source: "arXiv:1707.04926v3, Section 3; v is trained, as the text's 1ᵀφ(Wx) cannot fit negative labels with softplus" },
  presets: Object.keys(PRESETS),
  defaultPrecision: "float64",
  precisions: ["float64"],
  protocol: (options) => ({ ...presetOf(options) }),
  grid(options) {
    const preset = presetOf(options);
    const points: GridPoint[] = [];
    for (const p of preset.panels) for (const k of p.ks) points.push({ key: `${p.panel},${p.activation},n=${preset.n},d=${p.d},k=${k}`, params: { panel: p.panel, activation: p.activation, n: preset.n, d: p.d, k, iterations: p.iterations } });
    return points;
  },
  repetitions: (options) => options.reps ?? presetOf(options).repetitions,
  run(spec, options) {
    const preset = presetOf(options);
    const { panel, activation, n, d, k, iterations } = spec.point.params as { panel: string; activation: string; n: number; d: number; k: number; iterations: number };
    const random = seededRandom(deriveSeed(spec.seed, "data"));
    const X = gaussianInputs(random, n, d);
    const y = Float64Array.from({ length: n }, () => gaussian(random));
    const params = initialParameters(seededRandom(deriveSeed(spec.seed, "init")), k, d, preset.trainV ? "rademacher" : "ones");
    const marks = checkpoints(iterations);
    const result = train({ n, d, X, y }, params, activationOf(activation), { step: preset.step, iterations, trainV: preset.trainV, checkpoints: marks });
    const row: Row = { panel, activation, n, d, k, kdOverN: (k * d) / n, finalRmse: Math.sqrt(result.loss), iterations: result.iterations, finalStep: result.finalStep };
    marks.forEach((t, i) => (row[`rmse@${t}`] = Math.sqrt(result.history[i])));
    return row;
  },
  summarize(rows) {
    // By panel, then k as a number (a string sort puts k = 10 before k = 8).
    const keys = [...new Set(rows.map((r) => `${r.panel}|${r.k}`))].sort((a, b) => {
      const [panelA, kA] = a.split("|");
      const [panelB, kB] = b.split("|");
      return panelA === panelB ? Number(kA) - Number(kB) : panelA! < panelB! ? -1 : 1;
    });
    return {
      curves: keys.map((key) => {
        const at = rows.filter((r) => `${r.panel}|${r.k}` === key);
        const columns = Object.keys(at[0]).filter((c) => c.startsWith("rmse@")).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
        const final = medianBand(at.map((r) => Number(r.finalRmse)));
        return {
          panel: at[0].panel,
          activation: at[0].activation,
          n: at[0].n,
          d: at[0].d,
          k: at[0].k,
          kdOverN: at[0].kdOverN,
          runs: at.length,
          medianFinalRmse: final.median,
          minFinalRmse: final.min,
          maxFinalRmse: final.max,
          curve: columns.map((c) => {
            const band = medianBand(at.map((r) => Number(r[c])));
            return { iteration: Number(c.slice(5)), rmse: band.median, minRmse: band.min, maxRmse: band.max };
          }),
        };
      }),
    };
  },
  figures(summary): Figure[] {
    type Curve = { panel: string; activation: string; n: number; d: number; k: number; runs: number; curve: { iteration: number; rmse: number; minRmse: number; maxRmse: number }[] };
    const curves = (summary.curves ?? []) as Curve[];
    return [...new Set(curves.map((c) => c.panel))].map((panel) => {
      const inPanel = curves.filter((c) => c.panel === panel);
      const { activation, n, d } = inPanel[0];
      const runCounts = [...new Set(inPanel.map((c) => c.runs))];
      const single = runCounts.length === 1 && runCounts[0] === 1;
      // Iteration 0 has no place on a log axis; the curve starts at iteration 1.
      const values = inPanel.flatMap((c) => c.curve.filter((p) => p.iteration > 0).map((p) => ({ width: `k = ${c.k}`, ...p })));
      const x = { field: "iteration", type: "quantitative", title: "gradient-descent iteration (log scale)", scale: { type: "log" } };
      const yTitle = ["training RMSE √L, L = Σᵢ(f(xᵢ) − yᵢ)²/(2n) (log scale)", single ? "(one run per width)" : `(median of ${runCounts.join("/")} runs; band: min–max)`];
      const entries = seriesEntries([...new Set(inPanel.map((c) => c.k))].sort((a, b) => a - b).map((k) => `k = ${k}`));
      const band = { mark: { type: "area", opacity: 0.15 }, encoding: { x, y: { field: "minRmse", type: "quantitative", title: yTitle, scale: { type: "log" } }, y2: { field: "maxRmse" }, color: legendEncoding(entries, { field: "width" }).color } };
      const line = { mark: { type: "line", strokeWidth: 2 }, encoding: { x, y: { field: "rmse", type: "quantitative", title: yTitle, scale: { type: "log" } }, ...legendEncoding(entries, { field: "width" }, { title: "hidden units" }) } };
      const activationName = activation === "softplus" ? "softplus activation φ(z) = log(1 + e^{10z})/10" : "quadratic activation φ(z) = z²";
      return {
        name: `rmse-${panel}`,
        vegaLite: {
          $schema: "https://vega.github.io/schema/vega-lite/v5.json",
          title: { text: `Figure 4${panel}: training error along gradient descent on random labels, by width`, subtitle: `${activationName}, d = ${d}, n = ${n}, labels y ~ N(0, 1); kd/n = 1 at k = ${n / d}` },
          width: 420,
          height: 280,
          data: { values },
          layer: single ? [line] : [band, line],
        },
      };
    });
  },
};
