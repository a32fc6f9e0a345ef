/**
 * dana2025/output-energy-bound — outputs are bounded by the per-sample energy: the step of the
 * proof of Theorem 1, eq. (6) of Dana, Pillaud-Vivien & Bach (arXiv 2502.16977) that turns the PL
 * bound into min_i |h(x_i)/y_i| (our reconstruction of that proof; the paper's text was not available).
 *
 * If ‖w_j‖ ≤ |a_j| for every j, then |h(x_i)| ≤ (1/p)Σ_j |a_j|‖w_j‖‖x_i‖1_ij ≤ ‖x_i‖E_i, i.e.
 *   h(x_i)² ≤ ‖x_i‖²·E_i²,  E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0},
 * for every sample, any data. Pointwise in θ; squared so that no square root is needed.
 *
 * Margin: min_i (‖x_i‖²E_i² − h_i²)/max(‖x_i‖²E_i², h_i²), each sample's slack normalized by the
 * larger of its two sides — scale-free (invariant under x ↦ cx and θ ↦ cθ), in [−1, 1], −1 when a
 * sample with a zero bound has h_i ≠ 0. Samples with 0 = h_i² = ‖x_i‖²E_i² (no active neuron with
 * a_j ≠ 0) cannot fail and are left out of the min (they count as 1, the top of the scale); with
 * none left the margin is 0. Computed in
 * exact rationals; {@link exactMargin} keeps the sign through the double. No tolerance.
 *
 * Vacuous (counted apart): every h(x_i) = 0 (a dead network among others), where |h_i| ≤ ‖x_i‖E_i
 * cannot fail. The slack reported is the worst sample's |h_i| against ‖x_i‖E_i. The generator makes
 * every sample active for some neuron, so outputs are rarely 0.
 */
import fc from "fast-check";
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { all, bySign, hull, isZero } from "../../src/field/decide.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { forward } from "../../src/model/network.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { assumption1Weak, reluMeanField } from "./lib/assumptions.js";
import { shortDecimalCandidate } from "./lib/generators.js";
import { exactMargin } from "../../src/check/margin.js";
import { energies } from "./lib/kernel.js";

/**
 * Per-sample bounds ‖x_i‖²E_i², h_i², relative slacks and the margin, over any field. A sample
 * whose two sides are both 0 cannot fail: it counts as the top of the scale (1) in the min, and
 * when every sample is such the margin is 0. Over intervals an undecided case is the hull of both.
 * `relative[i]` is undefined for a sample whose scale is certainly 0.
 */
function outputEnergyTerms<T>(F: Field<T>, instance: Instance<T>) {
  const pass = forward(F, instance);
  const E = energies(F, instance, pass);
  const bounds = instance.X.map((x, i) => F.mul(squaredNorm(F, x), F.mul(E[i], E[i])));
  const outputSquared = pass.outputs.map((h) => F.mul(h, h));
  const scales = bounds.map((b, i) => F.max(b, outputSquared[i]));
  const relative = scales.map((scale, i) => (isZero(F, scale) === true ? undefined : F.div(F.sub(bounds[i], outputSquared[i]), scale)));
  const perSample = scales.map((scale, i) => bySign(F, scale, { zero: () => F.one, positive: () => relative[i]! }));
  const smallest = perSample.reduce((m, v) => F.min(m, v));
  const everySampleVacuous = all(scales.map((scale) => isZero(F, scale)));
  const margin = everySampleVacuous === true ? F.zero : everySampleVacuous === false ? smallest : hull(F, F.zero, smallest);
  return { outputs: pass.outputs, outputSquared, bounds, energies: E, relative, margin };
}

export const outputEnergyBound: Property = {
  id: "dana2025/output-energy-bound",
  title: "‖w_j‖ ≤ |a_j| ⇒ h(x_i)² ≤ ‖x_i‖²·E_i² for every sample",
  reference: {
    paper: "dana2025",
    statement: "Theorem 1, eq. (6): the output bound |h(x_i)| ≤ ‖x_i‖E_i used in its proof",
    provenance: "a step of our reconstruction of the proof of eq. (6), derived here; the paper's proof text was not available",
  },
  margin: {
    kind: "bound-slack",
    formula: "min_i (‖x_i‖²E_i² − h(x_i)²)/max(‖x_i‖²E_i², h(x_i)²) over samples with a nonzero side, in exact rationals",
    bound: { direction: "upper", observed: "|h(x_i)| (sample attaining the margin)", bound: "‖x_i‖·E_i" },
  },
  knownBad: () => [
    {
      why: "Assumption 1 dropped: |a| = 0.5 < ‖w‖ = 1, h = 0.5 > ‖x‖E = 0.25",
      candidate: { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1"]], y: ["1"] }, params: { W: [["1"]], a: ["0.5"] } }, settings: {} },
    },
  ],
  mode: "exact",
  statement: "If ‖w_j‖ ≤ |a_j| for every neuron j, then h(x_i)² ≤ ‖x_i‖²·E_i² for every i, with E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0}.",
  reading:
    "Pointwise in θ, any data; Assumption 1 enters as the weak inequality at the current θ (Lemma 1 propagates it along the flow). Squared, so no root is taken. " +
    "Vacuous: every h(x_i) = 0. Slack: |h_i|/(‖x_i‖E_i) at the sample attaining the margin. Data in [−2, 2]^d, every sample active for some neuron, n ≤ 16, p ≤ 8, d ≤ 5.",
  assumptions: [reluMeanField, assumption1Weak],
  // Theorem 1's regime: n up to 16 (n = 1 one draw in 16).
  generate: (dropped) =>
    shortDecimalCandidate({
      data: "general",
      init: dropped.has(assumption1Weak.name) ? "any" : "A1",
      n: fc.integer({ min: 1, max: 16 }),
      p: fc.integer({ min: 1, max: 8 }),
      everySampleActive: true,
    }),
  evaluate(candidate): Evaluation {
    const F = rationalField;
    const terms = outputEnergyTerms(F, instanceOverField(F, candidate.file));
    // The sample attaining the margin (first of equals), among those that can fail.
    let worst: number | undefined;
    terms.relative.forEach((v, i) => {
      if (v !== undefined && (worst === undefined || F.sign(F.sub(v, terms.relative[worst]!)) === -1)) worst = i;
    });
    const margin = exactMargin(F, terms.margin);
    if (terms.outputs.every((h) => F.sign(h) === 0)) return { margin, vacuous: "every h(x_i) = 0: |h_i| ≤ ‖x_i‖E_i cannot fail" };
    // worst is defined: some h_i ≠ 0 gives that sample a nonzero scale.
    const k = worst!;
    return {
      margin,
      slack: { observed: Math.abs(F.toNumber(terms.outputs[k])), bound: Math.sqrt(F.toNumber(terms.bounds[k])) },
      detail: {
        sample: k,
        output: F.toNumber(terms.outputs[k]),
        outputSquared: F.toNumber(terms.outputSquared[k]),
        bound: F.toNumber(terms.bounds[k]),
        energy: F.toNumber(terms.energies[k]),
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => outputEnergyTerms(F, instance ?? instanceOverField(F, candidate.file)).margin,
  slackOver: outputEnergySlack,
  defaultRuns: 500,
};

/**
 * |h(x_k)| and ‖x_k‖E_k over any field, for `tighten`'s certified ratio, at the sample k of largest
 * ratio among those the field shows non-vacuous (h_k ≠ 0, bound > 0); undefined when none is.
 * The bound holds for every sample, so any sample's enclosed ratio is a certified witness; k is
 * chosen on the field's midpoints and only decides which sample certifies.
 */
function outputEnergySlack<T>(F: Field<T>, candidate: Candidate, _context: unknown, instance?: Instance<T>): { observed: T; bound: T } | undefined {
  const terms = outputEnergyTerms(F, instance ?? instanceOverField(F, candidate.file));
  let best: { k: number; squaredRatio: number } | undefined;
  terms.bounds.forEach((bound, k) => {
    if (F.sign(bound) !== 1 || F.sign(terms.outputSquared[k]) !== 1) return;
    const squaredRatio = F.toNumber(F.div(terms.outputSquared[k], bound));
    if (best === undefined || squaredRatio > best.squaredRatio) best = { k, squaredRatio };
  });
  if (best === undefined) return undefined;
  return { observed: F.abs(terms.outputs[best.k]), bound: F.sqrt(terms.bounds[best.k]) };
}
