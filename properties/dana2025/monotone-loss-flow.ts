/**
 * dana2025/monotone-loss-flow — the loss never increases along the gradient flow eq. (3) of Dana,
 * Pillaud-Vivien, Bach (2025): dL/dt = −p‖∇L‖² ≤ 0. Not guaranteed for gradient descent.
 *
 * Margin: the share of the numerical allowance left by the largest apparent increase,
 * 1 − max_k (L̂_{k+1} − L̂_k)/(tol_k + tol_{k+1}) over consecutive checkpoints k → k+1 (every accepted
 * step) whose states differ, where tol_k allows for |L̂_k − L(θ(t_k))|, derived:
 * - the state error e (Dormand–Prince global error estimate plus initial rounding: an estimate,
 *   trajectory.ts) moves each output by at most η_i = (1/p)·e·Σ_j [σ(ẑ_ij) + (|â_j| + e)‖x_i‖₁],
 *   hence L by at most (1/2n)Σ_i (2|r̂_i|η_i + η_i²) — to first order (1/n)Σ_i |r_i|η_i, which
 *   dominates the ‖∇L‖₁·e of a first-order expansion and, unlike it, holds to all orders
 *   (boundedPoint's lossShift);
 * - evaluating L̂_k in float: the rigorous rounding bound of the error-bounded field.
 * A step whose two states are equal compares a number with itself and is not judged; a run with no
 * other step (a frozen network: every pair inactive), or with L(0) = 0, is vacuous. A relative
 * decrease would say little: where the flow creeps along a plateau it tends to 0 whatever the
 * allowances. The budget used instead says how close float noise (or a real increase) came to
 * the allowance; it is negative, and the margin above 1, when every step decreased.
 *
 * Known bad case (deliberately different dynamics): settings.method = "gd" replaces the flow by
 * gradient descent with step settings.eta, through the same evaluate code, with e = the initial
 * rounding only (GD's iterates are taken as flow points). With too large a step the loss goes up
 * and the margin is negative.
 */
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { errorBound } from "../../src/field/errorBound.js";
import { reluMeanField } from "./lib/assumptions.js";
import { anyInitCandidate } from "./lib/flowGenerators.js";
import { appendixC1Control } from "./lib/flowInstances.js";
import { boundedCheckpoints, frozenRun, runDetail, runFlow } from "./lib/trajectory.js";
import { lossNonIncreasingAlongFlow } from "./lib/alongFlow.js";

export const monotoneLossFlow: Property = {
  id: "dana2025/monotone-loss-flow",
  title: "The loss is non-increasing along the gradient flow",
  reference: {
    paper: "dana2025",
    statement: "the gradient flow eq. (3): dL/dt = −p‖∇L‖² ≤ 0 (not a numbered result)",
    provenance: "derived here from the flow eq. (3), which the authors' rebuttal states with its factor p",
  },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ) (eq. (3)), L(θ(t)) is non-increasing in t: L(θ(t')) ≤ L(θ(t)) for t' ≥ t.",
  reading:
    "Any data and initialization. Checked between every pair of consecutive accepted steps of a Dormand–Prince run to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), " +
    "allowing rigorous rounding bounds and the shift the integration error ESTIMATE allows (not a proof). Live networks only; a frozen run or L(0) = 0 is counted as vacuous. " +
    "settings.method = gd (step settings.eta) swaps in gradient descent, which the statement does not cover (the known-bad case).",
  margin: {
    kind: "budget-fraction",
    formula:
      "1 − max over moving steps k → k+1 of (L̂_{k+1} − L̂_k)/(tol_k + tol_{k+1}), tol_k = rounding bound of L̂_k + the loss shift the error estimate e allows",
    bound: { direction: "upper", observed: "the largest step increase L̂(t_{k+1}) − L̂(t_k) (negative when the loss always fell)", bound: "its allowance tol_k + tol_{k+1}" },
  },
  assumptions: [reluMeanField],
  generate: () => anyInitCandidate(),
  evaluate: evaluateMonotone,
  knownBad: () => [
    {
      why: "deliberately different dynamics: gradient descent with a too-large step (settings.method = gd, η = 5) on the Appendix C.1 control",
      candidate: { ...appendixC1Control, settings: { method: "gd", eta: 5, horizon: 50 } },
    },
  ],
  alongFlow: lossNonIncreasingAlongFlow,
  defaultRuns: 150,
};

function evaluateMonotone(candidate: Candidate): Evaluation {
  const run = runFlow(candidate, 10);
  const frozen = frozenRun(run);
  if (frozen) return { margin: 1, vacuous: frozen, detail: runDetail(run) };
  const points = boundedCheckpoints(run);
  const initial = points[0].loss.value;
  const lossFacts = { initialLoss: initial, finalLoss: points[points.length - 1].loss.value };
  if (initial === 0) return { margin: 1, vacuous: "L(0) = 0: a global minimum, nothing can decrease", detail: { ...lossFacts, ...runDetail(run) } };
  const tolerance = points.map((point) => errorBound(point.loss) + point.lossShift);
  let worst: { ratio: number; observed: number; bound: number; time: number } | undefined;
  for (let k = 0; k + 1 < points.length; k++) {
    const [from, to] = [points[k], points[k + 1]];
    if (to.parameters.every((v, m) => v === from.parameters[m])) continue;
    const increase = to.loss.value - from.loss.value;
    const allowance = tolerance[k] + tolerance[k + 1];
    // allowance = 0 only when both losses are exact (0 at exact parameters): any increase fails.
    const ratio = allowance > 0 ? increase / allowance : increase > 0 ? Infinity : 0;
    if (worst === undefined || ratio > worst.ratio) worst = { ratio, observed: increase, bound: allowance, time: to.time };
  }
  if (worst === undefined) return { margin: 1, vacuous: "no step of the run moved the state", detail: { ...lossFacts, ...runDetail(run) } };
  return {
    margin: 1 - worst.ratio,
    slack: { observed: worst.observed, bound: worst.bound },
    detail: { largestIncrease: worst.observed, time: worst.time, ...lossFacts, ...runDetail(run) },
  };
}
