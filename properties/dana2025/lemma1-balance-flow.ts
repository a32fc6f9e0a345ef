/**
 * dana2025/lemma1-balance-flow — Lemma 1 of Dana, Pillaud-Vivien, Bach (2025) along the gradient
 * flow eq. (3).
 *
 * d(a_j²)/dt = (2a_j/n)·Σ_i r_i σ(⟨w_j, x_i⟩) = d‖w_j‖²/dt, so δ_j = a_j² − ‖w_j‖² is constant along
 * eq. (3), for any data and any initialization, through ReLU kinks and Filippov sliding (a
 * sliding pair has ⟨w_j, x_i⟩ = 0, so its effective slope does not enter ⟨w_j, ẇ_j⟩).
 *
 * Margin: the share of a drift allowance left, 1 − max over neurons j and checkpoints t_k > 0 of
 * drift_jk/allow_jk: 1 when nothing drifted, 0 at the allowance, negative past it.
 * drift_jk = |δ̂_j(t_k) − δ̂_j(0)| in the float run (every accepted step is a checkpoint). allow_jk,
 * derived: if every parameter is within e of the exact flow (e = the Dormand–Prince global error
 * estimate E plus the rounding of the initial parameters to doubles — an estimate, trajectory.ts),
 * then |â² − a²| ≤ 2|â|e + e² per component, so δ_j moves by at most 2(|â_j| + ‖ŵ_j‖₁)·e + (d+1)·e²;
 * evaluating δ̂_j(t_k) − δ̂_j(0) in float adds the rigorous running rounding bound of the
 * error-bounded field (src/field/errorBound.ts). A frozen run (nothing moves) is vacuous.
 */
import { errorBound, errorBoundField, exactValue } from "../../src/field/errorBound.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { reluMeanField } from "./lib/assumptions.js";
import { withParameters } from "../../src/model/parameters.js";
import { balance } from "../../src/model/network.js";
import { anyInitCandidate } from "./lib/flowGenerators.js";
import { appendixC1 } from "./lib/flowInstances.js";
import { frozenRun, judgedCheckpoints, laterCheckpoints, NO_LATER_CHECKPOINT, runDetail, runFlow } from "./lib/trajectory.js";
import { balanceAlongFlow } from "./lib/alongFlow.js";

export const lemma1BalanceFlow: Property = {
  id: "dana2025/lemma1-balance-flow",
  title: "Lemma 1: a_j² − ‖w_j‖² is constant along the gradient flow",
  reference: {
    paper: "dana2025",
    statement: "Lemma 1 (along the gradient flow, eq. (3))",
    provenance: "the lemma is named in the authors' rebuttal (it 'prevents a_j from approaching zero'); its content, the conserved δ_j, is derived here from the model",
  },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ) (eq. (3)), δ_j(t) = a_j(t)² − ‖w_j(t)‖² equals δ_j(0) for every neuron j and every t ≥ 0.",
  reading:
    "Any data, any initialization. Checked at every accepted step after t = 0 of a Dormand–Prince run (rtol 1e-9, atol 1e-12) to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), " +
    "against a drift allowance derived from the run's global error ESTIMATE (not a proof: it ignores error growth) plus rigorous rounding bounds. " +
    "The generator draws live networks; a frozen run (every pair inactive, nothing moves) is counted as vacuous. settings.method = gd (step settings.eta) swaps in gradient descent, which is not the flow.",
  margin: {
    kind: "budget-fraction",
    formula:
      "1 − max_{j, t_k > 0} drift_jk/allow_jk, drift_jk = |δ̂_j(t_k) − δ̂_j(0)|, allow_jk = 2(|â_j| + ‖ŵ_j‖₁)·e + (d+1)·e² + rounding bound of the difference, e = Dormand–Prince error estimate + initial rounding",
    bound: { direction: "upper", observed: "drift |δ̂_j(t_k) − δ̂_j(0)| at the worst (j, t_k)", bound: "its allowance allow_jk" },
  },
  assumptions: [reluMeanField],
  generate: () => anyInitCandidate(),
  evaluate: evaluateBalanceDrift,
  knownBad: () => [
    {
      why: "deliberately different dynamics: gradient descent (settings.method = gd, η = 0.1) changes δ_j by η²(g_a² − ‖g_w‖²) per step",
      candidate: { ...appendixC1, settings: { method: "gd", eta: 0.1, horizon: 10 } },
    },
    {
      why: "relu-mean-field dropped: a 2-homogeneous activation (quadratic) conserves 2a_j² − ‖w_j‖², not a_j² − ‖w_j‖²",
      candidate: { ...appendixC1, file: { ...appendixC1.file, model: { activation: "quadratic", scaling: "mean-field" } } },
    },
  ],
  alongFlow: balanceAlongFlow,
  defaultRuns: 150,
};

function evaluateBalanceDrift(candidate: Candidate): Evaluation {
  const run = runFlow(candidate, 10);
  const frozen = frozenRun(run);
  if (frozen) return { margin: 1, vacuous: frozen, detail: runDetail(run) };
  const F = errorBoundField;
  const e = run.stateError;
  const p = run.instance.a.length;
  const d = run.instance.X[0].length;
  const deltaAt = (parameters: readonly number[]) => balance(F, withParameters(run.bounded, parameters.map(exactValue)));
  const checkpoints = judgedCheckpoints(run);
  const start = deltaAt(checkpoints[0].parameters);
  const later = laterCheckpoints(checkpoints);
  if (later.length === 0) return { margin: 1, vacuous: NO_LATER_CHECKPOINT, detail: runDetail(run) };
  let worst = { ratio: -1, drift: 0, allowance: 0, time: 0 };
  let maxDrift = 0;
  for (const c of later) {
    const delta = deltaAt(c.parameters);
    for (let j = 0; j < p; j++) {
      const difference = F.sub(delta[j], start[j]);
      const drift = Math.abs(difference.value);
      const w = c.parameters.slice(p + j * d, p + (j + 1) * d);
      const size = Math.abs(c.parameters[j]) + w.reduce((t, v) => t + Math.abs(v), 0);
      const allowance = 2 * size * e + (d + 1) * e * e + errorBound(difference);
      // allowance = 0 only for an all-zero neuron (its rounding bound is ≥ u·(a² + ‖w‖²)): any drift there fails.
      const ratio = allowance > 0 ? drift / allowance : drift > 0 ? Infinity : 0;
      maxDrift = Math.max(maxDrift, drift);
      if (ratio > worst.ratio) worst = { ratio, drift, allowance, time: c.time };
    }
  }
  return {
    margin: 1 - worst.ratio,
    slack: { observed: worst.drift, bound: worst.allowance },
    detail: { maxDrift, worstDriftOverAllowance: worst.ratio, worstTime: worst.time, ...runDetail(run) },
  };
}
