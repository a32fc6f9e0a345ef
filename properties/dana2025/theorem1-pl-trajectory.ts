/**
 * dana2025/theorem1-pl-trajectory — Theorem 1, eq. (6) of Dana, Pillaud-Vivien, Bach (2025) along
 * trajectories: at every time t, μ(t) ≥ (C/n)·min_i |h_θ(t)(x_i)/y_i|, C = (C_x^-/C_x^+)C_x^-C_y^-
 * (the constant as the authors' rebuttal gives it).
 *
 * The bound is pointwise in θ under our Assumption-2 encoding and ‖w_j‖ ≤ |a_j|; along the flow
 * Lemma 1 carries the latter from t = 0. The entry runs the flow and checks the bound at every
 * accepted Dormand–Prince step after t = 0 (t = 0 is dana2025/theorem1-pl-bound's case) with the
 * formula of plBound.ts (shared with that entry; the test checks the two agree). Two allowances:
 * - rounding: μ̂ and B̂ are evaluated in the error-bounded float field, which bounds
 *   |μ̂ − μ(θ̂)| ≤ e_μ and |B̂ − B(θ̂)| ≤ e_B rigorously (an undecided ReLU sign widens them to a whole branch);
 * - drift of A1: θ̂ is within e of the flow (e an estimate, trajectory.ts), so ‖ŵ_j‖ ≤ |â_j| can
 *   fail by a slack s_j = max(0, ‖ŵ_j‖ − |â_j|) ≤ max(0, −δ̂_j + e_δ)/(‖ŵ_j‖ + |â_j|). The PL
 *   derivation's Step 3 then gives |h_i| ≤ ‖x_i‖(E_i + S_i), S_i = (1/p)Σ_j |â_j| s_j 1_ij ≤ S =
 *   (1/p)Σ_j |â_j| s_j, and Steps 1–2 turn this into μ ≥ B − ((C_x^-)²/n)·S. So the bound is
 *   lowered by that amount (0 when A1 holds at θ̂).
 * Margin: min over checkpoints t_k > 0 with B̂ > 0 and L > 0 of (μ̂ + a − B̂)/max(μ̂ + a, B̂),
 * a = e_μ + e_B + the A1 allowance: the scale-free form of dana2025/theorem1-pl-bound, monotone in
 * the slack ratio (μ̂ + a)/B̂. A checkpoint with B̂ = 0 (some h(x_i) = 0) or L = 0 cannot fail and
 * is not judged; a run with none judged (a frozen network, for one) is vacuous.
 */
import { errorBound, errorBoundField } from "../../src/field/errorBound.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./lib/assumptions.js";
import { theorem1FlowCandidate, theorem1FlowSizes } from "./lib/flowGenerators.js";
import { correlatedPair } from "./lib/flowInstances.js";
import { boundedCheckpoints, frozenRun, laterCheckpoints, runDetail, runFlow, type FlowRun, type PointBounds } from "./lib/trajectory.js";
import { plLowerBound, theorem1Constant, theorem1DataConstants } from "./lib/plBound.js";
import { plBoundAlongFlow } from "./lib/alongFlow.js";

/** Theorem 1's bound at one checkpoint, with the allowances of the file comment. */
export interface PlCheck {
  time: number;
  mu: number;
  bound: number;
  /** e_μ + e_B + the A1-slack allowance. */
  allowance: number;
  slack: number;
  /** (μ̂ + allowance − B̂)/max(μ̂ + allowance, B̂); undefined where the bound cannot fail (B̂ = 0 or L = 0). */
  margin?: number;
}

export function plChecks(run: FlowRun, points: readonly PointBounds[]): PlCheck[] {
  const F = errorBoundField;
  const constants = theorem1DataConstants(F, run.candidate, run.bounded);
  const C = theorem1Constant(F, constants);
  const n = run.instance.X.length;
  const p = run.instance.a.length;
  const d = run.instance.X[0].length;
  const cxMinSquared = constants.cxMinSquared.value + errorBound(constants.cxMinSquared);
  return points.map((point) => {
    if (point.pl === undefined) return { time: point.time, mu: NaN, bound: 0, allowance: 0, slack: 0 };
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
    if (bound === 0) return { time: point.time, mu, bound, allowance, slack };
    const margin = (mu + allowance - bound) / Math.max(mu + allowance, bound);
    return { time: point.time, mu, bound, allowance, slack, margin };
  });
}

export const theorem1PlTrajectory: Property = {
  id: "dana2025/theorem1-pl-trajectory",
  title: "Theorem 1, eq. (6) along the flow: μ(t) ≥ (C/n)·min_i |h(x_i)/y_i| at every checkpoint",
  reference: {
    paper: "dana2025",
    statement: "Theorem 1, eq. (6), for all t ≥ 0",
    provenance: "eq. (6) and the constant C as the authors' rebuttal quotes them; the Assumption-2 condition is our encoding, under which the bound is derived here",
  },
  mode: "trajectory",
  statement:
    "If (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ (C_x^-)²/2 and |a_j(0)| ≥ ‖w_j(0)‖ for all j, then along dθ/dt = −p∇L, μ(t) = p‖∇L‖²/L ≥ (C/n)·min_i |h_θ(t)(x_i)/y_i| for all t, C = (C_x^-/C_x^+)·C_x^-·C_y^-.",
  reading:
    "Same readings as dana2025/theorem1-pl-bound (Assumption-2 encoding κ = settings.kappa, default 1/2; factor 1; C_x^±, C_y^- from settings or the data), formula from plBound.ts. " +
    "Checked at every accepted step after t = 0 of a Dormand–Prince run to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), allowing the rigorous rounding bounds and the A1 slack the integration error ESTIMATE allows (file comment). " +
    "Candidates (default, sized for check's time budget): n from 1 to 5 (n = 1 one draw in twenty, n ≥ 4 in about five of eight), p from n to n + 2, on Lemma 5's good event G so that min_i |h(x_i)/y_i| stays away from 0; Theorem 1's own regime (n up to 64, d up to n², p = ⌈4 log(n/ε)⌉, lib/theorem1Regime.ts) is searched by hunt --n N or --setting maxN=N, at 15–90 s a run for n = 5 and 30–120 s for n = 8 on this machine. Checkpoints with B = 0 or L = 0 are not judged; a run without any is vacuous.",
  margin: {
    kind: "bound-slack",
    formula: "min over t_k > 0 with B̂ > 0 of (μ̂ + a − B̂)/max(μ̂ + a, B̂), B̂ = (C/n)·min_i |ĥ(x_i)/y_i|, a = rounding bounds of μ̂ and B̂ + ((C_x^-)²/n)·S (A1 slack from the error estimate)",
    bound: { direction: "lower", observed: "μ̂(t_k) + a at the worst checkpoint", bound: "B̂(t_k) = (C/n)·min_i |ĥ(x_i)/y_i|" },
  },
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds],
  generate: (dropped) => theorem1FlowCandidate(dropped),
  evaluate: evaluatePlTrajectory,
  knownBad: () => [{ why: "assumption2 dropped: two almost parallel inputs with opposite labels, (n−1)ρ = 1 > (C_x^-)²/2", candidate: correlatedPair }],
  configure(settings) {
    const sizes = theorem1FlowSizes(settings);
    return { ...theorem1PlTrajectory, generate: (dropped) => theorem1FlowCandidate(dropped, sizes) };
  },
  alongFlow: plBoundAlongFlow,
  defaultRuns: 40,
};

function evaluatePlTrajectory(candidate: Candidate): Evaluation {
  const run = runFlow(candidate, 10);
  const frozen = frozenRun(run);
  if (frozen) return { margin: 1, vacuous: frozen, detail: runDetail(run) };
  const checks = plChecks(run, laterCheckpoints(boundedCheckpoints(run, true)));
  const judged = checks.filter((c): c is PlCheck & { margin: number } => c.margin !== undefined);
  const facts = { checkpointsJudged: judged.length, checkpointsWithA1Slack: checks.filter((c) => c.slack > 0).length, ...runDetail(run) };
  if (judged.length === 0) return { margin: 1, vacuous: "B = 0 or L = 0 at every checkpoint after t = 0 (some h(x_i) = 0): the bound says nothing", detail: facts };
  const worst = judged.reduce((w, c) => (c.margin < w.margin ? c : w));
  return {
    margin: worst.margin,
    slack: { observed: worst.mu + worst.allowance, bound: worst.bound },
    detail: { worstTime: worst.time, mu: worst.mu, bound: worst.bound, allowance: worst.allowance, ...facts },
  };
}
