/**
 * dana2025/theorem1-loss-decay — the decay Theorem 1 draws from eq. (6) (spec dana2025.md §4,
 * possibly the paper's eq. (7)): L(θ(t)) ≤ L(θ(0))·exp(−(C/n)∫₀ᵗ min_i |h_θ(s)(x_i)/y_i| ds).
 *
 * Checked on a Dormand–Prince run at 40 checkpoints t_k. The integral is taken from below so that
 * a failure is not manufactured by quadrature: I_k = Σ_{l<k} [min(m_l, m_{l+1}) − (max − min)]·Δt,
 * i.e. the lower Riemann sum of the sampled integrand minus the spread between the lower and upper
 * sums — exact for m monotone between checkpoints and conservative by that spread otherwise (a
 * stated reading, not a bound for arbitrary m). Margin, in nats:
 *   min_k [log L(0) − (C/n)·I_k + s_k − log L(t_k)],
 * with s_k = (‖∇L(θ_k)‖₁·e)/L(t_k) + (‖∇L(θ_0)‖₁·e)/L(0) the first-order effect of the run's
 * parameter error e (trajectory.ts) on the two logarithms. C = (C_x^-/C_x^+)C_x^-C_y^- from the
 * data's own extremes.
 */
import { float64Field } from "../../src/field/float64.js";
import type { Evaluation, Property } from "../../src/check/property.js";
import { evaluate } from "../../src/model/network.js";
import { withParameters } from "../../src/dynamics/state.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./assumptions.js";
import { shortDecimalCandidate } from "./generators.js";
import { runFlow } from "./trajectory.js";

export const theorem1LossDecay: Property = {
  id: "dana2025/theorem1-loss-decay",
  title: "Theorem 1's decay: L(t) ≤ L(0)·exp(−(C/n)∫₀ᵗ min_i |h(x_i)/y_i| ds)",
  reference: { paper: "dana2025", statement: "Theorem 1, consequence of eq. (6) (possibly eq. (7))", spec: "dana2025.md §4, §9b P6", provenance: "[INFERRED statement; REV constant]" },
  mode: "trajectory",
  statement: "Under the Assumption-2 encoding, A1 and the data bounds: L(θ(t)) ≤ L(θ(0))·exp(−(C/n)∫₀ᵗ min_i |h_θ(s)(x_i)/y_i| ds) along dθ/dt = −p∇L.",
  reading:
    "The spec reconstructs this consequence of (6) (INFERRED; whether the paper numbers it (7) is unknown). Integral from below over 40 checkpoints (see the file header); settings.horizon (default 10).",
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds],
  generate: () => shortDecimalCandidate({ data: "near-orthogonal", init: "A1" }),
  evaluate(candidate): Evaluation {
    const { trajectory, error, rounding, instance } = runFlow(candidate, 10, 40);
    const e = error + rounding;
    const n = instance.X.length;
    const norms = instance.X.map((x) => Math.hypot(...x));
    const C = (Math.min(...norms) / Math.max(...norms)) * Math.min(...norms) * Math.min(...instance.y.map(Math.abs));
    const points = trajectory.checkpoints.map((c) => {
      const at = evaluate(float64Field, withParameters(instance, c.parameters));
      const ratio = Math.min(...at.outputs.map((h, i) => Math.abs(h / instance.y[i])));
      const gradientL1 = [...at.gradient.a, ...at.gradient.W.flat()].reduce((t, g) => t + Math.abs(g), 0);
      return { time: c.time, loss: at.loss, ratio, slack: (gradientL1 * e) / at.loss };
    });
    const [first] = points;
    if (!(first.loss > 0)) return { margin: 0, detail: { vacuous: true } };
    let integral = 0;
    let margin = Infinity;
    let worstTime = 0;
    for (let k = 1; k < points.length; k++) {
      const [a, b] = [points[k - 1].ratio, points[k].ratio];
      integral += (Math.min(a, b) - (Math.max(a, b) - Math.min(a, b))) * (points[k].time - points[k - 1].time);
      if (!(points[k].loss > 0)) break; // converged exactly: 0 ≤ any bound
      const value = Math.log(first.loss) - (C / n) * integral + points[k].slack + first.slack - Math.log(points[k].loss);
      if (value < margin) {
        margin = value;
        worstTime = points[k].time;
      }
    }
    return { margin: Number.isFinite(margin) ? margin : 0, detail: { worstTime, C, finalLoss: trajectory.summary.finalLoss, errorEstimate: error } };
  },
  defaultRuns: 15,
};
