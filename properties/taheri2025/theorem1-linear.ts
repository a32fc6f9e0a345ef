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
import { linearNetwork, nondegenerate, reasonable, regressionModel, stationary } from "./assumptions.js";
import { stationaryCandidate } from "./candidates.js";
import { exact, inSampleError, num, Q, relativeSlack, type Rational } from "./common.js";
import { rawProblem, withTuning } from "./generators.js";
import { fieldSetting } from "../../src/penalized/penalizedCandidate.js";

/** λ_eff: r under A and C, r/‖γ̃‖_∞ under B (undefined at γ̃ = 0 under B: the bound is vacuous). */
export function effectiveLevel(candidate: Candidate): Rational | undefined {
  const c = exact(candidate);
  if (c.variant !== "B") return c.r;
  const a = maxAbs(Q, c.params.gamma);
  return Q.sign(a) === 0 ? undefined : Q.div(c.r, a);
}

/** r_orc of the linear model: 2‖Xᵀu‖_∞/n (features of Θ = I). */
export function linearOracle(candidate: Candidate): Rational {
  const c = exact(candidate);
  const d = c.data.X[0].length;
  const identity = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? Q.one : Q.zero)));
  return oracleTuning(Q, features(Q, { ...c.data, activation: { name: "identity" } }, identity).features, c.truth!.noise);
}

const effectiveAboveOracle: Assumption = {
  name: "r-above-oracle",
  description: "λ_eff ≥ r_orc = 2‖Xᵀu‖_∞/n (λ_eff = r under A, r/‖γ̃‖_∞ under B)",
  holds: (c) => {
    if (!exact(c).truth) return false;
    const level = effectiveLevel(c);
    return level === undefined || Q.sign(Q.sub(level, linearOracle(c))) !== -1;
  },
};

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
    const constant = fieldSetting(Q, candidate, "C", "2");
    const { error } = inSampleError(c);
    const bStar = c.truth!.params.theta[0].map((_, k) => c.truth!.params.theta.reduce((t, row, j) => Q.add(t, Q.mul(row[k], c.truth!.params.gamma[j])), Q.zero));
    const bStarL1 = l1Norm(Q, bStar);
    const level = effectiveLevel(candidate);
    const eta = Math.sqrt(Math.log(c.data.X.length));
    const template = num(error) / (num(c.r) * (num(l1Norm(Q, c.truth!.params.gamma)) + eta));
    if (level === undefined) return { margin: 0, detail: { error: num(error), bound: null, vacuous: true, templateRatio: template } };
    const unit = Q.mul(level, bStarL1);
    const bound = Q.mul(constant, unit);
    return {
      margin: relativeSlack(bound, error),
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
  defaultRuns: 25,
};
