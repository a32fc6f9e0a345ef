/**
 * dana2025/orthogonal-pl-sandwich — the local-PL sandwich on orthogonal data (spec dana2025.md
 * §3.4, §9b P4; arXiv-v1 "Lemma 12", whose constants REPO hard-codes as 2/n and 16/n).
 *
 * On orthogonal data K = (1/(np))SSᵀ + diag_i(‖x_i‖²E_i/n) with S_ij = σ(⟨w_j,x_i⟩), so
 *   μ_low := (2/n)·min_i ‖x_i‖²E_i ≤ μ = 2rᵀKr/‖r‖² ≤ (4/n)·max_i ‖x_i‖²E_i =: μ_upp,
 * the upper bound using ‖w_j‖ ≤ |a_j| (Cauchy–Schwarz on rᵀSSᵀr), E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0}.
 * Pointwise in θ.
 *
 * Margin: min(μ − μ_low, μ_upp − μ)/max(μ_upp, μ) — scale-free (invariant under x ↦ cx, θ ↦ cθ),
 * in [−1, 1]: the relative slack of the binding bound, −1 at worst (e.g. μ > 0 = μ_upp, or μ = 0 <
 * μ_low). 0/0 (μ = μ_upp = 0, which forces μ_low = 0) is 0. The sign is decided exactly: with
 * μ = p‖∇L‖²/L and L > 0 the entry computes
 * min(p‖∇L‖² − μ_low·L, μ_upp·L − p‖∇L‖²)/max(μ_upp·L, p‖∇L‖²) in exact rationals, and
 * {@link exactMargin} keeps the sign through the conversion to a double. No tolerance.
 *
 * Corner: at L = 0 (r = 0) μ is undefined and the statement says nothing; the entry returns margin
 * 0 with detail {vacuous: true} — counted as a pass, never as a counterexample.
 */
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { bySign } from "../../src/field/decide.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { forward, gradient, lossFromResiduals, parameterSquaredNorm } from "../../src/model/network.js";
import type { Evaluation, Property } from "../../src/check/property.js";
import { assumption1Weak, orthogonalData, reluMeanField } from "./lib/assumptions.js";
import { shortDecimalCandidate } from "./lib/generators.js";
import { exactMargin } from "../../src/check/margin.js";
import { energies } from "./lib/kernel.js";

/**
 * μ_low, μ_upp, both slacks (multiplied by L) and the margin, over any field. Branches (L = 0:
 * vacuous, margin 0; normalizer 0: margin 0) go through {@link bySign}, so an interval that cannot
 * decide them gets the hull of both cases.
 */
function sandwichTerms<T>(F: Field<T>, instance: Instance<T>) {
  const n = instance.X.length;
  const p = instance.a.length;
  const pass = forward(F, instance);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const pGradSquared = F.mul(F.fromNumber(p), parameterSquaredNorm(F, gradient(F, instance, pass))); // μ·L
  const E = energies(F, instance, pass);
  const weighted = instance.X.map((x, i) => F.mul(squaredNorm(F, x), E[i]));
  const muLow = F.mul(F.div(F.fromNumber(2), F.fromNumber(n)), weighted.reduce((m, v) => F.min(m, v)));
  const muUpp = F.mul(F.div(F.fromNumber(4), F.fromNumber(n)), weighted.reduce((m, v) => F.max(m, v)));
  const lowerSlack = F.sub(pGradSquared, F.mul(muLow, lossValue)); // (μ − μ_low)·L
  const upperSlack = F.sub(F.mul(muUpp, lossValue), pGradSquared); // (μ_upp − μ)·L
  const worst = F.min(lowerSlack, upperSlack);
  const normalizer = F.max(F.mul(muUpp, lossValue), pGradSquared); // max(μ_upp, μ)·L
  // normalizer = 0 means μ_upp = μ = 0, hence μ_low = 0 and both slacks are 0.
  const margin = bySign(F, lossValue, {
    zero: () => F.zero,
    positive: () => bySign(F, normalizer, { zero: () => F.zero, positive: () => F.div(worst, normalizer) }),
  });
  return { lossValue, pGradSquared, muLow, muUpp, lowerSlack, upperSlack, margin };
}

export const orthogonalPlSandwich: Property = {
  id: "dana2025/orthogonal-pl-sandwich",
  title: "Orthogonal data, ‖w_j‖ ≤ |a_j|: (2/n)·min‖x_i‖²E_i ≤ μ ≤ (4/n)·max‖x_i‖²E_i",
  reference: {
    paper: "dana2025",
    statement: "orthogonal local-PL bounds (arXiv v1 Lemma 12; REPO exp2 constants 2/n, 16/n)",
    spec: "dana2025.md §3.4, §9b P4",
    provenance: "[DERIVED; constants hard-coded in REPO]",
  },
  mode: "exact",
  statement:
    "If ⟨x_i,x_k⟩ = 0 for i ≠ k and ‖w_j‖ ≤ |a_j| for all j, then (2/n)·min_i ‖x_i‖²E_i ≤ μ ≤ (4/n)·max_i ‖x_i‖²E_i, with μ = p‖∇L‖²/L and E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0}.",
  reading:
    "Pointwise in θ (Assumption 1 enters as the weak inequality at the current θ, which Lemma 1 propagates along the flow). At L = 0 μ is undefined: margin 0, detail.vacuous = true. With C_x^- = 1, C_x^+ = 2 the bounds are REPO's (2/n)·min E_i and (16/n)·max E_i.",
  assumptions: [reluMeanField, orthogonalData, assumption1Weak],
  generate: (dropped) =>
    shortDecimalCandidate({
      data: dropped.has(orthogonalData.name) ? "general" : "orthogonal",
      init: dropped.has(assumption1Weak.name) ? "any" : "A1",
    }),
  evaluate(candidate): Evaluation {
    const F = rationalField;
    const terms = sandwichTerms(F, instanceOverField(F, candidate.file));
    if (F.sign(terms.lossValue) === 0) return { margin: 0, detail: { vacuous: true, reason: "L = 0: μ is undefined" } };
    return {
      margin: exactMargin(F, terms.margin),
      detail: {
        mu: F.toNumber(F.div(terms.pGradSquared, terms.lossValue)),
        muLow: F.toNumber(terms.muLow),
        muUpp: F.toNumber(terms.muUpp),
        binding: F.sign(F.sub(terms.lowerSlack, terms.upperSlack)) !== 1 ? "lower" : "upper",
        vacuous: false,
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => sandwichTerms(F, instance ?? instanceOverField(F, candidate.file)).margin,
  defaultRuns: 500,
};
