/**
 * Where the runner finds experiments: a module URL whose `EXPERIMENTS` export lists them. The
 * CLI uses the project's registry (experiments/index.ts, compiled to dist/); tests hand the
 * runner a test-only module instead, so nothing fake is ever registered. Worker threads load the
 * same URL, so a run executes the same code in every worker.
 */
import { InputError } from "../io/inputError.js";
import type { Experiment } from "./experiment.js";

/**
 * Worker threads need JavaScript: when this module itself runs from source (vitest), the
 * runner's workers and registry come from the build in dist/ (`npm test` builds it first).
 */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");

/** dist/experiments/index.js, seen from dist/src/reproduce/registry.js (or from src/reproduce/). */
export const DEFAULT_EXPERIMENT_MODULE: string = new URL(RUNNING_FROM_SOURCE ? "../../dist/experiments/index.js" : "../../experiments/index.js", import.meta.url).href;

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
