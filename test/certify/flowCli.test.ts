/**
 * `shallowcheck certify FILE --flow T` as a user meets it (the built CLI; npm test builds first):
 * the enclosure report, the flow entries' verdicts, the proof JSON, exit codes, bad input; and
 * `certify --converges --flow` with its stored certificate, and `check --instance --certify`
 * reporting the L → 0 proof for dana2025/theorem1-loss-decay.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";

const RELU = join(import.meta.dirname, "../../fixtures/certify/flow-relu.json");
const STOPS = join(import.meta.dirname, "../../fixtures/certify/flow-relu-stops-on-kink.json");
const SMALL = join(import.meta.dirname, "../../fixtures/certify/flow-converges-small.json");
const SMALL_CERTIFICATE = join(import.meta.dirname, "../../fixtures/certify/flow-converges-small.certificate.json");
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-flow-"));

describe("shallowcheck certify --flow", () => {
  it("encloses the ReLU flow through two kink crossings, certifies the flow entries, writes the proof; exit 0", { timeout: 600_000 }, () => {
    const proof = join(scratch, "proof.json");
    const result = runCli(["certify", RELU, "--flow", "0.25", "--digits", "14", "--order", "6", "--json", proof]);
    expect(result.stdout).toMatch(/gradient flow enclosed: certified on \[0, 0\.25\]/);
    expect(result.stdout).toMatch(/kink {4}pair \(sample 1, neuron 0\) crosses transversally to inactive at t\* ∈ \[0\.15061518\d*, 0\.15061518\d*\]/);
    expect(result.stdout).toMatch(/dana2025\/theorem1-pl-trajectory\s+certified on \[0, 0\.25\]/);
    expect(result.stdout).toMatch(/dana2025\/lemma1-balance-flow\s+consistent on \[0, 0\.25\]/);
    expect(result.status).toBe(0);
    const stored = JSON.parse(readFileSync(proof, "utf8"));
    expect(stored.kind).toBe("gradient-flow-enclosure");
    expect(stored.enclosure.complete).toBe(true);
    expect(stored.enclosure.final).toHaveLength(12);
  });

  it("stops where a pair may stop on its kink, says why; exit 1", { timeout: 600_000 }, () => {
    const result = runCli(["certify", STOPS, "--flow", "0.3", "--digits", "12", "--order", "6", "--property", "dana2025/lemma1-sign-preservation"]);
    expect(result.stdout).toMatch(/gradient flow enclosed on \[0, 0\.229183\d*\] only \(asked: \[0, 0\.3\]\)/);
    expect(result.stdout).toMatch(/pair \(2, 1\): derivative may vanish/);
    expect(result.stdout).toMatch(/dana2025\/lemma1-sign-preservation\s+certified on \[0, 0\.229183\d*\] — the enclosure ends there/);
    expect(result.status).toBe(1);
  });

  it("bad input: one line naming the option, exit 2", () => {
    expectUsageError(runCli(["certify", RELU, "--flow", "abc"]), "--flow: the horizon T must be a positive decimal");
    expectUsageError(runCli(["certify", RELU, "--flow", "0"]), "--flow: the horizon T must be a positive decimal");
    expectUsageError(runCli(["certify", RELU, "--flow", "1", "--order", "0"]), "--order: must be an integer in [1, 40]");
    expectUsageError(runCli(["certify", RELU, "--flow", "1", "--gd", "5"]), "--gd: not with --flow");
    expectUsageError(runCli(["certify", RELU, "--order", "4"]), "--order: only with --flow T");
    expectUsageError(runCli(["certify", RELU, "--flow", "1", "--property", "nope/x"]), '--property: unknown property "nope/x"');
    expectUsageError(runCli(["certify", RELU, "--flow", "1", "--certificate", join(scratch, "c.json")]), "--certificate: only with --converges");
    expectUsageError(runCli(["certify", SMALL_CERTIFICATE, "--flow", "1"]), "--flow: not for a flow-convergence-certificate");
  });
});

describe("shallowcheck certify --converges --flow", () => {
  const certificate = join(scratch, "flow-converges.json");

  it("proves convergence of the flow, prints the entry time, μ, R, L̄ and S, stores a certificate that certify reproduces exactly", { timeout: 600_000 }, () => {
    const result = runCli(["certify", SMALL, "--converges", "--flow", "10", "--digits", "16", "--order", "8", "--certificate", certificate]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("converges to a zero-loss global minimum: proved (gradient flow)");
    expect(result.stdout).toMatch(/entry {2}t = [\d.]+, step \d+ of the validated flow enclosure/);
    for (const name of ["μ      ≥", "ball   R =", "L      ≤", "ρ₀ + S ≤"]) expect(result.stdout).toContain(name);
    const stored = JSON.parse(readFileSync(certificate, "utf8"));
    expect(stored).toMatchObject({ kind: "flow-convergence-certificate", digits: 16, order: 8, maxTime: "10" });

    const recheck = runCli(["certify", certificate]);
    expect(recheck.status).toBe(0);
    expect(recheck.stdout).toContain("stored certificate (16 digits): reproduced exactly");
  });

  it("a stored certificate with a smaller radius is not reproduced: exit 1", { timeout: 600_000 }, () => {
    const stored = JSON.parse(readFileSync(SMALL_CERTIFICATE, "utf8"));
    const edited = join(scratch, "edited.json");
    writeFileSync(edited, JSON.stringify({ ...stored, radius: "0.1" }));
    const result = runCli(["certify", edited]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("stored certificate (16 digits): not reproduced");
  });

  it("check --instance --certify reports dana2025/theorem1-loss-decay's L → 0 as proved, with the proof's numbers", { timeout: 600_000 }, () => {
    const result = runCli(["check", "--instance", SMALL, "--only", "dana2025/theorem1-loss-decay", "--certify"]);
    expect(result.stdout).toMatch(/L\(θ\(t\)\) → 0 along dθ\/dt = −p∇L \(Theorem 1's conclusion\): proved on this instance \(the proof uses none of the entry's assumptions\): validated gradient-flow enclosure .* to t = [\d.]+ \(\d+ steps\), then the PL trap on a ball of radius R = [\d.]+: μ ≥/);
  });
});
