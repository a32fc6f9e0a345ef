/**
 * dana2025/output-energy-bound — outputs are bounded by the per-sample energy (spec dana2025.md
 * §3.5 Step 3, §9b P5), the step that turns the PL bound into Theorem 1's min_i |h(x_i)/y_i|.
 *
 * If ‖w_j‖ ≤ |a_j| for every j, then |h(x_i)| ≤ (1/p)Σ_j |a_j|‖w_j‖‖x_i‖1_ij ≤ ‖x_i‖E_i, i.e.
 *   h(x_i)² ≤ ‖x_i‖²·E_i²,  E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0},
 * for every sample, any data. Pointwise in θ; squared so that no square root is needed.
 *
 * Margin: min_i (‖x_i‖²E_i² − h_i²)/max(‖x_i‖²E_i², h_i²), each sample's slack normalized by the
 * larger of its two sides — scale-free (invariant under x ↦ cx and θ ↦ cθ), in [−1, 1], −1 when a
 * sample with a zero bound has h_i ≠ 0. Samples with 0 = h_i² = ‖x_i‖²E_i² (no active neuron with
 * a_j ≠ 0) cannot fail and are left out of the min; with none left the margin is 0. Computed in
 * exact rationals; {@link exactMargin} keeps the sign through the double. No tolerance.
 */
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { forward } from "../../src/model/network.js";
import type { Evaluation, Property } from "../../src/check/property.js";
import { assumption1Weak, reluMeanField } from "./assumptions.js";
import { shortDecimalCandidate } from "./generators.js";
import { exactMargin } from "../../src/check/margin.js";
import { energies } from "./kernel-identity.js";

export const outputEnergyBound: Property = {
  id: "dana2025/output-energy-bound",
  title: "‖w_j‖ ≤ |a_j| ⇒ h(x_i)² ≤ ‖x_i‖²·E_i² for every sample",
  reference: { paper: "dana2025", statement: "Theorem 1 proof, output bound |h(x_i)| ≤ ‖x_i‖E_i", spec: "dana2025.md §3.5 (Step 3), §9b P5", provenance: "[DERIVED]" },
  mode: "exact",
  statement: "If ‖w_j‖ ≤ |a_j| for every neuron j, then h(x_i)² ≤ ‖x_i‖²·E_i² for every i, with E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0}.",
  reading: "Pointwise in θ, any data; Assumption 1 enters as the weak inequality at the current θ (Lemma 1 propagates it along the flow).",
  assumptions: [reluMeanField, assumption1Weak],
  generate: (dropped) => shortDecimalCandidate({ data: "general", init: dropped.has(assumption1Weak.name) ? "any" : "A1" }),
  evaluate(candidate, context): Evaluation {
    const F = rationalField;
    const instance = instanceOverField(F, candidate.file);
    const pass = forward(F, instance);
    const E = energies(F, instance, pass);
    const bounds = instance.X.map((x, i) => F.mul(squaredNorm(F, x), F.mul(E[i], E[i])));
    let worst: number | undefined;
    let margin = F.zero;
    for (let i = 0; i < bounds.length; i++) {
      const outputSquared = F.mul(pass.outputs[i], pass.outputs[i]);
      const scale = F.max(bounds[i], outputSquared);
      if (F.sign(scale) !== 1) continue; // 0 ≤ 0: this sample cannot fail
      const relative = F.div(F.sub(bounds[i], outputSquared), scale);
      if (worst === undefined || F.sign(F.sub(relative, margin)) === -1) {
        worst = i;
        margin = relative;
      }
    }
    return {
      margin: exactMargin(F, margin),
      detail:
        worst === undefined
          ? { sample: null, vacuous: true }
          : {
              sample: worst,
              output: F.toNumber(pass.outputs[worst]),
              outputSquared: F.toNumber(F.mul(pass.outputs[worst], pass.outputs[worst])),
              bound: F.toNumber(bounds[worst]),
              energy: F.toNumber(E[worst]),
              vacuous: false,
            },
    };
  },
  defaultRuns: 500,
};
