/**
 * The quadratic-activation entries: strict-saddle-escape (Theorem 2.1, 1–2) and zero-optimum-rank
 * (Theorem 2.1, 3). Gradient and Hessian form against exact finite differences: L(W + tU) is a
 * polynomial of degree 4 in t, so the 5-point stencils f'(0) = [−f(2) + 8f(1) − 8f(−1) + f(−2)]/12
 * and f''(0) = [−f(2) + 16f(1) − 30f(0) + 16f(−1) − f(−2)]/12 are exact (they are exact for degree
 * ≤ 4 and ≤ 5): zero tolerance in rationals. This pins the Hessian's 4/n (the paper's 2/n fails).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rationalField, type Rational } from "../../../src/field/rational.js";
import { dot } from "../../../src/field/field.js";
import { runProperty } from "../../../src/check/runner.js";
import type { Candidate } from "../../../src/check/property.js";
import { gradientOf, hessianForm, hessianMatrix, isPositiveSemidefinite, lossOf, rankOf, residuals, sMatrix, type QuadraticProblem } from "../../../properties/soltanolkotabi2019/lib/quadratic.js";
import { criticalPoint, criticalPointCandidate, escapeDirection, exactProblem, mixedInputSpuriousMinimum, strictSaddleEscape } from "../../../properties/soltanolkotabi2019/strict-saddle-escape.js";
import { zeroOptimumRank } from "../../../properties/soltanolkotabi2019/zero-optimum-rank.js";

const F = rationalField;
const q = (x: number) => F.fromDecimalString(String(x));
const OPTIONS = { runs: 60, seed: 7, digits: 50 };

function randomProblem(seed: number): QuadraticProblem<Rational> {
  const [n, d, k] = [4, 3, 3];
  const values = fc.sample(fc.integer({ min: -9, max: 9 }), { seed, numRuns: n * d + n + k + k * d });
  let at = 0;
  const take = () => q(values[at++] / 4);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: d }, take)),
    y: Array.from({ length: n }, take),
    v: Array.from({ length: k }, take),
    W: Array.from({ length: k }, () => Array.from({ length: d }, take)),
  };
}

const along = (P: QuadraticProblem<Rational>, U: readonly (readonly Rational[])[], t: number) => lossOf(F, { ...P, W: P.W.map((w, p) => w.map((x, c) => F.add(x, F.mul(q(t), U[p][c])))) });

describe("quadratic landscape formulas vs exact 5-point stencils", () => {
  for (const seed of [1, 2, 3]) {
    it(`gradient and Hessian form, random instance ${seed}`, () => {
      const P = randomProblem(seed);
      const U = randomProblem(seed + 100).W.map((row) => [...row]);
      const f = (t: number) => along(P, U, t);
      const first = F.div(F.add(F.sub(F.mul(q(8), F.sub(f(1), f(-1))), f(2)), f(-2)), q(12));
      const G = gradientOf(F, P);
      const directional = G.reduce((t, row, p) => F.add(t, dot(F, row, U[p])), F.zero);
      expect(F.toString(F.sub(first, directional))).toBe("0");
      const second = F.div(F.sub(F.add(F.mul(q(16), F.add(f(1), f(-1))), F.neg(F.add(f(2), f(-2)))), F.mul(q(30), f(0))), q(12));
      expect(F.toString(F.sub(second, hessianForm(F, P, U)))).toBe("0");
      // The misprinted (6.4) (2/n on the second term) disagrees: the check can fail.
      const r = residuals(F, P);
      const printed = F.sub(hessianForm(F, P, U, r), F.div(F.mul(q(2), P.X.reduce((t, x) => {
        const c = P.W.reduce((s, w, p) => F.add(s, F.mul(P.v[p], F.mul(dot(F, w, x), dot(F, U[p], x)))), F.zero);
        return F.add(t, F.mul(c, c));
      }, F.zero)), q(P.X.length)));
      expect(F.sign(F.sub(second, printed))).not.toBe(0);
      // The assembled Hessian matrix gives the same form.
      const H = hessianMatrix(F, P);
      const u = U.flat();
      expect(F.toString(F.sub(dot(F, u, H.map((row) => dot(F, row, u))), second))).toBe("0");
    });
  }
});

describe("soltanolkotabi2019/strict-saddle-escape", () => {
  it("passes on constructed critical points (k ≥ 2d, mixed signs), none skipped", () => {
    const result = runProperty(strictSaddleEscape, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    expect(result.minMargin).toBeGreaterThan(0);
  });

  it("generated candidates are exact critical points; the escape value equals (2/n)(aᵀD_va)(bᵀSb)", () => {
    for (const c of fc.sample(criticalPointCandidate({ mixed: true, wide: true }), { seed: 3, numRuns: 20 })) {
      expect(criticalPoint.holds(c, { digits: 50 })).toBe(true);
      const P = exactProblem(c);
      const r = residuals(F, P);
      const S = sMatrix(F, P, r);
      const escape = escapeDirection(P, S, r);
      if (!escape) continue;
      const aDa = escape.a.reduce((t, a, p) => F.add(t, F.mul(P.v[p], F.mul(a, a))), F.zero);
      const bSb = dot(F, escape.b, S.map((row) => dot(F, row, escape.b)));
      const collapsed = F.div(F.mul(q(2), F.mul(aDa, bSb)), q(P.X.length));
      expect(F.toString(F.sub(collapsed, escape.curvature))).toBe("0");
      expect(F.sign(escape.curvature)).toBe(-1);
    }
  });

  it("fails on its known bad case W = 0, v > 0 (mixed signs violated), y < 0: a second-order critical point with L > 0", () => {
    const bad = strictSaddleEscape.knownBad!()[0].candidate;
    expect(bad.file.data.y).toEqual(["-1", "-2"]);
    expect(bad.file.params.a).toEqual(["1", "1", "1", "1"]);
    expect(criticalPoint.holds(bad, { digits: 50 })).toBe(true);
    const evaluation = strictSaddleEscape.evaluate(bad, { digits: 50 });
    expect(evaluation.margin).toBeLessThan(0);
    expect(String(evaluation.detail?.verdict)).toMatch(/PSD/);
    // The same point with mixed signs has an explicit escape direction.
    const good = { ...bad, file: { ...bad.file, params: { ...bad.file.params, a: ["1", "1", "-1", "-1"] } } };
    expect(strictSaddleEscape.evaluate(good, { digits: 50 }).vacuous).toBeUndefined();
    expect(strictSaddleEscape.evaluate(good, { digits: 50 }).margin).toBeGreaterThan(0);
  });

  it("Case I: full-rank critical points are global; the check fails off the critical set (assumption dropped)", () => {
    const fullRank = fc.sample(criticalPointCandidate({ mixed: true, wide: true }), { seed: 11, numRuns: 60 })
      .map((c) => strictSaddleEscape.evaluate(c, { digits: 50 }))
      .filter((e) => e.detail?.fullRank === true);
    expect(fullRank.length).toBeGreaterThan(0);
    // S = 0: global by Lemma 6.1 with no saddle to escape — counted as vacuous, not as evidence.
    for (const e of fullRank) expect(e).toMatchObject({ margin: 1, vacuous: expect.stringMatching(/S = 0/) });
    const notCritical: Candidate = {
      file: { model: { activation: "quadratic", scaling: "standard" }, data: { X: [["1", "0"], ["0", "1"]], y: ["3", "-1"] }, params: { W: [["1", "0"], ["0", "1"], ["1", "1"], ["0", "0"]], a: ["1", "1", "-1", "-1"] } },
      settings: {},
    };
    expect(criticalPoint.holds(notCritical, { digits: 50 })).toBe(false);
    const evaluation = strictSaddleEscape.evaluate(notCritical, { digits: 50 });
    expect(evaluation.margin).toBeLessThan(0);
    expect(String(evaluation.detail?.verdict)).toMatch(/Case I/);
  });

  it("the generator covers full rank (Case I) and rank(W) < d (Case II), pure and mixed fitted inputs, all exact critical points", () => {
    const candidates = fc.sample(criticalPointCandidate({ mixed: true, wide: true }), { seed: 5, numRuns: 80 });
    let fullRank = 0;
    let deficient = 0;
    let mixedInputs = 0;
    for (const c of candidates) {
      expect(criticalPoint.holds(c, { digits: 50 })).toBe(true);
      const P = exactProblem(c);
      const rank = rankOf(F, P.W);
      if (rank === P.X[0].length) fullRank++;
      else deficient++;
      // A mixed input: a fitted input (residual 0) with a coordinate outside the span of W's rows.
      const r = residuals(F, P);
      const span = P.W[0].map((_, a) => P.W.some((w) => F.sign(w[a]) !== 0));
      if (P.X.some((x, i) => F.sign(r[i]) === 0 && x.some((xa, a) => span[a] && F.sign(xa) !== 0) && x.some((xa, a) => !span[a] && F.sign(xa) !== 0))) mixedInputs++;
    }
    expect(fullRank).toBeGreaterThan(5);
    expect(deficient).toBeGreaterThan(30);
    expect(mixedInputs).toBeGreaterThan(10);
  });

  it("the corrected 4/n decides: at the mixed-input spurious minimum the Hessian is PSD with 4/n (the entry fails, correctly) and indefinite with the printed 2/n (which would report a strict saddle)", () => {
    const bad = mixedInputSpuriousMinimum();
    expect(strictSaddleEscape.knownBad!()[1].candidate).toEqual(bad);
    expect(criticalPoint.holds(bad, { digits: 50 })).toBe(true);
    const P = exactProblem(bad);
    const S = sMatrix(F, P);
    const corrected = hessianMatrix(F, P, S, 4);
    const printed = hessianMatrix(F, P, S, 2);
    expect(corrected.map((row) => row.map((x) => F.toString(x)))).toEqual([["8/3", "0"], ["0", "2/3"]]);
    expect(printed.map((row) => row.map((x) => F.toString(x)))).toEqual([["4/3", "0"], ["0", "-2/3"]]);
    expect(isPositiveSemidefinite(F, corrected)).toBe(true);
    expect(isPositiveSemidefinite(F, printed)).toBe(false);
    // The exact second derivative of L along U = e_2 (5-point stencil, exact for the quartic) is the 4/n value 2/3, not −2/3.
    const U = [[F.zero, F.one]];
    const f = (t: number) => along(P, U, t);
    const second = F.div(F.sub(F.add(F.mul(q(16), F.add(f(1), f(-1))), F.neg(F.add(f(2), f(-2)))), F.mul(q(30), f(0))), q(12));
    expect(F.toString(second)).toBe("2/3");
    const evaluation = strictSaddleEscape.evaluate(bad, { digits: 50 });
    expect(evaluation.margin).toBe(-9);
    expect(String(evaluation.detail?.verdict)).toMatch(/PSD/);
  });

  it("with mixed-signs and k-ge-2d dropped, the runner finds failures", () => {
    const result = runProperty(strictSaddleEscape, { ...OPTIONS, dropped: new Set(["mixed-signs", "k-ge-2d"]) });
    expect(result.status).toBe("failed");
  });
});

describe("soltanolkotabi2019/zero-optimum-rank", () => {
  it("passes for d ≤ n ≤ d(d+1)/2 on random inputs", () => {
    const result = runProperty(zeroOptimumRank, OPTIONS);
    expect(result.status).toBe("passed");
    expect(result.runs).toBeGreaterThan(OPTIONS.runs / 2);
  });

  it("fails on its known bad case n > d(d+1)/2 (d = 2, n = 4: four matrices in the 3-dimensional Sym(2))", () => {
    const c = zeroOptimumRank.knownBad!()[0].candidate;
    expect(c.file.data.X).toEqual([["1", "0"], ["0", "1"], ["1", "1"], ["1", "-2"]]);
    const evaluation = zeroOptimumRank.evaluate(c, { digits: 50 });
    expect(evaluation.margin).toBe(-1);
    expect(evaluation.detail).toMatchObject({ rank: 3, n: 4 });
  });

  it("n = 1 is vacuous (one nonzero x₁x₁ᵀ is independent)", () => {
    const one: Candidate = { file: { model: { activation: "quadratic", scaling: "standard" }, data: { X: [["0.5"]], y: ["0"] }, params: { W: [["0"]], a: ["1"] } }, settings: {} };
    expect(zeroOptimumRank.evaluate(one, { digits: 50 })).toMatchObject({ margin: 1, vacuous: expect.stringMatching(/n = 1/) });
  });
});
