/**
 * dana2025/lemma5-good-init — Lemma 5 (good initialization) of Dana, Pillaud-Vivien & Bach (arXiv
 * 2502.16977). The lemma is named in the authors' rebuttal; the statement below is our reading of
 * it from the authors' code (utils.nb_neurons, model.is_well_init).
 *
 * Statement: for data (X, y) with x_i ≠ 0, y_i ≠ 0 and width p, an initialization drawn as Lemma 5
 * requires (our reading: signs of a_j i.i.d. Rademacher and independent of w_j; w_j i.i.d. with a symmetric law,
 * P(⟨w_j, x⟩ = 0) = 0) has P(G) ≥ 1 − n(3/4)^p, where G = {∀i ∃j: a_j y_i > 0 and ⟨w_j, x_i⟩ > 0}.
 * (For one i each neuron is good with probability exactly 1/2·1/2; union bound over i.) The authors' code's
 * width rule nb_neurons(n, ε) = ⌊log(n/ε)/log(4/3)⌋ + 1 makes the bound ≥ 1 − ε.
 *
 * Monte Carlo: M = settings.samples initializations from the law settings.initLaw, one seedrandom
 * stream named by settings.seed (deriveSeed(seed, "init")), so a candidate is reproducible; the
 * candidate file's params are that stream's first draw, recorded for inspection. The event is
 * decided per draw in float, with the sign of ⟨w_j, x_i⟩ re-decided in exact decimal whenever the
 * float dot product is within its rounding bound γ_d·Σ|w_jk x_ik| of 0.
 *
 * Margin: U − (1 − n(3/4)^p), with U the one-sided Clopper–Pearson upper confidence bound on P(G)
 * at level settings.confidence (default 0.9999, see DEFAULT_CONFIDENCE): P(U < P(G)) ≤ 1 − confidence whatever P(G) is, so
 * under the statement a candidate fails with probability ≤ 1 − confidence (the union bound is
 * nearly tight for orthogonal-like data, so this is the honest false-alarm rate per candidate).
 * A negative margin says, at that confidence, P(G) is below the bound. No other tolerance.
 *
 * The assumption "symmetric-random-init" (defined here) is a predicate on the settings: the law
 * must be one of the conforming laws. Dropping it lets the generator pick laws that violate it —
 * "positive-output" (every a_j > 0: samples with y_i < 0 are never good) and
 * "away-from-x1" (w_j Gaussian reflected into {⟨w, x_1⟩ ≤ 0}: sample 1 is never good) — and the
 * property fails on them.
 *
 * Vacuous: a bound 1 − n(3/4)^p ≤ 0 (nothing claimed); the generator keeps p above that. The slack
 * reported is U against the bound (U/bound ≥ 1 exactly when the margin is ≥ 0).
 */
import fc from "fast-check";
import { decimalField } from "../../src/field/decimal.js";
import { gamma } from "../../src/field/errorBound.js";
import type { Assumption, Candidate, Property, Settings } from "../../src/check/property.js";
import { instanceArbitrary } from "../../src/random/arbitraries.js";
import { INIT_LAWS } from "../../src/random/init.js";
import type { DataLawName, InitLawName } from "../../src/random/options.js";
import { deriveSeed, seededRandom, type Random } from "../../src/random/rng.js";
import { dataBounds, reluMeanField } from "./lib/assumptions.js";
import { nbNeurons } from "./lib/width.js";
import { clopperPearsonUpper } from "./lib/clopperPearson.js";
import { numberSetting, stringSetting } from "../../src/check/settings.js";

/** Initialization laws that meet Lemma 5's randomness (src/random/init.ts): sign of a_j Rademacher independent of w_j, w_j symmetric. */
export const SYMMETRIC_INIT_LAWS = ["gaussian", "pytorch", "asymmetric", "balanced", "small"] as const satisfies readonly InitLawName[];
/** Laws that violate it on purpose (the known bad cases). */
export const ASYMMETRIC_INIT_LAWS = ["positive-output", "away-from-x1"] as const;

export type GoodInitLaw = (typeof SYMMETRIC_INIT_LAWS)[number] | (typeof ASYMMETRIC_INIT_LAWS)[number];

const DEFAULT_SAMPLES = 1000;

/**
 * Per-candidate confidence. The union bound is nearly tight on these data, so a correct law fails a
 * candidate with probability close to 1 − confidence; over a check of R candidates the chance of any
 * false failure is ≤ R·(1 − confidence) (Bonferroni): 10⁻⁴ keeps the default 20 runs at ≤ 0.2%.
 */
const DEFAULT_CONFIDENCE = 0.9999;

export { binomialCdf, clopperPearsonUpper } from "./lib/clopperPearson.js";

/** Lemma 5's lower bound 1 − n(3/4)^p. */
export function goodInitBound(n: number, p: number): number {
  return 1 - n * 0.75 ** p;
}

/** Hoeffding's one-sided upper bound p̂ + √(log(1/α)/(2M)), reported for comparison. */
function hoeffdingUpper(k: number, M: number, confidence: number): number {
  return Math.min(1, k / M + Math.sqrt(Math.log(1 / (1 - confidence)) / (2 * M)));
}

/** One draw of (W, a) from `law`; the data enter only the away-from-x1 law. */
function drawInitialization(law: GoodInitLaw, random: Random, p: number, d: number, X: readonly number[][]): { W: number[][]; a: number[] } {
  switch (law) {
    case "positive-output": {
      const { W, a } = INIT_LAWS.pytorch(random, p, d, { law: "pytorch" });
      // |a_j|, and a zero draw (u = 0 exactly) made positive: every output weight > 0.
      return { W, a: a.map((value) => Math.abs(value) || Number.MIN_VALUE) };
    }
    case "away-from-x1": {
      const { W, a } = INIT_LAWS.gaussian(random, p, d, { law: "gaussian" });
      const x1 = X[0];
      const x1Squared = x1.reduce((s, v) => s + v * v, 0);
      // Reflect w into the half-space ⟨w, x_1⟩ ≤ 0. When rounding leaves the exact ⟨w, x_1⟩ > 0
      // (only for ⟨w, x_1⟩ at the rounding level), push w further along −x_1 until it is not.
      const reflected = W.map((w) => {
        let out = w;
        for (let push = 0; activeExactly(out, x1); push++) {
          const inner = out.reduce((s, v, k) => s + v * x1[k], 0);
          const magnitude = out.reduce((s, v, k) => s + Math.abs(v * x1[k]), 0);
          const step = push === 0 ? 2 * inner : 2 ** push * Math.max(inner, gamma(x1.length + 1) * magnitude);
          out = out.map((v, k) => v - (step / x1Squared) * x1[k]);
        }
        return out;
      });
      return { W: reflected, a };
    }
    default:
      return INIT_LAWS[law](random, p, d, { law });
  }
}

const exactField = decimalField({ digits: 60 });

/** ⟨w, x⟩ > 0, decided exactly when the float product is within its rounding bound of 0. */
function activeExactly(w: readonly number[], x: readonly number[]): boolean {
  let value = 0;
  let magnitude = 0;
  for (let k = 0; k < x.length; k++) {
    value += w[k] * x[k];
    magnitude += Math.abs(w[k] * x[k]);
  }
  if (Math.abs(value) > gamma(x.length + 1) * magnitude) return value > 0;
  // Products of two doubles have ≤ 106 significant bits (< 33 digits); 60 digits keep the sum exact for d ≤ 10⁶.
  let exact = exactField.zero;
  for (let k = 0; k < x.length; k++) exact = exactField.add(exact, exactField.mul(exactField.fromNumber(w[k]), exactField.fromNumber(x[k])));
  return exactField.sign(exact) === 1;
}

/** Lemma 5's event G for one draw. */
function goodEvent(X: readonly number[][], y: readonly number[], W: readonly number[][], a: readonly number[]): boolean {
  return X.every((x, i) => W.some((w, j) => a[j] * y[i] > 0 && activeExactly(w, x)));
}

function lawOf(candidate: Candidate): string {
  return stringSetting(candidate.settings, "initLaw", "asymmetric");
}

const symmetricRandomInit: Assumption = {
  name: "symmetric-random-init",
  description: "the initialization law is random as Lemma 5 needs (our reading): signs of a_j i.i.d. Rademacher, independent of w_j; w_j i.i.d. symmetric with P(⟨w_j,x⟩=0)=0 (settings.initLaw ∈ " + SYMMETRIC_INIT_LAWS.join(", ") + ")",
  holds: (c) => (SYMMETRIC_INIT_LAWS as readonly string[]).includes(lawOf(c)),
};

const EPSILONS = [0.05, 0.1, 0.2, 0.5] as const;

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const laws: readonly GoodInitLaw[] = dropped.has(symmetricRandomInit.name) ? [...SYMMETRIC_INIT_LAWS, ...ASYMMETRIC_INIT_LAWS] : SYMMETRIC_INIT_LAWS;
  return fc
    .record({
      n: fc.integer({ min: 2, max: 8 }),
      epsilon: fc.constantFrom(...EPSILONS),
      offset: fc.integer({ min: -1, max: 1 }),
      dataLaw: fc.constantFrom<DataLawName>("shell", "near-orthogonal"),
      initLaw: fc.constantFrom(...laws),
      seed: fc.nat().map((k) => `lemma5-${k}`),
    })
    .chain(({ n, epsilon, offset, dataLaw, initLaw, seed }) => {
      // p around nb_neurons(n, ε), never so small that the bound 1 − n(3/4)^p is ≤ 0 (uninformative).
      const p = Math.max(nbNeurons(n, epsilon) + offset, Math.floor(Math.log(n) / Math.log(4 / 3)) + 1);
      const settings: Settings = { initLaw, samples: DEFAULT_SAMPLES, confidence: DEFAULT_CONFIDENCE, seed, epsilon };
      return instanceArbitrary({ n: { min: n, max: n }, d: { min: 2, max: 10 }, p: { min: p, max: p }, data: { law: dataLaw }, init: { law: "pytorch" } }).map(
        (instance): Candidate => {
          const X = instance.X;
          const first = drawInitialization(initLaw, seededRandom(deriveSeed(seed, "init")), p, X[0].length, X);
          return {
            file: { model: { activation: "relu", scaling: "mean-field" }, data: { X, y: instance.y }, params: first },
            settings: { ...settings, dataLaw },
          };
        },
      );
    });
}

/** n = 3 near-orthogonal points with mixed labels, p = nb_neurons(3, 0.1) = 13, M = 1000 draws of `initLaw`. */
export function hand3Samples(initLaw: string): Candidate {
  const p = nbNeurons(3, 0.1);
  return {
    file: {
      model: { activation: "relu", scaling: "mean-field" },
      data: { X: [[1, 0.05, 0], [0, 1.5, 0.05], [0.05, 0, 2]], y: [1, -1.5, 2] },
      params: { W: Array.from({ length: p }, () => [0.1, 0.1, 0.1]), a: new Array<number>(p).fill(1) },
    },
    settings: { initLaw, samples: 1000, confidence: 0.99, seed: "lemma5-test", epsilon: 0.1 },
  };
}

export const lemma5GoodInit: Property = {
  id: "dana2025/lemma5-good-init",
  title: "Lemma 5: a symmetric random initialization is good (event G) with probability ≥ 1 − n(3/4)^p",
  reference: {
    paper: "dana2025",
    statement: "Lemma 5 (good initialization)",
    provenance: "named in the authors' rebuttal; the event G and the bound n(3/4)^p are our reading of the authors' code (nb_neurons, is_well_init), not the paper's text",
  },
  margin: {
    kind: "probability",
    formula: "U − (1 − n(3/4)^p), U the one-sided Clopper–Pearson upper confidence bound on P(G) at level settings.confidence from settings.samples draws",
    bound: { direction: "lower", observed: "U", bound: "1 − n(3/4)^p" },
  },
  knownBad: () => [
    { why: "a non-symmetric law (every a_j > 0): the sample with y < 0 is never good, P(G) = 0", candidate: hand3Samples("positive-output") },
    { why: "w_j reflected away from x_1: sample 1 is never active, P(G) = 0", candidate: hand3Samples("away-from-x1") },
  ],
  mode: "monte-carlo",
  statement: "P(∀i ∃j: a_j(0)y_i > 0 and ⟨w_j(0), x_i⟩ > 0) ≥ 1 − n(3/4)^p; hence p ≥ nb_neurons(n, ε) = ⌊log(n/ε)/log(4/3)⌋+1 gives P(G) ≥ 1 − ε.",
  reading:
    "Checked as: the Clopper–Pearson upper bound at level settings.confidence (default 0.9999) on P(G), from settings.samples (default 1000) draws of settings.initLaw seeded by settings.seed, is ≥ 1 − n(3/4)^p. Data: shell or near-orthogonal, n ≤ 8, p = nb_neurons(n, ε) ± 1 for ε ∈ {0.05, 0.1, 0.2, 0.5} (settings.epsilon). False-alarm rate ≤ 1 − confidence per candidate. Vacuous: 1 − n(3/4)^p ≤ 0 (the generator avoids it).",
  assumptions: [reluMeanField, dataBounds, symmetricRandomInit],
  generate: candidates,
  evaluate(candidate) {
    const X = candidate.file.data.X.map((row) => row.map(Number));
    const y = candidate.file.data.y.map(Number);
    const n = X.length;
    const d = X[0].length;
    const p = candidate.file.params.a.length;
    const law = lawOf(candidate) as GoodInitLaw;
    const M = Math.max(1, Math.floor(numberSetting(candidate.settings, "samples", DEFAULT_SAMPLES)));
    const confidence = numberSetting(candidate.settings, "confidence", DEFAULT_CONFIDENCE);
    const epsilon = numberSetting(candidate.settings, "epsilon", 0.05);
    const seed = stringSetting(candidate.settings, "seed", "lemma5");
    const random = seededRandom(deriveSeed(seed, "init"));
    let successes = 0;
    for (let m = 0; m < M; m++) {
      const { W, a } = drawInitialization(law, random, p, d, X);
      if (goodEvent(X, y, W, a)) successes++;
    }
    const upper = clopperPearsonUpper(successes, M, confidence);
    const bound = goodInitBound(n, p);
    return {
      margin: upper - bound,
      ...(bound > 0 ? { slack: { observed: upper, bound } } : { vacuous: "1 − n(3/4)^p ≤ 0: nothing is claimed" }),
      detail: {
        initLaw: law,
        n,
        p,
        samples: M,
        successes,
        estimate: successes / M,
        upperConfidenceBound: upper,
        method: "Clopper–Pearson, one-sided",
        confidence,
        hoeffdingUpperBound: hoeffdingUpper(successes, M, confidence),
        bound,
        epsilon,
        nbNeurons: nbNeurons(n, epsilon),
        widthMeetsNbNeurons: p >= nbNeurons(n, epsilon),
      },
    };
  },
  defaultRuns: 20,
};
