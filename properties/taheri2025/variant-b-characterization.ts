/**
 * taheri2025/variant-b-characterization — what stationarity means for shallow linear networks under
 * penalty variant B, pen = ‖γ‖₁ + ‖Θ‖₁ (one of our readings of the unavailable penalty of Taheri,
 * Xie, Lederer, arXiv 2205.04491; bears on their Theorem 1; derived and proved here). At every
 * stationary β̃ with γ̃ ≠ 0:
 *   (i)   per-neuron balance |γ̃_j| = ‖Θ̃_j‖₁;
 *   (ii)  all active neurons share one magnitude: |γ̃_j| ∈ {0, a}, a = ‖γ̃‖_∞;
 *   (iii) b̃ = Θ̃ᵀγ̃ solves the Lasso on X at λ = r/a (its KKT conditions, exactly);
 *   (iv)  λ²‖b̃‖₁ = m·r², m the number of active neurons.
 * So a stationary point of the network is a Lasso solution at a level it chooses itself (λ = r/a),
 * and Theorem 1's guarantee for it is the Lasso's at that level (taheri2025/theorem1-linear).
 *
 * Candidates: exact stationary points from the converse construction (src/penalized/stationaryPoints.ts), with rows parallel to b̃ or split into two
 * non-parallel pieces (stationaryPoints.ts twoPieces) — stationarity is then re-verified exactly by the
 * assumption, and (i)–(iv) are consequences checked afresh. Margin 0 when all hold, else −1 per
 * failed item count (exact, zero tolerance). No case is vacuous (`nondegenerate` excludes γ̃ = 0).
 * Known bad case (`stationary` dropped): x = y = r = 1, Θ = 1, γ = 1/2, where three items fail.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { all, any, hull, isZero, positive, type Maybe } from "../../src/field/decide.js";
import { l1Norm, maxAbs } from "../../src/penalized/network.js";
import { lassoKktViolation } from "../../src/penalized/exactLasso.js";
import { twoPieces, variantBStationary } from "../../src/penalized/stationaryPoints.js";
import { linearNetwork, nondegenerate, stationary, structuralAssumption } from "./lib/assumptions.js";
import { perturbGamma, scalarCandidate } from "./lib/candidates.js";
import { exact, marginNumber, nonZero, num, onFileNumbers, penalizedOver, Q } from "./lib/common.js";
import { rawProblem, withTuning } from "./lib/generators.js";

const variantB: Assumption = structuralAssumption("penalty-B", "penalty variant B: pen = ‖γ‖₁ + ‖Θ‖₁, unconstrained", (c) => c.settings.penalty === "B");

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

/** Item (iii) in exact rationals on the file's numbers: b̃ = Θ̃ᵀγ̃ meets the Lasso KKT conditions at λ = r/‖γ̃‖_∞ (γ̃ ≠ 0). */
function lassoAtOwnLevel(candidate: Candidate): boolean {
  const e = exact(candidate);
  const a = maxAbs(Q, e.params.gamma);
  if (Q.sign(a) === 0) return false;
  const b = e.data.X[0].map((_, k) => e.params.theta.reduce((t, row, j) => Q.add(t, Q.mul(row[k], e.params.gamma[j])), Q.zero));
  return lassoKktViolation(Q, e.data.X, e.data.y, Q.div(e.r, a), b) === undefined;
}

/**
 * Items (i)–(iv), each three-valued over any field, and the margin −(number of failed items); an
 * undecided item counts [0, 1] (interval hull). Item (iii) is the Lasso's exact KKT condition,
 * decided in exact rationals on the file's numbers (undecided for a parameter box).
 */
function characterization<T>(F: Field<T>, candidate: Candidate, c: PenalizedCandidate<T>, onFile: boolean) {
  const { gamma, theta } = c.params;
  const a = maxAbs(F, gamma);
  const balance = all(gamma.map((g, j) => isZero(F, F.sub(F.abs(g), l1Norm(F, theta[j])))));
  const shared = all(gamma.map((g) => any([isZero(F, g), isZero(F, F.sub(F.abs(g), a))])));
  const aPositive = positive(F, a);
  const lambda = aPositive === true ? F.div(c.r, a) : undefined;
  const lasso: Maybe = aPositive === false ? false : onFile ? lassoAtOwnLevel(candidate) : undefined;
  const active = gamma.map((g) => nonZero(F, g));
  const activeNeurons = active.every((x) => x !== undefined) ? active.filter((x) => x).length : undefined;
  let level: Maybe = aPositive === false ? false : undefined;
  if (lambda !== undefined && activeNeurons !== undefined) {
    const b = c.data.X[0].map((_, k) => theta.reduce((t, row, j) => F.add(t, F.mul(row[k], gamma[j])), F.zero));
    level = isZero(F, F.sub(F.mul(F.mul(lambda, lambda), l1Norm(F, b)), F.mul(F.fromNumber(activeNeurons), F.mul(c.r, c.r))));
  }
  const failed = (item: Maybe) => (item === true ? F.zero : item === false ? F.one : hull(F, F.zero, F.one));
  const margin = F.neg([balance, shared, lasso, level].reduce((t, item) => F.add(t, failed(item)), F.zero));
  return { balance, shared, lasso, level, activeNeurons, a, lambda, margin };
}

export const variantBCharacterization: Property = {
  id: "taheri2025/variant-b-characterization",
  title: "Variant B stationary points: balance, one shared magnitude a, b̃ = Lasso(λ = r/a), λ²‖b̃‖₁ = m·r²",
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: bears on Theorem 1's 'coinciding up to logarithmic factors with the global optima' (abstract)",
    provenance: "derived and proved here under our penalty reading B (the paper's penalty is not known to us)",
  },
  margin: {
    kind: "decision",
    formula: "−(number of items (i)–(iv) that fail), each item an exact rational decision (balance, shared magnitude, Lasso KKT at λ = r/a, λ²‖b̃‖₁ = m·r²)",
  },
  mode: "exact",
  statement: "For a shallow linear network with pen = ‖γ‖₁ + ‖Θ‖₁, every stationary β̃ with γ̃ ≠ 0 has |γ̃_j| = ‖Θ̃_j‖₁, |γ̃_j| ∈ {0, a} with a = ‖γ̃‖_∞, b̃ = Θ̃ᵀγ̃ a Lasso solution at λ = r/a, and λ²‖b̃‖₁ = m·r² (m active neurons).",
  reading:
    "Penalty variant B (entrywise ℓ1 on all weights, unconstrained) is our reading of the paper's penalty, which was not available to us. Stationarity is 0 ∈ ∂obj(β̃) (Clarke subdifferential), decided exactly. Exact rationals, zero tolerance; the margin counts failed items, so its size is not a distance.",
  assumptions: [linearNetwork, variantB, stationary, nondegenerate],
  generate: (dropped) => (dropped.has(stationary.name) ? perturbGamma(splitCandidates()) : splitCandidates()),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const items = characterization(Q, candidate, c, true);
    return {
      margin: marginNumber(items.margin),
      detail: {
        balance: items.balance === true,
        sharedMagnitude: items.shared === true,
        lassoAtLevel: items.lasso === true,
        levelIdentity: items.level === true,
        activeNeurons: items.activeNeurons ?? null,
        a: num(items.a),
        lambda: items.lambda === undefined ? null : num(items.lambda),
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => characterization(F, candidate, penalizedOver(F, candidate, instance), onFileNumbers(F, candidate, instance)).margin,
  // a = 1/2, λ = 2: balance 1/2 ≠ 1, Lasso KKT 2·(1 − 1/2) = 1 ≠ 2, λ²‖b̃‖₁ = 2 ≠ m·r² = 1.
  knownBad: () => [{ why: "stationary dropped: x = y = r = 1, Θ = 1, γ = 1/2 under B — balance, Lasso level and level identity fail", candidate: scalarCandidate("1", "0.5", "1", { penalty: "B" }) }],
  defaultRuns: 30,
};
