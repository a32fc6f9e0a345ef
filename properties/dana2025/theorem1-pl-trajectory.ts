/**
 * dana2025/theorem1-pl-trajectory — Theorem 1's bound (6) along trajectories (spec dana2025.md §3.5,
 * §4 T1, §9b P6): at every time t, μ(t) ≥ (C/n)·min_i |h_θ(t)(x_i)/y_i|, C = (C_x^-/C_x^+)C_x^-C_y^-.
 *
 * The bound is pointwise in θ under the Assumption-2 encoding and ‖w_j‖ ≤ |a_j|; along the flow
 * Lemma 1 carries the latter from t = 0. The entry runs the flow and checks the bound at every
 * accepted Dormand–Prince step's parameters θ̂, with the formula of plBound.ts (the one helper the
 * pointwise entry dana2025/theorem1-pl-bound is to share; the test checks the two agree). Two
 * allowances, both derived:
 * - rounding: μ̂ and B̂ are evaluated in the error-bounded float field, which bounds
 *   |μ̂ − μ(θ̂)| ≤ e_μ and |B̂ − B(θ̂)| ≤ e_B rigorously (an undecided ReLU sign widens them to a whole branch);
 * - drift of A1: θ̂ is within e of the flow, so ‖ŵ_j‖ ≤ |â_j| can fail by a slack
 *   s_j = max(0, ‖ŵ_j‖ − |â_j|) ≤ max(0, −δ̂_j + e_δ)/(‖ŵ_j‖ + |â_j|). §3.5 Step 3 then gives
 *   |h_i| ≤ ‖x_i‖(E_i + S_i), S_i = (1/p)Σ_j |â_j| s_j 1_ij ≤ S = (1/p)Σ_j |â_j| s_j, and Steps 1–2
 *   turn this into μ ≥ B − ((C_x^-)²/n)·S. So the bound is lowered by that amount (0 when A1 holds at θ̂).
 * Margin: min over checkpoints of (μ̂ + e_μ + e_B + slack − B̂)/max(μ̂, B̂), the scale-free form of
 * dana2025/theorem1-pl-bound; checkpoints where B̂ = 0 (some h(x_i) = 0) or L = 0 cannot fail and
 * score 1, as there.
 */
import { errorBound, errorBoundField } from "../../src/field/errorBound.js";
import type { Property } from "../../src/check/property.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./lib/assumptions.js";
import { boundedCheckpoints, runDetail, runFlow, type FlowRun, type PointBounds } from "./lib/trajectory.js";
import { plLowerBound, theorem1Constant, theorem1DataConstants } from "./lib/plBound.js";
import { theorem1Candidate } from "./lib/generators.js";

/** Theorem 1's bound at one checkpoint, with the allowances of the file comment. */
export interface PlCheck {
  time: number;
  mu: number;
  bound: number;
  /** e_μ + e_B + the A1-slack allowance. */
  allowance: number;
  slack: number;
  /** (μ̂ + allowance − B̂)/max(μ̂, B̂), or 1 where the bound cannot fail. */
  margin: number;
}

function plChecks(run: FlowRun, points: readonly PointBounds[]): PlCheck[] {
  const F = errorBoundField;
  const constants = theorem1DataConstants(F, run.candidate, run.bounded);
  const C = theorem1Constant(F, constants);
  const n = run.instance.X.length;
  const p = run.instance.a.length;
  const d = run.instance.X[0].length;
  const cxMinSquared = constants.cxMinSquared.value + errorBound(constants.cxMinSquared);
  return points.map((point) => {
    if (point.pl === undefined) return { time: point.time, mu: NaN, bound: 0, allowance: 0, slack: 0, margin: 1 };
    const B = plLowerBound(F, C, n, point.outputs, run.bounded.y);
    const slackByNeuron = point.balance.map((delta, j) => {
      const a = Math.abs(point.parameters[j]);
      const w = Math.hypot(...point.parameters.slice(p + j * d, p + (j + 1) * d));
      const deficit = -delta.value + errorBound(delta);
      return deficit > 0 && a + w > 0 ? deficit / (a + w) : 0;
    });
    // S = (1/p)·Σ_j |â_j|·s_j bounds every S_i (dropping the indicator 1_ij only enlarges it).
    const S = slackByNeuron.reduce((t, sj, j) => t + Math.abs(point.parameters[j]) * sj, 0) / p;
    const slack = (cxMinSquared / n) * S;
    const mu = point.pl.value;
    const bound = B.value;
    const allowance = errorBound(point.pl) + errorBound(B) + slack;
    const scale = Math.max(mu, bound);
    const margin = bound === 0 || scale === 0 ? 1 : (mu + allowance - bound) / scale;
    return { time: point.time, mu, bound, allowance, slack, margin };
  });
}

export const theorem1PlTrajectory: Property = {
  id: "dana2025/theorem1-pl-trajectory",
  title: "Theorem 1, eq. (6) along the flow: μ(t) ≥ (C/n)·min_i |h(x_i)/y_i| at every checkpoint",
  reference: { paper: "dana2025", statement: "Theorem 1, eq. (6), for all t ≥ 0", spec: "dana2025.md §3.5, §4 (T1), §9b P6", provenance: "[REV constant; DERIVED condition]" },
  mode: "trajectory",
  statement:
    "If (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ (C_x^-)²/2 and |a_j(0)| ≥ ‖w_j(0)‖ for all j, then along dθ/dt = −p∇L, μ(t) = p‖∇L‖²/L ≥ (C/n)·min_i |h_θ(t)(x_i)/y_i| for all t, C = (C_x^-/C_x^+)·C_x^-·C_y^-.",
  reading:
    "Same readings as dana2025/theorem1-pl-bound (Assumption-2 encoding κ = settings.kappa, default 1/2; factor 1; C_x^±, C_y^- from settings or the data), formula from plBound.ts. " +
    "Checked at every accepted step of a Dormand–Prince run to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), allowing the rigorous rounding bounds and the A1 slack the integration error allows (file comment).",
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds],
  generate: (dropped) => theorem1Candidate(dropped),
  evaluate(candidate) {
    const run = runFlow(candidate, 10);
    const checks = plChecks(run, boundedCheckpoints(run, true));
    const worst = checks.reduce((w, c) => (c.margin < w.margin ? c : w), checks[0]);
    return {
      margin: worst.margin,
      detail: {
        worstTime: worst.time,
        mu: worst.mu,
        bound: worst.bound,
        allowance: worst.allowance,
        checkpointsWithA1Slack: checks.filter((c) => c.slack > 0).length,
        ...runDetail(run),
      },
    };
  },
  defaultRuns: 100,
};
