/**
 * Candidates in Theorem 1's own regime (Dana, Pillaud-Vivien & Bach, arXiv 2502.16977): many
 * samples, high dimension, the width the theorem asks for, and live asymmetric initializations.
 *
 * - n from 1 to {@link REGIME_MAX_N}, skewed towards the sizes the theorem is about: n ≤ 3 one draw
 *   in ten, 4 ≤ n ≤ 16 half of them, 17 ≤ n ≤ 64 two in five.
 * - d log-uniform between n and n² (Corollary 1's d ≳ n²; the near-orthogonal law needs d ≥ n).
 * - data: src/random's near-orthogonal law at its default correlation bound (C_x^-)²/(2(n−1)),
 *   ‖x_i‖ ∈ [1, 2], |y_i| ∈ [1, 2]: the Assumption-2 encoding with κ = 1/2 holds by construction
 *   (certified by the law), and the data constants are the authors' code's.
 * - width p = ⌈4·log(n/ε)⌉ for ε ∈ {0.01, 0.05, 0.1, 0.2} (the width of Theorem 1 as a reviewer
 *   quotes it), recorded as settings.epsilon.
 * - initialization: the asymmetric law (the authors' code: w_j PyTorch-uniform, |a_j| = ‖w_j‖ + Exp(1),
 *   Rademacher signs), so Assumption 1 holds; kept only when live — every sample has an active
 *   neuron, so no output is 0 for want of one.
 */
import fc from "fast-check";
import type { Candidate } from "../../../src/check/property.js";
import type { InitOptions } from "../../../src/random/options.js";
import { lawCandidate } from "./generators.js";

export const REGIME_MAX_N = 64;
export const REGIME_EPSILONS = [0.01, 0.05, 0.1, 0.2] as const;

/** Theorem 1's width ⌈4·log(n/ε)⌉ (at least 1). */
export function theorem1Width(n: number, epsilon: number): number {
  return Math.max(1, Math.ceil(4 * Math.log(n / epsilon)));
}

/** n skewed as the file comment says, up to `maxN`. */
export function regimeN(maxN: number = REGIME_MAX_N): fc.Arbitrary<number> {
  const band = (min: number, max: number) => fc.integer({ min: Math.min(min, maxN), max: Math.min(max, maxN) });
  return fc.oneof({ weight: 1, arbitrary: band(1, 3) }, { weight: 5, arbitrary: band(4, 16) }, { weight: 4, arbitrary: band(17, maxN) });
}

/** d = round(n^(1 + t)), t uniform in [0, 1]: log-uniform in [n, n²]. */
export function regimeDimension(n: number, t: number): number {
  return Math.min(n * n, Math.max(n, Math.round(n ** (1 + t))));
}

/** Every sample has a neuron with ⟨w_j, x_i⟩ > 0 (in double: the generator's steering, not a decision). */
export function everySampleActive(candidate: Candidate): boolean {
  const W = candidate.file.params.W.map((row) => row.map(Number));
  return candidate.file.data.X.every((row) => {
    const x = row.map(Number);
    return W.some((w) => w.reduce((s, v, k) => s + v * x[k], 0) > 0);
  });
}

export interface RegimeOptions {
  maxN?: number;
  /** n drawn from this arbitrary instead of {@link regimeN}. */
  n?: fc.Arbitrary<number>;
  init?: InitOptions;
  /** Near-orthogonal (default) or shell data (uniform directions, for entries that drop Assumption 2). */
  dataLaw?: "near-orthogonal" | "shell";
  /** Largest d (default n²). */
  maxD?: (n: number) => number;
}

/** Theorem 1's regime, as the file comment describes. */
export function theorem1RegimeCandidate(options: RegimeOptions = {}): fc.Arbitrary<Candidate> {
  const init = options.init ?? { law: "asymmetric" };
  return fc
    .tuple(options.n ?? regimeN(options.maxN), fc.constantFrom(...REGIME_EPSILONS), fc.double({ min: 0, max: 1, noNaN: true }))
    .chain(([n, epsilon, t]) => {
      const d = Math.min(regimeDimension(n, t), options.maxD ? Math.max(n, options.maxD(n)) : Infinity);
      const p = theorem1Width(n, epsilon);
      return lawCandidate({ n: { min: n, max: n }, d: { min: d, max: d }, p: { min: p, max: p }, data: { law: options.dataLaw ?? "near-orthogonal" }, init }).map(
        (candidate): Candidate => ({ ...candidate, settings: { ...candidate.settings, epsilon } }),
      );
    })
    .filter(everySampleActive);
}
