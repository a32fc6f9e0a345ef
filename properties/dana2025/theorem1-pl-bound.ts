/**
 * dana2025/theorem1-pl-bound — Theorem 1's local-PL lower bound, eq. (6), pointwise in θ (spec
 * dana2025.md §3.5, §2.3, §1.6, §9b P6).
 *
 * Under weakly interacting data ((n−1)·ρ ≤ κ·(C_x^-)², the suite's encoding of Assumption 2,
 * κ = 1/2) and ‖w_j‖ ≤ |a_j| (Assumption 1, carried along the flow by Lemma 1):
 *   μ ≥ f·(C/n)·min_i |h(x_i)/y_i|,  C = (C_x^-/C_x^+)·C_x^-·C_y^-,  f = 1,
 * where μ = p‖∇L‖²/L and min_i |h/y| = min_i |1 − r_i/y_i| is the rebuttal's form. §3.5 derives it:
 * μ ≥ (2(1−κ)/n)·min_i ‖x_i‖²E_i (Steps 1–2) and ‖x_i‖E_i ≥ |h(x_i)| (Step 3, entry
 * output-energy-bound).
 *
 * Margin: (μ − B)/max(μ, B) with B = f·(C/n)·min_i|h_i/y_i| — scale-free, in [−1, 1], 0 when μ = B.
 * Its sign is decided exactly, with no square root: μ ≥ B ⇔ A_i·C_x^+ ≥ R_i for some i, with
 * A_i = p‖∇L‖²·n·|y_i| ≥ 0 and R_i = f·(C_x^-)²·C_y^-·|h_i|·L ≥ 0, i.e. max_i (A_i²·(C_x^+)² − R_i²) ≥ 0,
 * a polynomial in the short-decimal inputs and settings, computed without rounding at max(digits,
 * IDENTITY_DIGITS) digits. Only the margin's size uses √ (C_x^+ = √max_i‖x_i‖², rounded to
 * ~10^−300 relative), and it carries the exact sign (a nonzero sign never becomes ±0). No tolerance.
 *
 * Vacuous cases: at L = 0 μ is undefined, and when some h(x_i) = 0 the bound is B = 0 ≤ μ, which
 * cannot fail. Both get margin 1 (the top of the scale: nowhere near failing) with detail.vacuous,
 * not 0: a 0 would report a tie with failure that is not there, and would trap a hunt's search on
 * the plateau of dead networks (all pre-activations ≤ 0, μ = B = 0).
 */
import fc from "fast-check";
import { decimalField } from "../../src/field/decimal.js";
import { rationalField, type Rational } from "../../src/field/rational.js";
import { dot, squaredNorm, type Field, type Sign } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { any, bySign, hull, isZero, withSignOf } from "../../src/field/decide.js";
import { plLowerBound, theorem1Constant, theorem1DataConstants } from "./lib/plBound.js";
import { exactMargin } from "../../src/check/margin.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { forward, gradient, lossFromResiduals, parameterSquaredNorm } from "../../src/model/network.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./lib/assumptions.js";
import { shortDecimalCandidate, type ShortDecimalInit } from "./lib/generators.js";
import { IDENTITY_DIGITS } from "./lib/precision.js";
import { energies } from "./lib/kernel.js";
import { numberSetting } from "../../src/check/settings.js";

/**
 * Data ρ_i e_i + t_i e_6 in R⁶ (n ≤ 5, ρ_i ∈ [1, 2]): every pair correlates through the shared last
 * coordinate, ⟨x_i, x_k⟩ = t_i t_k, with |t_i| ≤ τ. With `(n−1)·τ² ≤ kappa·1` Assumption 2's
 * encoding holds by construction (‖x_i‖² ≥ 1) and the largest products reach its boundary.
 */
function sharedDirection(init: ShortDecimalInit, kappa: number): fc.Arbitrary<Candidate> {
  return shortDecimalCandidate({ data: "orthogonal", init, d: fc.constant(6) }).chain((candidate) => {
    const n = candidate.file.data.X.length;
    // Largest τ (in thousandths) with (n − 1)·τ² ≤ kappa·10⁶, checked in integers.
    let tau = n > 1 ? Math.floor(1000 * Math.sqrt(kappa / (n - 1))) + 1 : 1000;
    while (n > 1 && (n - 1) * tau * tau > kappa * 1e6) tau--;
    return fc.array(fc.integer({ min: -tau, max: tau }), { minLength: n, maxLength: n }).map(
      (t): Candidate => ({
        ...candidate,
        file: {
          ...candidate.file,
          data: { ...candidate.file.data, X: candidate.file.data.X.map((row, i) => row.map((v, k) => (k === row.length - 1 ? (t[i] / 1000).toFixed(3) : v))) },
        },
      }),
    );
  });
}

/** Arbitrary data (n ∈ {2, 4, 5}) in which some rows repeat x_0: maximal correlation ⟨x_0, x_k⟩ = ‖x_0‖². */
function repeatedRows(init: ShortDecimalInit): fc.Arbitrary<Candidate> {
  return shortDecimalCandidate({ data: "general", init, n: fc.constantFrom(2, 4, 5) }).chain((candidate) => {
    const X = candidate.file.data.X;
    return fc.array(fc.boolean(), { minLength: X.length, maxLength: X.length }).map(
      (repeat): Candidate => ({
        ...candidate,
        file: { ...candidate.file, data: { ...candidate.file.data, X: X.map((row, i) => (i > 0 && repeat[i] ? X[0] : row)) } },
      }),
    );
  });
}

/**
 * Theorem 1's margin, written once over any field. μ = p‖∇L‖²/L, B = f·(C/n)·min_i|h_i/y_i|
 * (plBound.ts), relative = (μ − B)/max(μ, B). The √-free witness max_i (A_i²(C_x^+)² − R_i²), with
 * A_i = p‖∇L‖²·n·|y_i| and R_i = f·(C_x^-)²·C_y^-·|h_i|·L, has the sign of μ − B (for a, b ≥ 0,
 * sign(a² − b²) = sign(a − b), and μ ≥ min_i B_i iff μ ≥ B_i for some i): it decides the sign
 * exactly where √ would round. Vacuous branches (L = 0; some h_i = 0, so B = 0) have margin 1;
 * over intervals an undecided branch takes the hull of both (src/field/decide.ts).
 */
export function theorem1Terms<T>(F: Field<T>, candidate: Candidate, instance: Instance<T>) {
  const n = instance.X.length;
  const p = instance.a.length;
  const pass = forward(F, instance);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const pGradSquared = F.mul(F.fromNumber(p), parameterSquaredNorm(F, gradient(F, instance, pass))); // μ·L
  const constants = theorem1DataConstants(F, candidate, instance);
  const factor = F.fromDecimalString(String(numberSetting(candidate.settings, "factor", 1)));
  const h = pass.outputs.map((v) => F.abs(v));
  const y = instance.y.map((v) => F.abs(v));
  const lead = F.mul(F.mul(factor, constants.cxMinSquared), constants.cyMin);
  const witness = h
    .map((hi, i) => {
      const A = F.mul(F.mul(pGradSquared, F.fromNumber(n)), y[i]);
      const R = F.mul(F.mul(lead, hi), lossValue);
      return F.sub(F.mul(F.mul(A, A), constants.cxMaxSquared), F.mul(R, R));
    })
    .reduce((m, v) => F.max(m, v));
  const C = () => theorem1Constant(F, constants);
  const bound = () => plLowerBound(F, C(), n, pass.outputs, instance.y, factor);
  const relative = () => {
    const mu = F.div(pGradSquared, lossValue);
    const B = bound();
    return F.div(F.sub(mu, B), F.max(mu, B));
  };
  const someOutputZero = any(h.map((v) => isZero(F, v)));
  const nonVacuous = () => withSignOf(F, relative(), witness);
  const margin = bySign(F, lossValue, {
    zero: () => F.one,
    positive: () => (someOutputZero === true ? F.one : someOutputZero === false ? nonVacuous() : hull(F, F.one, nonVacuous())),
  });
  return { lossValue, pGradSquared, outputs: pass.outputs, witness, C, bound, relative, someOutputZero, margin };
}

export const theorem1PlBound: Property = {
  id: "dana2025/theorem1-pl-bound",
  title: "Theorem 1, eq. (6): μ ≥ (C/n)·min_i |h(x_i)/y_i|, C = (C_x^-/C_x^+)C_x^-C_y^-",
  reference: { paper: "dana2025", statement: "Theorem 1, eq. (6)", spec: "dana2025.md §3.5, §2.3, §9b P6", provenance: "[REV constant; DERIVED condition]" },
  mode: "exact",
  statement:
    "If (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ κ·(C_x^-)² and ‖w_j‖ ≤ |a_j| for all j, then μ = p‖∇L‖²/L ≥ f·(C/n)·min_i |h(x_i)/y_i| with C = (C_x^-/C_x^+)·C_x^-·C_y^-.",
  reading:
    "Assumption 2 is the suite's encoding (n−1)ρ ≤ κ(C_x^-)², κ = settings.kappa (default 1/2), not the paper's wording (not found). " +
    "Under κ = 1/2 the spec's derivation gives numeric factor f = 1 (settings.factor, default 1); in general it gives f = 2(1−κ) — and in fact the larger constant C_x^-C_y^-, " +
    "since ‖x_i‖²E_i ≥ ‖x_i‖·|h_i| ≥ C_x^-|h_i|. C_x^±, C_y^- are the instance's own min/max ‖x_i‖ and min |y_i| unless settings cxMin, cxMax, cyMin are given (data-bounds checks they bracket the data). " +
    "Pointwise in θ. Vacuous cases — L = 0 (μ undefined) or some h(x_i) = 0 (B = 0) — get margin 1 and detail.vacuous = true.",
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds],
  generate(dropped) {
    if (dropped.has(assumption1Weak.name) && !dropped.has(assumption2.name)) {
      // Where Assumption 1 fails: |a_j| < ‖w_j‖, on data that keep the Assumption-2 encoding.
      // Small widths and orthogonal data too: a violation needs the output weights' gradient to
      // (nearly) vanish, Σ_i r_i σ(⟨w_j, x_i⟩) ≈ 0, which is easier to reach with few neurons.
      return fc.oneof(
        shortDecimalCandidate({ data: "near-orthogonal", init: "A1-violated" }),
        shortDecimalCandidate({ data: "orthogonal", init: "A1-violated", n: fc.integer({ min: 2, max: 3 }), p: fc.integer({ min: 1, max: 2 }) }),
        shortDecimalCandidate({ data: "near-orthogonal", init: "any" }),
      );
    }
    const init: ShortDecimalInit = dropped.has(assumption1Weak.name) ? "any" : "A1";
    if (dropped.has(assumption2.name)) {
      // Correlations past the encoding: repeated rows (the extreme), arbitrary data, and
      // shared-direction data up to κ = 4.
      return fc.oneof(
        { arbitrary: repeatedRows(init), weight: 2 },
        { arbitrary: shortDecimalCandidate({ data: "general", init }), weight: 1 },
        { arbitrary: sharedDirection(init, 4), weight: 1 },
      );
    }
    return fc.oneof(shortDecimalCandidate({ data: "near-orthogonal", init }), sharedDirection(init, 0.5));
  },
  evaluate(candidate, context): Evaluation {
    const F = decimalField({ digits: Math.max(context.digits, IDENTITY_DIGITS) });
    const instance = instanceOverField(F, candidate.file);
    const terms = theorem1Terms(F, candidate, instance);
    if (F.sign(terms.lossValue) === 0) return { margin: 1, detail: { vacuous: true, reason: "L = 0: μ is undefined" } };
    const mu = F.div(terms.pGradSquared, terms.lossValue);
    if (terms.someOutputZero === true) return { margin: 1, detail: { vacuous: true, reason: "B = 0 (some h(x_i) = 0): μ ≥ 0 cannot fail", mu: F.toNumber(mu) } };
    // The sign from the √-free witness (exact for short-decimal inputs at these digits), the size
    // from the rounded √, never rounded to 0 when the sign is not.
    const sign = F.sign(terms.witness) as Sign;
    const size = Math.abs(F.toNumber(terms.relative()));
    const margin = sign === 0 ? 0 : sign * Math.max(Number.isFinite(size) ? size : 0, Number.MIN_VALUE);
    // The sample attaining min_i |h_i|/|y_i| (cross-multiplied, first of equals), for the report.
    const h = instance.y.map((_, i) => F.abs(terms.outputs[i]));
    const y = instance.y.map((v) => F.abs(v));
    let k = 0;
    for (let i = 1; i < h.length; i++) if (F.mul(h[i], y[k]).lt(F.mul(h[k], y[i]))) k = i;
    return {
      margin,
      detail: {
        mu: F.toNumber(mu),
        bound: F.toNumber(terms.bound()),
        C: F.toNumber(terms.C()),
        minRatioSample: k,
        minRatio: F.toNumber(F.div(h[k], y[k])),
        kappa: numberSetting(candidate.settings, "kappa", 0.5),
        factor: numberSetting(candidate.settings, "factor", 1),
        vacuous: false,
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => theorem1Terms(F, candidate, instance ?? instanceOverField(F, candidate.file)).margin,
  slackOver: theorem1Slack,
  steps: theorem1Steps,
  defaultRuns: 500,
};

/**
 * The proof of eq. (6) as the chain of spec §3.5, each link's margin (lhs − rhs)/max(|lhs|, |rhs|)
 * with its exact sign, in order. On a counterexample, the first negative link is where the proof
 * breaks: Step 1 holds for any data, Step 2 needs the Assumption-2 encoding, Step 3 needs A1.
 *   Step 1a: μ ≥ (1/(n²pL))·Σ_j a_j²‖Σ_i r_i 1_ij x_i‖²            (drop the a-part of ∇L)
 *   Step 1b: ‖Σ_i r_i 1_ij x_i‖² ≥ Σ_i r_i² 1_ij (‖x_i‖² − (m_j−1)ρ)  for every j
 *   Step 2:  μ ≥ (2(1−κ)/n)·min_i ‖x_i‖²E_i
 *   Step 3:  h(x_i)² ≤ ‖x_i‖²E_i²                                   for every i
 *   Conclusion: eq. (6), this entry's own margin.
 */
function theorem1Steps(candidate: Candidate, context: { digits: number }) {
  // No square root in the chain: exact rationals, so a link that holds with equality reads 0.
  const F = rationalField;
  const instance = instanceOverField(F, candidate.file);
  const n = instance.X.length;
  const p = instance.a.length;
  const pass = forward(F, instance);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const relative = (lhs: Rational, rhs: Rational) => {
    const scale = F.max(F.abs(lhs), F.abs(rhs));
    return F.sign(scale) === 0 ? 0 : exactMargin(F, F.div(F.sub(lhs, rhs), scale));
  };
  const worst = (margins: number[]) => margins.reduce((m, v) => Math.min(m, v), Infinity);
  if (F.sign(lossValue) === 0) return [{ name: "Conclusion: eq. (6), vacuous at L = 0", margin: 1 }];
  const mu = F.div(F.mul(F.fromNumber(p), parameterSquaredNorm(F, gradient(F, instance, pass))), lossValue);
  const active = (i: number, j: number) => F.sign(pass.preactivations[i][j]) === 1;
  const rho = instance.X.reduce((m, xi, i) => instance.X.reduce((mm, xk, k) => (k > i ? F.max(mm, F.abs(dot(F, xi, xk))) : mm), m), F.zero);
  const pushes = instance.W.map((_, j) => {
    const v = instance.X[0].map((_, m) => instance.X.reduce((t, x, i) => (active(i, j) ? F.add(t, F.mul(pass.residuals[i], x[m])) : t), F.zero));
    return squaredNorm(F, v);
  });
  const weighted = pushes.reduce((t, push, j) => F.add(t, F.mul(F.mul(instance.a[j], instance.a[j]), push)), F.zero);
  const step1a = relative(mu, F.div(weighted, F.mul(F.fromNumber(n * n * p), lossValue)));
  const step1b = worst(
    pushes.map((push, j) => {
      const m = instance.X.filter((_, i) => active(i, j)).length;
      const floor = instance.X.reduce(
        (t, x, i) => (active(i, j) ? F.add(t, F.mul(F.mul(pass.residuals[i], pass.residuals[i]), F.sub(squaredNorm(F, x), F.mul(F.fromNumber(m - 1), rho)))) : t),
        F.zero,
      );
      return relative(push, floor);
    }),
  );
  const E = energies(F, instance, pass);
  const kappa = F.fromDecimalString(String(numberSetting(candidate.settings, "kappa", 0.5)));
  const minEnergy = instance.X.map((x, i) => F.mul(squaredNorm(F, x), E[i])).reduce((m, v) => F.min(m, v));
  const step2 = relative(mu, F.div(F.mul(F.mul(F.fromNumber(2), F.sub(F.one, kappa)), minEnergy), F.fromNumber(n)));
  const step3 = worst(instance.X.map((x, i) => relative(F.mul(squaredNorm(F, x), F.mul(E[i], E[i])), F.mul(pass.outputs[i], pass.outputs[i]))));
  return [
    { name: "Step 1a: μ ≥ (1/(n²pL))·Σ_j a_j²‖Σ_i r_i 1_ij x_i‖²", margin: step1a },
    { name: "Step 1b: ‖Σ_i r_i 1_ij x_i‖² ≥ Σ_i r_i² 1_ij (‖x_i‖² − (m_j−1)ρ)", margin: step1b },
    { name: "Step 2: μ ≥ (2(1−κ)/n)·min_i ‖x_i‖²E_i", margin: step2 },
    { name: "Step 3: |h(x_i)| ≤ ‖x_i‖·E_i", margin: step3 },
    { name: "Conclusion: eq. (6)", margin: theorem1PlBound.evaluate(candidate, context).margin },
  ];
}

/**
 * The two sides μ and B of eq. (6) over any field, for `tighten`'s certified ratio μ/B; undefined
 * where the field cannot show the bound is non-vacuous (L = 0 or some h(x_i) = 0, or undecided).
 */
function theorem1Slack<T>(F: Field<T>, candidate: Candidate, _context: unknown, instance?: Instance<T>): { observed: T; bound: T } | undefined {
  const terms = theorem1Terms(F, candidate, instance ?? instanceOverField(F, candidate.file));
  if (F.sign(terms.lossValue) !== 1 || terms.someOutputZero !== false) return undefined;
  return { observed: F.div(terms.pGradSquared, terms.lossValue), bound: terms.bound() };
}
