/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";
import { exp10 } from "./dana2025/exp1.0.js";
import { exp11 } from "./dana2025/exp1.1.js";
import { exp12 } from "./dana2025/exp1.2.js";
import { exp2 } from "./dana2025/exp2.js";
import { taheri2025Sim } from "./taheri2025/sim.js";

export const EXPERIMENTS: readonly Experiment[] = [exp10, exp11, exp12, exp2, taheri2025Sim];

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
