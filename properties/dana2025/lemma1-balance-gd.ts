/**
 * dana2025/lemma1-balance-gd — Lemma 1 of Dana, Pillaud-Vivien & Bach (arXiv 2502.16977) in
 * discrete time: the paper's Lemma 1 conserves a_j² − ‖w_j‖² along the flow eq. (3); this is the
 * exact one-step form derived here for gradient descent.
 *
 * One gradient-descent step θ' = θ + η·v on the flow's field v = −p∇L changes each neuron's
 * balance δ_j = a_j² − ‖w_j‖² by exactly η²(v_a² − ‖v_w‖²), because a_j·v_a = ⟨w_j, v_w⟩ for
 * the 1-homogeneous ReLU (σ'(z)·z = σ(z)). So GD conserves δ_j only up to O(η²) per step and
 * can break Assumption 1 — an exact test of "discrete GD vs gradient flow".
 *
 * Margin: −max_j |Δδ_j − η²(v_a² − ‖v_w‖²)|, zero exactly when the identity holds. Checked with
 * zero tolerance in exact rationals, for any n, p and inputs (a double enters as its exact
 * binary value). The formula ({@link balanceStepDiscrepancy}) is written once over any field;
 * `marginOver` runs it over intervals for `shallowcheck certify`.
 *
 * Vacuous (counted apart): r = 0 or a dead ReLU network (every ⟨w_j, x_i⟩ ≤ 0), where v = 0 and the
 * step changes nothing, so both sides are 0.
 */
import fc from "fast-check";
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { balance, forward, lossFromResiduals } from "../../src/model/network.js";
import { exactMargin } from "../../src/check/margin.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { explicitStep } from "../../src/dynamics/steppers.js";
import { EULER } from "../../src/dynamics/tableaus.js";
import { unpackParameters, withParameters } from "../../src/model/parameters.js";
import { deadNetwork, reluMeanField } from "./lib/assumptions.js";
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

/** Two samples, two neurons, the quadratic activation: the identity's homogeneity argument fails. */
const QUADRATIC_STEP: Candidate = {
  file: {
    model: { activation: "quadratic", scaling: "mean-field" },
    data: { X: [["1", "0.5"], ["-0.5", "1"]], y: ["1", "-1.5"] },
    params: { W: [["0.5", "-0.25"], ["0.75", "0.5"]], a: ["1", "-0.5"] },
  },
  settings: { eta: 0.5 },
};

export const lemma1BalanceGd: Property = {
  id: "dana2025/lemma1-balance-gd",
  title: "Lemma 1, discrete: a GD step changes a_j² − ‖w_j‖² by exactly η²(v_a² − ‖v_w‖²)",
  reference: {
    paper: "dana2025",
    statement: "Lemma 1 (conservation of a_j² − ‖w_j‖²), discrete-time form",
    provenance: "Lemma 1 is named in the authors' rebuttal; its content and this one-step GD identity are derived here",
  },
  margin: { kind: "identity", formula: "−max_j |Δδ_j − η²(v_a,j² − ‖v_w,j‖²)|, δ_j = a_j² − ‖w_j‖², in exact rationals; 0 is the best value" },
  knownBad: () => [{ why: "quadratic (2-homogeneous) activation: a_j·v_a = ⟨w_j, v_w⟩/2, not ⟨w_j, v_w⟩", candidate: QUADRATIC_STEP }],
  mode: "exact",
  statement: "For θ' = θ + η·v with v = −p∇L(θ): a'_j² − ‖w'_j‖² = a_j² − ‖w_j‖² + η²(v_a,j² − ‖v_w,j‖²) for every neuron j.",
  reading:
    "Holds for any initialization (no Assumption 1 needed); η = settings.eta ∈ {2.5, 1, 0.5, 0.125, 0.01}, v = −p∇L with ReLU σ'(0) = 0. " +
    "Vacuous: r = 0 or a dead network (every ⟨w_j,x_i⟩ ≤ 0), where the step is 0; the generator makes every sample active for some neuron.",
  assumptions: [reluMeanField],
  generate: () =>
    shortDecimalCandidate({ init: "any", everySampleActive: true, settings: fc.record({ eta: fc.constantFrom(1, 0.5, 0.125, 0.01, 2.5) }) }),
  evaluate(candidate) {
    const F = rationalField;
    const instance = instanceOverField(F, candidate.file);
    const discrepancy = balanceStepDiscrepancy(F, candidate, instance);
    const margin = exactMargin(F, F.neg(discrepancy));
    const detail = { maxDiscrepancy: F.toString(discrepancy), eta: stringSetting(candidate.settings, "eta", "1") };
    const vacuous = F.sign(lossFromResiduals(F, forward(F, instance).residuals)) === 0 ? "r = 0: the step is 0" : deadNetwork(F, instance) ? "dead network: the step is 0" : undefined;
    return vacuous && candidate.file.model.activation === "relu" ? { margin, vacuous, detail } : { margin, detail };
  },
  marginOver: (F, candidate, _context, instance) => F.neg(balanceStepDiscrepancy(F, candidate, instance ?? instanceOverField(F, candidate.file))),
  defaultRuns: 300,
};
