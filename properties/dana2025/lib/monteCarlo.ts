/**
 * What the dana2025 Monte Carlo entries share: seeded draws of whole instances from src/random's
 * laws (one seedrandom stream per draw, so a candidate is reproducible and a draw can be replayed
 * alone), the settings they read, and the one-sided Clopper–Pearson margin U − claimed.
 */
import type { Candidate, Evaluation, Settings } from "../../../src/check/property.js";
import { numberSetting, stringSetting } from "../../../src/check/settings.js";
import type { Instance } from "../../../src/model/instance.js";
import type { DataLawOptions, InitOptions } from "../../../src/random/options.js";
import { deriveSeed, seededRandom } from "../../../src/random/rng.js";
import { sampleInstanceFrom } from "../../../src/random/sampleInstance.js";
import { clopperPearsonLower, clopperPearsonUpper } from "./clopperPearson.js";

/** Confidence of the one-sided bound: a statement that holds is refuted by a run with probability ≤ 1 − this. */
export const MONTE_CARLO_CONFIDENCE = 0.99;

/** Draw number m of the candidate's seed: n points in R^d and p neurons from the given laws. */
export function drawInstance(seed: string, m: number, sizes: { n: number; d: number; p: number }, data: DataLawOptions, init: InitOptions): Instance<number> {
  const randoms = { data: seededRandom(deriveSeed(seed, "data", m)), init: seededRandom(deriveSeed(seed, "init", m)) };
  return sampleInstanceFrom(randoms, { ...sizes, data, init, model: { activation: { name: "relu" }, scaling: "mean-field" } }).instance;
}

export interface MonteCarloSettings {
  samples: number;
  confidence: number;
  seed: string;
}

export function monteCarloSettings(settings: Settings, defaults: { samples: number; seed: string }): MonteCarloSettings {
  return {
    samples: Math.max(1, Math.floor(numberSetting(settings, "samples", defaults.samples))),
    confidence: numberSetting(settings, "confidence", MONTE_CARLO_CONFIDENCE),
    seed: stringSetting(settings, "seed", defaults.seed),
  };
}

/**
 * The probability verdict: margin U − claimed with U the one-sided Clopper–Pearson upper bound on
 * the success probability; negative exactly when, at the stated confidence, P(success) < claimed.
 */
export function probabilityEvaluation(successes: number, trials: number, claimed: number, confidence: number, detail: Record<string, number | string | boolean | null>): Evaluation {
  const upper = clopperPearsonUpper(successes, trials, confidence);
  const base = {
    margin: upper - claimed,
    detail: {
      ...detail,
      trials,
      successes,
      estimate: successes / trials,
      upperConfidenceBound: upper,
      lowerConfidenceBound: clopperPearsonLower(successes, trials, confidence),
      confidence,
      claimed,
      method: "Clopper–Pearson, one-sided (exact binomial tail)",
    },
  };
  return claimed > 0 ? { ...base, slack: { observed: upper, bound: claimed } } : { ...base, vacuous: "the claimed probability is ≤ 0: nothing is claimed" };
}

/** The sizes of a Monte Carlo candidate, read from its representative instance file. */
export function candidateSizes(candidate: Candidate): { n: number; d: number; p: number } {
  return { n: candidate.file.data.X.length, d: candidate.file.data.X[0].length, p: candidate.file.params.a.length };
}
