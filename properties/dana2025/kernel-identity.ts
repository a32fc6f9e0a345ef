/**
 * dana2025/kernel-identity — the kernel form of the flow's loss decay, along the gradient flow of
 * Dana, Pillaud-Vivien & Bach (arXiv 2502.16977), eq. (3). Not a numbered result of the paper: an
 * identity derived here from the model, behind the local-PL curvature of Theorem 1.
 *
 * Along dθ/dt = −p∇L (eq. (3)), dh(x_i)/dt = Σ_k K_ik r_k with the tangent kernel
 *   K_ik = (1/(np)) Σ_j [σ(⟨w_j,x_i⟩)σ(⟨w_j,x_k⟩) + a_j² 1_ij 1_kj ⟨x_i,x_k⟩],  1_ij = 1{⟨w_j,x_i⟩ > 0},
 * so p‖∇L‖² = (1/n)·rᵀKr and the local PL curvature μ = p‖∇L‖²/L (network.ts `plCurvature`)
 * equals 2rᵀKr/‖r‖². An exact algebraic identity at every θ, for any data and any init; K is
 * written here from the paper's formula with the ReLU itself (σ = max(·,0), σ'(0) = 0), not
 * from the model's activation, so a model that is not dana2025's fails it.
 *
 * Margin: −max(|p‖∇L‖² − (1/n)rᵀKr|, |μ − 2rᵀKr/‖r‖²|), zero exactly when both identities hold.
 * Zero tolerance: computed in exact rationals, so nothing rounds for any n, p or inputs. At
 * r = 0 the μ identity is void (μ is undefined) and only the first is checked (both sides 0).
 *
 * Vacuous (counted apart, margin 0): r = 0, or a dead network (every ⟨w_j, x_i⟩ ≤ 0), where ∇L = 0
 * and K = 0, so both identities read 0 = 0 whatever the formula for K.
 *
 * Also exports the exact helpers the other dana2025 kernel entries share: {@link tangentKernel},
 * {@link quadraticForm}, {@link energies}, {@link exactMargin}.
 */
import fc from "fast-check";
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { ActivationName } from "../../src/model/activation.js";
import type { Instance } from "../../src/model/instance.js";
import { forward, gradient, lossFromResiduals, parameterSquaredNorm, plCurvature } from "../../src/model/network.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { exactMargin } from "../../src/check/margin.js";
import { deadNetwork, reluMeanField } from "./lib/assumptions.js";
import { bySign } from "../../src/field/decide.js";
import { shortDecimalCandidate } from "./lib/generators.js";
import { tangentKernel, quadraticForm } from "./lib/kernel.js";

/**
 * Both sides of both identities and the margin −max(|p‖∇L‖² − (1/n)rᵀKr|, |μ − 2rᵀKr/‖r‖²|), over
 * any field; the μ gap is 0 where r = 0 (μ undefined), and over an interval that cannot tell
 * whether r = 0 it is the hull of both cases. `mu`/`kernelMu` are for reports (undefined at r = 0).
 */
function kernelIdentityGaps<T>(F: Field<T>, instance: Instance<T>) {
  const n = instance.X.length;
  const p = instance.a.length;
  const pass = forward(F, instance);
  const r = pass.residuals;
  const grad = gradient(F, instance, pass);
  const pGradSquared = F.mul(F.fromNumber(p), parameterSquaredNorm(F, grad));
  const rKr = quadraticForm(F, tangentKernel(F, instance, pass), r);
  const rKrOverN = F.div(rKr, F.fromNumber(n));
  const gradientGap = F.abs(F.sub(pGradSquared, rKrOverN));
  const lossValue = lossFromResiduals(F, r);
  const residualSquared = squaredNorm(F, r);
  const mu = () => plCurvature(F, instance, lossValue, grad);
  const kernelMu = () => (F.sign(residualSquared) === 0 ? undefined : F.div(F.mul(F.fromNumber(2), rKr), residualSquared));
  const muGap = bySign(F, lossValue, { zero: () => F.zero, positive: () => F.abs(F.sub(mu()!, kernelMu()!)) });
  return { pGradSquared, rKrOverN, gradientGap, muGap, mu, kernelMu, margin: F.neg(F.max(gradientGap, muGap)) };
}

/** n = p = d = 1: x = 1, w = 1, a = 1, y = 2, so z = 1 and (ReLU) h = 1, r = 1, L = 1/2. */
function oneNeuron(activation: ActivationName): Candidate {
  return {
    file: { model: { activation, scaling: "mean-field" }, data: { X: [["1"]], y: ["2"] }, params: { W: [["1"]], a: ["1"] } },
    settings: {},
  };
}

/** Activations tried when `relu-mean-field` is dropped: the ReLU's relatives and a 2-homogeneous one. */
const OTHER_MODELS: readonly ActivationName[] = ["relu", "leaky-relu", "identity", "quadratic"];

export const kernelIdentity: Property = {
  id: "dana2025/kernel-identity",
  title: "Kernel form: p‖∇L‖² = (1/n)·rᵀKr and μ = 2rᵀKr/‖r‖² at every θ",
  reference: {
    paper: "dana2025",
    statement: "kernel form of the local PL curvature μ along the flow eq. (3) (not a numbered result)",
    provenance: "derived here from the model h = (1/p)Σ_j a_jσ(⟨w_j,x⟩) and eq. (3); an exact identity, not the paper's wording",
  },
  margin: {
    kind: "identity",
    formula: "−max(|p‖∇L‖² − (1/n)·rᵀKr|, |μ − 2rᵀKr/‖r‖²|), in exact rationals (the μ term only when r ≠ 0); 0 is the best value",
  },
  knownBad: () => [{ why: "quadratic activation, not the paper's ReLU: p‖∇L‖² = 5 ≠ (1/n)rᵀKr = 2 on one neuron", candidate: oneNeuron("quadratic") }],
  mode: "exact",
  statement:
    "With K_ik = (1/(np)) Σ_j [σ(⟨w_j,x_i⟩)σ(⟨w_j,x_k⟩) + a_j² 1_ij 1_kj ⟨x_i,x_k⟩]: p‖∇L(θ)‖² = (1/n)·rᵀKr, and μ = p‖∇L‖²/L = 2rᵀKr/‖r‖² when r ≠ 0.",
  reading:
    "Any data, any initialization; μ is network.ts plCurvature (flow factor p of eq. (3), L = ‖r‖²/(2n)), ReLU with σ'(0) = 0. At r = 0 only the first identity is checked. " +
    "Vacuous: r = 0 or a dead network (every ⟨w_j,x_i⟩ ≤ 0), where both sides are 0 whatever K is; the generator makes every sample active for some neuron (n, p, d ≤ 5, entries in [−2, 2]).",
  assumptions: [reluMeanField],
  generate: (dropped) =>
    dropped.has(reluMeanField.name)
      ? fc
          .tuple(fc.constantFrom(...OTHER_MODELS), fc.constantFrom("mean-field" as const, "standard" as const))
          .chain(([activation, scaling]) => shortDecimalCandidate({ init: "any", activation, scaling }))
      : shortDecimalCandidate({ init: "any", everySampleActive: true }),
  evaluate(candidate) {
    const F = rationalField;
    const gaps = kernelIdentityGaps(F, instanceOverField(F, candidate.file));
    const mu = gaps.mu();
    const kernelMu = gaps.kernelMu();
    const vacuous = mu === undefined ? "r = 0: both sides 0" : candidate.file.model.activation === "relu" && deadNetwork(F, instanceOverField(F, candidate.file)) ? "dead network: ∇L = 0 and K = 0" : undefined;
    return {
      margin: exactMargin(F, gaps.margin),
      ...(vacuous ? { vacuous } : {}),
      detail: {
        pGradSquared: F.toString(gaps.pGradSquared),
        rKrOverN: F.toString(gaps.rKrOverN),
        gradientGap: F.toString(gaps.gradientGap),
        mu: mu === undefined ? null : F.toNumber(mu),
        kernelMu: kernelMu === undefined ? null : F.toNumber(kernelMu),
        muGap: F.toString(gaps.muGap),
        residualZero: mu === undefined,
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => kernelIdentityGaps(F, instance ?? instanceOverField(F, candidate.file)).margin,
  defaultRuns: 500,
};
