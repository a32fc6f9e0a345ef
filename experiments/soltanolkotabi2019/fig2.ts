/**
 * soltanolkotabi2019/fig2 — Figure 2: planted softplus φ(z) = (1/10)log(1 + e^{10z}), n = 100;
 * (a) d = 10, k = 4..18; (b) k = 10, d = 4..18. Protocol and readings: planted.ts.
 */
import { plantedExperiment } from "./planted.js";
import { softplus } from "./twoLayerGd.js";

const range = (from: number, to: number, by = 1) => Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => from + i * by);

export const fig2 = plantedExperiment({
  id: "soltanolkotabi2019/fig2",
  title: "Figure 2: planted softplus networks — fraction of W* for which every GD run reaches a global minimum, vs k and vs d (n = 100)",
  figure: "Figure 2",
  source: "arXiv:1707.04926v3, Section 3",
  activationName: "softplus activation φ(z) = log(1 + e^{10z})/10",
  phi: softplus(10),
  presets: {
    smoke: { n: 20, panels: [{ panel: "a", varied: "k", values: [1, 6], fixed: { d: 3 } }], repetitions: 1, runsPerTarget: 2, iterations: 1500, step: 1 },
    quick: { n: 100, panels: [{ panel: "a", varied: "k", values: range(4, 18, 2), fixed: { d: 10 } }, { panel: "b", varied: "d", values: range(4, 18, 2), fixed: { k: 10 } }], repetitions: 3, runsPerTarget: 3, iterations: 20000, step: 1 },
    paper: { n: 100, panels: [{ panel: "a", varied: "k", values: range(4, 18), fixed: { d: 10 } }, { panel: "b", varied: "d", values: range(4, 18), fixed: { k: 10 } }], repetitions: 10, runsPerTarget: 10, iterations: 1_000_000, step: 1 },
  },
});
