/**
 * taheri2025/d2-implies-d1 — does a small subgradient (D2) make a point value-approximate (D1)?
 * A question a public review raises about the definition of approximate stationary points behind
 * Theorem 2 of Taheri, Xie, Lederer (arXiv 2205.04491); not a claim of the paper.
 *
 * Reading (D1 as a public review states the paper's definition, two-sided, with the paper's
 * "reasonable"): every β with dist(0, ∂obj(β)) ≤ ε is D1(τ): some REASONABLE stationary β̃ (‖γ̃‖₁ ≤ η, η = √log n) has
 * |obj(β) − obj(β̃)| ≤ τ. Why this reading and not the earlier one-sided "obj(β) ≥ min over
 * stationary values − τ": under variant A the smallest stationary value is the global minimum
 * of obj, so that inequality held at every β (a derived identity, it could not fail). The
 * two-sided, reasonable reading can fail in two ways, both exercised: (i) a D2 point whose value
 * is more than τ above every reasonable stationary value (an ill-conditioned or barely-D2 point);
 * (ii) no reasonable stationary point at the optimal value — the Lasso optimum has ‖b̂‖₁ > η —
 * so a D2 point next to the global minimum is D1 to nothing but the degenerate value ‖y‖²_n.
 *
 * The set V of reasonable stationary values is known in closed form for linear networks:
 * - variant A (‖γ‖₁ with ‖Θ_j‖₁ ≤ 1): the stationary points with γ̃ ≠ 0 are global minimizers with
 *   value v_lasso (the Lasso's minimum at λ = r), and the least ‖γ̃‖₁ among them is ‖b̂‖₁ (one neuron
 *   Θ_1 = b̂/‖b̂‖₁; ‖Θᵀγ‖₁ ≤ ‖γ‖₁ for any other), the same for every Lasso solution; the γ̃ = 0 ones
 *   have value ‖y‖²_n and are reasonable. V = {‖y‖²_n} ∪ ({v_lasso} if ‖b̂‖₁ ≤ η).
 * - variant C (‖γ‖₁, Θ free): every stationary point has γ̃ = 0, V = {‖y‖²_n}.
 * Assumption `reasonable-optimum` (‖b̂‖₁ ≤ η, always true under C) excludes failure (ii); dropping
 * it, a hunt finds (ii). D2 ⇒ D1 fails under C, exactly: the drift path Θ = t·b_LSᵀ,
 * γ = (1 − ρ/t)/t has dist(0, ∂obj) = O(1/t²) and obj → ‖y − Xb_LS‖²_n < ‖y‖²_n; assumption
 * `coercive-penalty` (variant A) excludes it, and `hunt --drop coercive-penalty` finds it.
 *
 * Margin (τ − min_{v∈V} |obj(β) − v|)/‖y‖²_n, exact rationals (η decided in the interval field).
 * Knobs: settings epsilon (default 0.01), tau (default 0.01·‖y‖²_n: 1% of the objective at the
 * origin, so the reading does not depend on the units of y), eta (default √log n). Variant B's stationary values are not computed here (the assumption
 * excludes B). No case is vacuous.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import { atMost, bySign } from "../../src/field/decide.js";
import { intervalField } from "../../src/field/interval.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { l1Norm, matVec, squaredNormN } from "../../src/penalized/network.js";
import { objective } from "../../src/penalized/penalties.js";
import { exactLasso } from "../../src/penalized/exactLasso.js";
import { stationarityResidual } from "../../src/penalized/stationarity.js";
import { variantAStationary, variantCPath } from "../../src/penalized/stationaryPoints.js";
import { fieldSetting } from "../../src/check/settings.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { linearNetwork, variantAFeasible } from "./lib/assumptions.js";
import { exact, exactOnFile, liftRational, marginNumber, num, penalizedOver, Q, type Rational } from "./lib/common.js";
import { rawLabels, rawProblem, withTuning } from "./lib/generators.js";

/** dist(0, ∂obj(β)) ≤ ε, decided in exact rationals on the file's numbers (the residual branches on every coordinate's sign). */
function isD2(c: Candidate): boolean {
  const e = exact(c);
  const total = stationarityResidual(Q, e.data, e.variant, e.r, e.params).total;
  const epsilon = fieldSetting(Q, c.settings, "epsilon", "0.01");
  return total !== undefined && Q.sign(Q.sub(Q.mul(epsilon, epsilon), total)) !== -1;
}

const d2Approximate: Assumption = {
  name: "d2-approximate",
  description: "dist(0, ∂obj(β)) ≤ ε, ε = settings.epsilon (default 0.01), decided on squares",
  holds: isD2,
  decide: (F, c, _context, instance) => exactOnFile(F, c, instance, isD2),
};

/** η = settings.eta, or √log n: whether ‖b‖₁ ≤ η, decided exactly (a given η) or in the interval field (√log n is irrational; the inputs are exact, so the decision is a proof). */
function withinReasonable(candidate: Candidate, l1: Rational): boolean {
  if (candidate.settings.eta !== undefined) return Q.sign(Q.sub(fieldSetting(Q, candidate.settings, "eta"), l1)) !== -1;
  const I = intervalField({ digits: 30 });
  const norm = liftRational(I, l1);
  return atMost(I, I.mul(norm, norm), I.log(I.fromNumber(candidate.file.data.X.length))) === true;
}

interface ReasonableValues {
  /** V: the objective values of the reasonable stationary points (file comment). */
  values: Rational[];
  /** ‖b̂‖₁ of the Lasso at λ = r (variant A), else undefined. */
  lassoL1?: Rational;
  /** Whether some reasonable stationary point attains the smallest stationary value. */
  optimumReasonable: boolean;
}

/** V in closed form (see the file comment); memoized per candidate. Throws for variant B. */
const valuesCache = new WeakMap<Candidate, ReasonableValues>();
function reasonableStationaryValues(candidate: Candidate): ReasonableValues {
  const cached = valuesCache.get(candidate);
  if (cached) return cached;
  const c = exact(candidate);
  const degenerate = squaredNormN(Q, c.data.y);
  let result: ReasonableValues;
  if (c.variant === "C") result = { values: [degenerate], optimumReasonable: true };
  else if (c.variant === "B") throw new Error("taheri2025/d2-implies-d1: variant B's stationary values are not computed (assumption coercive-penalty)");
  else {
    const lasso = exactLasso(Q, c.data.X, c.data.y, c.r);
    if (!lasso) throw new Error("taheri2025/d2-implies-d1: the exact Lasso was not found");
    const f = matVec(Q, c.data.X, lasso.gamma);
    const lassoL1 = l1Norm(Q, lasso.gamma);
    const optimum = Q.add(squaredNormN(Q, c.data.y.map((y, i) => Q.sub(y, f[i]))), Q.mul(c.r, lassoL1));
    // b̂ = 0: the optimum is the degenerate value itself, reached by γ̃ = 0.
    const optimumReasonable = Q.sign(lassoL1) === 0 || withinReasonable(candidate, lassoL1);
    result = { values: optimumReasonable ? [degenerate, optimum] : [degenerate], lassoL1, optimumReasonable };
  }
  valuesCache.set(candidate, result);
  return result;
}

const reasonableOptimum: Assumption = {
  name: "reasonable-optimum",
  description: "some reasonable stationary point (‖γ̃‖₁ ≤ η, η = settings.eta or √log n) attains the smallest stationary value: under variant A, ‖b̂‖₁ ≤ η for the Lasso at λ = r; always under C",
  holds: (c) => reasonableStationaryValues(c).optimumReasonable,
  decide: (F, c, _context, instance) => exactOnFile(F, c, instance, (x) => reasonableStationaryValues(x).optimumReasonable),
};

/**
 * Variant A stationary points with γ_1 scaled by 1 + k/1000 (|k| ≤ 3): D2 distance small but nonzero.
 * Scaling keeps γ_1's sign, so a zero coordinate stays at its kink instead of jumping a subgradient.
 * The target's output weights are multiplied by `grow` ∈ {1/2, 4, 32}: the small ones give Lasso
 * optima with ‖b̂‖₁ ≤ √log n (reasonable), the large ones mostly optima that are not.
 */
function nearStationaryA(): fc.Arbitrary<Candidate> {
  const raw = rawProblem({ n: [5, 8, 10], d: [2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: [0.1, 0.5] });
  const stationaryPoint = fc
    .tuple(raw, fc.constantFrom("0.5", "4", "32"), fc.integer({ min: 100, max: 300 }))
    .map(([r, grow, tuning]) => {
      const scaled = { ...r, truth: { ...r.truth, a: r.truth.a.map((a) => Q.toString(Q.mul(Q.fromDecimalString(a), Q.fromDecimalString(grow)))) } };
      return variantAStationary(withTuning(scaled, tuning / 100), 3);
    })
    .filter((c): c is Candidate => c !== undefined);
  return fc.tuple(stationaryPoint, fc.integer({ min: -3, max: 3 })).map(([c, k]) => {
    const copy = structuredClone(c);
    const factor = Q.add(Q.one, Q.fromDecimalString((k / 1000).toFixed(3)));
    copy.file.params.a = copy.file.params.a.map((v, j) => (j === 0 ? Q.toString(Q.mul(factor, Q.fromDecimalString(String(v)))) : v));
    return copy;
  });
}

/** Points on variant C's drift path (n ∈ {5, 8, 10}: 1/n terminates). */
function driftPoints(): fc.Arbitrary<Candidate> {
  const raw = rawProblem({ n: [5, 8, 10], d: [1, 2], wStar: [1], activation: "identity", truth: "dense", sigma: [0.1] });
  return fc
    .tuple(raw, fc.constantFrom("100", "1000", "1000000"), fc.integer({ min: 1, max: 10 }))
    .map(([r, t, k]) => variantCPath(r.X, rawLabels(r), t, (k / 10).toFixed(1))?.candidate)
    .filter((c): c is Candidate => c !== undefined);
}

/** τ: settings.tau, else 1% of ‖y‖²_n (the objective's own scale: its value at the origin), so the reading does not depend on the units of y. */
function tauOf<T>(F: Field<T>, candidate: Candidate, scale: T): T {
  return candidate.settings.tau !== undefined ? fieldSetting(F, candidate.settings, "tau") : F.mul(F.fromDecimalString("0.01"), scale);
}

/**
 * (τ − min_{v∈V} |obj(β) − v|)/‖y‖²_n over any field. V is a constant of the data (exact Lasso
 * values in the file's data, lifted to F), so only obj(β) follows a parameter box.
 */
function d2Terms<T>(F: Field<T>, candidate: Candidate, c: PenalizedCandidate<T>) {
  const scale = squaredNormN(F, c.data.y);
  const tau = tauOf(F, candidate, scale);
  const value = objective(F, c.data, c.variant, c.r, c.params);
  const distance = reasonableStationaryValues(candidate)
    .values.map((v) => F.abs(F.sub(value, liftRational(F, v))))
    .reduce((best, x) => F.min(best, x));
  const gap = F.sub(tau, distance);
  return { value, distance, tau, margin: bySign(F, scale, { zero: () => gap, positive: () => F.div(gap, scale) }) };
}

export const d2ImpliesD1: Property = {
  id: "taheri2025/d2-implies-d1",
  title: "D2 ⇒ D1: dist(0, ∂obj(β)) ≤ ε ⇒ |obj(β) − obj(β̃)| ≤ τ for some reasonable stationary β̃",
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: the definition of approximate stationary points behind Theorem 2 (value-based, as a public review describes it) against the usual small-subgradient one",
    provenance: "the value-based definition and 'reasonable' (‖γ̃‖₁ ≤ √log n) are as public reviews read the paper; the closed forms of the reasonable stationary values and the variant C counterexample are derived and proved here",
  },
  margin: {
    kind: "bound-slack",
    formula: "(τ − min_{v∈V} |obj(β) − v|)/‖y‖²_n, V = the objective values of reasonable stationary points (variant A: ‖y‖²_n, and the Lasso value at λ = r when ‖b̂‖₁ ≤ η; variant C: ‖y‖²_n), exact rationals",
    bound: { direction: "upper", observed: "min_{v∈V} |obj(β) − v|", bound: "τ" },
  },
  mode: "exact",
  statement:
    "For a shallow linear network under penalty variant A, every β with dist(0, ∂obj(β)) ≤ ε is τ-value-close to a reasonable stationary point: |obj(β) − obj(β̃)| ≤ τ for some stationary β̃ with ‖γ̃‖₁ ≤ η (ε = 0.01, τ = 0.01·‖y‖²_n, η = √log n).",
  reading:
    "D1 as a public review states the paper's definition (two-sided, to a reasonable stationary point), not the earlier one-sided reading, which under variant A was a derived identity (the smallest stationary value is the global minimum) and could not fail. V in closed form (variant A: ‖y‖²_n, plus the Lasso value at λ = r when ‖b̂‖₁ ≤ η; variant C: ‖y‖²_n). It fails when a D2 point is more than τ from every reasonable stationary value: under variant C (drift path), or under A when the optimum is not reasonable (assumption reasonable-optimum dropped). Knobs: settings epsilon (default 0.01), tau (default 0.01·‖y‖²_n, 1% of the objective at the origin), eta (default √log n), penalty.",
  assumptions: [linearNetwork, variantAFeasible, reasonableOptimum, d2Approximate],
  generate: (dropped) => {
    if (dropped.has(variantAFeasible.name)) return driftPoints();
    const points = nearStationaryA();
    return dropped.has(reasonableOptimum.name) ? points : points.filter((c) => reasonableStationaryValues(c).optimumReasonable);
  },
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const { value, distance, tau, margin } = d2Terms(Q, candidate, c);
    const total = stationarityResidual(Q, c.data, c.variant, c.r, c.params).total;
    const { values, lassoL1 } = reasonableStationaryValues(candidate);
    return {
      margin: marginNumber(margin),
      slack: { observed: num(distance), bound: num(tau) },
      detail: {
        objective: num(value),
        distanceToReasonableStationaryValue: num(distance),
        reasonableStationaryValues: values.map((v) => num(v).toPrecision(8)).join(","),
        lassoL1: lassoL1 === undefined ? null : num(lassoL1),
        d2Distance: total === undefined ? null : Math.sqrt(num(total)),
        variant: c.variant,
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => d2Terms(F, candidate, penalizedOver(F, candidate, instance)).margin,
  knownBad: () => {
    // x = 1, 2 and y = 1, 1: b_LS = 3/5; at t = 1000 obj ≈ ‖y − Xb_LS‖²_n = 1/10, far below v_stat = ‖y‖²_n.
    const drift = variantCPath([["1"], ["2"]], ["1", "1"], "1000", "0.5")!;
    return [
      { why: "coercive-penalty dropped: variant C's drift path Θ = t·b_LSᵀ, γ = (1 − ρ/t)/t at t = 1000 — a D2 point far below every stationary value", candidate: drift.candidate },
      { why: "reasonable-optimum dropped: x = 1, 1, y = 3, 3, r = 1/10 — the global minimum γ = 2.95, Θ = 1 (a D2 point) has obj = 0.2975, but ‖b̂‖₁ = 2.95 > √log 2, so the only reasonable stationary value is ‖y‖²_n = 9", candidate: unreasonableOptimum() },
    ];
  },
  defaultRuns: 20,
};

/** Variant A, n = 2, x = 1, y = 3, r = 1/10: the Lasso b̂ = 3 − r/2 = 2.95, whose ℓ1 norm exceeds √log 2 ≈ 0.83. */
function unreasonableOptimum(): Candidate {
  const file = {
    model: { activation: "identity", scaling: "standard" },
    data: { X: [["1"], ["1"]], y: ["3", "3"] },
    params: { W: [["1"]], a: ["2.95"] },
  } as InstanceFile;
  return { file, settings: { r: "0.1", penalty: "A" } };
}
