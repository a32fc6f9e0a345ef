/**
 * Error bars for the experiments' figures, shared by every paper: intervals for an estimated
 * fraction (Hoeffding) and for a mean over repetitions (normal approximation, ±1.96 s.e.).
 */

/**
 * Hoeffding half-width at level 1 − alpha for a mean of `reps` values in [0, 1]:
 * two-sided √(log(2/α)/(2·reps)) (0.152 at 80 reps), one-sided √(log(1/α)/(2·reps)) (0.137),
 * the latter used when p̂ ∈ {0, 1}.
 */
export function hoeffdingHalfWidth(reps: number, alpha = 0.05, sided: "two" | "one" = "two"): number {
  if (!(reps >= 1)) throw new RangeError(`hoeffdingHalfWidth: reps must be ≥ 1, got ${reps}`);
  const numerator = sided === "two" ? Math.log(2 / alpha) : Math.log(1 / alpha);
  return Math.sqrt(numerator / (2 * reps));
}

export interface RateInterval {
  reps: number;
  successes: number;
  rate: number;
  halfWidth: number;
  /** [lo, hi] clipped to [0, 1]; one-sided from the observed end when p̂ ∈ {0, 1}. */
  lo: number;
  hi: number;
}

/**
 * The fraction successes/reps with its Hoeffding interval at level 1 − alpha. Hoeffding, not a
 * normal approximation: it holds at every number of repetitions, including the handful of a
 * smoke run, and at p̂ ∈ {0, 1} where the binomial standard error is 0.
 */
export function successInterval(successes: number, reps: number, alpha = 0.05): RateInterval {
  const rate = successes / reps;
  const extreme = successes === 0 || successes === reps;
  const halfWidth = hoeffdingHalfWidth(reps, alpha, extreme ? "one" : "two");
  return { reps, successes, rate, halfWidth, lo: Math.max(0, rate - halfWidth), hi: Math.min(1, rate + halfWidth) };
}

/** z of a two-sided 95% normal interval. */
export const Z95 = 1.959963984540054;

export interface MeanInterval {
  /** Values the mean is taken over (non-finite ones are left out by the caller). */
  count: number;
  mean: number;
  /** Sample standard error s/√count; null with fewer than two values (no spread to estimate). */
  standardError: number | null;
  /** Z95·standardError, null with it. */
  halfWidth: number | null;
  /** mean ∓ halfWidth, unclipped; null with fewer than two values (no bar is drawn). */
  lo: number | null;
  hi: number | null;
}

/**
 * The mean of repetitions with a 95% normal-approximation interval, mean ± 1.96·s/√m (s the
 * sample standard deviation, m values). With m < 2 there is no spread to estimate: the bounds are
 * null rather than a zero-width bar that would claim certainty. The approximation is rough at a
 * few repetitions (Student's t at m = 3 would be 4.30, not 1.96); figures say "±1.96 s.e.".
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const count = values.length;
  if (count === 0) throw new RangeError("meanInterval: no values");
  const mean = values.reduce((s, v) => s + v, 0) / count;
  if (count < 2) return { count, mean, standardError: null, halfWidth: null, lo: null, hi: null };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
  const standardError = Math.sqrt(variance / count);
  const halfWidth = Z95 * standardError;
  return { count, mean, standardError, halfWidth, lo: mean - halfWidth, hi: mean + halfWidth };
}

/** Smallest, median (upper median for an even count) and largest value: a min–max band around a median. */
export function medianBand(values: readonly number[]): { median: number; min: number; max: number } {
  if (values.length === 0) throw new RangeError("medianBand: no values");
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}
