/**
 * dana2025/lemma1-balance-gd — Lemma 1 in discrete time (spec dana2025.md §3.1, §9b P1).
 *
 * One gradient-descent step θ' = θ + η·v on the flow's field v = −p∇L changes each neuron's
 * balance δ_j = a_j² − ‖w_j‖² by exactly η²(v_a² − ‖v_w‖²), because a_j·v_a = ⟨w_j, v_w⟩ for
 * the 1-homogeneous ReLU (σ'(z)·z = σ(z)). So GD conserves δ_j only up to O(η²) per step and
 * can break Assumption 1 — the spec's exact test of "discrete GD vs gradient flow".
 *
 * Margin: −max_j |Δδ_j − η²(v_a² − ‖v_w‖²)|, zero exactly when the identity holds. Checked with
 * zero tolerance in exact rationals, for any n, p and inputs (a double enters as its exact
 * binary value). The formula ({@link balanceStepDiscrepancy}) is written once over any field;
 * `marginOver` runs it over intervals for `shallowcheck certify`.
 */
import fc from "fast-check";
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { balance } from "../../src/model/network.js";
import { exactMargin } from "../../src/check/margin.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { explicitStep } from "../../src/dynamics/steppers.js";
import { EULER } from "../../src/dynamics/tableaus.js";
import { unpackParameters, withParameters } from "../../src/model/parameters.js";
import { reluMeanField } from "./lib/assumptions.js";
import { shortDecimalCandidate } from "./lib/generators.js";
import { stringSetting } from "../../src/check/settings.js";

/** max_j |Δδ_j − η²(v_a,j² − ‖v_w,j‖²)| over one GD step from the instance's θ, in F. */
function balanceStepDiscrepancy<T>(F: Field<T>, candidate: Candidate, instance: Instance<T>): T {
  const eta = F.fromDecimalString(stringSetting(candidate.settings, "eta", "1"));
  const system = gradientFlowSystem(F, instance);
  const state = initialState(instance);
  const velocity = unpackParameters(system.rhs(state), instance.a.length, instance.X[0].length);
  const next = explicitStep(F, EULER, (s) => system.rhs(s), state, eta).state;
  const before = balance(F, instance);
  const after = balance(F, withParameters(instance, next));
  const etaSquared = F.mul(eta, eta);
  let discrepancy = F.zero;
  before.forEach((b, j) => {
    const predicted = F.mul(etaSquared, F.sub(F.mul(velocity.a[j], velocity.a[j]), squaredNorm(F, velocity.W[j])));
    discrepancy = F.max(discrepancy, F.abs(F.sub(F.sub(after[j], b), predicted)));
  });
  return discrepancy;
}

export const lemma1BalanceGd: Property = {
  id: "dana2025/lemma1-balance-gd",
  title: "Lemma 1, discrete: a GD step changes a_j² − ‖w_j‖² by exactly η²(v_a² − ‖v_w‖²)",
  reference: { paper: "dana2025", statement: "Lemma 1 (discrete-time form)", spec: "dana2025.md §3.1, §9b P1", provenance: "[REV name; DERIVED identity]" },
  mode: "exact",
  statement: "For θ' = θ + η·v with v = −p∇L(θ): a'_j² − ‖w'_j‖² = a_j² − ‖w_j‖² + η²(v_a,j² − ‖v_w,j‖²) for every neuron j.",
  reading: "Holds for any initialization (no Assumption 1 needed); η = settings.eta, a short decimal.",
  assumptions: [reluMeanField],
  generate: () =>
    shortDecimalCandidate({ init: "any", settings: fc.record({ eta: fc.constantFrom(1, 0.5, 0.125, 0.01, 2.5) }) }),
  evaluate(candidate) {
    const F = rationalField;
    const discrepancy = balanceStepDiscrepancy(F, candidate, instanceOverField(F, candidate.file));
    return { margin: exactMargin(F, F.neg(discrepancy)), detail: { maxDiscrepancy: F.toString(discrepancy), eta: stringSetting(candidate.settings, "eta", "1") } };
  },
  marginOver: (F, candidate, _context, instance) => F.neg(balanceStepDiscrepancy(F, candidate, instance ?? instanceOverField(F, candidate.file))),
  defaultRuns: 300,
};
