/**
 * dana2025/theorem1-pl-trajectory — Theorem 1's bound (6) along trajectories (spec dana2025.md §3.5,
 * §4 T1, §9b P6): at every time, μ(t) ≥ (C/n)·min_i |h_θ(t)(x_i)/y_i|.
 *
 * Bound (6) is pointwise in θ under Assumption 2 and ‖w_j‖ ≤ |a_j|; along the flow, Lemma 1 carries
 * the latter from t = 0. So the entry runs the flow and evaluates the exact pointwise margin of
 * dana2025/theorem1-pl-bound at each checkpoint's parameters (their exact binary values) — a
 * statement about those θ, which needs no integration tolerance. A checkpoint whose integrated θ
 * misses A1 by the run's drift (δ_j ≈ 0) is not a θ the bound speaks about: it is counted in the
 * detail and left out. Margin: the smallest over the checkpoints kept.
 */
import type { Candidate, Property } from "../../src/check/property.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./assumptions.js";
import { shortDecimalCandidate } from "./generators.js";
import { theorem1PlBound } from "./theorem1-pl-bound.js";
import { runFlow } from "./trajectory.js";

export const theorem1PlTrajectory: Property = {
  id: "dana2025/theorem1-pl-trajectory",
  title: "Theorem 1, eq. (6) along the flow: μ(t) ≥ (C/n)·min_i |h(x_i)/y_i| at every checkpoint",
  reference: { paper: "dana2025", statement: "Theorem 1, eq. (6), for all t ≥ 0", spec: "dana2025.md §3.5, §4 (T1), §9b P6", provenance: "[REV constant; DERIVED condition]" },
  mode: "trajectory",
  statement: "Under the Assumption-2 encoding, A1 and the data bounds at t = 0, the pointwise bound of dana2025/theorem1-pl-bound holds at θ(t) for every t along dθ/dt = −p∇L.",
  reading: "Same readings and knobs as dana2025/theorem1-pl-bound (κ = 1/2, factor 1, C from the data's own extremes). Dormand–Prince to settings.horizon (default 10), 10 checkpoints.",
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds],
  generate: () => shortDecimalCandidate({ data: "near-orthogonal", init: "A1" }),
  evaluate(candidate, context) {
    const { trajectory, instance } = runFlow(candidate, 10, 10);
    const p = instance.a.length;
    const d = instance.X[0].length;
    let margin = Infinity;
    let skippedForDrift = 0;
    let worstTime = 0;
    for (const c of trajectory.checkpoints) {
      const at: Candidate = {
        ...candidate,
        file: { ...candidate.file, params: { a: c.parameters.slice(0, p), W: Array.from({ length: p }, (_, j) => c.parameters.slice(p + j * d, p + (j + 1) * d)) } },
      };
      if (!assumption1Weak.holds(at, context)) {
        skippedForDrift++;
        continue;
      }
      const { margin: pointwise } = theorem1PlBound.evaluate(at, context);
      if (pointwise < margin) {
        margin = pointwise;
        worstTime = c.time;
      }
    }
    return { margin: Number.isFinite(margin) ? margin : 0, detail: { worstTime, checkpoints: trajectory.checkpoints.length, skippedForDrift, finalLoss: trajectory.summary.finalLoss } };
  },
  defaultRuns: 15,
};
