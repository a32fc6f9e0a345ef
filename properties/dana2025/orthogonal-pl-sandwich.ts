/**
 * dana2025/orthogonal-pl-sandwich — the local-PL sandwich on orthogonal data: the bounds of
 * Dana, Pillaud-Vivien & Bach (arXiv 2502.16977) that the authors' code calls "Lemma 12" (arXiv v1
 * numbering) and hard-codes as (2/n)·min E_i and (16/n)·max E_i for ‖x_i‖ ∈ [1, 2].
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
 * Vacuous (counted apart, margin 0): L = 0 (r = 0), where μ is undefined and the statement says
 * nothing, and a network with μ = μ_upp = 0 (no active neuron with a_j ≠ 0), where it reads 0 ≤ 0 ≤ 0.
 * The slack reported is the lower bound's, μ/μ_low (the bound Theorem 1's proof uses, and the one
 * that is tight asymptotically); μ/μ_upp is the further bound "upper" (`tighten --bound upper`). The generator makes every sample active
 * for some neuron, so that μ_low > 0 and both bounds bite.
 */
import { rationalField } from "../../src/field/rational.js";
import { squaredNorm, type Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { bySign } from "../../src/field/decide.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { forward, gradient, lossFromResiduals, parameterSquaredNorm } from "../../src/model/network.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
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

function sandwichCandidate(X: string[][], y: string[], W: string[][], a: string[]): Candidate {
  return { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X, y }, params: { W, a } }, settings: {} };
}

export const orthogonalPlSandwich: Property = {
  id: "dana2025/orthogonal-pl-sandwich",
  title: "Orthogonal data, ‖w_j‖ ≤ |a_j|: (2/n)·min‖x_i‖²E_i ≤ μ ≤ (4/n)·max‖x_i‖²E_i",
  reference: {
    paper: "dana2025",
    statement: "orthogonal local-PL bounds (arXiv v1 \"Lemma 12\"; Section 5.2 experiment's μ_low, μ_upp)",
    provenance: "constants 2/n and 16/n from the authors' code for ‖x_i‖ ∈ [1, 2]; the general statement and its proof are derived here",
  },
  margin: {
    kind: "bound-slack",
    formula: "min(μ − μ_low, μ_upp − μ)/max(μ_upp, μ), μ = p‖∇L‖²/L, μ_low = (2/n)·min_i ‖x_i‖²E_i, μ_upp = (4/n)·max_i ‖x_i‖²E_i; sign decided in exact rationals",
    bound: { direction: "lower", observed: "μ", bound: "μ_low" },
    moreBounds: [{ name: "upper", direction: "upper", observed: "μ", bound: "μ_upp" }],
  },
  knownBad: () => [
    { why: "orthogonal data dropped: x_1 = x_2 with r_1 = −r_2, μ = 0 < μ_low = 1", candidate: sandwichCandidate([["1"], ["1"]], ["2", "-1"], [["0.5"]], ["1"]) },
    { why: "Assumption 1 dropped: |a| = 1 < ‖w‖ = 2, μ = 10 > μ_upp = 4", candidate: sandwichCandidate([["1"]], ["1"], [["2"]], ["1"]) },
  ],
  mode: "exact",
  statement:
    "If ⟨x_i,x_k⟩ = 0 for i ≠ k and ‖w_j‖ ≤ |a_j| for all j, then (2/n)·min_i ‖x_i‖²E_i ≤ μ ≤ (4/n)·max_i ‖x_i‖²E_i, with μ = p‖∇L‖²/L and E_i = (1/p)Σ_j a_j² 1{⟨w_j,x_i⟩>0}.",
  reading:
    "Pointwise in θ (Assumption 1 enters as the weak inequality at the current θ, which Lemma 1 propagates along the flow). With C_x^- = 1, C_x^+ = 2 the bounds are the authors' code's (2/n)·min E_i and (16/n)·max E_i. " +
    "Vacuous: L = 0 (μ undefined) and μ = μ_upp = 0 (0 ≤ 0 ≤ 0). Slack: the lower bound's, μ/μ_low; the upper ratio μ/μ_upp is in the detail. " +
    "Data ρ_i e_i with ρ_i ∈ [1, 2], every sample active for some neuron, n, p ≤ 5.",
  assumptions: [reluMeanField, orthogonalData, assumption1Weak],
  generate: (dropped) =>
    shortDecimalCandidate({
      data: dropped.has(orthogonalData.name) ? "general" : "orthogonal",
      init: dropped.has(assumption1Weak.name) ? "any" : "A1",
      everySampleActive: true,
    }),
  evaluate(candidate): Evaluation {
    const F = rationalField;
    const terms = sandwichTerms(F, instanceOverField(F, candidate.file));
    if (F.sign(terms.lossValue) === 0) return { margin: 0, vacuous: "L = 0: μ is undefined" };
    const mu = F.div(terms.pGradSquared, terms.lossValue);
    if (F.sign(terms.muUpp) === 0 && F.sign(mu) === 0) return { margin: exactMargin(F, terms.margin), vacuous: "μ = μ_upp = 0: 0 ≤ 0 ≤ 0" };
    return {
      margin: exactMargin(F, terms.margin),
      slack: { observed: F.toNumber(mu), bound: F.toNumber(terms.muLow) },
      ...(F.sign(terms.muUpp) === 1 ? { slacks: { upper: { observed: F.toNumber(mu), bound: F.toNumber(terms.muUpp) } } } : {}),
      detail: {
        mu: F.toNumber(mu),
        muLow: F.toNumber(terms.muLow),
        muUpp: F.toNumber(terms.muUpp),
        upperRatio: F.sign(terms.muUpp) === 0 ? null : F.toNumber(F.div(mu, terms.muUpp)),
        binding: F.sign(F.sub(terms.lowerSlack, terms.upperSlack)) !== 1 ? "lower" : "upper",
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => sandwichTerms(F, instance ?? instanceOverField(F, candidate.file)).margin,
  slackOver: sandwichSlack,
  defaultRuns: 500,
};

/**
 * μ and the lower bound μ_low (or, with bound "upper", μ_upp) over any field, for `tighten`'s
 * certified ratio; undefined unless the field shows L > 0 and the bound > 0 (else μ is undefined
 * or the side cannot fail).
 */
function sandwichSlack<T>(F: Field<T>, candidate: Candidate, _context: unknown, instance?: Instance<T>, bound?: string): { observed: T; bound: T } | undefined {
  const terms = sandwichTerms(F, instance ?? instanceOverField(F, candidate.file));
  const side = bound === "upper" ? terms.muUpp : terms.muLow;
  if (F.sign(terms.lossValue) !== 1 || F.sign(side) !== 1) return undefined;
  return { observed: F.div(terms.pGradSquared, terms.lossValue), bound: side };
}
