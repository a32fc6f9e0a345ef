/**
 * dana2025/monotone-loss-flow — the loss never increases along the flow (spec dana2025.md §3.2,
 * §9b P7): dL/dt = −p‖∇L‖² ≤ 0. Not guaranteed for gradient descent.
 *
 * Margin: min_k (L_k − L_{k+1} + tol_k)/L_0 over consecutive checkpoints, tol_k derived: with every
 * parameter within e = E + rounding of the flow, L is off by at most ‖∇L‖₁·e + O(e²) at each end
 * (first order, both ends: (‖∇L(θ_k)‖₁ + ‖∇L(θ_{k+1})‖₁)·e, the O(e²) term is far below at
 * e ≲ 1e-8), and evaluating L in float adds at most (1/n)Σ_i |r_i|·γ_{d+p+2}(|y_i| + 2|h_i|) + γ_{n+1}·L.
 * settings.method = "gd" with settings.eta replaces the flow by gradient descent (e = 0): the
 * deliberately different dynamics of the known bad case (a step too large for monotone descent).
 */
import { float64Field } from "../../src/field/float64.js";
import { gamma } from "../../src/field/errorBound.js";
import type { Property } from "../../src/check/property.js";
import { evaluate } from "../../src/model/network.js";
import { withParameters } from "../../src/dynamics/state.js";
import { reluMeanField } from "./assumptions.js";
import { lawCandidate } from "./generators.js";
import { runFlow } from "./trajectory.js";

export const monotoneLossFlow: Property = {
  id: "dana2025/monotone-loss-flow",
  title: "The loss is non-increasing along the gradient flow",
  reference: { paper: "dana2025", statement: "dL/dt = −p‖∇L‖² (monotone loss)", spec: "dana2025.md §3.2, §9b P7", provenance: "[DERIVED]" },
  mode: "trajectory",
  statement: "Along dθ/dt = −p∇L(θ), L(θ(t)) is non-increasing: L(t_{k+1}) ≤ L(t_k) at every pair of checkpoints.",
  reading: "Any data and initialization; Dormand–Prince to settings.horizon (default 10), 40 checkpoints. Gradient descent (settings.method = gd) is not covered by the statement.",
  assumptions: [reluMeanField],
  generate: () =>
    lawCandidate({ n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 }, data: { law: "shell" }, init: { law: "gaussian" } }),
  evaluate(candidate) {
    const { trajectory, error, rounding, instance } = runFlow(candidate, 10, 40);
    const e = error + rounding;
    const n = instance.X.length;
    const d = instance.X[0].length;
    const p = instance.a.length;
    const points = trajectory.checkpoints.map((c) => {
      const at = evaluate(float64Field, withParameters(instance, c.parameters));
      const gradientL1 = [...at.gradient.a, ...at.gradient.W.flat()].reduce((t, g) => t + Math.abs(g), 0);
      const lossRounding =
        at.residuals.reduce((t, r, i) => t + Math.abs(r) * gamma(d + p + 2) * (Math.abs(instance.y[i]) + 2 * Math.abs(at.outputs[i])), 0) / n +
        gamma(n + 1) * at.loss;
      return { loss: at.loss, slack: gradientL1 * e + lossRounding };
    });
    const initialLoss = points[0].loss;
    let margin = Infinity;
    let largestIncrease = -Infinity;
    for (let k = 0; k + 1 < points.length; k++) {
      const decrease = points[k].loss - points[k + 1].loss;
      largestIncrease = Math.max(largestIncrease, -decrease);
      margin = Math.min(margin, (decrease + points[k].slack + points[k + 1].slack) / initialLoss);
    }
    return {
      margin: initialLoss > 0 ? margin : 0,
      detail: { largestIncrease, initialLoss, finalLoss: points[points.length - 1].loss, errorEstimate: error, method: String(candidate.settings.method ?? "dopri") },
    };
  },
  defaultRuns: 20,
};
