/**
 * dana2025/theorem1-pl-bound — Theorem 1's local-PL lower bound, eq. (6) of Dana, Pillaud-Vivien &
 * Bach (arXiv 2502.16977), pointwise in θ. The constant C is the authors' (rebuttal); the condition
 * on the data is our encoding of Assumption 2, whose inequality we could not read.
 *
 * Under weakly interacting data ((n−1)·ρ ≤ κ·(C_x^-)², the suite's encoding of Assumption 2,
 * κ = 1/2) and ‖w_j‖ ≤ |a_j| (Assumption 1, carried along the flow by Lemma 1):
 *   μ ≥ f·(C/n)·min_i |h(x_i)/y_i|,  C = (C_x^-/C_x^+)·C_x^-·C_y^-,  f = 1,
 * where μ = p‖∇L‖²/L and min_i |h/y| = min_i |1 − r_i/y_i| is the rebuttal's form. Our derivation:
 * μ ≥ (2(1−κ)/n)·min_i ‖x_i‖²E_i (Steps 1–2) and ‖x_i‖E_i ≥ |h(x_i)| (Step 3, entry
 * output-energy-bound).
 *
 * Margin: (μ − B)/max(μ, B) with B = f·(C/n)·min_i|h_i/y_i| — scale-free, in [−1, 1], 0 when μ = B.
 * Its sign is decided exactly, with no square root: μ ≥ B ⇔ A_i·C_x^+ ≥ R_i for some i, with
 * A_i = p‖∇L‖²·n·|y_i| ≥ 0 and R_i = f·(C_x^-)²·C_y^-·|h_i|·L ≥ 0, i.e. max_i (A_i²·(C_x^+)² − R_i²) ≥ 0,
 * a polynomial in the short-decimal inputs, the settings, 1/n and 1/p, computed at max(digits,
 * IDENTITY_DIGITS) digits: without rounding when 1/n and 1/p terminate (n, p = 2^a·5^b), otherwise
 * to ~10^−300 relative, so that only an exact tie (witness 0) could be misread — `certify` decides
 * those over intervals. Only the margin's size uses √ (C_x^+ = √max_i‖x_i‖², rounded to
 * ~10^−300 relative), and it carries the witness's sign (a nonzero sign never becomes ±0). No tolerance.
 *
 * Vacuous cases, counted apart: at L = 0 μ is undefined, and when some h(x_i) = 0 the bound is B = 0
 * ≤ μ, which cannot fail. Both get margin 1 (the top of the scale: nowhere near failing) and
 * `vacuous`, not 0: a 0 would report a tie with failure that is not there, and would trap a hunt's
 * search on the plateau of dead networks (all pre-activations ≤ 0, μ = B = 0). The generator makes
 * every sample active for some neuron, so B > 0 on almost every candidate. n goes up to 64 (Theorem 1's
 * regime, lib/theorem1Regime.ts); those double-valued candidates are first evaluated on the float
 * fast path (lib/plBoundFloat.ts), whose verdict stands only when its rigorous rounding bounds
 * decide a holding bound — failures and near-ties are re-decided by the exact path below.
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
import { floatFacts } from "./lib/floatFacts.js";
import { floatPlBound } from "./lib/plBoundFloat.js";
import { theorem1RegimeCandidate } from "./lib/theorem1Regime.js";

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

/** x_1 = (1, 0), x_2 = (1, t); y = (2, −1); one neuron w = (0.5, 0), a = 1, active on both with z = 0.5. */
export function twoSamples(t: string, settings: Candidate["settings"] = {}): Candidate {
  return {
    file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["1", t]], y: ["2", "-1"] }, params: { W: [["0.5", "0"]], a: ["1"] } },
    settings,
  };
}

export const theorem1PlBound: Property = {
  id: "dana2025/theorem1-pl-bound",
  title: "Theorem 1, eq. (6): μ ≥ (C/n)·min_i |h(x_i)/y_i|, C = (C_x^-/C_x^+)C_x^-C_y^-",
  reference: {
    paper: "dana2025",
    statement: "Theorem 1, eq. (6)",
    provenance: "the form μ ≥ (C/n)·min_i|1 − r_i/y_i| and C = (C_x^-/C_x^+)C_x^-C_y^- are quoted in the authors' rebuttal; the condition on the data (our encoding of Assumption 2) and the numeric factor are derived here",
  },
  margin: {
    kind: "bound-slack",
    formula: "(μ − B)/max(μ, B), μ = p‖∇L‖²/L, B = f·(C/n)·min_i|h(x_i)/y_i|; sign from the √-free witness max_i(A_i²(C_x^+)² − R_i²) at ≥ 300 digits (exact when 1/n and 1/p terminate)",
    bound: { direction: "lower", observed: "μ", bound: "B" },
  },
  knownBad: () => [
    { why: "Assumption 2 dropped: x_2 = (1, 0.4) correlates with x_1 (ρ = 1 > (C_x^-)²/2), μ = 0.08 < B ≈ 0.116", candidate: twoSamples("0.4") },
    {
      why: "Assumption 1 dropped: orthonormal data, |a| = 0.1 ≪ ‖w‖ ≈ 13.4, μ = 0.01 < B = 0.3",
      candidate: { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["0", "1"]], y: ["1", "1"] }, params: { W: [["12", "6"]], a: ["0.1"] } }, settings: {} },
    },
  ],
  mode: "exact",
  statement:
    "If (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ κ·(C_x^-)² and ‖w_j‖ ≤ |a_j| for all j, then μ = p‖∇L‖²/L ≥ f·(C/n)·min_i |h(x_i)/y_i| with C = (C_x^-/C_x^+)·C_x^-·C_y^-.",
  reading:
    "Assumption 2 is the suite's encoding (n−1)ρ ≤ κ(C_x^-)², κ = settings.kappa (default 1/2), not the paper's wording (which was not available to us). " +
    "Under κ = 1/2 our derivation gives numeric factor f = 1 (settings.factor, default 1); in general it gives f = 2(1−κ) — and in fact the larger constant C_x^-C_y^-, " +
    "since ‖x_i‖²E_i ≥ ‖x_i‖·|h_i| ≥ C_x^-|h_i|. C_x^±, C_y^- are the instance's own min/max ‖x_i‖ and min |y_i| unless settings cxMin, cxMax, cyMin are given (data-bounds checks they bracket the data). " +
    "Pointwise in θ. Vacuous cases — L = 0 (μ undefined) or some h(x_i) = 0 (B = 0) — get margin 1 and are counted apart. Slack: μ/B. " +
    "Candidates, two in three in Theorem 1's regime (lib/theorem1Regime.ts): n from 1 to 64 (n ≥ 4 in nine draws of ten), d log-uniform in [n, n²], near-orthogonal data at the encoding's correlation bound (C_x^-)²/(2(n−1)), ‖x_i‖, |y_i| ∈ [1, 2], p = ⌈4 log(n/ε)⌉ for ε ∈ {0.01, 0.05, 0.1, 0.2}, the authors' asymmetric initialization, every sample active; " +
    "these are decided on a float fast path with rigorous rounding bounds (lib/plBoundFloat.ts), and a failure or a near-tie (a sign within its bound) is re-decided in exact decimal. " +
    "One in three short decimals, n ≤ 16, p ≤ 8, labels |y_i| ∈ [1, 2], Assumption 1 exact, every sample active for some neuron; data near-orthogonal (ρ_i e_i, ρ_i ∈ [1, 2], plus entries ≤ 0.1/n) or ρ_i e_i + t_i e_d with (n−1)·max t_i² ≤ 1/2 (reaching the encoding's boundary); " +
    "a third of those near-orthogonal with unit norms and labels and |a_j| the least short decimal ≥ ‖w_j‖, where the bound bites hardest.",
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
        { arbitrary: shortDecimalCandidate({ data: "shared-direction", sharedKappa: 4, init }), weight: 1 },
      );
    }
    // Theorem 1's regime: many samples (n up to 16, n = 1 one draw in 16), every sample active.
    // A third of them with unit norms and labels and |a_j| as close to ‖w_j‖ as short decimals allow,
    // where the proof's inequalities are nearest to equality and the bound bites hardest.
    const shape = { init, n: fc.integer({ min: 1, max: 16 }), p: fc.integer({ min: 1, max: 8 }), everySampleActive: true };
    const nearBoundary = fc.oneof(
      shortDecimalCandidate({ ...shape, data: "near-orthogonal" }),
      shortDecimalCandidate({ ...shape, data: "shared-direction", sharedKappa: 0.5 }),
      shortDecimalCandidate({ ...shape, init: init === "A1" ? "A1-balanced" : init, unitScale: true, data: "near-orthogonal" }),
    );
    // Two draws in three at the theorem's own sizes (n to 64, d to n², p = ⌈4 log(n/ε)⌉), on the float fast path.
    const regime = theorem1RegimeCandidate({ init: init === "A1" ? { law: "asymmetric" } : { law: "gaussian" } });
    return fc.oneof({ weight: 2, arbitrary: regime }, { weight: 1, arbitrary: nearBoundary });
  },
  evaluate(candidate, context): Evaluation {
    const fast = fastEvaluation(candidate);
    if (fast) return fast;
    const F = decimalField({ digits: Math.max(context.digits, IDENTITY_DIGITS) });
    const instance = instanceOverField(F, candidate.file);
    const terms = theorem1Terms(F, candidate, instance);
    if (F.sign(terms.lossValue) === 0) return { margin: 1, vacuous: "L = 0: μ is undefined" };
    const mu = F.div(terms.pGradSquared, terms.lossValue);
    if (terms.someOutputZero === true) return { margin: 1, vacuous: "B = 0 (some h(x_i) = 0): μ ≥ 0 cannot fail", detail: { mu: F.toNumber(mu) } };
    // The sign from the √-free witness (see the file comment on its rounding), the size
    // from the rounded √, never rounded to 0 when the sign is not.
    const sign = F.sign(terms.witness) as Sign;
    const size = Math.abs(F.toNumber(terms.relative()));
    const margin = sign === 0 ? 0 : sign * Math.max(Number.isFinite(size) ? size : 0, Number.MIN_VALUE);
    // The sample attaining min_i |h_i|/|y_i| (cross-multiplied, first of equals), for the report.
    const h = instance.y.map((_, i) => F.abs(terms.outputs[i]));
    const y = instance.y.map((v) => F.abs(v));
    let k = 0;
    for (let i = 1; i < h.length; i++) if (F.mul(h[i], y[k]).lt(F.mul(h[k], y[i]))) k = i;
    const bound = F.toNumber(terms.bound());
    return {
      margin,
      slack: { observed: F.toNumber(mu), bound },
      detail: {
        mu: F.toNumber(mu),
        bound,
        C: F.toNumber(terms.C()),
        minRatioSample: k,
        minRatio: F.toNumber(F.div(h[k], y[k])),
        kappa: numberSetting(candidate.settings, "kappa", 0.5),
        factor: numberSetting(candidate.settings, "factor", 1),
      },
    };
  },
  marginOver: (F, candidate, _context, instance) => theorem1Terms(F, candidate, instance ?? instanceOverField(F, candidate.file)).margin,
  slackOver: theorem1Slack,
  steps: theorem1Steps,
  defaultRuns: 300,
};

/**
 * The float fast path (lib/plBoundFloat.ts) for candidates whose numbers are doubles and which set
 * no data-bound settings: its verdict is taken when it decides a holding bound or a vacuous case;
 * a failure or a near-tie (a sign within its rigorous rounding bound) returns undefined, and the
 * exact decimal path decides.
 */
function fastEvaluation(candidate: Candidate): Evaluation | undefined {
  if (["cxMin", "cxMax", "cyMin"].some((k) => k in candidate.settings)) return undefined;
  const facts = floatFacts(candidate);
  if (!facts) return undefined;
  const factor = numberSetting(candidate.settings, "factor", 1);
  const result = floatPlBound(facts, factor);
  if (result.kind === "zero-loss") return { margin: 1, vacuous: "L = 0: μ is undefined" };
  if (result.kind === "zero-output") return { margin: 1, vacuous: "B = 0 (some h(x_i) = 0): μ ≥ 0 cannot fail", detail: { mu: result.mu } };
  if (result.kind !== "decided" || !(result.margin > 0)) return undefined;
  return {
    margin: result.margin,
    slack: { observed: result.mu, bound: result.bound },
    detail: {
      mu: result.mu,
      bound: result.bound,
      C: result.C,
      minRatioSample: result.minRatioSample,
      minRatio: result.minRatio,
      kappa: numberSetting(candidate.settings, "kappa", 0.5),
      factor,
      path: "float with rounding bounds",
      muError: result.muError,
      boundError: result.boundError,
    },
  };
}

/**
 * The proof of eq. (6) as the chain of our derivation (the paper's proof text was not available), each link's margin (lhs − rhs)/max(|lhs|, |rhs|)
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
