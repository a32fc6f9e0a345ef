/**
 * dana2025/lemma1-balance-flow — Lemma 1 along the gradient flow (spec dana2025.md §3.1, §9b P2).
 *
 * d(a_j²)/dt = (2a_j/n)Σ_i r_i σ(⟨w_j,x_i⟩) = d‖w_j‖²/dt, so δ_j = a_j² − ‖w_j‖² is constant along
 * eq. (3) — for any data and any initialization, through ReLU kinks and Filippov sliding (on a
 * sliding pair ⟨w_j, x_i⟩ = 0, so its effective slope does not enter ⟨w_j, ẇ_j⟩).
 *
 * Margin: min_j (bound_j − drift_j)/bound_j, drift_j = max over checkpoints of |δ_j(t) − δ_j(0)| in
 * the float run. bound_j, derived: if every parameter is within e = E + rounding of the true flow
 * (E: Dormand–Prince's global error estimate), δ_j moves by at most 2·max_t(|a_j| + ‖w_j‖₁)·e +
 * (d+1)·e²; evaluating δ_j in float adds γ_{d+1}·(a_j² + ‖w_j‖²) at each end.
 */
import { gamma } from "../../src/field/errorBound.js";
import type { Property } from "../../src/check/property.js";
import { lawCandidate } from "./generators.js";
import { reluMeanField } from "./assumptions.js";
import { runFlow } from "./trajectory.js";

export const lemma1BalanceFlow: Property = {
  id: "dana2025/lemma1-balance-flow",
  title: "Lemma 1: a_j² − ‖w_j‖² is constant along the gradient flow",
  reference: { paper: "dana2025", statement: "Lemma 1", spec: "dana2025.md §3.1, §9b P2", provenance: "[REV name; DERIVED content]" },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ), δ_j(t) = a_j(t)² − ‖w_j(t)‖² equals δ_j(0) for every neuron j and every t.",
  reading: "Any data, any initialization; checked on Dormand–Prince runs to settings.horizon (default 5) at 10 checkpoints, with the drift bound derived from the run's error estimate.",
  assumptions: [reluMeanField],
  generate: () =>
    lawCandidate({ n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 }, data: { law: "shell" }, init: { law: "gaussian" } }),
  evaluate(candidate) {
    const { trajectory, error, rounding, instance } = runFlow(candidate, 5, 10);
    const d = instance.X[0].length;
    const p = instance.a.length;
    const e = error + rounding;
    const start = trajectory.checkpoints[0].balance;
    let margin = Infinity;
    let worstDrift = 0;
    for (let j = 0; j < p; j++) {
      let size = 0;
      let squares = 0;
      let drift = 0;
      for (const c of trajectory.checkpoints) {
        const row = c.parameters.slice(p + j * d, p + (j + 1) * d);
        size = Math.max(size, Math.abs(c.parameters[j]) + row.reduce((t, v) => t + Math.abs(v), 0));
        squares = Math.max(squares, c.parameters[j] ** 2 + row.reduce((t, v) => t + v * v, 0));
        drift = Math.max(drift, Math.abs(c.balance[j] - start[j]));
      }
      const bound = 2 * size * e + (d + 1) * e * e + 2 * gamma(d + 1) * squares;
      worstDrift = Math.max(worstDrift, drift);
      margin = Math.min(margin, bound > 0 ? (bound - drift) / bound : drift === 0 ? 0 : -Infinity);
    }
    return { margin, detail: { maxDrift: worstDrift, errorEstimate: error, steps: trajectory.summary.steps, kinkEvents: trajectory.summary.kinkEvents } };
  },
  defaultRuns: 20,
};
