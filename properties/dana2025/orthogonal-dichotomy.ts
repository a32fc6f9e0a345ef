/**
 * dana2025/orthogonal-dichotomy — on orthogonal data under Assumption 1, each sample is either
 * learned or never attempted (spec dana2025.md §3.7, §9b P8; the rebuttal: "either the network
 * gets stuck at the beginning and never attempts to learn a particular example x_i, or it
 * successfully learns it").
 *
 * L(θ(t)) → (1/2n)·Σ_{i∉Good} y_i², Good = {i : ∃j a_j(0)y_i > 0 and ⟨w_j(0), x_i⟩ > 0}.
 *
 * The limit is approached from above (L decreases, §3.2) and exponentially, so the run stops once
 * L ≤ prediction + tol·L(0), tol = settings.tolerance (default 1e-4, a stated knob, not tuned), or
 * at settings.horizon (default 2000). Margin: (tol·L(0) − |L(T) − prediction|)/(tol·L(0)): ≥ 0 when
 * the run reached the predicted limit to within tol; a run that stalls elsewhere (the C.1
 * counterexample: prediction 0, L → 1/4) gets a margin near −1/tol.
 */
import type { Property } from "../../src/check/property.js";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { loss } from "../../src/model/network.js";
import { assumption1Weak, exactInstance, goodSamples, orthogonalData, reluMeanField, setting } from "./assumptions.js";
import { lawCandidate } from "./generators.js";
import { runFlow } from "./trajectory.js";

export const orthogonalDichotomy: Property = {
  id: "dana2025/orthogonal-dichotomy",
  title: "Orthogonal dichotomy: L → (1/2n)Σ_{i∉Good} y_i² (L → 0 iff the good event G holds)",
  reference: { paper: "dana2025", statement: "orthogonal dichotomy (rebuttal remark; Lemma 5's event G)", spec: "dana2025.md §3.7, §9b P8", provenance: "[DERIVED (empirical); REV remark]" },
  mode: "trajectory",
  statement:
    "For orthogonal data and |a_j(0)| ≥ ‖w_j(0)‖, the flow's loss converges to (1/2n)·Σ_{i∉Good} y_i², Good = {i : ∃j a_j(0)y_i > 0, ⟨w_j(0), x_i⟩ > 0}.",
  reading:
    "'Converges' is checked as: L reaches prediction + tol·L(0) (tol = settings.tolerance, default 1e-4) before settings.horizon (default 2000). The spec verified it numerically, not formally.",
  assumptions: [reluMeanField, orthogonalData, assumption1Weak],
  generate: () =>
    lawCandidate({ n: { min: 1, max: 4 }, d: { min: 1, max: 5 }, p: { min: 1, max: 3 }, data: { law: "orthogonal" }, init: { law: "asymmetric" } }),
  evaluate(candidate, context) {
    const exact = exactInstance(candidate, context);
    const good = goodSamples(exact, context);
    const n = exact.X.length;
    const prediction = exact.y.reduce((t, y, i) => (good[i] ? t : t + y.toNumber() ** 2), 0) / (2 * n);
    const tolerance = setting(candidate, "tolerance", 1e-4);
    const L0 = loss(float64Field, instanceOverField(float64Field, candidate.file));
    const { trajectory } = runFlow(candidate, 2000, 1, { checkpoints: { kind: "log", perDecade: 1 }, untilLoss: prediction + tolerance * L0 });
    const finalLoss = trajectory.summary.finalLoss;
    const allowed = tolerance * L0;
    return {
      margin: allowed > 0 ? (allowed - Math.abs(finalLoss - prediction)) / allowed : 0,
      detail: { prediction, finalLoss, time: trajectory.summary.time, stopReason: trajectory.summary.stopReason, goodSamples: good.filter(Boolean).length, n },
    };
  },
  defaultRuns: 20,
};
