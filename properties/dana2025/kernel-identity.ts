/**
 * dana2025/kernel-identity — the kernel form of the flow's loss decay (spec dana2025.md §1.8,
 * §9b P3).
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
import type { Property } from "../../src/check/property.js";
import { exactMargin } from "../../src/check/margin.js";
import { reluMeanField } from "./lib/assumptions.js";
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

/** Activations tried when `relu-mean-field` is dropped: the ReLU's relatives and a 2-homogeneous one. */
const OTHER_MODELS: readonly ActivationName[] = ["relu", "leaky-relu", "identity", "quadratic"];

export const kernelIdentity: Property = {
  id: "dana2025/kernel-identity",
  title: "Kernel form: p‖∇L‖² = (1/n)·rᵀKr and μ = 2rᵀKr/‖r‖² at every θ",
  reference: { paper: "dana2025", statement: "kernel form of the local PL curvature (§1.8)", spec: "dana2025.md §1.8, §9b P3", provenance: "[DERIVED]" },
  mode: "exact",
  statement:
    "With K_ik = (1/(np)) Σ_j [σ(⟨w_j,x_i⟩)σ(⟨w_j,x_k⟩) + a_j² 1_ij 1_kj ⟨x_i,x_k⟩]: p‖∇L(θ)‖² = (1/n)·rᵀKr, and μ = p‖∇L‖²/L = 2rᵀKr/‖r‖² when r ≠ 0.",
  reading: "Any data, any initialization; μ is network.ts plCurvature (flow factor p of eq. (3), L = ‖r‖²/(2n)). At r = 0 only the first identity is checked.",
  assumptions: [reluMeanField],
  generate: (dropped) =>
    dropped.has(reluMeanField.name)
      ? fc
          .tuple(fc.constantFrom(...OTHER_MODELS), fc.constantFrom("mean-field" as const, "standard" as const))
          .chain(([activation, scaling]) => shortDecimalCandidate({ init: "any", activation, scaling }))
      : shortDecimalCandidate({ init: "any" }),
  evaluate(candidate) {
    const F = rationalField;
    const gaps = kernelIdentityGaps(F, instanceOverField(F, candidate.file));
    const mu = gaps.mu();
    const kernelMu = gaps.kernelMu();
    return {
      margin: exactMargin(F, gaps.margin),
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
