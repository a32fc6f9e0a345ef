/**
 * dana2025/lemma1-sign-preservation — a consequence of Lemma 1 of Dana, Pillaud-Vivien, Bach (2025).
 *
 * Under strict Assumption 1 (δ_j = a_j(0)² − ‖w_j(0)‖² > 0 for every j), Lemma 1 gives
 * |a_j(t)| ≥ √δ_j > 0, so no a_j(t) can reach 0: sign a_j(t) = sign a_j(0) for all t.
 *
 * Margin: min over neurons j and checkpoints t_k > 0 of (sign(a_j(0))·â_j(t_k) − e)/max_j |a_j(0)|,
 * with e the run's estimate of every parameter's error (Dormand–Prince global error estimate plus
 * the rounding of the initial parameters to doubles; trajectory.ts). A non-negative margin says
 * the a_j(t_k) kept its sign at every checkpoint with e to spare; checkpoints are every accepted
 * step. The scale max_j |a_j(0)| > 0 under strict A1. The conclusion is a sign, not a bound with
 * two sides, so no slack ratio is reported. A frozen run (nothing moves) is vacuous.
 *
 * Known bad case: the Appendix C.1-style instance (flowInstances.ts), where A1 fails for both
 * neurons and a_1 changes sign early in the run.
 */
import fc from "fast-check";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { assumption1Strict, reluMeanField } from "./lib/assumptions.js";
import { lawCandidate, shortDecimalCandidate } from "./lib/generators.js";
import { anyInitCandidate, isLive } from "./lib/flowGenerators.js";
import { appendixC1 } from "./lib/flowInstances.js";
import { frozenRun, judgedCheckpoints, laterCheckpoints, NO_LATER_CHECKPOINT, runDetail, runFlow } from "./lib/trajectory.js";
import { signKeptAlongFlow } from "./lib/alongFlow.js";

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  if (dropped.has(assumption1Strict.name)) return anyInitCandidate();
  const sizes = { n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 } };
  return fc
    .oneof(
      lawCandidate({ ...sizes, data: { law: "shell" }, init: { law: "asymmetric" } }),
      lawCandidate({ ...sizes, data: { law: "orthogonal" }, init: { law: "asymmetric", wScale: 0.01 } }),
      shortDecimalCandidate({ init: "A1-strict" }),
    )
    .filter(isLive);
}

export const lemma1SignPreservation: Property = {
  id: "dana2025/lemma1-sign-preservation",
  title: "Lemma 1: under strict Assumption 1, sign a_j(t) = sign a_j(0) along the flow",
  reference: {
    paper: "dana2025",
    statement: "Lemma 1, consequence for Assumption 1 (|a_j(0)| > ‖w_j(0)‖): a_j never reaches 0",
    provenance: "the rebuttal says Lemma 1 'prevents a_j from approaching zero'; the sign statement is derived here from the conserved δ_j",
  },
  mode: "trajectory",
  statement: "If |a_j(0)| > ‖w_j(0)‖ for every j, then along dθ/dt = −p∇L(θ) (eq. (3)), sign a_j(t) = sign a_j(0) for every j and t ≥ 0.",
  reading:
    "Checked at every accepted step after t = 0 of a Dormand–Prince run (rtol 1e-9, atol 1e-12) to settings.horizon (default 10; at most settings.maxSteps = 5,000 accepted steps), allowing the run's parameter error ESTIMATE e (not a proof). " +
    "Live networks only (some pair active at t = 0); a frozen run is counted as vacuous. The Exp 2 initialization (w ×0.01) of the authors' code is among the candidates.",
  margin: {
    kind: "bound-slack",
    formula: "(min_{j, t_k > 0} sign(a_j(0))·â_j(t_k) − e)/max_j |a_j(0)|, e = Dormand–Prince error estimate + initial rounding",
  },
  assumptions: [reluMeanField, assumption1Strict],
  generate: (dropped) => candidates(dropped),
  evaluate: evaluateSignKept,
  knownBad: () => [{ why: "A1-strict dropped: the Appendix C.1-style instance, |a_j(0)| < ‖w_j(0)‖, where a_1 changes sign early", candidate: appendixC1 }],
  alongFlow: signKeptAlongFlow,
  defaultRuns: 150,
};

function evaluateSignKept(candidate: Candidate): Evaluation {
  const run = runFlow(candidate, 10);
  const frozen = frozenRun(run);
  if (frozen) return { margin: 1, vacuous: frozen, detail: runDetail(run) };
  const later = laterCheckpoints(judgedCheckpoints(run));
  if (later.length === 0) return { margin: 1, vacuous: NO_LATER_CHECKPOINT, detail: runDetail(run) };
  const p = run.instance.a.length;
  const signs = run.instance.a.map(Math.sign);
  const scale = run.instance.a.map(Math.abs).reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  let closest = Infinity;
  let neuron = 0;
  let time = 0;
  for (const c of later) {
    for (let j = 0; j < p; j++) {
      const signed = signs[j] * c.parameters[j];
      if (signed < closest) [closest, neuron, time] = [signed, j, c.time];
    }
  }
  const margin = scale > 0 ? (closest - run.stateError) / scale : -1; // all a_j(0) = 0: no sign to keep (strict A1 excludes it)
  return { margin, detail: { smallestSignedA: closest, neuron, time, ...runDetail(run) } };
}
