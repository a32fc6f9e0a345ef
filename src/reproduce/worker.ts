/**
 * A worker thread of the sweep pool: loads the experiment module it is given, then runs one
 * RunSpec per message and posts the row back. Runs share nothing but the module, so rows do not
 * depend on which worker ran them or in what order.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Experiment, ExperimentOptions, RunSpec } from "./experiment.js";
import type { FromWorker, ToWorker } from "./pool.js";

interface WorkerSetup {
  moduleUrl: string;
  experimentId: string;
  options: ExperimentOptions;
}

const setup = workerData as WorkerSetup;
const port = parentPort!;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

let experiment: Experiment | undefined;
try {
  const module = (await import(setup.moduleUrl)) as { EXPERIMENTS?: readonly Experiment[] };
  experiment = module.EXPERIMENTS?.find((candidate) => candidate.id === setup.experimentId);
  if (!experiment) post({ type: "fatal", message: `${setup.moduleUrl} has no experiment ${setup.experimentId}` });
} catch (error) {
  post({ type: "fatal", message: `cannot load ${setup.moduleUrl}: ${describe(error)}` });
}

if (experiment) {
  const loaded = experiment;
  port.on("message", async (message: ToWorker) => {
    const spec: RunSpec = { point: message.spec.point, rep: message.spec.rep, seed: message.spec.seed };
    const started = performance.now();
    try {
      const row = await loaded.run(spec, setup.options);
      post({ type: "done", index: message.index, row, ms: performance.now() - started });
    } catch (error) {
      post({ type: "error", index: message.index, message: describe(error) });
    }
  });
  post({ type: "ready" });
}
