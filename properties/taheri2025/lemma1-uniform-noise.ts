/**
 * taheri2025/lemma1-uniform-noise — the deterministic core of Lemma 1 of Taheri, Xie, Lederer
 * (arXiv 2205.04491), the uniform bound over a bounded set that the proofs of Theorems 1–2 use
 * (public reviews name the lemma and its uniformity; its text was not available to us). For a
 * shallow linear network with rows ‖Θ_j‖₁ ≤ 1 (penalty variant A's normalization), at EVERY β:
 *
 *   |⟨u, f_β(X)⟩_n| ≤ ‖Xᵀu/n‖_∞·‖γ‖₁ = (r_orc/2)·‖γ‖₁,   r_orc = 2‖Xᵀu‖_∞/n,
 *
 * by Hölder twice (⟨u, XΘᵀγ⟩_n = ⟨Xᵀu/n, Θᵀγ⟩ and ‖Θᵀγ‖₁ ≤ ‖γ‖₁·max_j‖Θ_j‖₁). It is what makes the
 * noise term uniform over the reasonable ball ‖γ‖₁ ≤ η, so that a data-dependent β̃ (a reviewer's
 * question about the lemma's "Case 1 / Case 2" split) needs no conditioning. Equality holds at
 * γ = ±c·e_j, Θ_j = ±e_k for the k attaining ‖Xᵀu‖_∞ — the generator includes such atoms, so the
 * bound is tight on some draws. Margin (bound − |⟨u, f⟩_n|)/max(bound, |⟨u, f⟩_n|), exact
 * rationals. Vacuous: both sides 0. Known bad: `coercive-penalty` dropped — a row with ‖Θ_j‖₁ = 2.
 */
import fc from "fast-check";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import { l1Norm, innerN, pass, maxAbs, transposeVec } from "../../src/penalized/network.js";
import { origin } from "../../src/penalized/stationaryPoints.js";
import { linearNetwork, regressionModel, variantAFeasible } from "./lib/assumptions.js";
import { marginNumber, num, penalizedOver, Q, relativeSlackOver } from "./lib/common.js";
import { rawProblem, withTuning } from "./lib/generators.js";

function noiseTerms<T>(F: Field<T>, candidate: Candidate, instance?: Parameters<typeof penalizedOver<T>>[2]) {
  const c = penalizedOver(F, candidate, instance);
  if (!c.truth) throw new Error("taheri2025/lemma1-uniform-noise needs a `truth` field (target network and noise)");
  const u = c.truth.noise;
  const f = pass(F, c.data, c.params).predictions;
  const observed = F.abs(innerN(F, u, f));
  const correlation = F.div(maxAbs(F, transposeVec(F, c.data.X, u)), F.fromNumber(u.length));
  const bound = F.mul(correlation, l1Norm(F, c.params.gamma));
  return { observed, bound, margin: relativeSlackOver(F, bound, observed) };
}

const tenths = (k: number) => (k / 10).toFixed(1);
const fixed = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

/** A row with ‖Θ_j‖₁ ≤ 1: entries in [−0.3, 0.3] (d ≤ 3), or a signed coordinate atom ±e_k (‖·‖₁ = 1, where equality can hold). */
function normalizedRow(d: number): fc.Arbitrary<string[]> {
  const atom = fc.tuple(fc.integer({ min: 0, max: d - 1 }), fc.boolean()).map(([k, plus]) => Array.from({ length: d }, (_, i) => (i === k ? (plus ? "1" : "-1") : "0")));
  return fc.oneof(fixed(fc.integer({ min: -3, max: 3 }).map(tenths), d), atom);
}

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const widen = dropped.has(variantAFeasible.name);
  const raw = rawProblem({ n: [5, 8, 10], d: [1, 2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: [0.1, 0.5] });
  return raw.chain((r) => {
    const d = r.X[0].length;
    const row = widen ? fixed(fc.integer({ min: -20, max: 20 }).map(tenths), d) : normalizedRow(d);
    return fc.tuple(fc.constant(r), fc.integer({ min: 1, max: 3 })).chain(([problem, w]) =>
      fc.record({ W: fixed(row, w), a: fixed(fc.integer({ min: -20, max: 20 }).map(tenths), w) }).map(({ W, a }) => {
        const candidate = structuredClone(origin(withTuning(problem, 1), w, "A"));
        candidate.file.params = { W, a };
        return candidate;
      }),
    );
  });
}

/** x = 1, u = 1 (f* = 0), Θ = 2, γ = 1: ⟨u, f⟩_n = 2 > ‖Xᵀu/n‖_∞·‖γ‖₁ = 1. */
function wideRow(): Candidate {
  const candidate = structuredClone(origin({ X: [["1"]], truth: { W: [["0"]], a: ["0"], noise: ["1"] }, activation: "identity", r: "2" }, 1, "A"));
  candidate.file.params = { W: [["2"]], a: ["1"] };
  return candidate;
}

export const lemma1UniformNoise: Property = {
  id: "taheri2025/lemma1-uniform-noise",
  title: "Lemma 1 (deterministic core): |⟨u, f_β⟩_n| ≤ ‖Xᵀu/n‖_∞·‖γ‖₁ at every β with ‖Θ_j‖₁ ≤ 1",
  reference: {
    paper: "taheri2025",
    statement: "Lemma 1 (uniform generalization bound over a bounded set; its deterministic Hölder step for linear networks)",
    provenance: "the lemma's existence, its uniformity and its use in Theorems 1–2 from public reviews; this deterministic inequality is derived and proved here (the lemma's text was not available)",
  },
  margin: {
    kind: "bound-slack",
    formula: "(‖Xᵀu/n‖_∞·‖γ‖₁ − |⟨u, f_β⟩_n|)/max(both), exact rationals",
    bound: { direction: "upper", observed: "|⟨u, f_β(X)⟩_n|", bound: "‖Xᵀu/n‖_∞·‖γ‖₁" },
  },
  mode: "exact",
  statement: "For a shallow linear network with ‖Θ_j‖₁ ≤ 1 for every row, every β satisfies |⟨u, f_β(X)⟩_n| ≤ ‖Xᵀu/n‖_∞·‖γ‖₁ (u the noise of y = f* + u).",
  reading: "Every β, stationary or not (the bound is uniform, which is the point of the lemma); rows drawn in [−0.3, 0.3]^d or as signed coordinate atoms, where equality is possible. Vacuous: both sides 0.",
  assumptions: [linearNetwork, variantAFeasible, regressionModel],
  generate: candidates,
  evaluate(candidate): Evaluation {
    const terms = noiseTerms(Q, candidate);
    const trivial = Q.sign(terms.bound) === 0 && Q.sign(terms.observed) === 0;
    return {
      margin: marginNumber(terms.margin),
      ...(trivial ? { vacuous: "both sides 0" } : { slack: { observed: num(terms.observed), bound: num(terms.bound) } }),
      detail: { noiseCorrelation: num(terms.observed), bound: num(terms.bound) },
    };
  },
  marginOver: (F, candidate, _context, instance) => noiseTerms(F, candidate, instance).margin,
  knownBad: () => [{ why: "coercive-penalty dropped: x = 1, u = 1, Θ = 2 (‖Θ_1‖₁ = 2 > 1), γ = 1 — ⟨u, f⟩_n = 2 > ‖Xᵀu/n‖_∞·‖γ‖₁ = 1", candidate: wideRow() }],
  defaultRuns: 200,
};
