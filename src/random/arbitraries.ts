/**
 * fast-check arbitraries over the same laws as `shallowcheck sample` — not a second
 * implementation of them. fast-check generates the dimensions and a tape of uniforms; the
 * laws of data.ts and init.ts read the tape through {@link tapeRandom}. Shrinking therefore
 * shrinks n, d, p and the uniforms (towards 0), and a counterexample is an instance the real
 * samplers can produce.
 */
import fc from "fast-check";
import type { Instance, ModelSpec } from "../model/instance.js";
import { lawNeedsOrthogonalRoom, resolveDataOptions, resolveInitOptions, type DataLawOptions, type InitOptions } from "./options.js";
import { tapeRandom, type Random } from "./rng.js";
import { sampleInstanceFrom } from "./sampleInstance.js";

const TWO_POW_27 = 2 ** 27;
const TWO_POW_MINUS_53 = 2 ** -53;

/**
 * A uniform double in [0, 1): one of the 2⁵³ multiples of 2⁻⁵³, equally likely. Built from
 * two unbiased integers (26 + 27 bits), the way fast-check's documentation builds uniform
 * doubles; fc.double would instead draw over the index of doubles (mostly tiny magnitudes such
 * as 1e-300, plus NaN and the infinities). Shrinks towards 0.
 */
export function unitUniform(): fc.Arbitrary<number> {
  return fc
    .noBias(fc.tuple(fc.integer({ min: 0, max: 2 ** 26 - 1 }), fc.integer({ min: 0, max: TWO_POW_27 - 1 })))
    .map(([high, low]) => (high * TWO_POW_27 + low) * TWO_POW_MINUS_53);
}

/** Uniforms for a {@link tapeRandom}: the tape fast-check shrinks, and the seed of the stream that continues it. */
export interface UniformTape {
  tape: number[];
  fallbackSeed: string;
}

/** A tape of 0 to `maxLength` uniforms plus a fallback seed; {@link randomFromTape} turns it into a Random. */
export function uniformTape(maxLength: number): fc.Arbitrary<UniformTape> {
  return fc.record({
    // size "max": tapes of every length up to maxLength, not only the ~10 of fast-check's default size.
    tape: fc.array(unitUniform(), { maxLength, size: "max" }),
    fallbackSeed: fc.nat().map((k) => `tape-fallback-${k}`),
  });
}

/** A fresh Random reading the tape (each call starts from its beginning). */
export function randomFromTape(source: UniformTape): Random {
  return tapeRandom(source.tape, source.fallbackSeed);
}

export interface DimensionRange {
  min?: number;
  max?: number;
}

/** What {@link instanceArbitrary} may generate; every field is optional. */
export interface InstanceConstraints {
  /** Number of data points; default [1, 6]. Orthogonal laws additionally get n ≤ d. */
  n?: DimensionRange;
  /** Input dimension; default [1, 6]. */
  d?: DimensionRange;
  /** Number of neurons; default [1, 6]. */
  p?: DimensionRange;
  /** Default `{ law: "shell" }` (dana2025 Exp 1 data). */
  data?: DataLawOptions;
  /** Default `{ law: "asymmetric" }` (dana2025 Assumption 1). */
  init?: InitOptions;
  /** Default relu, mean-field. */
  model?: ModelSpec;
}

const DEFAULT_RANGE = { min: 1, max: 6 };
/** Longer tapes only slow generation; the seeded fallback supplies any further uniforms. */
const MAX_TAPE_LENGTH = 4096;

function range(name: string, given: DimensionRange | undefined): { min: number; max: number } {
  const min = given?.min ?? DEFAULT_RANGE.min;
  const max = given?.max ?? Math.max(min, DEFAULT_RANGE.max);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 1 || min > max) {
    throw new RangeError(`instanceArbitrary: ${name} range [${min}, ${max}] must be integers with 1 ≤ min ≤ max`);
  }
  return { min, max };
}

/**
 * Random instances of the requested laws and dimension ranges. Reproducible for a given
 * fast-check seed; every value is a finite double.
 *
 * @throws RangeError for an empty dimension range; InputError (naming the flag) for invalid law options.
 */
export function instanceArbitrary(constraints: InstanceConstraints = {}): fc.Arbitrary<Instance<number>> {
  const data = constraints.data ?? { law: "shell" };
  const init = constraints.init ?? { law: "asymmetric" };
  const model = constraints.model ?? { activation: { name: "relu" }, scaling: "mean-field" };
  // Fail at construction, not inside a property run, when the options themselves are invalid.
  resolveDataOptions(1, 1, data);
  resolveInitOptions(1, 1, init);

  const nRange = range("n", constraints.n);
  const pRange = range("p", constraints.p);
  const dGiven = range("d", constraints.d);
  const needsRoom = lawNeedsOrthogonalRoom(data.law);
  // n ≤ d: d starts at nMin, and n is capped by the d drawn (so it stays ≥ nMin).
  const dRange = needsRoom ? { min: Math.max(dGiven.min, nRange.min), max: dGiven.max } : dGiven;
  if (dRange.min > dRange.max) {
    throw new RangeError(`instanceArbitrary: ${data.law} data needs n ≤ d, impossible with n ≥ ${nRange.min} and d ≤ ${dGiven.max}`);
  }

  // Roughly what the laws consume at the largest dimensions: X (+ a frame, + a Gram triangle), norms, labels; W, a, signs.
  const dataUniforms = Math.min(MAX_TAPE_LENGTH, 2 * nRange.max * dRange.max + nRange.max * nRange.max + 4 * nRange.max);
  const initUniforms = Math.min(MAX_TAPE_LENGTH, pRange.max * dRange.max + 3 * pRange.max);

  return fc
    .record({
      n: fc.integer(nRange),
      d: fc.integer(dRange),
      p: fc.integer(pRange),
      dataTape: uniformTape(dataUniforms),
      initTape: uniformTape(initUniforms),
    })
    .map(({ n, d, p, dataTape, initTape }) => {
      const randoms = { data: randomFromTape(dataTape), init: randomFromTape(initTape) };
      const dims = { n: needsRoom ? Math.min(n, d) : n, d, p };
      return sampleInstanceFrom(randoms, { ...dims, data, init, model }).instance;
    });
}
