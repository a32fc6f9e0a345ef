/**
 * A pool of worker threads (node:worker_threads) that runs a list of runs, at most one per
 * worker at a time, in list order, and reports each row the moment it arrives. Stopping
 * (Ctrl-C) aborts the runs in flight by terminating the workers: runs are deterministic, so a
 * run cut short is simply run again on resume.
 */
import { Worker } from "node:worker_threads";
import type { ExperimentOptions, Row } from "./experiment.js";
import { RUNNING_FROM_SOURCE } from "./registry.js";
import type { PlannedRun } from "./runList.js";

export type ToWorker = { index: number; spec: PlannedRun };
export type FromWorker =
  | { type: "ready" }
  | { type: "fatal"; message: string }
  | { type: "done"; index: number; row: Row; ms: number }
  | { type: "error"; index: number; message: string };

export interface PoolConfig {
  moduleUrl: string;
  experimentId: string;
  options: ExperimentOptions;
  workers: number;
}

export interface PoolHooks {
  onStart(run: PlannedRun): void;
  /** Called once per finished run, in arrival order; a throw stops the pool as a failure. */
  onDone(run: PlannedRun, row: Row, ms: number): void;
}

export type PoolOutcome = { status: "done" } | { status: "interrupted" } | { status: "failed"; message: string };

const WORKER_URL = new URL(RUNNING_FROM_SOURCE ? "../../dist/src/reproduce/worker.js" : "./worker.js", import.meta.url);

export function runPool(runs: readonly PlannedRun[], config: PoolConfig, hooks: PoolHooks, signal: AbortSignal): Promise<PoolOutcome> {
  return new Promise((resolve) => {
    let next = 0;
    let finished = 0;
    let outcome: PoolOutcome | undefined;
    const workers: Worker[] = [];
    const byIndex = new Map(runs.map((run) => [run.index, run]));

    const settle = (result: PoolOutcome) => {
      if (outcome) return;
      outcome = result;
      signal.removeEventListener("abort", onAbort);
      Promise.all(workers.map((worker) => worker.terminate())).then(() => resolve(result));
    };
    const onAbort = () => settle({ status: "interrupted" });
    if (signal.aborted) return resolve({ status: "interrupted" });
    signal.addEventListener("abort", onAbort);

    const dispatch = (worker: Worker) => {
      if (outcome || next >= runs.length) return;
      const run = runs[next++];
      hooks.onStart(run);
      worker.postMessage({ index: run.index, spec: run } satisfies ToWorker);
    };

    if (runs.length === 0) return settle({ status: "done" });
    const count = Math.max(1, Math.min(config.workers, runs.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_URL, {
        workerData: { moduleUrl: config.moduleUrl, experimentId: config.experimentId, options: config.options },
      });
      workers.push(worker);
      worker.on("message", (message: FromWorker) => {
        if (outcome) return;
        switch (message.type) {
          case "ready":
            return dispatch(worker);
          case "fatal":
            return settle({ status: "failed", message: message.message });
          case "error":
            return settle({ status: "failed", message: `run ${byIndex.get(message.index)?.seed} threw: ${message.message}` });
          case "done": {
            const run = byIndex.get(message.index)!;
            // The worker gets its next run before this one's row is fsync'd: otherwise it idles
            // for a disk flush per run (a row not yet durable is simply re-run on resume).
            dispatch(worker);
            try {
              hooks.onDone(run, message.row, message.ms);
            } catch (error) {
              return settle({ status: "failed", message: `run ${run.seed}: ${(error as Error).message}` });
            }
            finished++;
            if (finished === runs.length) return settle({ status: "done" });
            return;
          }
        }
      });
      worker.on("error", (error) => settle({ status: "failed", message: `a worker crashed: ${error.stack ?? error.message}` }));
      worker.on("exit", (code) => {
        if (!outcome) settle({ status: "failed", message: `a worker exited unexpectedly (code ${code})` });
      });
    }
  });
}
