/**
 * dana2025/theorem1-convergence-probability — Theorem 1's probabilistic conclusion (Dana,
 * Pillaud-Vivien & Bach, arXiv 2502.16977), as a reviewer quotes it: for weakly interacting data,
 * with at least 4·log(n/ε) neurons and an asymmetric initialization, the loss converges to 0 with
 * probability at least 1 − ε.
 *
 * Per candidate (n, d, p, ε): M = settings.samples instances, each drawn afresh — data from the
 * near-orthogonal law at its default correlation bound (C_x^-)²/(2(n−1)) (the suite's Assumption-2
 * encoding with κ = 1/2, certified by the law), ‖x_i‖, |y_i| ∈ [1, 2]; initialization from the
 * authors' asymmetric law (Assumption 1). Each is run by gradient descent on p·L (the Euler form
 * of eq. (3)) with step η = min(1, 1/tr K(θ_0)) (tr K ≥ λ_max of the tangent kernel), on the float
 * fast path, until Σ_i r_i² < τ·Σ_i r_i(0)² (τ = settings.tolerance, default 10⁻⁴) or the horizon
 * T = h·(n/C)·log(1/τ) (h = settings.horizonFactor, default 4; C = (C_x^-/C_x^+)C_x^-C_y^- = 1/2 for
 * the law's constants): h times the time the theorem's asymptotic rate C/n needs to divide L by 1/τ.
 * A draw succeeds when it reaches τ within T.
 *
 * Margin (kind probability): U − (1 − ε), U the one-sided Clopper–Pearson upper bound on P(success)
 * at level 0.99 (settings.confidence). The entry is refuted only when U < 1 − ε, i.e. when the data
 * say at 99% confidence that P(success) < 1 − ε; if P(success) ≥ 1 − ε, a run fails with
 * probability ≤ 1%. A finite horizon makes "success" a stricter event than "L → 0": a refutation
 * says GD at this step did not bring L to τ·L(0) within h times the theorem's time scale.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { numberSetting, stringSetting } from "../../src/check/settings.js";
import { instanceToFile } from "../../src/io/instanceFile.js";
import { float64Field } from "../../src/field/float64.js";
import { InputError } from "../../src/io/inputError.js";
import type { DataLawName, InitLawName } from "../../src/random/options.js";
import { reluMeanField, width } from "./lib/assumptions.js";
import { kernelTrace, runGd } from "./lib/gdRun.js";
import { candidateSizes, drawInstance, monteCarloSettings, probabilityEvaluation } from "./lib/monteCarlo.js";
import { regimeDimension, regimeN, REGIME_EPSILONS, theorem1Width } from "./lib/theorem1Regime.js";

const DEFAULT_SAMPLES = 30;
const DEFAULT_MAX_N = 16;
/** C = (C_x^-/C_x^+)·C_x^-·C_y^- for the laws' constants C_x^- = 1, C_x^+ = 2, C_y^- = 1. */
const LAW_CONSTANT = 0.5;
const LAWS_MEETING_THEOREM1 = { data: "near-orthogonal", init: "asymmetric" } as const;

const drawLaws: Assumption = {
  name: "theorem1-draw-laws",
  description: "every draw meets Theorem 1's data and initialization assumptions: settings.dataLaw = near-orthogonal (Assumption-2 encoding, κ = 1/2) and settings.initLaw = asymmetric (Assumption 1)",
  holds: (c) => stringSetting(c.settings, "dataLaw", LAWS_MEETING_THEOREM1.data) === LAWS_MEETING_THEOREM1.data && stringSetting(c.settings, "initLaw", LAWS_MEETING_THEOREM1.init) === LAWS_MEETING_THEOREM1.init,
};

/** One draw's GD run: its step, horizon, and whether it reached τ. */
export function convergenceRun(candidate: Candidate, m: number) {
  const sizes = candidateSizes(candidate);
  const { seed } = monteCarloSettings(candidate.settings, { samples: DEFAULT_SAMPLES, seed: "theorem1-convergence" });
  const dataLaw = stringSetting(candidate.settings, "dataLaw", LAWS_MEETING_THEOREM1.data);
  const initLaw = stringSetting(candidate.settings, "initLaw", LAWS_MEETING_THEOREM1.init);
  const instance = drawInstance(seed, m, sizes, { law: dataLaw as DataLawName }, { law: initLaw as InitLawName });
  const tolerance = numberSetting(candidate.settings, "tolerance", 1e-4);
  const horizon = numberSetting(candidate.settings, "horizonFactor", 4) * (sizes.n / LAW_CONSTANT) * Math.log(1 / tolerance);
  const lr = Math.min(1, 1 / kernelTrace(instance));
  const maxSteps = Math.ceil(horizon / lr);
  const initial = runGd(instance, 0, 0, 0).initialSquares;
  return { instance, lr, horizon, maxSteps, outcome: runGd(instance, lr, maxSteps, tolerance * initial) };
}

function evaluateConvergence(candidate: Candidate): Evaluation {
  const { n, d, p } = candidateSizes(candidate);
  const { samples, confidence } = monteCarloSettings(candidate.settings, { samples: DEFAULT_SAMPLES, seed: "theorem1-convergence" });
  const epsilon = numberSetting(candidate.settings, "epsilon", 0.05);
  let successes = 0;
  let slowest = 0;
  let smallestStep = Infinity;
  let horizon = 0;
  for (let m = 0; m < samples; m++) {
    const run = convergenceRun(candidate, m);
    if (run.outcome.reached) {
      successes++;
      slowest = Math.max(slowest, run.outcome.steps * run.lr);
    }
    smallestStep = Math.min(smallestStep, run.lr);
    horizon = run.horizon;
  }
  return probabilityEvaluation(successes, samples, 1 - epsilon, confidence, { n, d, p, epsilon, horizon, slowestSuccessTime: slowest, smallestStep });
}

/** The first draw of a configuration, recorded as the candidate's file (for inspection and sizes). */
export function convergenceCandidate(n: number, d: number, p: number, settings: Candidate["settings"]): Candidate {
  const seed = String(settings.seed ?? "theorem1-convergence");
  const dataLaw = String(settings.dataLaw ?? LAWS_MEETING_THEOREM1.data);
  const initLaw = String(settings.initLaw ?? LAWS_MEETING_THEOREM1.init);
  const first = drawInstance(seed, 0, { n, d, p }, { law: dataLaw as DataLawName }, { law: initLaw as InitLawName });
  return { file: instanceToFile(float64Field, first), settings };
}

function candidates(maxN: number) {
  return (dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> =>
    fc
      .record({
        n: regimeN(maxN),
        t: fc.double({ min: 0, max: 1, noNaN: true }),
        epsilon: fc.constantFrom(...REGIME_EPSILONS),
        // Below the width (known bad region) only when the width assumption is dropped.
        narrow: dropped.has(width.name) ? fc.boolean() : fc.constant(false),
        seed: fc.nat().map((k) => `theorem1-convergence-${k}`),
      })
      .map(({ n, t, epsilon, narrow, seed }) => {
        const p = narrow ? Math.max(1, Math.floor(theorem1Width(n, epsilon) / 8)) : theorem1Width(n, epsilon);
        return convergenceCandidate(n, regimeDimension(n, t), p, { epsilon, samples: DEFAULT_SAMPLES, seed });
      });
}

export const theorem1ConvergenceProbability: Property = {
  id: "dana2025/theorem1-convergence-probability",
  title: "Theorem 1: with p ≥ 4 log(n/ε), P(L → 0) ≥ 1 − ε (GD to τ·L(0) within h·(n/C)·log(1/τ), Clopper–Pearson)",
  reference: {
    paper: "dana2025",
    statement: "Theorem 1 (probability 1 − ε over the initialization, width 4 log(n/ε))",
    provenance: "the width 4 log(n/ε) and the probability 1 − ε as a reviewer summarizes Theorem 1; the success criterion (GD step, horizon, tolerance) and the Assumption-2 encoding are the suite's",
  },
  margin: {
    kind: "probability",
    formula: "U − (1 − ε), U the one-sided Clopper–Pearson upper bound at level 0.99 on P(success) from M draws; refuted only when U < 1 − ε",
    bound: { direction: "lower", observed: "U (upper confidence bound on P(success))", bound: "1 − ε" },
  },
  mode: "monte-carlo",
  statement:
    "For data meeting the Assumption-2 encoding and the data bounds, an asymmetric random initialization (Assumption 1) and p ≥ 4·log(n/ε): P(L(θ(t)) → 0) ≥ 1 − ε, read as: gradient descent on p·L with step min(1, 1/tr K(θ_0)) brings Σr² below τ·Σr(0)² within time h·(n/C)·log(1/τ) with probability ≥ 1 − ε.",
  reading:
    "Success = Σ_i r_i² < τ·Σ_i r_i(0)² (τ = settings.tolerance, default 1e-4) within T = h·(n/C)·log(1/τ), h = settings.horizonFactor (default 4), C = 1/2 for the laws' constants; GD on p·L with η = min(1, 1/tr K(θ_0)) on the float64 fast path (native where built). " +
    "M = settings.samples (default 30) fresh draws per candidate (near-orthogonal data at correlation (C_x^-)²/(2(n−1)), ‖x‖, |y| ∈ [1, 2]; asymmetric init), seeded by settings.seed. " +
    `Candidates: n from 1 to ${DEFAULT_MAX_N} by default (n ≥ 4 in nine draws of ten; settings.maxN up to 64 through hunt), d log-uniform in [n, n²], p = ⌈4 log(n/ε)⌉, ε ∈ {0.01, 0.05, 0.1, 0.2}. ` +
    "Refuted only when the one-sided 99% Clopper–Pearson upper bound on P(success) is below 1 − ε; false-alarm rate ≤ 1% per candidate if P(success) = 1 − ε exactly (far less at the observed rates).",
  assumptions: [reluMeanField, width, drawLaws],
  generate: candidates(DEFAULT_MAX_N),
  evaluate: evaluateConvergence,
  knownBad: () => [
    {
      why: "width dropped: p = 1 ≪ 4 log(n/ε) for n = 8, ε = 0.05 — one neuron cannot fit labels of both signs, P(success) ≈ 0 < 0.95",
      candidate: convergenceCandidate(8, 64, 1, { epsilon: 0.05, samples: 20, seed: "known-bad-width" }),
    },
  ],
  configure(settings) {
    const unknown = Object.keys(settings).find((key) => key !== "maxN");
    if (unknown !== undefined) throw new InputError(`${unknown} is not a setting of ${theorem1ConvergenceProbability.id} (it takes maxN)`);
    const maxN = settings.maxN;
    if (typeof maxN !== "number" || !Number.isInteger(maxN) || maxN < 1 || maxN > 64) throw new InputError(`maxN must be an integer from 1 to 64, got ${JSON.stringify(maxN)}`);
    return { ...theorem1ConvergenceProbability, generate: candidates(maxN) };
  },
  defaultRuns: 8,
};
