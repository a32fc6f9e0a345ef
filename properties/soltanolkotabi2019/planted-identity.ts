/**
 * soltanolkotabi2019/planted-identity — Soltanolkotabi, Javanmard, Lee (arXiv 1707.04926 v3)
 * Section 6.1, the matrix-sensing form used in the proof of Theorem 2.2: with planted labels
 * yᵢ = xᵢᵀM*xᵢ, M* = W*ᵀD_{v*}W*, and M = WᵀD_vW,
 *
 *   L(W) = (1/(2n))·⟨M − M*, S⟩,   S = Σ_i rᵢxᵢxᵢᵀ,  rᵢ = xᵢᵀMxᵢ − yᵢ.
 *
 * An identity for every W, v, data (rᵢ = xᵢᵀ(M − M*)xᵢ, so ⟨M − M*, S⟩ = Σ rᵢ²), checked in exact
 * rationals; it is what turns (2.1)'s small gradient and curvature into a loss bound. Planted
 * weights travel as settings.plantedW / plantedV (decimal strings, JSON). Margin
 * −|L − ⟨M − M*, S⟩/(2n)|/L (unscaled when L = 0). Vacuous: L = 0 (both sides 0).
 * Known bad: `planted-labels` dropped — one label moved off xᵢᵀM*xᵢ.
 */
import fc from "fast-check";
import { rationalField, type Rational } from "../../src/field/rational.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import { exactMargin } from "../../src/check/margin.js";
import { gramOfWeights, lossOf, quadraticForm, sMatrix, type QuadraticProblem } from "./lib/quadratic.js";
import { quadraticModel, structuralAssumption } from "./lib/assumptions.js";

const F = rationalField;

function exactProblem(candidate: Candidate): QuadraticProblem<Rational> {
  const instance = instanceOverField(F, candidate.file);
  return { X: instance.X, y: instance.y, v: instance.a, W: instance.W };
}

/** M* from settings.plantedW / plantedV, or undefined when they are missing or malformed. */
function plantedGram(candidate: Candidate): Rational[][] | undefined {
  const { plantedW, plantedV } = candidate.settings;
  if (typeof plantedW !== "string" || typeof plantedV !== "string") return undefined;
  const W = (JSON.parse(plantedW) as string[][]).map((row) => row.map((x) => F.fromDecimalString(String(x))));
  const v = (JSON.parse(plantedV) as string[]).map((x) => F.fromDecimalString(String(x)));
  const d = candidate.file.data.X[0].length;
  if (W.length !== v.length || W.some((row) => row.length !== d)) return undefined;
  return gramOfWeights(F, { X: [new Array<Rational>(d).fill(F.zero)], y: [], v, W });
}

const plantedLabels = structuralAssumption("planted-labels", "settings.plantedW/plantedV give W*, v* and yᵢ = xᵢᵀW*ᵀD_{v*}W*xᵢ exactly", (c) => {
  const Mstar = plantedGram(c);
  if (!Mstar) return false;
  const P = exactProblem(c);
  return P.X.every((x, i) => F.sign(F.sub(quadraticForm(F, Mstar, x), P.y[i])) === 0);
});

function identityTerms(candidate: Candidate) {
  const P = exactProblem(candidate);
  const Mstar = plantedGram(candidate)!;
  const M = gramOfWeights(F, P);
  const S = sMatrix(F, P);
  let inner = F.zero;
  M.forEach((row, a) => row.forEach((m, b) => (inner = F.add(inner, F.mul(F.sub(m, Mstar[a][b]), S[a][b])))));
  const rhs = F.div(inner, F.fromNumber(2 * P.X.length));
  const loss = lossOf(F, P);
  const gap = F.abs(F.sub(loss, rhs));
  return { loss, rhs, margin: F.sign(loss) === 0 ? F.neg(gap) : F.neg(F.div(gap, loss)) };
}

const tenths = (k: number) => (k / 10).toFixed(1);
const fixed = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });
const decimalMatrix = (rows: number, cols: number) => fixed(fixed(fc.integer({ min: -15, max: 15 }).map(tenths), cols), rows);

/** Random X, W, v and planted W*, v*; labels planted exactly (moved by 1 at sample 0 when `moveLabel`). */
function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const moveLabel = dropped.has(plantedLabels.name);
  return fc
    .record({ d: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 4 }), kStar: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 8 }) })
    .chain(({ d, k, kStar, n }) =>
      fc.record({
        X: decimalMatrix(n, d),
        W: decimalMatrix(k, d),
        v: fixed(fc.integer({ min: -20, max: 20 }).map(tenths), k),
        Wstar: decimalMatrix(kStar, d),
        vstar: fixed(fc.integer({ min: -20, max: 20 }).map(tenths), kStar),
      }),
    )
    .map(({ X, W, v, Wstar, vstar }) => {
      const settings = { plantedW: JSON.stringify(Wstar), plantedV: JSON.stringify(vstar) };
      const Mstar = plantedGram({ file: { data: { X } } as unknown as Candidate["file"], settings })!;
      const y = X.map((x, i) => F.add(quadraticForm(F, Mstar, x.map((t) => F.fromDecimalString(t))), moveLabel && i === 0 ? F.one : F.zero));
      const file = { model: { activation: "quadratic", scaling: "standard" }, data: { X, y: y.map((t) => F.toString(t)) }, params: { W, a: v } } as InstanceFile;
      return { file, settings };
    });
}

/** d = k = 1, x = 1, W = 0, v = 1, W* = v* = 1 (M* = 1) but y = 2: L = 2, ⟨M − M*, S⟩/(2n) = 1. */
function movedLabel(): Candidate {
  const file = { model: { activation: "quadratic", scaling: "standard" }, data: { X: [["1"]], y: ["2"] }, params: { W: [["0"]], a: ["1"] } } as InstanceFile;
  return { file, settings: { plantedW: JSON.stringify([["1"]]), plantedV: JSON.stringify(["1"]) } };
}

export const plantedIdentity: Property = {
  id: "soltanolkotabi2019/planted-identity",
  title: "Section 6.1 matrix-sensing form: with planted labels, L(W) = ⟨WᵀD_vW − M*, S⟩/(2n)",
  reference: {
    paper: "soltanolkotabi2019",
    statement: "Section 6.1, the matrix-sensing form L(W) = f(WᵀD_vW) and its planted identity (used in the proof of Theorem 2.2)",
    provenance: "the identity as used in the arXiv v3 proof of Theorem 2.2, with the loss's 1/(2n) of eq. (1.4) (the proof's (6.27) drops the 2/n of (6.1))",
  },
  margin: { kind: "identity", formula: "−|L(W) − ⟨M − M*, S⟩/(2n)|/L(W) (unscaled when L = 0), exact rationals; 0 is the best value" },
  mode: "exact",
  statement: "If yᵢ = xᵢᵀM*xᵢ with M* = W*ᵀD_{v*}W*, then for every W and v: (1/(2n))Σ(xᵢᵀWᵀD_vWxᵢ − yᵢ)² = ⟨WᵀD_vW − M*, S⟩/(2n), S = Σ rᵢxᵢxᵢᵀ.",
  reading: "Any signs of v and v*, any k, k*, n (the identity needs only the planted labels); entries short decimals in [−2, 2]. Vacuous: L = 0.",
  assumptions: [quadraticModel, plantedLabels],
  generate: candidates,
  evaluate(candidate): Evaluation {
    const terms = identityTerms(candidate);
    return {
      margin: exactMargin(F, terms.margin),
      ...(F.sign(terms.loss) === 0 ? { vacuous: "L = 0 (both sides 0)" } : {}),
      detail: { loss: F.toNumber(terms.loss), innerProductForm: F.toNumber(terms.rhs) },
    };
  },
  rationalMargin: (candidate) => identityTerms(candidate).margin,
  knownBad: () => [{ why: "planted-labels dropped: x = 1, M = 0, M* = 1 but y = 2 — L = 2 while ⟨M − M*, S⟩/(2n) = 1", candidate: movedLabel() }],
  defaultRuns: 200,
};
