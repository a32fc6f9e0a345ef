/**
 * soltanolkotabi2019/strict-saddle-escape — Soltanolkotabi, Javanmard, Lee (arXiv 1707.04926 v3)
 * Theorem 2.1, conclusions 1–2, for the quadratic network x ↦ vᵀφ(Wx), φ(z) = z², with v fixed: if
 * k ≥ 2d and v has ≥ d positive and ≥ d negative entries, every critical point W is a global
 * minimum or has a direction of strictly negative curvature. Arbitrary data and labels.
 *
 * Certificates, all in exact rational arithmetic:
 * - S = Σ r_i xᵢxᵢᵀ = 0 certifies a global minimum (Lemma 6.1): margin +1, counted as vacuous
 *   (the candidate is a global minimum by construction; there is no saddle to escape). Case I is checked
 *   on the way: a critical point with rank(D_vW) = d and S ≠ 0 would contradict it (margin < 0).
 * - Otherwise (S ≠ 0 at a critical point) an explicit escape direction (derived here from the
 *   proof's Case II): b with
 *   bᵀSb ≠ 0 (tried among e_a and e_a ± e_b, one of which works whenever S ≠ 0), and a ≠ 0
 *   supported on {p : v_p > 0} when bᵀSb < 0 (on {v_p < 0} when > 0) with WᵀD_v a = 0 (exact
 *   null vector). U = a·bᵀ; vec(U)ᵀ∇²L vec(U) is evaluated by the full Hessian form (2/n, 4/n; the
 *   paper's (6.4) prints 2/n on the second term)
 *   — independently of the collapsed value (2/n)(aᵀD_v a)(bᵀSb) — and must be < 0.
 *   Margin: −vec(U)ᵀ∇²L vec(U)/(‖a‖²‖b‖²) over the best direction found.
 * - No such direction (possible only without the assumptions): the exact Hessian is tested for
 *   positive semidefiniteness by LDLᵀ. Not PSD: the conclusion still holds (margin +0, no
 *   explicit U). PSD: a non-global second-order critical point — a counterexample, margin
 *   −‖S‖_F²·(scale), negative.
 *
 * Candidates are exact critical points by construction (our reading): W's rows lie in
 * R = span(e_1..e_r), r ≤ d; each input is either fitted exactly (yᵢ = xᵢᵀMxᵢ) — purely in R, or
 * MIXED (components in R and in its complement N, which M does not see) — or lies purely in N
 * with a free label, so S = −Σ_{xᵢ∈N} yᵢxᵢxᵢᵀ lives on N and WS = 0. The predicate
 * `critical-point` checks ∇L = (2/n)D_vWS = 0 exactly, so search mutants that leave the critical
 * set are rejected. r = d (W of full rank, Case I: every input fitted, S = 0) in one draw of five,
 * r < d (rank(W) < d, Case II) otherwise; a fitted input is mixed in half the draws.
 * Where the Hessian's 4/n matters: along every Case II direction the cross term vanishes
 * (WᵀD_v a = 0 gives xᵀWᵀD_vUx = (xᵀWᵀD_v a)(bᵀx) = 0), so at a saddle meeting the assumptions
 * the factor cannot move the margin. It decides the PSD branch: with mixed inputs the cross term
 * is what makes the Hessian PSD at a spurious second-order point beyond the assumptions — the
 * second known bad case (k = 1, d = 2, mixed inputs fitted, a pure-N label unfitted) is PSD with
 * 4/n (margin −‖S‖²_F, the counterexample found) and indefinite with the printed 2/n, which would
 * have reported a strict saddle there and missed it. `hunt --drop mixed-signs --drop k-ge-2d`
 * finds e.g. W = 0, v > 0, y < 0 (the first known bad case).
 * `shallowcheck certify` takes the exact rational margin (`rationalMargin`): every branch above is
 * an exact rank, null-vector or pivot decision that intervals cannot make.
 */
import fc from "fast-check";
import { Decimal } from "decimal.js";
import type { Field } from "../../src/field/field.js";
import type { Instance } from "../../src/model/instance.js";
import { all, isZero, positive, type Maybe } from "../../src/field/decide.js";
import type { Rational } from "../../src/field/rational.js";
import { rationalField } from "../../src/field/rational.js";
import { dot } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { exactMargin } from "../../src/check/margin.js";
import { gradientOf, hessianForm, hessianMatrix, isPositiveSemidefinite, nullVector, rankOf, residuals, sMatrix, type QuadraticProblem } from "./lib/quadratic.js";
import { isQuadraticStandard, structuralAssumption, quadraticModel } from "./lib/assumptions.js";

const F = rationalField;

export function exactProblem(candidate: Candidate): QuadraticProblem<Rational> {
  const instance = instanceOverField(F, candidate.file);
  return { X: instance.X, y: instance.y, v: instance.a, W: instance.W };
}

/** An assumption written once over any field (three-valued); `holds` is its decision in exact rationals. */
export function numericAssumption(name: string, description: string, decide: <T>(F: Field<T>, c: Candidate, instance: Instance<T>) => Maybe): Assumption {
  return {
    name,
    description,
    holds: (c) => decide(F, c, instanceOverField(F, c.file)) === true,
    decide: (G, c, _context, instance) => decide(G, c, instance ?? instanceOverField(G, c.file)),
  };
}

/** The problem over any field, from an instance (v = a). */
export const problemOf = <T>(instance: Instance<T>): QuadraticProblem<T> => ({ X: instance.X, y: instance.y, v: instance.a, W: instance.W });

const widthAtLeastTwiceDimension = structuralAssumption("k-ge-2d", "k ≥ 2d hidden units (Theorem 2.1)", (c) => c.file.params.a.length >= 2 * c.file.data.X[0].length);

/** At least `count` of the three-valued answers are true: true, false, or undefined. */
function atLeast(count: number, answers: readonly Maybe[]): Maybe {
  if (answers.filter((x) => x === true).length >= count) return true;
  if (answers.filter((x) => x !== false).length < count) return false;
  return undefined;
}

const mixedSigns = numericAssumption("mixed-signs", "v has at least d strictly positive and at least d strictly negative entries (Theorem 2.1)", (G, _c, instance) => {
  const d = instance.X[0].length;
  return all([atLeast(d, instance.a.map((v) => positive(G, v))), atLeast(d, instance.a.map((v) => positive(G, G.neg(v))))]);
});

export const criticalPoint = numericAssumption(
  "critical-point",
  "W is an exact critical point: ∇L(W) = (2/n)·D_v·W·S = 0 in rational arithmetic",
  (G, c, instance) => isQuadraticStandard(c) && all(gradientOf(G, problemOf(instance)).flat().map((x) => isZero(G, x))),
);

const thousandths = (k: number) => (k / 1000).toFixed(3);

const integerIn = (min: number, max: number) => fc.integer({ min, max });

const fixed = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

/** Exact critical points by the subspace construction (file comment). */
export function criticalPointCandidate(options: { mixed: boolean; wide: boolean }): fc.Arbitrary<Candidate> {
  return fc
    .record({ d: integerIn(1, 3), extra: integerIn(0, 2), nR: integerIn(0, 3), nN: integerIn(1, 4) })
    .chain(({ d, extra, nR, nN }) => {
      const k = options.wide ? 2 * d + extra : Math.max(1, 2 * d - 1 - extra);
      return fc
        .record({
          // r = d: every label fitted, S = 0 — the full-rank (Case I) global points, one draw in five.
          r: fc.oneof({ arbitrary: integerIn(0, d - 1), weight: 4 }, { arbitrary: fc.constant(d), weight: 1 }),
          signs: options.mixed ? fc.constant(Array.from({ length: k }, (_, p) => (p < d ? 1 : p < 2 * d ? -1 : p % 2 === 0 ? 1 : -1))) : fixed(fc.constant(1), k),
          magnitudes: fixed(integerIn(500, 2000), k),
          W: fixed(fixed(integerIn(-1000, 1000), d), k),
          XR: fixed(fixed(integerIn(-1500, 1500), d), nR),
          // Fitted inputs: purely in R, or mixed (their N part is invisible to M, so still fitted).
          mixedInputs: fixed(fc.boolean(), nR),
          XN: fixed(fixed(integerIn(-1500, 1500), d), nN),
          yN: fixed(integerIn(-2000, 2000), nN),
        })
        .map(({ r, signs, magnitudes, W, XR, mixedInputs, XN, yN }): Candidate => {
          const v = magnitudes.map((m, p) => signs[p] * m);
          const Wr = W.map((row) => row.map((x, a) => (a < r ? x : 0)));
          const xR = XR.map((row, i) => row.map((x, a) => (a < r || mixedInputs[i] ? x : 0)));
          const xN = XN.map((row) => row.map((x, a) => (a >= r ? x : 0)));
          // yᵢ = Σ_p v_p⟨w_p,xᵢ⟩² in exact decimals (thousandths: at most 15 decimal places).
          const yR = xR.map((x) =>
            Wr.reduce((t, w, p) => {
              // An integer inner product of thousandths (|·| ≤ 4.5·10⁶): exact in a double.
              const z = new Decimal(w.reduce((t, wa, a) => t + wa * x[a], 0)).div(1e6);
              return t.plus(new Decimal(v[p]).div(1000).times(z.times(z)));
            }, new Decimal(0)),
          );
          const file = {
            model: { activation: "quadratic", scaling: "standard" },
            data: { X: [...xR, ...xN].map((row) => row.map(thousandths)), y: [...yR.map((y) => y.toFixed()), ...yN.map(thousandths)] },
            params: { W: Wr.map((row) => row.map(thousandths)), a: v.map(thousandths) },
          } as InstanceFile;
          return { file, settings: {} };
        });
    });
}

interface Escape {
  curvature: Rational;
  scale: Rational;
  a: Rational[];
  b: Rational[];
}

/** The Case II direction U = a·bᵀ (see the file comment), best (most negative normalized curvature) over the b tried. */
export function escapeDirection(P: QuadraticProblem<Rational>, S: Rational[][], r: Rational[]): Escape | undefined {
  const d = S.length;
  const basis = (a: number) => Array.from({ length: d }, (_, c) => (c === a ? F.one : F.zero));
  const candidatesB: Rational[][] = [];
  for (let a = 0; a < d; a++) candidatesB.push(basis(a));
  for (let a = 0; a < d; a++)
    for (let b = a + 1; b < d; b++) {
      candidatesB.push(basis(a).map((x, c) => (c === b ? F.one : x)));
      candidatesB.push(basis(a).map((x, c) => (c === b ? F.neg(F.one) : x)));
    }
  let best: Escape | undefined;
  for (const b of candidatesB) {
    const bSb = dot(F, b, S.map((row) => dot(F, row, b)));
    const sign = F.sign(bSb);
    if (sign === 0 || sign === undefined) continue;
    // bᵀSb < 0 needs aᵀD_v a > 0: a on the positive entries of v; > 0 needs the negative ones.
    const support = P.v.map((x, p) => (F.sign(x) === -sign ? p : -1)).filter((p) => p >= 0);
    const columns = support.map((p) => P.W[p].map((x) => F.mul(P.v[p], x)));
    const coefficients = nullVector(F, columns);
    if (!coefficients) continue;
    const a = P.v.map(() => F.zero);
    support.forEach((p, c) => (a[p] = coefficients[c]));
    const U = a.map((ap) => b.map((bc) => F.mul(ap, bc)));
    const curvature = hessianForm(F, P, U, r);
    const scale = F.mul(dot(F, a, a), dot(F, b, b));
    if (!best || F.sign(F.sub(F.div(curvature, scale), F.div(best.curvature, best.scale))) === -1) best = { curvature, scale, a, b };
  }
  return best;
}

/**
 * The margin as an exact rational (file comment): +1 at S = 0; −‖S‖_F² for a full-rank critical
 * point with S ≠ 0 or an exact PSD Hessian; −curvature/(‖a‖²‖b‖²) for the explicit direction; 0
 * for an indefinite Hessian without one. Every branch is an exact rank, null-vector or pivot
 * decision, so it runs in the rational field only (certify uses it through `rationalMargin`).
 */
function saddleCertificate(candidate: Candidate): { margin: Rational; detail: Evaluation["detail"] } {
  const P = exactProblem(candidate);
  const r = residuals(F, P);
  const S = sMatrix(F, P, r);
  const sSquared = S.flat().reduce((t, x) => F.add(t, F.mul(x, x)), F.zero);
  // Case I: at a critical point, D_vW of full column rank d forces S = 0 (left-invert D_vWS = 0).
  const fullRank = rankOf(F, P.W.map((w, p) => w.map((x) => F.mul(P.v[p], x)))) === S.length;
  if (F.sign(sSquared) === 0) return { margin: F.one, detail: { verdict: "global (S = 0)", fullRank } };
  if (fullRank) return { margin: F.neg(sSquared), detail: { verdict: "full-rank critical point with S ≠ 0 (contradicts Case I)", frobeniusSSquared: F.toNumber(sSquared) } };
  const escape = escapeDirection(P, S, r);
  if (escape) {
    const normalized = F.div(escape.curvature, escape.scale);
    return {
      margin: F.neg(normalized),
      detail: {
        verdict: F.sign(escape.curvature) === -1 ? "strict saddle (explicit U = a·bᵀ)" : "explicit direction not negative",
        curvature: F.toString(escape.curvature),
        a: escape.a.map((x) => F.toString(x)).join(","),
        b: escape.b.map((x) => F.toString(x)).join(","),
        frobeniusSSquared: F.toNumber(sSquared),
      },
    };
  }
  const psd = isPositiveSemidefinite(F, hessianMatrix(F, P, S));
  return psd
    ? { margin: F.neg(sSquared), detail: { verdict: "non-global second-order critical point (exact Hessian PSD, S ≠ 0)", frobeniusSSquared: F.toNumber(sSquared) } }
    : { margin: F.zero, detail: { verdict: "Hessian indefinite (no explicit direction of the Case II form)", frobeniusSSquared: F.toNumber(sSquared) } };
}

/** W = 0, v = (1, 1, 1, 1), x = e_1, e_2, y = (−1, −2): no sign of v can bend the loss towards negative labels. */
function positiveOutputSaddle(): Candidate {
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X: [["1", "0"], ["0", "1"]], y: ["-1", "-2"] },
    params: { W: [["0", "0"], ["0", "0"], ["0", "0"], ["0", "0"]], a: ["1", "1", "1", "1"] },
  } as InstanceFile;
  return { file, settings: {} };
}

/**
 * A spurious local minimum that only the 4/n Hessian sees: k = 1, v = 1, d = 2, W = (1, 0);
 * mixed inputs (1, ±1) fitted exactly (y = 1), x = e_2 with y = 3 unfitted. S = −3e_2e_2ᵀ,
 * WS = 0; ∇²L = (2/3)diag(0, −3) + (c/3)·2I = diag(8/3, 2/3) ≻ 0 with c = 4, but
 * diag(4/3, −2/3) with the printed c = 2. L = 3/2, while M = diag(0, 5/3) gives 4/9.
 */
export function mixedInputSpuriousMinimum(): Candidate {
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X: [["1", "1"], ["1", "-1"], ["0", "1"]], y: ["1", "1", "3"] },
    params: { W: [["1", "0"]], a: ["1"] },
  } as InstanceFile;
  return { file, settings: {} };
}

export const strictSaddleEscape: Property = {
  id: "soltanolkotabi2019/strict-saddle-escape",
  title: "Theorem 2.1: a critical point of the quadratic network (k ≥ 2d, mixed-sign v) is global or has an explicit negative-curvature direction",
  reference: {
    paper: "soltanolkotabi2019",
    statement: "Theorem 2.1, conclusions 1–2 (no spurious local minima; strict saddles); proof Cases I–II, Lemma 6.1, eq. (6.4)",
    provenance: "statement from the arXiv v3 text; the explicit escape direction is derived here from Case II; the Hessian's second term carries 4/n (eq. (6.4) prints 2/n; checked by exact finite differences)",
  },
  margin: {
    kind: "decision",
    formula: "+1 when S = Σ rᵢxᵢxᵢᵀ = 0 (global, Lemma 6.1); else −vec(U)ᵀ∇²L vec(U)/(‖a‖²‖b‖²) for the best explicit U = a·bᵀ; 0 for an indefinite Hessian without one; −‖S‖²_F for a full-rank or PSD-Hessian critical point with S ≠ 0 (exact rationals)",
  },
  mode: "exact",
  statement:
    "At an exact critical point W of L(W) = (1/2n)Σ(xᵢᵀWᵀD_vWxᵢ − yᵢ)²: S = Σ r_i xᵢxᵢᵀ = 0 (global), or U = a·bᵀ with WᵀD_v a = 0, a on the sign of v opposite to bᵀSb, has vec(U)ᵀ∇²L vec(U) < 0.",
  reading:
    "Arbitrary data; loss (1/2n)Σ(·)² as eq. (1.4); v = params.a fixed. Critical points constructed exactly (rows of W in span(e_1..e_r), r ≤ d: full rank (Case I) or rank-deficient (Case II); inputs fitted exactly — purely in that span or mixed — or purely in its complement with free labels). The Hessian's 4/n cannot move the margin along a Case II direction (its cross term vanishes there); it decides the exact PSD test, as at the mixed-input known bad case. Without an explicit direction, an exact PSD Hessian at S ≠ 0 is the counterexample; an indefinite one still satisfies the theorem. A critical point with S = 0 is counted as vacuous: it is global (Lemma 6.1) with no saddle to escape, so only saddles test the escape direction.",
  assumptions: [quadraticModel, widthAtLeastTwiceDimension, mixedSigns, criticalPoint],
  generate: (dropped) => criticalPointCandidate({ mixed: !dropped.has(mixedSigns.name), wide: !dropped.has(widthAtLeastTwiceDimension.name) }),
  evaluate: (candidate): Evaluation => {
    const { margin, detail } = saddleCertificate(candidate);
    const vacuous = detail?.verdict === "global (S = 0)" ? "S = 0: global by Lemma 6.1, no saddle to escape" : undefined;
    return { margin: exactMargin(F, margin), ...(vacuous ? { vacuous } : {}), detail };
  },
  rationalMargin: (candidate) => saddleCertificate(candidate).margin,
  knownBad: () => [
    { why: "mixed-signs dropped: W = 0 with v > 0 and labels < 0 is a second-order critical point with L > 0 (exact PSD Hessian)", candidate: positiveOutputSaddle() },
    {
      why: "mixed-signs and k-ge-2d dropped: k = 1, W = (1, 0), mixed inputs (1, ±1) fitted and x = e_2 with y = 3 — a spurious local minimum whose Hessian is PSD only with the corrected 4/n (diag(8/3, 2/3); the printed 2/n gives diag(4/3, −2/3))",
      candidate: mixedInputSpuriousMinimum(),
    },
  ],
  defaultRuns: 200,
};
