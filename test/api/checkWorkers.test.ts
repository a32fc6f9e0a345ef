/**
 * `check` on worker threads (src/api/checkWorkers.ts) gives the report `check` gives in one
 * thread, entry for entry (only each entry's own timeMs differs), in catalogue order, for
 * built-in entries and a user's TypeScript module alike; a worker that cannot load the catalogue
 * rejects the run; `check --workers` takes a positive count, else one line and exit 2.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { check, type CheckEntry } from "../../src/api/check.js";
import { checkInWorkers } from "../../src/api/checkWorkers.js";
import { loadCatalogue, selectProperties } from "../../src/catalogue/catalogue.js";
import { expectUsageError, runCli } from "../cliRun.js";

const ROOT = resolve(import.meta.dirname, "../..");
const MODULES = [join(ROOT, "examples/leaky-relu-balance.ts")];
const ONLY = ["examples/*", "dana2025/kernel-identity", "dana2025/output-energy-bound", "dana2025/lemma1-balance-gd", "soltanolkotabi2019/*-identity*"];
const withoutTime = ({ timeMs: _timeMs, ...entry }: CheckEntry) => entry;

describe("check on worker threads", () => {
  it("reports what one thread reports, entry for entry and in catalogue order, user entries included", async () => {
    const catalogue = await loadCatalogue({ modules: MODULES });
    const properties = selectProperties(catalogue.properties, ONLY);
    expect(properties.length).toBeGreaterThanOrEqual(4);
    expect(properties.some((p) => p.id.startsWith("examples/"))).toBe(true);
    const out = mkdtempSync(join(tmpdir(), "shallowcheck-workers-"));
    const options = { seed: "workers", runs: 6, out };
    const serial = check(properties, options);
    const order: string[] = [];
    const parallel = await checkInWorkers(properties, { ...options, modules: MODULES, workers: 3, onResult: (entry) => order.push(entry.id) });
    expect(order).toEqual(properties.map((p) => p.id));
    expect(parallel.results.map(withoutTime)).toEqual(serial.results.map(withoutTime));
    expect({ ...parallel, results: [] }).toEqual({ ...serial, results: [] });
  }, 120_000);

  it("rejects when a worker cannot load the catalogue (a known bad case)", async () => {
    const catalogue = await loadCatalogue();
    const properties = selectProperties(catalogue.properties, ["dana2025/kernel-identity", "dana2025/output-energy-bound"]);
    await expect(checkInWorkers(properties, { seed: "w", runs: 2, modules: [join(ROOT, "no-such-module.mjs")], workers: 2 })).rejects.toThrow(/cannot load the catalogue/);
  }, 60_000);

  it("check --workers 0 is one line naming the option, exit 2", () => {
    expectUsageError(runCli(["check", "--workers", "0", "--only", "dana2025/kernel-identity"], ROOT), "--workers");
    expectUsageError(runCli(["check", "--workers", "two"], ROOT), "--workers");
  });
});
