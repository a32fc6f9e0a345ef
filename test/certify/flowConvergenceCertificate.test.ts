/**
 * The stored flow-convergence certificate (src/certify/flowConvergenceCertificate.ts) re-checked
 * from its instance: fixtures/certify/flow-converges-small.certificate.json reproduces exactly; a
 * changed radius, a changed weight of the instance, or an edited claim does not; malformed files
 * are one InputError line. Each re-check replays the 22-step enclosure (≈ 2 CPU-s).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFlowConvergenceCertificate, recheckFlowConvergence } from "../../src/certify/flowConvergenceCertificate.js";
import { InputError } from "../../src/io/inputError.js";

const STORED = join(import.meta.dirname, "../../fixtures/certify/flow-converges-small.certificate.json");
const json = JSON.parse(readFileSync(STORED, "utf8"));
const LONG = 300_000;

describe("flow-convergence-certificate", () => {
  it("the stored certificate is reproduced exactly at its digits", () => {
    const outcome = recheckFlowConvergence(parseFlowConvergenceCertificate(json, STORED));
    expect(outcome.trap?.closed).toBe(true);
    expect(outcome.reachedTime).toBe(json.entryTime);
    expect(outcome.agreement).toBe("reproduced exactly");
  }, LONG);

  it("a radius too small for the path is not reproduced (the trap does not close)", () => {
    // The stored path bound is S ≈ 0.144; a ball of radius 0.1 cannot hold it.
    const outcome = recheckFlowConvergence(parseFlowConvergenceCertificate({ ...json, radius: "0.1" }, "edited"));
    expect(outcome.trap?.closed).toBe(false);
    expect(outcome.agreement).toBe("not reproduced");
  }, LONG);

  it("a changed weight of the instance is not reproduced", () => {
    const instance = structuredClone(json.instance);
    instance.params.a[0] = "1.01";
    const outcome = recheckFlowConvergence(parseFlowConvergenceCertificate({ ...json, instance }, "edited"));
    expect(outcome.agreement).toBe("not reproduced");
  }, LONG);

  it("malformed files: one InputError line naming the field", () => {
    expect(() => parseFlowConvergenceCertificate({ ...json, center: json.center.slice(1) }, "f.json")).toThrow(InputError);
    expect(() => parseFlowConvergenceCertificate({ ...json, center: json.center.slice(1) }, "f.json")).toThrow(/center must have p·\(d\+1\) = 6 entries/);
    expect(() => parseFlowConvergenceCertificate({ ...json, radius: "wide" }, "f.json")).toThrow(/radius/);
    expect(() => parseFlowConvergenceCertificate({ ...json, entryStep: 0 }, "f.json")).toThrow(/entryStep/);
    expect(() => parseFlowConvergenceCertificate({ ...json, extra: 1 }, "f.json")).toThrow(InputError);
  });
});
