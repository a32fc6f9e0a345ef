/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";

export const EXPERIMENTS: readonly Experiment[] = [];

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
