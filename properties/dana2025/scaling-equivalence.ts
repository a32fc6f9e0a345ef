/**
 * dana2025/scaling-equivalence — the mean-field flow eq. (3) of Dana, Pillaud-Vivien & Bach (arXiv
 * 2502.16977) is the standard flow rescaled (the authors' rebuttal: "strictly equivalent to … a
 * network without the normalization, and weights initialized with norm 1/√p").
 *
 * With θ̃ = θ/√p and h̃_θ̃(x) = Σ_j ã_j σ(⟨w̃_j,x⟩): h̃_θ̃ = h_θ (σ positively 1-homogeneous), so
 * L̃(θ̃) = L(θ) and ∇L̃(θ̃) = √p·∇L(θ). Hence one Euler step of the mean-field flow
 * dθ/dt = −p∇L(θ) (eq. (3)), θ' = θ − ηp∇L(θ), divided by √p, is exactly one Euler step of the
 * standard flow dθ̃/dt = −∇L̃(θ̃) from θ/√p with the same η: θ'/√p = θ̃ − η∇L̃(θ̃). The discrete
 * (GD, lr = η) form of the equivalence, checked at one step from any θ.
 *
 * Margin: −max(max_k |θ'_k/√p − θ̃'_k|, |L̃(θ̃) − L(θ)|), zero exactly when both hold. Zero
 * tolerance: computed in exact rationals (√p of a perfect square is rational), so nothing rounds.
 * A p that is not a perfect square would make θ/√p irrational, so the entry requires the local
 * arithmetic precondition {@link exactRescaling} (not an assumption of the paper). A tanh model
 * (tried only with relu-mean-field dropped) is not rational; it is compared in decimal at
 * max(digits, 300) digits, far finer than the O(1) gap it shows.
 *
 * Vacuous (counted apart): a dead ReLU network (every ⟨w_j, x_i⟩ ≤ 0), where h = h̃ = 0 and both
 * steps are 0, so both identities read 0 = 0.
 */
import fc from "fast-check";
import { decimalField } from "../../src/field/decimal.js";
import { rationalField } from "../../src/field/rational.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { ActivationName } from "../../src/model/activation.js";
import type { Instance } from "../../src/model/instance.js";
import { loss } from "../../src/model/network.js";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { explicitStep } from "../../src/dynamics/steppers.js";
import { EULER } from "../../src/dynamics/tableaus.js";
import type { Field } from "../../src/field/field.js";
import { deadNetwork, reluMeanField } from "./lib/assumptions.js";
import { shortDecimalCandidate } from "./lib/generators.js";
import { exactMargin } from "../../src/check/margin.js";
import { IDENTITY_DIGITS } from "./lib/precision.js";
import { stringSetting } from "../../src/check/settings.js";

/** Widths p = k² whose √p = k has a terminating reciprocal (k = 2^a·5^b), so θ/√p is exact in decimal. */
const SQUARE_WIDTHS = [1, 4, 9, 16] as const;

/** Arithmetic precondition of the zero-tolerance check (not the paper's): p = k², so √p is rational. */
const exactRescaling: Assumption = {
  name: "exact-rescaling",
  description: "suite precondition, not the paper's: p = k², so θ/√p is exact in rationals",
  holds: (c) => perfectSquareWidth(c),
  decide: (_F, c) => perfectSquareWidth(c),
};

function perfectSquareWidth(c: Candidate): boolean {
  const p = c.file.params.a.length;
  const k = Math.round(Math.sqrt(p));
  return k * k === p;
}

/** Activations whose networks the rational field computes exactly (piecewise-linear and polynomial). */
const RATIONAL_ACTIVATIONS: readonly ActivationName[] = ["relu", "leaky-relu", "identity", "quadratic"];

/** Both gaps and the margin −max(stepGap, lossGap), computed in F. */
function scalingGaps<T>(F: Field<T>, candidate: Candidate, meanField: Instance<T> = instanceOverField(F, candidate.file)) {
  const root = F.sqrt(F.fromNumber(meanField.a.length));
  const standard = standardAt(F, meanField, root);
  const eta = F.fromDecimalString(stringSetting(candidate.settings, "eta", "1"));
  const step = (instance: Instance<T>) => {
    const system = gradientFlowSystem(F, instance);
    return explicitStep(F, EULER, (s) => system.rhs(s), initialState(instance), eta).state;
  };
  const meanFieldNext = step(meanField);
  const standardNext = step(standard);
  let stepGap = F.zero;
  meanFieldNext.forEach((v, k) => {
    stepGap = F.max(stepGap, F.abs(F.sub(F.div(v, root), standardNext[k])));
  });
  const lossGap = F.abs(F.sub(loss(F, standard), loss(F, meanField)));
  return { root, stepGap, lossGap, margin: F.neg(F.max(stepGap, lossGap)) };
}

/** The margin of both identities as an evaluation, computed in F. */
function stepGaps<T>(F: Field<T>, candidate: Candidate): Evaluation {
  const gaps = scalingGaps(F, candidate);
  return {
    margin: exactMargin(F, gaps.margin),
    detail: { stepGap: F.toString(gaps.stepGap), lossGap: F.toString(gaps.lossGap), eta: stringSetting(candidate.settings, "eta", "1"), sqrtP: F.toString(gaps.root) },
  };
}

/** The same network in standard scaling at θ̃ = θ/√p. */
function standardAt<T>(F: Field<T>, instance: Instance<T>, root: T): Instance<T> {
  const shrink = (x: T) => F.div(x, root);
  return { ...instance, model: { ...instance.model, scaling: "standard" }, W: instance.W.map((row) => row.map(shrink)), a: instance.a.map(shrink) };
}

/** p = 4 neurons (√p = 2), n = 2, d = 2, η = 1/2. */
export function fourNeurons(activation: ActivationName, a: string[] = ["1", "-0.5", "2", "0.25"]): Candidate {
  return {
    file: {
      model: { activation, scaling: "mean-field" },
      data: { X: [["1", "0.5"], ["-0.5", "1.5"]], y: ["1", "-1.25"] },
      params: { W: [["0.5", "1"], ["-1", "0.25"], ["0.75", "-0.5"], ["1", "1"]], a },
    },
    settings: { eta: 0.5 },
  };
}

/** Activations tried when `relu-mean-field` is dropped: 1-homogeneous ones (which keep the equivalence) and two that are not. */
const OTHER_ACTIVATIONS: readonly ActivationName[] = ["relu", "leaky-relu", "identity", "quadratic", "tanh"];

export const scalingEquivalence: Property = {
  id: "dana2025/scaling-equivalence",
  title: "Mean-field GD step from θ, divided by √p, = standard GD step from θ/√p (same η); L̃(θ/√p) = L(θ)",
  reference: {
    paper: "dana2025",
    statement: "eq. (3): the p-factor flow equals the standard flow under θ̃ = θ/√p",
    provenance: "claimed in the authors' rebuttal (which writes θ_t = θ̃_t, a typo for θ̃_t = θ_t/√p); the one-step GD form is derived here",
  },
  margin: { kind: "identity", formula: "−max(max_k |θ'_k/√p − θ̃'_k|, |L̃(θ/√p) − L(θ)|), in exact rationals (decimal at ≥ 300 digits for tanh); 0 is the best value" },
  knownBad: () => [{ why: "tanh, not positively 1-homogeneous: tanh(z/2)/2 ≠ tanh(z)/4", candidate: fourNeurons("tanh") }],
  mode: "exact",
  statement:
    "For θ̃ = θ/√p: L̃(θ̃) = L(θ), and (θ − ηp∇L(θ))/√p = θ̃ − η∇L̃(θ̃), where L̃ is the loss of the unnormalized network h̃ = Σ_j ã_j σ(⟨w̃_j,x⟩).",
  reading:
    "One forward-Euler step of each flow (GD with lr = η = settings.eta, default 1), from any θ. The equivalence holds for any positively 1-homogeneous σ (ReLU, leaky-ReLU, identity); the catalogue states it for dana2025's ReLU mean-field model. " +
    "p ∈ {1, 4, 9, 16} (a perfect square, so √p is rational; exact-rescaling). Vacuous: a dead network (both sides 0); the generator makes every sample active for some neuron.",
  assumptions: [reluMeanField, exactRescaling],
  generate(dropped) {
    const settings = fc.record({ eta: fc.constantFrom(1, 0.5, 0.125, 0.01, 2.5) });
    const p = fc.constantFrom(...SQUARE_WIDTHS);
    if (dropped.has(reluMeanField.name)) {
      return fc.constantFrom(...OTHER_ACTIVATIONS).chain((activation) => shortDecimalCandidate({ init: "any", p, activation, settings }));
    }
    return shortDecimalCandidate({ init: "any", p, settings, everySampleActive: true });
  },
  evaluate(candidate, context) {
    // tanh is not rational: a model outside the rational field's reach is compared in decimal.
    const evaluation = RATIONAL_ACTIVATIONS.includes(candidate.file.model.activation)
      ? stepGaps(rationalField, candidate)
      : stepGaps(decimalField({ digits: Math.max(context.digits, IDENTITY_DIGITS) }), candidate);
    const dead = candidate.file.model.activation === "relu" && deadNetwork(rationalField, instanceOverField(rationalField, candidate.file));
    return dead ? { ...evaluation, vacuous: "dead network: h = h̃ = 0 and both steps are 0" } : evaluation;
  },
  marginOver: (F, candidate, _context, instance) => scalingGaps(F, candidate, instance).margin,
  defaultRuns: 500,
};
