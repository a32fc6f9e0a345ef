/**
 * A worker thread of `check --workers`: loads the same catalogue as the command (the built-in
 * entries plus the user's modules), then checks one property per message and posts its report
 * entry back. Each entry's instances come from its own seed `<seed>/<id>`, so an entry does not
 * depend on which worker checked it or in what order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadCatalogue } from "../catalogue/catalogue.js";
import type { Property } from "../check/property.js";
import { check } from "./check.js";
import type { CheckerSetup, FromChecker, ToChecker } from "./checkWorkers.js";

const setup = workerData as CheckerSetup;
const port = parentPort!;
const post = (message: FromChecker) => port.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

let properties: Map<string, Property> | undefined;
try {
  const catalogue = await loadCatalogue({ modules: setup.modules });
  properties = new Map(catalogue.properties.map((property) => [property.id, property]));
} catch (error) {
  post({ type: "fatal", message: `cannot load the catalogue: ${describe(error)}` });
}

if (properties) {
  const byId = properties;
  port.on("message", (message: ToChecker) => {
    const property = byId.get(message.id);
    if (!property) return post({ type: "error", index: message.index, message: `no property ${message.id} in the worker's catalogue` });
    try {
      post({ type: "done", index: message.index, entry: check([property], setup.options).results[0]! });
    } catch (error) {
      post({ type: "error", index: message.index, message: describe(error) });
    }
  });
  post({ type: "ready" });
}
