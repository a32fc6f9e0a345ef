/**
 * A whole random instance (data, initialization, model) from a named seed, reproducibly.
 *
 * Data and initialization draw from separate streams derived from the seed, so changing p or
 * the initialization law leaves X and y untouched, and changing the data law leaves W and a
 * untouched (for the same n, d, p) — the comparisons experiments rely on.
 */
import type { Instance, ModelSpec } from "../model/instance.js";
import { VERSION } from "../version.js";
import { sampleData } from "./data.js";
import { sampleInit } from "./init.js";
import { OPTION_FLAGS, requireDimension, resolveDataOptions, resolveInitOptions, type DataLawOptions, type InitOptions, type ResolvedDataLawOptions, type ResolvedInitOptions } from "./options.js";
import { deriveSeed, seededRandom, type Random } from "./rng.js";
import { InputError } from "../io/inputError.js";

export interface SampleOptions {
  /** Number of data points. */
  n: number;
  /** Input dimension. */
  d: number;
  /** Number of neurons. */
  p: number;
  data: DataLawOptions;
  init: InitOptions;
  model: ModelSpec;
  /** Any string; the same seed and options always give the same instance. */
  seed: string;
}

/** How an instance was generated, written as the `generator` field of its file. */
export interface GeneratorMetadata {
  tool: "shallowcheck sample";
  version: string;
  seed: string;
  n: number;
  d: number;
  p: number;
  /** The data law with every option after defaults, and facts about this draw. */
  data: ResolvedDataLawOptions & Record<string, number | string>;
  /** The initialization law with every option after defaults. */
  init: ResolvedInitOptions;
}

export interface SampledInstance {
  instance: Instance<number>;
  generator: GeneratorMetadata;
}

/** The two independent streams an instance draws from. */
export interface InstanceRandoms {
  data: Random;
  init: Random;
}

/** The data and initialization streams of a seed. */
function instanceRandoms(seed: string): InstanceRandoms {
  return { data: seededRandom(deriveSeed(seed, "data")), init: seededRandom(deriveSeed(seed, "init")) };
}

/**
 * An instance drawn from given streams: the single place where laws become instances, shared
 * by the seeded sampler and the fast-check arbitraries.
 */
export function sampleInstanceFrom(randoms: InstanceRandoms, options: Omit<SampleOptions, "seed">): { instance: Instance<number>; data: GeneratorMetadata["data"]; init: ResolvedInitOptions } {
  const { n, d, p } = options;
  requireDimension(OPTION_FLAGS.n, n);
  requireDimension(OPTION_FLAGS.d, d);
  requireDimension(OPTION_FLAGS.p, p);
  // Both validated before either samples, so a bad init option fails fast even for large data.
  resolveDataOptions(n, d, options.data);
  resolveInitOptions(p, d, options.init);
  const data = sampleData(randoms.data, n, d, options.data);
  const init = sampleInit(randoms.init, p, d, options.init);
  return { instance: { model: options.model, X: data.X, y: data.y, W: init.W, a: init.a }, data: data.details, init: init.details };
}

/**
 * A random instance and the metadata that reproduces it.
 *
 * @throws InputError naming the flag of the first invalid option.
 */
export function sampleInstanceWithGenerator(options: SampleOptions): SampledInstance {
  if (typeof options.seed !== "string" || options.seed === "") throw new InputError(`${OPTION_FLAGS.seed}: must be a non-empty string`);
  const { instance, data, init } = sampleInstanceFrom(instanceRandoms(options.seed), options);
  const { n, d, p, seed } = options;
  return { instance, generator: { tool: "shallowcheck sample", version: VERSION, seed, n, d, p, data, init } };
}

/**
 * A random instance: n points and labels from `options.data`, p neurons from `options.init`,
 * drawn from streams derived from `options.seed` ("data" and "init").
 *
 * @throws InputError naming the flag of the first invalid option.
 */
export function sampleInstance(options: SampleOptions): Instance<number> {
  return sampleInstanceWithGenerator(options).instance;
}
