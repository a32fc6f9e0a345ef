/**
 * `shallowcheck/vitest`: shallowcheck inside another project's own test suite. One call asserts
 * that a property holds on N seeded instances; when it does not, the error message carries the
 * shrunk counterexample, the file it was written to and the command that replays it.
 *
 *   import { test } from "vitest";
 *   import { assertHolds } from "shallowcheck/vitest";
 *   test("balance is conserved", () => assertHolds(leakyBalance, { runs: 50, seed: "ci" }));
 */
import { join } from "node:path";
import { catalogueContract, type ContractOptions } from "./api/contract.js";
import { writeCandidateFile } from "./check/candidateFile.js";
import type { Candidate, Property } from "./check/property.js";
import { EFFECTIVE_FLOOR, runProperty, seedFromString, type PropertyResult } from "./check/runner.js";
import { DEFAULT_DIGITS } from "./field/decimal.js";

export interface HoldsOptions {
  /** Instances (default the property's defaultRuns). */
  runs?: number;
  /** Named seed (default "shallowcheck"): the same seed, the same instances. */
  seed?: string;
  digits?: number;
  /** Assumptions not required of candidates. */
  dropped?: readonly string[];
  /** Where a counterexample is written (default "counterexamples"). */
  out?: string;
  /** The module defining the property, for the replay command in the message. */
  module?: string;
  /** Smallest share of effective candidates accepted (default the catalogue's floor, {@link EFFECTIVE_FLOOR}). */
  minEffectiveShare?: number;
}

/** Thrown by {@link assertHolds}; `result` is the run's full result. */
export class PropertyFailure extends Error {
  override readonly name = "PropertyFailure";
  constructor(
    message: string,
    readonly result: PropertyResult,
  ) {
    super(message);
  }
}

export function assertHolds(property: Property, options: HoldsOptions = {}): PropertyResult {
  const seed = options.seed ?? "shallowcheck";
  const result = runProperty(property, {
    runs: options.runs ?? property.defaultRuns,
    seed: seedFromString(`${seed}/${property.id}`),
    digits: options.digits ?? DEFAULT_DIGITS,
    dropped: new Set(options.dropped ?? []),
  });
  const counts = `${result.runs} runs, ${result.skipped} skipped, ${result.vacuous} vacuous`;
  if (result.status === "failed" && result.counterexample) {
    const { candidate, evaluation } = result.counterexample;
    const path = join(options.out ?? "counterexamples", `${property.id.replaceAll("/", "__")}.seed${result.seed >>> 0}.json`);
    writeCandidateFile(path, candidate, { property: property.id, dropped: [...(options.dropped ?? [])], margin: evaluation.margin, detail: evaluation.detail ?? {}, seed });
    const catalogue = options.module ? ` --catalogue ${options.module}` : "";
    throw new PropertyFailure(
      [
        `${property.id} fails (margin ${evaluation.margin}) after ${counts}; shrunk counterexample written to ${path}`,
        `  replay: npx shallowcheck check${catalogue} --only ${property.id} --instance ${path}`,
        `  detail: ${JSON.stringify(evaluation.detail ?? {})}`,
        `  instance: ${JSON.stringify(candidate.file)}`,
      ].join("\n"),
      result,
    );
  }
  if (result.status === "error") throw new PropertyFailure(`${property.id}: the entry threw: ${result.error}`, result);
  const floor = options.minEffectiveShare ?? EFFECTIVE_FLOOR;
  if (result.effective === 0 || result.effectiveShare < floor) {
    throw new PropertyFailure(
      `${property.id}: only ${result.effective} effective runs (${Math.round(100 * result.effectiveShare)}%, floor ${Math.round(100 * floor)}%) — ${counts}; skipped by ${JSON.stringify(result.skippedBy)}, vacuous by ${JSON.stringify(result.vacuousBy)}`,
      result,
    );
  }
  return result;
}

/** Asserts that the property fails on `candidate` (a known bad case); returns the margin. */
export function assertFails(property: Property, candidate: Candidate, digits = DEFAULT_DIGITS): number {
  const { margin, detail } = property.evaluate(candidate, { digits });
  if (!(margin < 0)) throw new Error(`${property.id}: expected to fail on this candidate, but the margin is ${margin} (${JSON.stringify(detail ?? {})})`);
  return margin;
}

/** Asserts the catalogue contract (src/api/contract.ts); the message lists every violation. */
export function assertContract(property: Property, options: ContractOptions = {}): void {
  const { violations } = catalogueContract(property, options);
  if (violations.length > 0) throw new Error(`${property.id} breaks the catalogue contract:\n  ${violations.join("\n  ")}`);
}
