/**
 * Candidates for any model: fast-check arbitraries over the samplers' laws (src/random/), for
 * every activation and scaling, as the instance files a property evaluates. User entries start
 * here; the built-in generators add the papers' own constructions.
 */
import type fc from "fast-check";
import { float64Field } from "../field/float64.js";
import { instanceToFile } from "../io/instanceFile.js";
import { instanceArbitrary, type InstanceConstraints } from "../random/arbitraries.js";
import type { ActivationName } from "../model/activation.js";
import type { Scaling } from "../model/instance.js";
import type { Candidate, Settings } from "./property.js";

export interface CandidateConstraints extends Omit<InstanceConstraints, "model"> {
  /** Default "relu". */
  activation?: ActivationName;
  /** Leaky-ReLU slope α as a decimal string (default "0.01"). */
  alpha?: string;
  /** Default "mean-field". */
  scaling?: Scaling;
  /** Settings every candidate carries (a horizon, a step size, …). */
  settings?: Settings;
}

/** Random candidates: instances of the given laws, dimensions and model, as files with settings. */
export function candidateArbitrary(constraints: CandidateConstraints = {}): fc.Arbitrary<Candidate> {
  const { activation = "relu", alpha, scaling = "mean-field", settings = {}, ...instance } = constraints;
  const model = { activation: { name: activation, ...(alpha !== undefined ? { alpha } : {}) }, scaling };
  return instanceArbitrary({ ...instance, model }).map((generated) => ({ file: instanceToFile(float64Field, generated), settings: { ...settings } }));
}
