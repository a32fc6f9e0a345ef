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
import { Arc4Stream } from "./arc4.js";

/** A stream of uniform doubles in [0, 1). */
export interface Random {
  /** The next uniform in [0, 1); never 1, never NaN. */
  uniform(): number;
}

/**
 * The Randoms made here carry Box–Muller's spare Gaussian in a field: a WeakMap lookup per
 * Gaussian cost more than drawing it. NaN means "no spare" (Box–Muller never yields NaN).
 */
abstract class StreamWithSpare implements Random {
  spareGaussian = Number.NaN;
  abstract uniform(): number;
}

class SeededStream extends StreamWithSpare {
  constructor(private readonly source: { double(): number }) {
    super();
  }
  uniform(): number {
    return this.source.double();
  }
}

/**
 * Whether {@link Arc4Stream} reproduces seedrandom here: a few draws on two seeds, checked once.
 * The exhaustive comparison is test/random/arc4.test.ts; this guards against a platform where
 * it would not hold, by falling back to seedrandom itself.
 */
let fastStreamAgrees: boolean | undefined;
function fastStreamMatchesSeedrandom(): boolean {
  if (fastStreamAgrees === undefined) {
    fastStreamAgrees = ["", JSON.stringify(["shallowcheck", "self-check", 1])].every((seed) => {
      const fast = new Arc4Stream(seed);
      const reference = seedrandom(seed);
      for (let k = 0; k < 64; k++) if (fast.double() !== reference.double()) return false;
      return true;
    });
  }
  return fastStreamAgrees;
}

/**
 * A reproducible stream from a named seed: the same string always gives the same uniforms,
 * on every platform (seedrandom's ARC4 generator, 52 random bits per double; drawn by the
 * bit-identical {@link Arc4Stream}, seedrandom itself where that disagrees).
 */
export function seededRandom(seed: string): Random {
  return new SeededStream(fastStreamMatchesSeedrandom() ? new Arc4Stream(seed) : seedrandom(seed));
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
  return new TapeStream(tape, fallbackSeed);
}

class TapeStream extends StreamWithSpare {
  private position = 0;
  private fallback: Random | undefined;
  constructor(
    private readonly tape: readonly number[],
    private readonly fallbackSeed: string,
  ) {
    super();
  }
  uniform(): number {
    if (this.position < this.tape.length) return this.tape[this.position++];
    // Created lazily: most property runs never exhaust the tape of a small instance.
    this.fallback ??= seededRandom(this.fallbackSeed);
    return this.fallback.uniform();
  }
}

/** Box–Muller produces Gaussians in pairs; a Random made elsewhere keeps its spare here. */
const foreignSpareGaussian = new WeakMap<Random, number>();

function takeSpare(random: Random): number {
  if (random instanceof StreamWithSpare) {
    const spare = random.spareGaussian;
    random.spareGaussian = Number.NaN;
    return spare;
  }
  const spare = foreignSpareGaussian.get(random);
  foreignSpareGaussian.delete(random);
  return spare ?? Number.NaN;
}

function keepSpare(random: Random, spare: number): void {
  if (random instanceof StreamWithSpare) random.spareGaussian = spare;
  else foreignSpareGaussian.set(random, spare);
}

/**
 * A standard normal N(0, 1) by Box–Muller. Takes the logarithm of 1 − u ∈ (0, 1] (as log1p(−u),
 * exact for small u) so that u = 0, which a tape of zeros produces, gives radius 0 rather than
 * log(0) = −∞; every result is finite, |g| ≤ √(2·53·ln 2) ≈ 8.57.
 */
export function gaussian(random: Random): number {
  const spare = takeSpare(random);
  if (!Number.isNaN(spare)) return spare;
  const radius = Math.sqrt(-2 * Math.log1p(-random.uniform()));
  const angle = 2 * Math.PI * random.uniform();
  keepSpare(random, radius * Math.sin(angle));
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
