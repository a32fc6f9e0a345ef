/**
 * dana2025/lemma1-sign-preservation — Lemma 1, consequence (ii) (spec dana2025.md §3.1, §9b P2).
 *
 * Under strict Assumption 1 (δ_j = a_j(0)² − ‖w_j(0)‖² > 0 for every j), Lemma 1 gives
 * |a_j(t)| ≥ √δ_j > 0, so no a_j(t) can reach 0: sign a_j(t) = sign a_j(0) for all t.
 *
 * Margin: min over neurons j and checkpoints t_k of (sign(a_j(0))·â_j(t_k) − e)/max_j |a_j(0)|,
 * with e the run's bound on every parameter's error (Dormand–Prince global error estimate plus the
 * rounding of the initial parameters to doubles; lemma1-balance-flow.ts). A non-negative margin
 * says the exact a_j(t_k) kept its sign at every checkpoint; checkpoints are every accepted step.
 * The scale max_j |a_j(0)| > 0 under strict A1.
 *
 * Known bad case: the Appendix C.1 fixture (fixtures/dana2025/appendix-c1.json, §7), where A1
 * fails for both neurons and a_1 changes sign early in the run.
 */
import fc from "fast-check";
import type { Candidate, Property } from "../../src/check/property.js";
import { assumption1Strict, reluMeanField } from "./lib/assumptions.js";
import { lawCandidate, shortDecimalCandidate } from "./lib/generators.js";
import { anyInitCandidate, judgedCheckpoints, runDetail, runFlow } from "./lib/trajectory.js";

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  if (dropped.has(assumption1Strict.name)) return anyInitCandidate();
  const sizes = { n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 } };
  return fc.oneof(
    lawCandidate({ ...sizes, data: { law: "shell" }, init: { law: "asymmetric" } }),
    lawCandidate({ ...sizes, data: { law: "orthogonal" }, init: { law: "asymmetric", wScale: 0.01 } }),
    shortDecimalCandidate({ init: "A1-strict" }),
  );
}

export const lemma1SignPreservation: Property = {
  id: "dana2025/lemma1-sign-preservation",
  title: "Lemma 1 (ii): under strict Assumption 1, sign a_j(t) = sign a_j(0) along the flow",
  reference: { paper: "dana2025", statement: "Lemma 1, consequence (ii)", spec: "dana2025.md §3.1, §9b P2", provenance: "[REV name; DERIVED content]" },
  mode: "trajectory",
  statement: "If |a_j(0)| > ‖w_j(0)‖ for every j, then along dθ/dt = −p∇L(θ) (eq. (3)), sign a_j(t) = sign a_j(0) for every j and t ≥ 0.",
  reading:
    "Checked at every accepted step of a Dormand–Prince run (rtol 1e-9, atol 1e-12) to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), allowing the run's parameter error bound e. " +
    "The spec's Exp 2 initialization (w ×0.01) is among the candidates.",
  assumptions: [reluMeanField, assumption1Strict],
  generate: (dropped) => candidates(dropped),
  evaluate(candidate) {
    const run = runFlow(candidate, 10);
    const p = run.instance.a.length;
    const signs = run.instance.a.map(Math.sign);
    const scale = run.instance.a.map(Math.abs).reduce((extreme, value) => Math.max(extreme, value), -Infinity);
    let closest = Infinity;
    let neuron = 0;
    let time = 0;
    for (const c of judgedCheckpoints(run)) {
      for (let j = 0; j < p; j++) {
        const signed = signs[j] * c.parameters[j];
        if (signed < closest) [closest, neuron, time] = [signed, j, c.time];
      }
    }
    const margin = scale > 0 ? (closest - run.stateError) / scale : -1; // all a_j(0) = 0: no sign to keep (strict A1 excludes it)
    return { margin, detail: { smallestSignedA: closest, neuron, time, ...runDetail(run) } };
  },
  defaultRuns: 150,
};
