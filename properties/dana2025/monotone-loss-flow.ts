/**
 * dana2025/monotone-loss-flow — the loss never increases along the flow (spec dana2025.md §3.2,
 * §9b P7): dL/dt = −p‖∇L‖² ≤ 0. Not guaranteed for gradient descent.
 *
 * Margin: min over consecutive checkpoints (every accepted step) of
 * (L̂_k − L̂_{k+1} + tol_k + tol_{k+1})/L̂_0, where tol_k bounds |L̂_k − L(θ(t_k))|, derived:
 * - the state error e (Dormand–Prince global error estimate plus initial rounding) moves each
 *   output by at most η_i = (1/p)·e·Σ_j [σ(ẑ_ij) + (|â_j| + e)‖x_i‖₁], hence L by at most
 *   (1/2n)Σ_i (2|r̂_i|η_i + η_i²) — to first order (1/n)Σ_i |r_i|η_i, which dominates the
 *   ‖∇L‖₁·e of a first-order expansion and, unlike it, holds to all orders (boundedPoint's lossShift);
 * - evaluating L̂_k in float: the rigorous rounding bound of the error-bounded field.
 *
 * Known bad case (deliberately different dynamics): settings.method = "gd" replaces the flow by
 * gradient descent with step settings.eta, through the same evaluate code, with e = the initial
 * rounding only (GD's iterates are taken as flow points). With too large a step the loss goes up
 * and the margin is negative.
 */
import type { Property } from "../../src/check/property.js";
import { reluMeanField } from "./lib/assumptions.js";
import { anyInitCandidate, boundedCheckpoints, runDetail, runFlow } from "./lib/trajectory.js";
import { errorBound } from "../../src/field/errorBound.js";

export const monotoneLossFlow: Property = {
  id: "dana2025/monotone-loss-flow",
  title: "The loss is non-increasing along the gradient flow",
  reference: { paper: "dana2025", statement: "dL/dt = −p‖∇L‖² ≤ 0 (monotone loss)", spec: "dana2025.md §3.2, §9b P7", provenance: "[DERIVED]" },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ) (eq. (3)), L(θ(t)) is non-increasing in t: L(θ(t')) ≤ L(θ(t)) for t' ≥ t.",
  reading:
    "Any data and initialization. Checked between every pair of consecutive accepted steps of a Dormand–Prince run to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), allowing derived error bounds. " +
    "settings.method = gd (step settings.eta) swaps in gradient descent, which the statement does not cover (the known-bad case).",
  assumptions: [reluMeanField],
  generate: () => anyInitCandidate(),
  evaluate(candidate) {
    const run = runFlow(candidate, 10);
    const points = boundedCheckpoints(run);
    const tolerance = points.map((point) => errorBound(point.loss) + point.lossShift);
    const initial = points[0].loss.value;
    let margin = Infinity;
    let largestIncrease = -Infinity;
    let time = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const decrease = points[k].loss.value - points[k + 1].loss.value;
      largestIncrease = Math.max(largestIncrease, -decrease);
      const m = (decrease + tolerance[k] + tolerance[k + 1]) / initial;
      if (m < margin) [margin, time] = [m, points[k + 1].time];
    }
    // L(0) = 0 is a global minimum: nothing can decrease or fail. One checkpoint: nothing to compare.
    if (initial === 0 || margin === Infinity) margin = 1;
    return { margin, detail: { largestIncrease, time, initialLoss: initial, finalLoss: points[points.length - 1].loss.value, ...runDetail(run) } };
  },
  defaultRuns: 150,
};
