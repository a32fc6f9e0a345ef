/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";
import { RUN_COSTS } from "./runCosts.js";
import { exp10 } from "./dana2025/exp1.0.js";
import { exp11 } from "./dana2025/exp1.1.js";
import { exp12 } from "./dana2025/exp1.2.js";
import { exp2 } from "./dana2025/exp2.js";
import { taheri2025Sim } from "./taheri2025/sim.js";
import { fig2 } from "./soltanolkotabi2019/fig2.js";
import { fig3 } from "./soltanolkotabi2019/fig3.js";
import { fig4 } from "./soltanolkotabi2019/fig4.js";
import { theorem25Radius } from "./soltanolkotabi2019/theorem25-radius.js";

export const EXPERIMENTS: readonly Experiment[] = [exp10, exp11, exp12, exp2, fig2, fig3, fig4, theorem25Radius, taheri2025Sim].map((experiment) => ({ ...experiment, runCosts: RUN_COSTS[experiment.id] }));

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
