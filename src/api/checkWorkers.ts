/**
 * `check` over several worker threads: the properties are handed out one at a time, in catalogue
 * order, to workers that each load the catalogue themselves (properties are code, which cannot
 * cross a thread boundary); entries are reported in catalogue order as soon as every earlier one
 * has arrived, so the report is the one `check` gives in one thread, entry for entry.
 */
import { Worker } from "node:worker_threads";
import type { Property } from "../check/property.js";
import type { CheckEntry, CheckOptions, CheckReport } from "./check.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { VERSION } from "../version.js";

/** What every worker needs: the catalogue's user modules and the options of every entry's check. */
export interface CheckerSetup {
  modules: string[];
  options: Omit<CheckOptions, "onStart" | "onResult"> & { seed: string; digits: number };
}
export type ToChecker = { index: number; id: string };
export type FromChecker =
  | { type: "ready" }
  | { type: "fatal"; message: string }
  | { type: "done"; index: number; entry: CheckEntry }
  | { type: "error"; index: number; message: string };

const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "../../dist/src/api/checkWorker.js" : "./checkWorker.js", import.meta.url);

export interface ParallelCheckOptions extends Omit<CheckOptions, "onStart"> {
  seed: string;
  /** The catalogue's user modules (`--catalogue`), loaded again in every worker. */
  modules: string[];
  workers: number;
}

/**
 * `check(properties, options)` on `workers` threads. `properties` must come from the catalogue
 * of `modules` (the workers look them up by id there). Rejects when a worker cannot load the
 * catalogue or an entry's check throws.
 */
export function checkInWorkers(properties: readonly Property[], options: ParallelCheckOptions): Promise<CheckReport> {
  const { modules, workers: workerCount, onResult, ...checkOptions } = options;
  const setup: CheckerSetup = { modules, options: { ...checkOptions, digits: checkOptions.digits ?? DEFAULT_DIGITS } };
  const report: CheckReport = { tool: `shallowcheck ${VERSION}`, seed: setup.options.seed, digits: setup.options.digits, results: [] };
  const arrived = new Map<number, CheckEntry>();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      void Promise.all(workers.map((worker) => worker.terminate())).then(() => (error ? reject(error) : resolve(report)));
    };
    const dispatch = (worker: Worker) => {
      if (next === properties.length) return;
      worker.postMessage({ index: next, id: properties[next]!.id } satisfies ToChecker);
      next++;
    };
    // In catalogue order: every entry whose predecessors have all arrived.
    const flush = () => {
      while (arrived.has(report.results.length)) {
        const entry = arrived.get(report.results.length)!;
        arrived.delete(report.results.length);
        report.results.push(entry);
        onResult?.(entry);
      }
      if (report.results.length === properties.length) finish();
    };
    if (properties.length === 0) return finish();
    for (let i = 0; i < Math.max(1, Math.min(workerCount, properties.length)); i++) {
      const worker = new Worker(WORKER_URL, { workerData: setup });
      workers.push(worker);
      worker.on("message", (message: FromChecker) => {
        if (settled) return;
        if (message.type === "ready") return dispatch(worker);
        if (message.type === "fatal") return finish(new Error(message.message));
        if (message.type === "error") return finish(new Error(`${properties[message.index]!.id}: ${message.message}`));
        dispatch(worker);
        arrived.set(message.index, message.entry);
        flush();
      });
      worker.on("error", (error) => finish(error));
      worker.on("exit", (code) => finish(new Error(`a check worker exited unexpectedly (code ${code})`)));
    }
  });
}
