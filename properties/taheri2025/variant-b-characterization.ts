/**
 * taheri2025/variant-b-characterization — what stationarity means for shallow linear networks under
 * penalty variant B, pen = ‖γ‖₁ + ‖Θ‖₁ (spec taheri2025.md §3.8 [D]). At every stationary β̃ with γ̃ ≠ 0:
 *   (i)   per-neuron balance |γ̃_j| = ‖Θ̃_j‖₁;
 *   (ii)  all active neurons share one magnitude: |γ̃_j| ∈ {0, a}, a = ‖γ̃‖_∞;
 *   (iii) b̃ = Θ̃ᵀγ̃ solves the Lasso on X at λ = r/a (its KKT conditions, exactly);
 *   (iv)  λ²‖b̃‖₁ = m·r², m the number of active neurons.
 * So a stationary point of the network is a Lasso solution at a level it chooses itself (λ = r/a),
 * and Theorem 1's guarantee for it is the Lasso's at that level (taheri2025/theorem1-linear).
 *
 * Candidates: exact stationary points from §3.8's converse, with rows parallel to b̃ or split into two
 * non-parallel pieces (stationaryPoints.ts twoPieces) — stationarity is then re-verified exactly by the
 * assumption, and (i)–(iv) are consequences checked afresh. Margin 0 when all hold, else −1 per
 * failed item count (exact, zero tolerance). Bad case (`stationary` dropped): a perturbed output weight.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { l1Norm, maxAbs } from "../../src/penalized/network.js";
import { lassoKktViolation } from "../../src/penalized/exactLasso.js";
import { twoPieces, variantBStationary } from "../../src/penalized/stationaryPoints.js";
import { linearNetwork, nondegenerate, stationary } from "./assumptions.js";
import { perturbGamma } from "./candidates.js";
import { exact, num, Q } from "./common.js";
import { rawProblem, withTuning } from "./generators.js";

const variantB: Assumption = {
  name: "penalty-B",
  description: "penalty variant B: pen = ‖γ‖₁ + ‖Θ‖₁, unconstrained",
  holds: (c) => c.settings.penalty === "B",
};

const hundredths = (k: number) => (k / 100).toFixed(2);

function splitCandidates(): fc.Arbitrary<Candidate> {
  const raw = rawProblem({ n: [5, 8, 10], d: [2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: [0.1, 0.5] });
  return fc
    .tuple(raw, fc.integer({ min: 100, max: 300 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.integer({ min: -25, max: 25 }), { minLength: 3, maxLength: 3 }), fc.boolean())
    .map(([r, k, m0, signs, eps, split]) => {
      const m = split ? 2 : m0;
      const pieces = split ? (b0: Parameters<typeof twoPieces>[0]) => twoPieces(b0, eps.map(hundredths)) ?? [0, 1].map(() => b0.map((v) => Q.div(v, Q.fromNumber(2)))) : undefined;
      return variantBStationary(withTuning(r, k / 100), 3, m, "0.5", signs, {}, pieces);
    })
    .filter((c): c is Candidate => c !== undefined);
}

export const variantBCharacterization: Property = {
  id: "taheri2025/variant-b-characterization",
  title: "Variant B stationary points: balance, one shared magnitude a, b̃ = Lasso(λ = r/a), λ²‖b̃‖₁ = m·r²",
  reference: { paper: "taheri2025", statement: "bears on Theorem 1 ('coinciding up to log factors with the global optima'); not quoted from the paper", spec: "taheri2025.md §3.8", provenance: "[D]" },
  mode: "exact",
  statement: "For a shallow linear network with pen = ‖γ‖₁ + ‖Θ‖₁, every stationary β̃ with γ̃ ≠ 0 has |γ̃_j| = ‖Θ̃_j‖₁, |γ̃_j| ∈ {0, a} with a = ‖γ̃‖_∞, b̃ = Θ̃ᵀγ̃ a Lasso solution at λ = r/a, and λ²‖b̃‖₁ = m·r² (m active neurons).",
  reading: "Penalty variant B of the spec (entrywise ℓ1 on all weights). Exact rationals, zero tolerance.",
  assumptions: [linearNetwork, variantB, stationary, nondegenerate],
  generate: (dropped) => (dropped.has(stationary.name) ? perturbGamma(splitCandidates()) : splitCandidates()),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { gamma, theta } = c.params;
    const a = maxAbs(Q, gamma);
    const balance = gamma.every((g, j) => Q.sign(Q.sub(Q.abs(g), l1Norm(Q, theta[j]))) === 0);
    const shared = gamma.every((g) => Q.sign(g) === 0 || Q.sign(Q.sub(Q.abs(g), a)) === 0);
    const d = c.data.X[0].length;
    const b = Array.from({ length: d }, (_, k) => theta.reduce((t, row, j) => Q.add(t, Q.mul(row[k], gamma[j])), Q.zero));
    const lambda = Q.sign(a) === 0 ? undefined : Q.div(c.r, a);
    const lasso = lambda !== undefined && lassoKktViolation(Q, c.data.X, c.data.y, lambda, b) === undefined;
    const m = gamma.filter((g) => Q.sign(g) !== 0).length;
    const level = lambda !== undefined && Q.sign(Q.sub(Q.mul(Q.mul(lambda, lambda), l1Norm(Q, b)), Q.mul(Q.fromNumber(m), Q.mul(c.r, c.r)))) === 0;
    const failed = [balance, shared, lasso, level].filter((ok) => !ok).length;
    return { margin: -failed, detail: { balance, sharedMagnitude: shared, lassoAtLevel: lasso, levelIdentity: level, activeNeurons: m, a: num(a), lambda: lambda === undefined ? null : num(lambda) } };
  },
  defaultRuns: 30,
};
