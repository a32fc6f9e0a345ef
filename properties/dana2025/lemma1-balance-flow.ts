/**
 * dana2025/lemma1-balance-flow — Lemma 1 along the gradient flow (spec dana2025.md §3.1, §9b P2).
 *
 * d(a_j²)/dt = (2a_j/n)·Σ_i r_i σ(⟨w_j, x_i⟩) = d‖w_j‖²/dt, so δ_j = a_j² − ‖w_j‖² is constant along
 * eq. (3), for any data and any initialization, through ReLU kinks and Filippov sliding (a
 * sliding pair has ⟨w_j, x_i⟩ = 0, so its effective slope does not enter ⟨w_j, ẇ_j⟩).
 *
 * Margin: min over neurons j and checkpoints t_k of (bound_jk − drift_jk)/bound_jk, i.e. 1 when
 * nothing drifted, 0 at the tolerance, negative past it. drift_jk = |δ̂_j(t_k) − δ̂_j(0)| in the float
 * run (every accepted step is a checkpoint). bound_jk, derived: if every parameter is within e of
 * the exact flow (e = the Dormand–Prince global error estimate E plus the rounding of the initial
 * parameters to doubles), then |â² − a²| ≤ 2|â|e + e² per component, so δ_j moves by at most
 * 2(|â_j| + ‖ŵ_j‖₁)·e + (d+1)·e²; evaluating δ̂_j(t_k) − δ̂_j(0) in float adds the rigorous running
 * rounding bound of the error-bounded field (src/field/errorBound.ts).
 *
 */
import { errorBound, errorBoundField, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import type { Property } from "../../src/check/property.js";
import { reluMeanField } from "./lib/assumptions.js";
import { withParameters } from "../../src/model/parameters.js";
import { balance } from "../../src/model/network.js";
import { anyInitCandidate, judgedCheckpoints, runDetail, runFlow } from "./lib/trajectory.js";

export const lemma1BalanceFlow: Property = {
  id: "dana2025/lemma1-balance-flow",
  title: "Lemma 1: a_j² − ‖w_j‖² is constant along the gradient flow",
  reference: { paper: "dana2025", statement: "Lemma 1", spec: "dana2025.md §3.1, §9b P2", provenance: "[REV name; DERIVED content]" },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ) (eq. (3)), δ_j(t) = a_j(t)² − ‖w_j(t)‖² equals δ_j(0) for every neuron j and every t ≥ 0.",
  reading:
    "Any data, any initialization. Checked at every accepted step of a Dormand–Prince run (rtol 1e-9, atol 1e-12) to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), " +
    "against a drift bound derived from the run's global error estimate. settings.method = gd (step settings.eta) swaps in gradient descent, which is not the flow.",
  assumptions: [reluMeanField],
  generate: () => anyInitCandidate(),
  evaluate(candidate) {
    const run = runFlow(candidate, 10);
    const F = errorBoundField;
    const e = run.stateError;
    const p = run.instance.a.length;
    const d = run.instance.X[0].length;
    const points = judgedCheckpoints(run).map((c) => ({ c, delta: balance(F, withParameters(run.bounded, c.parameters.map(exactValue))) }));
    const start = points[0].delta;
    let margin = Infinity;
    let maxDrift = 0;
    let worstRatio = 0;
    for (const { c, delta } of points) {
      for (let j = 0; j < p; j++) {
        const difference = F.sub(delta[j], start[j]);
        const drift = Math.abs(difference.value);
        const w = c.parameters.slice(p + j * d, p + (j + 1) * d);
        const size = Math.abs(c.parameters[j]) + w.reduce((t, v) => t + Math.abs(v), 0);
        const bound = 2 * size * e + (d + 1) * e * e + errorBound(difference);
        maxDrift = Math.max(maxDrift, drift);
        if (bound > 0) {
          margin = Math.min(margin, (bound - drift) / bound);
          worstRatio = Math.max(worstRatio, drift / bound);
        } else if (drift > 0) margin = -Infinity; // bound = 0 only for an all-zero neuron (its rounding bound is ≥ u·(a² + ‖w‖²))
      }
    }
    // An all-zero network never moves: nothing to bound, nowhere near failing.
    if (margin === Infinity) margin = 1;
    return { margin, detail: { maxDrift, worstDriftOverBound: worstRatio, ...runDetail(run) } };
  },
  defaultRuns: 150,
};
