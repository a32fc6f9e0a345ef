/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";
import { taheri2025Sim } from "./taheri2025/sim.js";

export const EXPERIMENTS: readonly Experiment[] = [taheri2025Sim];

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
