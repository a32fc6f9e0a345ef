/**
 * taheri2025/theorem1-linear — prediction error of reasonable stationary points of shallow linear
 * networks (Theorem 1 in the reconstructed form of spec taheri2025.md §2.2, made exact by §3.6–§3.8).
 *
 * The paper's bound (constants, log powers) is unknown. Reading encoded here ("Lasso-effective",
 * [D]): a non-degenerate stationary point's end-to-end vector b̃ = Θ̃ᵀγ̃ solves the Lasso at an
 * effective level λ_eff — λ_eff = r under variant A (§3.7), λ_eff = r/‖γ̃‖_∞ under variant B
 * (§3.8) — so on the event λ_eff ≥ r_orc = 2‖Xᵀu‖_∞/n the Lasso oracle inequality (§3.6) gives
 *   ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁,   b* = Θ*ᵀγ*,   C = 2 (setting `C`).
 * The margin is (bound − error)/max(bound, error), exact in rationals. The detail reports
 * error/(λ_eff‖b*‖₁) — the smallest C for which the bound holds on the instance — and the
 * paper-template ratio error/(r·(‖γ*‖₁ + η)), η = √log n (§2.2), for the experiment's tables.
 *
 * `nondegenerate` (γ̃ ≠ 0) is essential: dropping it lets the origin (γ, Θ) = (0, 0) in — always
 * stationary and reasonable — whose error ‖f*‖²_n exceeds 2r‖b*‖₁ once r is small (§3.10).
 * Under B the bound at γ̃ = 0 is +∞ (λ_eff = ∞), so the hunt target uses variant A.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { features, l1Norm, maxAbs } from "../../src/penalized/network.js";
import { oracleTuning } from "../../src/penalized/penalties.js";
import { origin } from "../../src/penalized/stationaryPoints.js";
import { linearNetwork, nondegenerate, numericAssumption, reasonable, regressionModel, stationary } from "./lib/assumptions.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { hull, nonNegative, possibleSigns, type Maybe } from "../../src/field/decide.js";
import { stationaryCandidate } from "./lib/candidates.js";
import { exact, inSampleError, marginNumber, num, penalizedOver, Q, relativeSlackOver, type Rational } from "./lib/common.js";
import { rawProblem, withTuning } from "./lib/generators.js";
import { fieldSetting } from "../../src/check/settings.js";

/** λ_eff: r under A and C, r/‖γ̃‖_∞ under B (undefined at γ̃ = 0 under B: the bound is vacuous). */
function effectiveLevel(candidate: Candidate): Rational | undefined {
  const c = exact(candidate);
  if (c.variant !== "B") return c.r;
  const a = maxAbs(Q, c.params.gamma);
  return Q.sign(a) === 0 ? undefined : Q.div(c.r, a);
}

/** r_orc of the linear model: 2‖Xᵀu‖_∞/n (features of Θ = I), over any field. */
function linearOracleOver<T>(F: Field<T>, c: PenalizedCandidate<T>): T {
  if (!c.truth) throw new Error("this entry needs a `truth` field (target network and noise)");
  const d = c.data.X[0].length;
  const identity = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? F.one : F.zero)));
  return oracleTuning(F, features(F, { ...c.data, activation: { name: "identity" } }, identity).features, c.truth.noise);
}

/** r_orc of the linear model in exact rationals (reports). */
function linearOracle(candidate: Candidate): Rational {
  return linearOracleOver(Q, exact(candidate));
}

/**
 * A value that depends on λ_eff, over any field: `vacuous()` where λ_eff is undefined (variant B at
 * γ̃ = 0), else `at(λ_eff)`; an interval that cannot tell whether ‖γ̃‖_∞ = 0 takes both.
 */
function atEffectiveLevel<T, R>(F: Field<T>, c: PenalizedCandidate<T>, at: (level: T) => R, vacuous: () => R, both: (x: R, y: R) => R): R {
  if (c.variant !== "B") return at(c.r);
  const a = maxAbs(F, c.params.gamma);
  const signs = possibleSigns(F, a);
  const results: R[] = [];
  if (signs.includes(0) || signs.includes(-1)) results.push(vacuous());
  if (signs.includes(1)) results.push(at(F.div(c.r, a)));
  return results.reduce(both);
}

const effectiveAboveOracle: Assumption = numericAssumption("r-above-oracle", "λ_eff ≥ r_orc = 2‖Xᵀu‖_∞/n (λ_eff = r under A, r/‖γ̃‖_∞ under B)", (F, candidate, _context, instance) => {
  const c = penalizedOver(F, candidate, instance);
  if (!c.truth) return false;
  const oracle = linearOracleOver(F, c);
  return atEffectiveLevel(
    F,
    c,
    (level): Maybe => nonNegative(F, F.sub(level, oracle)),
    (): Maybe => true,
    (x, y) => (x === y ? x : undefined),
  );
});

/** Theorem 1's bound C·λ_eff·‖b*‖₁, the error and the margin (0 where the bound is vacuous), over any field. */
function theorem1Terms<T>(F: Field<T>, c: PenalizedCandidate<T>, candidate: Candidate) {
  const constant = fieldSetting(F, candidate.settings, "C", "2");
  const { error } = inSampleError(F, c);
  const truth = c.truth!.params;
  const bStar = truth.theta[0].map((_, k) => truth.theta.reduce((t, row, j) => F.add(t, F.mul(row[k], truth.gamma[j])), F.zero));
  const bStarL1 = l1Norm(F, bStar);
  const margin = atEffectiveLevel(
    F,
    c,
    (level) => relativeSlackOver(F, F.mul(constant, F.mul(level, bStarL1)), error),
    () => F.zero,
    (x, y) => hull(F, x, y),
  );
  return { error, bStarL1, constant, margin };
}

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  if (dropped.has(nondegenerate.name)) {
    const raw = rawProblem({ n: [5, 8, 10], d: [2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: [0.1, 0.5] });
    return fc.tuple(raw, fc.integer({ min: 100, max: 300 })).map(([r, k]) => origin(withTuning(r, k / 100), 3, "A"));
  }
  return fc.oneof(stationaryCandidate("linear-A"), stationaryCandidate("linear-B"));
}

export const theorem1Linear: Property = {
  id: "taheri2025/theorem1-linear",
  title: "Theorem 1 (linear, Lasso-effective reading): ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁ at reasonable stationary points",
  reference: { paper: "taheri2025", statement: "Theorem 1 (reconstructed; exact form unknown)", spec: "taheri2025.md §2.2, §3.6–§3.8, §3.10", provenance: "[V] existence; [R] form; [D] this encoding" },
  mode: "exact",
  statement: "For a shallow linear network, every stationary β̃ with γ̃ ≠ 0 and ‖γ̃‖₁ ≤ η satisfies ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁ whenever λ_eff ≥ 2‖Xᵀu‖_∞/n, with λ_eff = r (variant A) or r/‖γ̃‖_∞ (variant B), b* = Θ*ᵀγ*, C = 2.",
  reading: "Lasso-effective reading [D] of the unknown Theorem 1: the bound the spec proves for the global optimum, transferred to stationary points by §3.7/§3.8. Knobs: settings C (default 2), penalty (A or B), eta (default √log n). 'Reasonable' is kept as an assumption though this form does not need it.",
  assumptions: [linearNetwork, stationary, reasonable, nondegenerate, effectiveAboveOracle, regressionModel],
  generate: candidates,
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { error, bStarL1, constant, margin } = theorem1Terms(Q, c, candidate);
    const level = effectiveLevel(candidate);
    const eta = Math.sqrt(Math.log(c.data.X.length));
    const template = num(error) / (num(c.r) * (num(l1Norm(Q, c.truth!.params.gamma)) + eta));
    if (level === undefined) return { margin: marginNumber(margin), detail: { error: num(error), bound: null, vacuous: true, templateRatio: template } };
    const unit = Q.mul(level, bStarL1);
    const bound = Q.mul(constant, unit);
    return {
      margin: marginNumber(margin),
      detail: {
        error: num(error),
        bound: num(bound),
        effectiveLevel: num(level),
        oracle: num(linearOracle(candidate)),
        bStarL1: num(bStarL1),
        smallestConstant: Q.sign(unit) === 0 ? null : num(Q.div(error, unit)),
        templateRatio: template,
        variant: c.variant,
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => theorem1Terms(F, penalizedOver(F, candidate, instance), candidate).margin,
  defaultRuns: 25,
};
