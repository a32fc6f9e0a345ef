/**
 * soltanolkotabi2019/fig3 — Figure 3: planted quadratic φ(z) = z², n = 100; (a) d = 20, k varied;
 * (b) k = 5, d = 20..30. The caption's "d = 10 … k = 10" is a misprint; the
 * subfigure labels and text (d = 20, k = 5) are encoded. The range of k in (a) is not stated; we
 * take k = 1..10 (kd from 20 to 200 around n = 100). Protocol and readings: planted.ts.
 */
import { plantedExperiment } from "./planted.js";
import { quadratic } from "./twoLayerGd.js";

const range = (from: number, to: number, by = 1) => Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => from + i * by);

export const fig3 = plantedExperiment({
  id: "soltanolkotabi2019/fig3",
  title: "Figure 3: planted quadratic networks — fraction of W* for which every GD run reaches a global minimum, vs k (d = 20) and vs d (k = 5), n = 100",
  figure: "Figure 3",
  source: "arXiv:1707.04926v3, Section 3; the caption's d = 10, k = 10 contradict the panel labels and the text, whose d = 20, k = 5 are used",
  activationName: "quadratic activation φ(z) = z²",
  phi: quadratic,
  presets: {
    smoke: { n: 20, panels: [{ panel: "a", varied: "k", values: [1, 4], fixed: { d: 4 } }], repetitions: 1, runsPerTarget: 2, iterations: 1500, step: 1 },
    quick: { n: 100, panels: [{ panel: "a", varied: "k", values: range(1, 9, 2), fixed: { d: 20 } }, { panel: "b", varied: "d", values: range(20, 30, 2), fixed: { k: 5 } }], repetitions: 3, runsPerTarget: 3, iterations: 20000, step: 1 },
    paper: { n: 100, panels: [{ panel: "a", varied: "k", values: range(1, 10), fixed: { d: 20 } }, { panel: "b", varied: "d", values: range(20, 30), fixed: { k: 5 } }], repetitions: 10, runsPerTarget: 10, iterations: 1_000_000, step: 1 },
  },
});
