/**
 * soltanolkotabi2019/zero-optimum-rank — Soltanolkotabi, Javanmard, Lee (arXiv 1707.04926 v3)
 * Theorem 2.1, conclusion 3, via Lemma 5.6: for almost every
 * input set with d ≤ n ≤ d(d+1)/2 the vectors xᵢ⊗xᵢ are linearly independent (σ_min(X∗X) > 0),
 * so the convex f(M) = (1/2n)Σ(xᵢᵀMxᵢ − yᵢ)² reaches 0 for ARBITRARY labels; with v of mixed
 * signs (≥ d of each) every symmetric M is some WᵀD_vW, so min L = 0.
 *
 * Checked exactly: rank of the n rows (xᵢxᵢᵀ)_{a≤b} ∈ R^{d(d+1)/2} (the symmetric part of xᵢ⊗xᵢ;
 * same rank) by rational elimination. Margin +1 when the rank is n, −(n − rank) otherwise.
 * "Almost every" is met by random short-decimal inputs (a measure-zero failure is possible in
 * principle but would be a real counterexample for that instance). `hunt --drop n-range` shows
 * what breaks for n > d(d+1)/2 (the known bad case: d = 2, n = 4). The lower bound n ≥ d is not
 * needed (our inference); it is kept as the paper states it. n = 1 is vacuous (one nonzero x₁x₁ᵀ
 * is independent); the generator draws d ∈ [2, 5], so it never does. A rank is an exact
 * elimination decision, so `shallowcheck certify` takes the exact rational margin
 * (`rationalMargin`), not an interval one.
 */
import fc from "fast-check";
import { rationalField } from "../../src/field/rational.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Assumption, Candidate, Property } from "../../src/check/property.js";
import { rankOf } from "./lib/quadratic.js";
import { quadraticModel, structuralAssumption } from "./lib/assumptions.js";
import { exactMargin } from "../../src/check/margin.js";

const F = rationalField;

const sampleRange = structuralAssumption("n-range", "d ≤ n ≤ d(d+1)/2 samples (Lemma 5.6; the paper's n ≤ c·d²)", (c) => {
  const n = c.file.data.X.length;
  const d = c.file.data.X[0].length;
  return d <= n && n <= (d * (d + 1)) / 2;
});

function distinct(c: Candidate): boolean {
  const X = instanceOverField(F, c.file).X;
  const zero = (x: (typeof X)[number]) => x.every((t) => F.sign(t) === 0);
  if (X.some(zero)) return false;
  for (let i = 0; i < X.length; i++) for (let j = i + 1; j < X.length; j++) if (rankOf(F, [X[i], X[j]]) < 2) return false;
  return true;
}

/** Parallelism is a rank decision: made in exact rationals on the file's own inputs, undecided for other numbers (an instance over a field). */
const distinctDirections: Assumption = {
  name: "distinct-directions",
  description: "no input is zero and no two inputs are parallel: a necessary part of 'almost every X' (other measure-zero sets remain possible)",
  holds: distinct,
  decide: (_F, c, _context, instance) => (instance === undefined ? distinct(c) : undefined),
};

/** The rank of the n rows (xᵢxᵢᵀ)_{a≤b}, exactly, and the margin +1 (rank n) or −(n − rank). */
function rankCertificate(c: Candidate) {
  const X = instanceOverField(F, c.file).X;
  const d = X[0].length;
  const rows = X.map((x) => {
    const out = [];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) out.push(F.mul(x[a], x[b]));
    return out;
  });
  const rank = rankOf(F, rows);
  return { n: X.length, d, rank, margin: F.fromNumber(rank === X.length ? 1 : -(X.length - rank)) };
}

const thousandths = (k: number) => (k / 1000).toFixed(3);

function candidate(wideRange: boolean): fc.Arbitrary<Candidate> {
  return fc.integer({ min: 2, max: 5 }).chain((d) => {
    const top = (d * (d + 1)) / 2;
    const n = wideRange ? fc.integer({ min: 1, max: top + 3 }) : fc.integer({ min: d, max: top });
    return n.chain((nn) =>
      fc
        .array(fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: d, maxLength: d }), { minLength: nn, maxLength: nn })
        .map((X): Candidate => ({
          file: {
            model: { activation: "quadratic", scaling: "standard" },
            data: { X: X.map((row) => row.map(thousandths)), y: X.map(() => "0") },
            params: { W: [X[0].map(() => "0")], a: ["1"] },
          } as InstanceFile,
          settings: {},
        })),
    );
  });
}

function tooManySamples(): Candidate {
  const file = {
    model: { activation: "quadratic", scaling: "standard" },
    data: { X: [["1", "0"], ["0", "1"], ["1", "1"], ["1", "-2"]], y: ["0", "0", "0", "0"] },
    params: { W: [["0", "0"]], a: ["1"] },
  } as InstanceFile;
  return { file, settings: {} };
}

export const zeroOptimumRank: Property = {
  id: "soltanolkotabi2019/zero-optimum-rank",
  title: "Theorem 2.1(3) / Lemma 5.6: for generic inputs with d ≤ n ≤ d(d+1)/2 the xᵢ⊗xᵢ are independent, so min L = 0 for any labels",
  reference: {
    paper: "soltanolkotabi2019",
    statement: "Theorem 2.1, third conclusion; Lemma 5.6",
    provenance: "statement from the arXiv v3 text; the range n ≤ d(d+1)/2 (the theorem's n ≤ c·d²) from the proof of Lemma 5.6",
  },
  margin: { kind: "decision", formula: "+1 when rank[(xᵢxᵢᵀ)_{a≤b}]_{i≤n} = n, else −(n − rank); rank by exact rational elimination" },
  mode: "exact",
  statement: "rank[(xᵢxᵢᵀ)_{a≤b}]_{i=1..n} = n, hence the least-squares f(M) = (1/2n)Σ(xᵢᵀMxᵢ − yᵢ)² attains 0 for every y.",
  reading:
    "Only the inputs matter; labels and W in the file are placeholders. Random short-decimal inputs (thousandths in [−2, 2]) stand for 'almost every'; d ∈ [2, 5], d ≤ n ≤ d(d+1)/2. n = 1 is counted as vacuous.",
  assumptions: [quadraticModel, sampleRange, distinctDirections],
  generate: (dropped) => candidate(dropped.has(sampleRange.name)),
  evaluate(c) {
    const { n, d, rank, margin } = rankCertificate(c);
    const vacuous = n === 1 && rank === 1 ? "n = 1: one nonzero x₁x₁ᵀ is independent" : undefined;
    return { margin: exactMargin(F, margin), ...(vacuous ? { vacuous } : {}), detail: { n, d, rank, symmetricDimension: (d * (d + 1)) / 2 } };
  },
  rationalMargin: (c) => rankCertificate(c).margin,
  knownBad: () => [{ why: "n-range dropped: d = 2, n = 4 > d(d+1)/2 = 3 — four matrices in the 3-dimensional Sym(2)", candidate: tooManySamples() }],
  defaultRuns: 200,
};
