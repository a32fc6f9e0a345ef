/** Every experiment `shallowcheck reproduce` knows, by id. One file per experiment under experiments/<paper>/. */
import type { Experiment } from "../src/reproduce/experiment.js";
import { fig2 } from "./soltanolkotabi2019/fig2.js";
import { fig3 } from "./soltanolkotabi2019/fig3.js";
import { fig4 } from "./soltanolkotabi2019/fig4.js";
import { theorem25Radius } from "./soltanolkotabi2019/theorem25-radius.js";

export const EXPERIMENTS: readonly Experiment[] = [fig2, fig3, fig4, theorem25Radius];

export function findExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((experiment) => experiment.id === id);
}
