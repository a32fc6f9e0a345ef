/**
 * soltanolkotabi2019/lemma6-1-global-certificate — Soltanolkotabi, Javanmard, Lee (arXiv
 * 1707.04926 v3) Lemma 6.1: for the quadratic network with v fixed, any W̃ with
 * S = Σ_i (xᵢᵀW̃ᵀD_vW̃xᵢ − yᵢ)xᵢxᵢᵀ = 0 is a global minimiser of L — with no condition on v, k or
 * the data (M̃ = W̃ᵀD_vW̃ is then a stationary point of the convex f(M) = (1/2n)Σ(xᵢᵀMxᵢ − yᵢ)²).
 *
 * Checked in exact rationals: L(W̃) ≤ L(W̃ + t·U) for the comparison points of the candidate
 * (settings.comparisonU: a k×d matrix U as JSON, t ∈ {1, 1/10, 1/100}). The interesting certified
 * points have S = 0 with residuals ≠ 0, so L(W̃) > 0: the generator takes n > d(d+1)/2 inputs
 * (the xᵢxᵢᵀ are then dependent), a null vector ρ of r ↦ Σ rᵢxᵢxᵢᵀ, and labels
 * yᵢ = xᵢᵀM̃xᵢ − ρᵢ, so the residuals are exactly ρ. (For n ≤ d(d+1)/2 and generic inputs S = 0
 * forces r = 0 and L = 0 — a vacuous case; the generator avoids it.)
 * Margin: min_t (L(W̃ + tU) − L(W̃))/max(L(W̃ + tU), L(W̃)). Vacuous: L(W̃) = 0 (nothing is below 0).
 * Known bad: assumption `s-zero` dropped — the same construction with one label moved, S ≠ 0, and
 * U = −∇L(W̃): a small step down.
 */
import fc from "fast-check";
import { rationalField, type Rational } from "../../src/field/rational.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { exactMargin } from "../../src/check/margin.js";
import { gradientOf, lossOf, nullVector, quadraticForm, gramOfWeights, sMatrix, type QuadraticProblem } from "./lib/quadratic.js";
import { quadraticModel, structuralAssumption } from "./lib/assumptions.js";

const F = rationalField;
const STEPS = ["1", "0.1", "0.01"].map((t) => F.fromDecimalString(t));

function exactProblem(candidate: Candidate): QuadraticProblem<Rational> {
  const instance = instanceOverField(F, candidate.file);
  return { X: instance.X, y: instance.y, v: instance.a, W: instance.W };
}

function comparisonOf(candidate: Candidate): Rational[][] | undefined {
  const U = candidate.settings.comparisonU;
  if (typeof U !== "string") return undefined;
  return (JSON.parse(U) as string[][]).map((row) => row.map((x) => F.fromDecimalString(x)));
}

const sZero = structuralAssumption("s-zero", "S = Σ_i rᵢxᵢxᵢᵀ = 0 exactly (rational arithmetic)", (c) => sMatrix(F, exactProblem(c)).every((row) => row.every((x) => F.sign(x) === 0)));

const hasComparison = structuralAssumption("comparison-direction", "settings.comparisonU is a k×d matrix of decimals (the comparison points W̃ + tU)", (c) => {
  const U = comparisonOf(c);
  return U !== undefined && U.length === c.file.params.W.length && U.every((row) => row.length === c.file.data.X[0].length);
});

/** (L(W̃ + tU) − L(W̃))/max(·,·), the worst over t; undefined terms never arise (L ≥ 0). */
function certificateTerms(candidate: Candidate) {
  const P = exactProblem(candidate);
  const U = comparisonOf(candidate)!;
  const base = lossOf(F, P);
  let worst: { margin: Rational; t: Rational; loss: Rational } | undefined;
  for (const t of STEPS) {
    const moved = lossOf(F, { ...P, W: P.W.map((w, p) => w.map((x, c) => F.add(x, F.mul(t, U[p][c])))) });
    const scale = F.max(moved, base);
    const margin = F.sign(scale) === 0 ? F.zero : F.div(F.sub(moved, base), scale);
    if (!worst || F.sign(F.sub(margin, worst.margin)) === -1) worst = { margin, t, loss: moved };
  }
  return { base, ...worst! };
}

const thousandths = (k: number) => (k / 1000).toFixed(3);
const fixed = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

/** Symmetric-part coordinates of xxᵀ (a ≤ b), the columns whose null vectors give S = 0. */
const outerCoordinates = (x: readonly Rational[]) => x.flatMap((xa, a) => x.slice(a).map((xb) => F.mul(xa, xb)));

/**
 * The construction of the file comment; with `moveLabel`, label 0 is moved by 1/10 (S ≠ 0) and
 * U = −∇L(W̃) — the known bad region.
 */
export function certifiedPoint(shape: { d: number; k: number; extra: number; X: number[][]; W: number[][]; v: number[]; U: number[][]; scale: number }, moveLabel = false): Candidate | undefined {
  const { X, W, v } = shape;
  const P: QuadraticProblem<Rational> = { X: X.map((x) => x.map((t) => F.fromDecimalString(thousandths(t)))), y: [], v: v.map((t) => F.fromDecimalString(thousandths(t))), W: W.map((w) => w.map((t) => F.fromDecimalString(thousandths(t)))) };
  const rho = nullVector(F, P.X.map(outerCoordinates));
  if (!rho) return undefined;
  const M = gramOfWeights(F, P);
  const amplitude = F.fromDecimalString(thousandths(shape.scale));
  // ρ times the lcm of its denominators is an integer vector: residuals amplitude·ρᵢ stay decimals.
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const lcm = rho.reduce((m, x) => (m / gcd(m, x.den)) * x.den, 1n);
  const integral = rho.map((x) => F.mul(x, { num: lcm, den: 1n }));
  const y = P.X.map((x, i) => F.sub(quadraticForm(F, M, x), F.mul(amplitude, integral[i])));
  if (moveLabel) y[0] = F.add(y[0], F.fromDecimalString("0.1"));
  const decimal = (x: Rational) => F.toString(x);
  if (y.some((t) => decimal(t).includes("/"))) return undefined;
  const withLabels = { ...P, y };
  const U = moveLabel ? gradientOf(F, withLabels).map((row) => row.map((x) => F.neg(x))) : shape.U.map((row) => row.map((t) => F.fromDecimalString(thousandths(t))));
  if (U.some((row) => row.some((x) => decimal(x).includes("/")))) return undefined;
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X: P.X.map((x) => x.map(decimal)), y: y.map(decimal) },
    params: { W: P.W.map((w) => w.map(decimal)), a: P.v.map(decimal) },
  } as InstanceFile;
  return { file, settings: { comparisonU: JSON.stringify(U.map((row) => row.map(decimal))) } };
}

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const moveLabel = dropped.has(sZero.name);
  return fc
    .record({ d: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 1, max: 3 }) })
    .chain(({ d, k, extra }) => {
      const n = (d * (d + 1)) / 2 + extra;
      const entry = fc.integer({ min: -20, max: 20 }).map((t) => 100 * t);
      return fc.record({
        d: fc.constant(d),
        k: fc.constant(k),
        extra: fc.constant(extra),
        // No zero input: its residual would be invisible to S, a trivial way to have S = 0 with L > 0.
        X: fixed(fixed(entry, d).filter((x) => x.some((t) => t !== 0)), n),
        W: fixed(fixed(fc.integer({ min: -20, max: 20 }).map((t) => 50 * t), d), k),
        v: fixed(fc.integer({ min: -4, max: 4 }).filter((t) => t !== 0).map((t) => 500 * t), k),
        // U ≠ 0: W̃ + tU = W̃ would compare L(W̃) with itself.
        U: fixed(fixed(fc.integer({ min: -20, max: 20 }).map((t) => 50 * t), d), k).filter((U) => U.some((row) => row.some((t) => t !== 0))),
        scale: fc.integer({ min: 1, max: 10 }),
      });
    })
    .map((shape) => certifiedPoint(shape, moveLabel))
    .filter((c): c is Candidate => c !== undefined);
}

/** d = k = 1, v = W = 1, x = 1, 1, y = 2, 2: S = −2 ≠ 0 and U = −∇L = 2 is a descent direction. */
function descentCase(): Candidate {
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X: [["1"], ["1"]], y: ["2", "2"] },
    params: { W: [["1"]], a: ["1"] },
  } as InstanceFile;
  // r = (−1, −1), S = −2, ∇L = (2/n)·v·W·S = −2; U = 2: L(1 + 2t) = ((1 + 2t)² − 2)² / 2 < L(1) = 1/2 at t = 1/10 (and 1/100).
  return { file, settings: { comparisonU: JSON.stringify([["2"]]) } };
}

export const lemma61GlobalCertificate: Property = {
  id: "soltanolkotabi2019/lemma6-1-global-certificate",
  title: "Lemma 6.1: S = Σ rᵢxᵢxᵢᵀ = 0 certifies a global minimum of the quadratic network's loss",
  reference: {
    paper: "soltanolkotabi2019",
    statement: "Lemma 6.1 (global-optimality certificate; used in the proofs of Theorems 2.1 and 2.2)",
    provenance: "statement from the arXiv v3 text (no condition on v, k or the data); the construction of certified points with nonzero residuals (n > d(d+1)/2, residuals a null vector) is ours",
  },
  margin: {
    kind: "bound-slack",
    formula: "min over t ∈ {1, 1/10, 1/100} of (L(W̃ + tU) − L(W̃))/max(L(W̃ + tU), L(W̃)), exact rationals",
    bound: { direction: "lower", observed: "L(W̃ + tU)", bound: "L(W̃)" },
  },
  mode: "exact",
  statement: "If S = Σ_i (xᵢᵀW̃ᵀD_vW̃xᵢ − yᵢ)xᵢxᵢᵀ = 0, then L(W̃) ≤ L(W) for every W; checked at W = W̃ + tU, t ∈ {1, 1/10, 1/100}.",
  reading:
    "Any v, k and data (the lemma assumes nothing else); loss (1/2n)Σ(·)² as eq. (1.4). Certified points with L(W̃) > 0 need dependent xᵢxᵢᵀ: n = d(d+1)/2 + 1..3 inputs, residuals an exact null vector of r ↦ Σ rᵢxᵢxᵢᵀ. U = settings.comparisonU (random, entries in [−1, 1]). Vacuous: L(W̃) = 0.",
  assumptions: [quadraticModel, sZero, hasComparison],
  generate: candidates,
  evaluate(candidate): Evaluation {
    const terms = certificateTerms(candidate);
    const vacuous = F.sign(terms.base) === 0;
    return {
      margin: exactMargin(F, terms.margin),
      ...(vacuous ? { vacuous: "L(W̃) = 0" } : { slack: { observed: F.toNumber(terms.loss), bound: F.toNumber(terms.base) } }),
      detail: { loss: F.toNumber(terms.base), comparisonLoss: F.toNumber(terms.loss), worstStep: F.toString(terms.t) },
    };
  },
  rationalMargin: (candidate) => certificateTerms(candidate).margin,
  knownBad: () => [{ why: "s-zero dropped: d = k = 1, v = W = 1, x = 1, 1, y = 2, 2 — S = −2 ≠ 0 and U = −∇L = 2 lowers L from 1/2", candidate: descentCase() }],
  defaultRuns: 100,
};
