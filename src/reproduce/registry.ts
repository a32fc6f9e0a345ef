/**
 * Where the runner finds experiments: a module URL whose `EXPERIMENTS` export lists them. The
 * CLI uses the project's registry (experiments/index.ts, compiled to dist/); tests hand the
 * runner a test-only module instead, so nothing fake is ever registered. Worker threads load the
 * same URL, so a run executes the same code in every worker.
 */
import { InputError } from "../io/inputError.js";
import type { Experiment } from "./experiment.js";

/** dist/experiments/index.js, seen from dist/src/reproduce/registry.js. */
export const DEFAULT_EXPERIMENT_MODULE: string = new URL("../../experiments/index.js", import.meta.url).href;

export async function loadExperiments(moduleUrl: string): Promise<readonly Experiment[]> {
  const module = (await import(moduleUrl)) as { EXPERIMENTS?: readonly Experiment[] };
  if (!Array.isArray(module.EXPERIMENTS)) throw new Error(`${moduleUrl} does not export an EXPERIMENTS array`);
  return module.EXPERIMENTS;
}

export function selectExperiment(experiments: readonly Experiment[], id: string): Experiment {
  const experiment = experiments.find((candidate) => candidate.id === id);
  if (experiment) return experiment;
  const valid = experiments.map((candidate) => candidate.id);
  throw new InputError(
    valid.length === 0
      ? `unknown experiment "${id}" (no experiments are registered yet)`
      : `unknown experiment "${id}" (expected one of ${valid.join(", ")})`,
  );
}
