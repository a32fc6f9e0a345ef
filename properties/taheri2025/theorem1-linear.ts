/**
 * taheri2025/theorem1-linear — prediction error of reasonable stationary points of shallow linear
 * networks: Theorem 1 of Taheri, Xie, Lederer (arXiv 2205.04491), whose text (constants, log
 * powers) was not available to us, in a form derived and proved here. This is a SURROGATE: the
 * in-sample Lasso slow rate at the effective level, without the paper's quantities (r, ‖γ*‖₁,
 * η = √log n) or its population risk; the paper's form is taheri2025/theorem1-paper-form.
 *
 * Reading encoded here ("Lasso-effective"): a non-degenerate stationary point's end-to-end vector
 * b̃ = Θ̃ᵀγ̃ solves the Lasso at an effective level λ_eff — λ_eff = r under penalty variant A
 * (‖γ‖₁ with ‖Θ_j‖₁ ≤ 1), λ_eff = r/‖γ̃‖_∞ under variant B (‖γ‖₁ + ‖Θ‖₁) — so on the event
 * λ_eff ≥ r_orc = 2‖Xᵀu‖_∞/n the Lasso oracle inequality gives
 *   ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁,   b* = Θ*ᵀγ*,   C = 2 (setting `C`).
 * The margin is (bound − error)/max(bound, error), exact in rationals. The detail reports
 * error/(λ_eff‖b*‖₁) — the smallest C for which the bound holds on the instance — and the
 * template ratio error/(r·(‖γ*‖₁ + η)), η = √log n, for the experiment's tables.
 *
 * `nondegenerate` (γ̃ ≠ 0) is essential: dropping it lets the origin (γ, Θ) = (0, 0) in — always
 * stationary and reasonable — whose error ‖f*‖²_n exceeds 2r‖b*‖₁ once r is small (the known bad
 * case). Under B the bound at γ̃ = 0 is +∞ (λ_eff = ∞, counted as vacuous), so the hunt target uses
 * variant A. Sizes n ∈ {5, 8, 12, 16, 20}, r ∈ [1, 2]·r_orc so that the bound can bite.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { features, l1Norm, maxAbs } from "../../src/penalized/network.js";
import { oracleTuning } from "../../src/penalized/penalties.js";
import { origin, type RawProblem } from "../../src/penalized/stationaryPoints.js";
import { linearNetwork, nondegenerate, numericAssumption, reasonable, regressionModel, stationary } from "./lib/assumptions.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import type { Instance } from "../../src/model/instance.js";
import { hull, nonNegative, possibleSigns, type Maybe } from "../../src/field/decide.js";
import { stationaryCandidate } from "./lib/candidates.js";
import { exact, inSampleError, marginNumber, num, penalizedOver, Q, relativeSlackOver, type Rational } from "./lib/common.js";
import { rawProblem, withTuning } from "./lib/generators.js";
import { fieldSetting } from "../../src/check/settings.js";

/** λ_eff: r under A and C, r/‖γ̃‖_∞ under B (undefined at γ̃ = 0 under B: the bound is vacuous). */
export function effectiveLevel(candidate: Candidate): Rational | undefined {
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
export function linearOracle(candidate: Candidate): Rational {
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

const SAMPLE_SIZES = [5, 8, 12, 16, 20];

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  if (dropped.has(nondegenerate.name)) {
    const raw = rawProblem({ n: SAMPLE_SIZES, d: [2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: [0.1, 0.5] });
    return fc.tuple(raw, fc.integer({ min: 100, max: 300 })).map(([r, k]) => origin(withTuning(r, k / 100), 3, "A"));
  }
  const options = { n: SAMPLE_SIZES, tuning: [1, 2] as [number, number] };
  return fc.oneof(stationaryCandidate("linear-A", options), stationaryCandidate("linear-B", options));
}

/** The origin (γ, Θ) = (0, 0) under A for x = 1, f* = x, u = 0, r = 1/10: error 1 against the bound 2r‖b*‖₁ = 1/5. */
function originCase(): Candidate {
  const raw: RawProblem = { X: [["1"]], truth: { W: [["1"]], a: ["1"], noise: ["0"] }, activation: "identity", r: "0.1" };
  return origin(raw, 1, "A");
}

export const theorem1Linear: Property = {
  id: "taheri2025/theorem1-linear",
  title: "Theorem 1 (linear, in-sample Lasso surrogate): ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁ at reasonable stationary points",
  reference: {
    paper: "taheri2025",
    statement: "Theorem 1 (reasonable stationary points of shallow linear networks)",
    provenance: "the theorem's setting from the abstract and public reviews; its exact bound is not known to us — this form is our reading, derived and proved here",
  },
  margin: {
    kind: "bound-slack",
    formula: "(C·λ_eff·‖b*‖₁ − ‖f* − f̃‖²_n)/max(C·λ_eff·‖b*‖₁, ‖f* − f̃‖²_n), exact rationals; λ_eff = r (A) or r/‖γ̃‖_∞ (B), C = 2",
    bound: { direction: "upper", observed: "‖f* − f̃‖²_n", bound: "C·λ_eff·‖b*‖₁" },
  },
  mode: "exact",
  statement: "For a shallow linear network, every stationary β̃ with γ̃ ≠ 0 and ‖γ̃‖₁ ≤ η satisfies ‖f* − f̃‖²_n ≤ C·λ_eff·‖b*‖₁ whenever λ_eff ≥ 2‖Xᵀu‖_∞/n, with λ_eff = r (variant A) or r/‖γ̃‖_∞ (variant B), b* = Θ*ᵀγ*, C = 2.",
  reading:
    "A surrogate of Theorem 1 (the paper's form, on population risk with its log factors, is taheri2025/theorem1-paper-form). Lasso-effective reading of Theorem 1, whose exact form is unknown to us: the Lasso oracle bound for the global optimum, transferred to stationary points because a non-degenerate stationary point's b̃ = Θ̃ᵀγ̃ solves the Lasso at λ_eff (derived here for penalty variants A and B). Knobs: settings C (default 2), penalty (A or B), eta (default √log n, a secondhand reading of 'reasonable'). 'Reasonable' is kept as an assumption though this form does not need it. Vacuous: λ_eff undefined (B at γ̃ = 0), or bound and error both 0.",
  assumptions: [linearNetwork, stationary, reasonable, nondegenerate, effectiveAboveOracle, regressionModel],
  generate: candidates,
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { error, bStarL1, constant, margin } = theorem1Terms(Q, c, candidate);
    const level = effectiveLevel(candidate);
    const eta = Math.sqrt(Math.log(c.data.X.length));
    const template = num(error) / (num(c.r) * (num(l1Norm(Q, c.truth!.params.gamma)) + eta));
    if (level === undefined) return { margin: marginNumber(margin), vacuous: "λ_eff = ∞ (variant B at γ̃ = 0): no bound", detail: { error: num(error), bound: null, templateRatio: template } };
    const unit = Q.mul(level, bStarL1);
    const bound = Q.mul(constant, unit);
    const trivial = Q.sign(bound) === 0 && Q.sign(error) === 0;
    return {
      margin: marginNumber(margin),
      ...(trivial ? { vacuous: "bound and error both 0" } : { slack: { observed: num(error), bound: num(bound) } }),
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
  slackOver: theorem1Slack,
  knownBad: () => [{ why: "nondegenerate dropped: the origin (γ, Θ) = (0, 0) is stationary and reasonable, error ‖f*‖²_n = 1 > 2r‖b*‖₁ = 1/5", candidate: originCase() }],
  defaultRuns: 25,
};

/**
 * ‖f* − f̃‖²_n and C·λ_eff·‖b*‖₁ over any field, for `tighten`; undefined where λ_eff is undefined
 * or undecided (variant B, ‖γ̃‖_∞ not shown > 0) or the field cannot show both sides > 0.
 */
function theorem1Slack<T>(F: Field<T>, candidate: Candidate, _context: unknown, instance?: Instance<T>): { observed: T; bound: T } | undefined {
  const c = penalizedOver(F, candidate, instance);
  const { error, bStarL1, constant } = theorem1Terms(F, c, candidate);
  const gammaMax = maxAbs(F, c.params.gamma);
  if (c.variant === "B" && F.sign(gammaMax) !== 1) return undefined;
  const level = c.variant === "B" ? F.div(c.r, gammaMax) : c.r;
  const bound = F.mul(constant, F.mul(level, bStarL1));
  return F.sign(error) === 1 && F.sign(bound) === 1 ? { observed: error, bound } : undefined;
}
