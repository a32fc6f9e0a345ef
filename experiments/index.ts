/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";
import { theorem25Radius } from "./soltanolkotabi2019/theorem25-radius.js";

export const EXPERIMENTS: readonly Experiment[] = [theorem25Radius];

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
