/**
 * `shallowcheck certify --converges --gd` and the re-check of a stored gd-convergence-certificate,
 * as a user meets them (the built CLI; npm test builds first): the proof and its numbers, the
 * certificate reproduced exactly, a tampered one refused (exit 1), an instance whose GD stalls
 * not proved with its reason, the Lohner form's longer horizon, and bad input in one line (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";

const GOOD = join(import.meta.dirname, "../../fixtures/examples/certify-gd.json");
const STALLS = join(import.meta.dirname, "../../fixtures/dana2025/theorem1-stalls-n4.json");
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-converges-"));
const LONG = 600_000;

describe("shallowcheck certify --converges --gd", () => {
  const certificate = join(scratch, "converges.json");

  it("proves convergence to zero loss, prints μ, R, L and K, and stores a certificate that certify reproduces exactly", () => {
    const result = runCli(["certify", GOOD, "--converges", "--gd", "30", "--digits", "30", "--certificate", certificate]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("converges to a zero-loss global minimum: proved (GD, η = 1)");
    expect(result.stdout).toMatch(/entry {2}step K = \d+/);
    for (const name of ["μ      ≥", "ball   R =", "L      ≤", "ρ₀ + S ≤"]) expect(result.stdout).toContain(name);
    const stored = JSON.parse(readFileSync(certificate, "utf8"));
    expect(stored).toMatchObject({ kind: "gd-convergence-certificate", lr: "1", digits: 30 });

    const recheck = runCli(["certify", certificate]);
    expect(recheck.status).toBe(0);
    expect(recheck.stdout).toContain("stored certificate (30 digits): reproduced exactly");
  }, LONG);

  it("a certificate whose claims were edited is not reproduced: exit 1", () => {
    const stored = JSON.parse(readFileSync(certificate, "utf8"));
    const edited = join(scratch, "edited.json");
    writeFileSync(edited, JSON.stringify({ ...stored, claims: { ...stored.claims, mu: "1" } }));
    const result = runCli(["certify", edited]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("not reproduced");
  }, LONG);

  it("GD that stalls: not proved, with the reason, exit 1", () => {
    const result = runCli(["certify", STALLS, "--converges", "--gd", "2", "--digits", "20"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("convergence to zero loss: not proved within 2 GD steps");
    expect(result.stdout).toMatch(/reason: /);
  }, LONG);

  it("bad input: one line naming the flag or field, exit 2", () => {
    expectUsageError(runCli(["certify", GOOD, "--converges"]), "--converges", "--gd");
    expectUsageError(runCli(["certify", GOOD, "--gd"]), "--gd");
    expectUsageError(runCli(["certify", GOOD, "--gd", "3", "--certificate", join(scratch, "x.json")]), "--certificate");
    expectUsageError(runCli(["certify", GOOD, "--converges", "--gd", "--property", "dana2025/theorem1-pl-bound"]), "--property");
    expectUsageError(runCli(["certify", GOOD, "--gd", "3", "--form", "boxes"]), "--form", "lohner");
    expectUsageError(runCli(["certify", GOOD, "--gd", "3", "--form", "naive", "--naive"]), "--naive");
    const stored = JSON.parse(readFileSync(GOOD, "utf8"));
    const broken = join(scratch, "broken.json");
    writeFileSync(broken, JSON.stringify({ kind: "gd-convergence-certificate", instance: stored, lr: "1", digits: 30, entryStep: 3, center: [], radius: "0.1" }));
    expectUsageError(runCli(["certify", broken]), "broken.json", "center");
    writeFileSync(broken, JSON.stringify({ kind: "gd-convergence-certificate", instance: stored, lr: "1", digits: 30, entryStep: 3, center: ["0"], radius: "0.1", claims: {} }));
    expectUsageError(runCli(["certify", broken]), "claims");
    expectUsageError(runCli(["certify", broken, "--gd", "3"]), "--gd", "gd-convergence-certificate");
  }, LONG);
});

describe("shallowcheck certify --gd: the Lohner set (default)", () => {
  it("certifies all 45 steps at 20 digits where the mean-value box stops at 33 (docs/certify.md)", () => {
    const result = runCli(["certify", GOOD, "--gd", "45", "--lr", "1", "--digits", "20"]);
    expect(result.stdout).toContain("Lohner/QR set on 45 steps");
    expect(result.stdout).toContain("dana2025/theorem1-pl-bound: certified through step 45");
    expect(result.status).toBe(0);
    // Beyond the boxes: the trap (attempted on the run's own boxes) proves the monotone loss for every later step.
    expect(result.stdout).toMatch(/trapping argument closes at step \d+/);
    expect(result.stdout).toMatch(/monotone-loss: L\(θ_\{k\+1\}\) ≤ q·L\(θ_k\) — certified for every step after \d+/);
  }, LONG);
});
