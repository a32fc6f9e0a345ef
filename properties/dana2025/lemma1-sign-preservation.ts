/**
 * dana2025/lemma1-sign-preservation — Lemma 1's consequence (ii) (spec dana2025.md §3.1, §9b P2).
 *
 * Under strict Assumption 1 (δ_j = a_j(0)² − ‖w_j(0)‖² > 0), |a_j(t)| ≥ √δ_j > 0, so a_j never
 * changes sign. Margin: min over checkpoints and j of (sign(a_j(0))·a_j(t) − e)/max_j |a_j(0)|,
 * with e = E + rounding the run's parameter error bound (trajectory.ts): a non-negative margin
 * certifies that the true a_j(t) kept its sign at every checkpoint.
 */
import type { Property } from "../../src/check/property.js";
import { assumption1Strict, reluMeanField } from "./assumptions.js";
import { lawCandidate } from "./generators.js";
import { runFlow } from "./trajectory.js";

export const lemma1SignPreservation: Property = {
  id: "dana2025/lemma1-sign-preservation",
  title: "Lemma 1 (ii): under strict Assumption 1, sign a_j(t) = sign a_j(0) along the flow",
  reference: { paper: "dana2025", statement: "Lemma 1, consequence (ii)", spec: "dana2025.md §3.1, §9b P2", provenance: "[REV; DERIVED]" },
  mode: "trajectory",
  statement: "If |a_j(0)| > ‖w_j(0)‖ for every j, then sign a_j(t) = sign a_j(0) for all t along dθ/dt = −p∇L(θ).",
  reading: "Checked at 20 checkpoints of a Dormand–Prince run to settings.horizon (default 10). The C.1 fixture (A1 fails) is the known bad case: a_1 changes sign.",
  assumptions: [reluMeanField, assumption1Strict],
  generate: () =>
    lawCandidate({ n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 }, data: { law: "shell" }, init: { law: "asymmetric" } }),
  evaluate(candidate) {
    const { trajectory, error, rounding, instance } = runFlow(candidate, 10, 20);
    const p = instance.a.length;
    const e = error + rounding;
    const signs = instance.a.map(Math.sign);
    const scale = Math.max(...instance.a.map(Math.abs));
    let closest = Infinity;
    for (const c of trajectory.checkpoints) for (let j = 0; j < p; j++) closest = Math.min(closest, signs[j] * c.parameters[j]);
    return { margin: scale > 0 ? (closest - e) / scale : 0, detail: { smallestSignedA: closest, errorBound: e } };
  },
  defaultRuns: 20,
};
