/**
 * The one source of randomness every sampler in shallowcheck draws from, and the derived
 * distributions written once over it.
 *
 * A {@link Random} only hands out uniforms in [0, 1). Everything else (Gaussians, exponentials,
 * signs, intervals) is a function of those uniforms, so the same sampler code runs on a
 * reproducible named stream ({@link seededRandom}) and on a tape of uniforms that fast-check
 * generates and shrinks ({@link tapeRandom}).
 */
import seedrandom from "seedrandom";

/** A stream of uniform doubles in [0, 1). */
export interface Random {
  /** The next uniform in [0, 1); never 1, never NaN. */
  uniform(): number;
}

/**
 * A reproducible stream from a named seed: the same string always gives the same uniforms,
 * on every platform (seedrandom's ARC4 generator, 52 random bits per double).
 */
export function seededRandom(seed: string): Random {
  const prng = seedrandom(seed);
  return { uniform: () => prng.double() };
}

/**
 * A seed for an independent sub-stream, named by labels: `deriveSeed("s", "data")` and
 * `deriveSeed("s", "init")` give unrelated streams, so drawing more initialization numbers
 * (a larger p) leaves the data unchanged.
 *
 * The encoding is JSON of the whole label list, so it is injective: no two different
 * (parent, labels) pairs collide, even when labels contain separators, and `1` differs from `"1"`.
 */
export function deriveSeed(parent: string, ...labels: (string | number)[]): string {
  return JSON.stringify([parent, ...labels]);
}

/**
 * A Random that reads its uniforms from a tape, then continues with the seeded stream
 * `fallbackSeed` once the tape is used up. fast-check generates (and shrinks) the tape; the
 * fallback keeps the samplers total when a shrunk tape is shorter than what they consume.
 *
 * @throws RangeError when a tape entry is not in [0, 1).
 */
export function tapeRandom(tape: readonly number[], fallbackSeed: string): Random {
  for (let index = 0; index < tape.length; index++) {
    const value = tape[index];
    if (!(value >= 0 && value < 1)) throw new RangeError(`tapeRandom: tape[${index}] = ${value} is not in [0, 1)`);
  }
  let position = 0;
  let fallback: Random | undefined;
  return {
    uniform(): number {
      if (position < tape.length) return tape[position++];
      // Created lazily: most property runs never exhaust the tape of a small instance.
      fallback ??= seededRandom(fallbackSeed);
      return fallback.uniform();
    },
  };
}

/** Box–Muller produces Gaussians in pairs; the spare one waits here, per stream. */
const spareGaussian = new WeakMap<Random, number>();

/**
 * A standard normal N(0, 1) by Box–Muller. Takes the logarithm of 1 − u ∈ (0, 1] (as log1p(−u),
 * exact for small u) so that u = 0, which a tape of zeros produces, gives radius 0 rather than
 * log(0) = −∞; every result is finite, |g| ≤ √(2·53·ln 2) ≈ 8.57.
 */
export function gaussian(random: Random): number {
  const spare = spareGaussian.get(random);
  if (spare !== undefined) {
    spareGaussian.delete(random);
    return spare;
  }
  const radius = Math.sqrt(-2 * Math.log1p(-random.uniform()));
  const angle = 2 * Math.PI * random.uniform();
  spareGaussian.set(random, radius * Math.sin(angle));
  return radius * Math.cos(angle);
}

/** An Exp(1) variable, −log(1 − u): finite (≤ 53·ln 2 ≈ 36.7) and ≥ 0 (+0, not −0, at u = 0). */
export function exponential(random: Random): number {
  return -Math.log1p(-random.uniform());
}

/** A Rademacher sign, −1 or +1 with probability 1/2 each. */
export function rademacher(random: Random): -1 | 1 {
  return random.uniform() < 0.5 ? -1 : 1;
}

/**
 * A uniform in [lo, hi] (finite lo ≤ hi, else RangeError). Written as the convex combination
 * lo·(1−u) + hi·u, which cannot overflow for finite bounds, and clamped because rounding could
 * otherwise step a hair outside the interval the laws promise.
 */
export function uniformBetween(random: Random, lo: number, hi: number): number {
  if (!(lo <= hi)) throw new RangeError(`uniformBetween: need lo ≤ hi, got [${lo}, ${hi}]`);
  const u = random.uniform();
  const value = lo * (1 - u) + hi * u;
  return Math.min(hi, Math.max(lo, value));
}
