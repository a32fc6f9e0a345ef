/**
 * `shallowcheck certify` and `eval --interval` as a user meets them: the built CLI in a child
 * process (npm test builds first). Verdict lines, the JSON shape, exit codes (0 when everything
 * asked is proved, 1 when something is refuted or not proved, 2 on bad input), and bad input ending
 * in exactly one line with exit code 2. Teacher–student minimum files: certifyMinimumCli.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";

const GOOD = join(import.meta.dirname, "../../fixtures/examples/certify-gd.json");
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-certify-"));

const run = (...args: string[]) => runCli(args);


/** Orthonormal data, a = 0.1 ≪ ‖w‖ = 13.4: a counterexample to Theorem 1 without A1. */
const withoutA1 = join(scratch, "without-a1.json");
writeFileSync(
  withoutA1,
  JSON.stringify({ model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["0", "1"]], y: ["1", "1"] }, params: { W: [["12", "6"]], a: ["0.1"] } }),
);

describe("shallowcheck certify", () => {
  it("prints one verdict line per exact entry and a count; exit 0 when every verdict asked proves its statement", () => {
    const result = run("certify", GOOD);
    expect(result.stdout).toMatch(/dana2025\/theorem1-pl-bound\s+certified\s+margin \[0\.95712966, 0\.95712967\] \(interval, 50 digits\)/);
    expect(result.stdout).toMatch(/dana2025\/kernel-identity\s+certified\s+margin \[0, 0\] \(rational/);
    // The catalogue grows (and entries gain interval margins), so the counts are read, not fixed.
    const counts = /(\d+) entries: (\d+) certified, (\d+) refuted, (\d+) undecided, (\d+) not applicable, (\d+) unsupported/.exec(result.stdout);
    expect(counts).not.toBeNull();
    const [, total, certified, refuted, undecided, notApplicable, unsupported] = counts!.map(Number);
    expect(certified + refuted + undecided + notApplicable + unsupported).toBe(total);
    expect(certified).toBeGreaterThanOrEqual(4);
    // Unlisted-by-name unsupported entries do not count; anything refuted or undecided does.
    expect(result.status).toBe(refuted + undecided > 0 ? 1 : 0);
  });

  it("a named entry that is unsupported is not proved: exit 1", () => {
    expect(run("certify", GOOD, "--property", "dana2025/lemma1-balance-flow").status).toBe(1);
  });

  it("writes { results: [{ id, verdict, margin: {lo, hi}, … }] } with --json", () => {
    const json = join(scratch, "report.json");
    expect(run("certify", GOOD, "--property", "dana2025/theorem1-pl-bound", "--digits", "30", "--json", json).status).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ id: "dana2025/theorem1-pl-bound", verdict: "certified", digits: 30, method: "interval" });
    expect(Object.keys(report.results[0].margin).sort()).toEqual(["hi", "lo"]);
    expect(Number(report.results[0].margin.lo)).toBeGreaterThanOrEqual(0);
  });

  it("reports an assumption that certainly fails as not applicable, and names it", () => {
    const result = run("certify", withoutA1, "--property", "dana2025/theorem1-pl-bound");
    expect(result.status).toBe(0);
    // Decided before the margin, which is then not evaluated (issue 18: certify decides assumptions first).
    expect(result.stdout).toMatch(/not-applicable .*margin —\n  assumption certainly fails: A1-weak; the margin was not evaluated/);
  });

  it("a trajectory entry named with --property is unsupported, and says so", () => {
    const result = run("certify", GOOD, "--property", "dana2025/lemma1-balance-flow");
    expect(result.stdout).toMatch(/unsupported .*\n  a trajectory entry/);
  });

  it("--help states the exit codes and the file kinds", () => {
    const help = run("certify", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 when everything asked is proved to hold");
    expect(help.stdout).toContain("relu-teacher-student-minimum");
  });

  it("--gd K --lr ETA certifies K GD steps and reports each check's certified range", () => {
    const json = join(scratch, "gd.json");
    const result = run("certify", GOOD, "--gd", "10", "--lr", "1", "--digits", "30", "--json", json);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("certified GD: 10 of 10 steps, η = 1, 30 digits");
    expect(result.stdout).toContain("dana2025/theorem1-pl-bound: certified through step 10");
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.gd.steps).toHaveLength(11);
    expect(report.gd.checks.map((c: { name: string }) => c.name)).toEqual(["balance-identity", "A1-weak", "monotone-loss", "dana2025/theorem1-pl-bound"]);
  });

  it("--gd past the certified horizon with no trapping argument to carry on (GD stalls at L ≈ 0.56) is not everything proved: exit 1", () => {
    // Stalled GD: L(θ_{k+1}) − L(θ_k) falls below the boxes' resolution (undecided from step 14 at
    // 20 digits), and no ball around a stalled iterate has a PL constant, so nothing proves the rest.
    const stalls = join(import.meta.dirname, "../../fixtures/dana2025/theorem1-stalls-n4.json");
    const result = run("certify", stalls, "--gd", "16", "--lr", "1", "--digits", "20");
    expect(result.stdout).toMatch(/monotone-loss: certified through step \d+ .*first undecided at step/);
    expect(result.stdout).toContain("trapping argument: did not close on this run");
    expect(result.status).toBe(1);
  });

  it("bad input: one line naming the flag or file, exit 2", () => {
    expectUsageError(run("certify", GOOD, "--digits", "abc"), "--digits");
    expectUsageError(run("certify", GOOD, "--digits", "2000"), "--digits", "[5, 1000]");
    expectUsageError(run("certify", GOOD, "--property", "nope/none"), "--property", "nope/none");
    expectUsageError(run("certify", join(scratch, "missing.json")), "missing.json");
    expectUsageError(run("certify", GOOD, "--lr", "0.5"), "--lr");
    expectUsageError(run("certify", GOOD, "--gd", "3", "--lr", "-1"), "--lr");
    expectUsageError(run("certify", GOOD, "--gd", "0"), "--gd");
  });
});

describe("shallowcheck eval --interval", () => {
  it("prints every quantity as {lo, hi} decimal strings at the digits asked for", () => {
    const result = run("eval", GOOD, "--interval", "--digits", "25");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ backend: "interval", digits: 25, n: 3, d: 3, p: 3 });
    for (const value of [report.loss, report.pl, ...report.residuals, ...report.balance, ...report.gradient.a, ...report.gradient.W.flat()]) {
      expect(Object.keys(value).sort()).toEqual(["hi", "lo"]);
      expect(Number(value.lo)).toBeLessThanOrEqual(Number(value.hi));
    }
    const exact = JSON.parse(run("eval", GOOD, "--exact", "--digits", "80").stdout);
    expect(Number(report.loss.lo)).toBeLessThanOrEqual(Number(exact.loss));
    expect(Number(report.loss.hi)).toBeGreaterThanOrEqual(Number(exact.loss));
  });

  it("refuses --interval with --exact in one line", () => {
    expectUsageError(run("eval", GOOD, "--interval", "--exact"), "--interval");
  });
});

describe("shallowcheck check --certify", () => {
  it("reports the certificate next to the checked instance", () => {
    // A1 fails on this instance: the statement says nothing (exit 0) — unless A1 is dropped, when it is refuted (exit 1).
    const result = run("check", "--only", "dana2025/theorem1-pl-bound", "--instance", withoutA1, "--certify");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dana2025/theorem1-pl-bound: not-applicable");
    expect(result.stdout).toContain("certificate: not-applicable (50 digits); assumption certainly fails: A1-weak; the margin was not evaluated");
    const dropped = run("check", "--only", "dana2025/theorem1-pl-bound", "--instance", withoutA1, "--certify", "--drop", "A1-weak");
    expect(dropped.status).toBe(1);
    expect(dropped.stdout).toContain("dana2025/theorem1-pl-bound: fails");
    expect(dropped.stdout).toContain("certificate: refuted (interval, 50 digits; margin in [");
  });
});

describe("shallowcheck hunt certifies what it stores", () => {
  it("a Theorem 1 counterexample found with A1 dropped is stored with verdict refuted", () => {
    const out = join(scratch, "corpus");
    const json = join(scratch, "hunt.json");
    const result = run("hunt", "dana2025/theorem1-pl-bound", "--drop", "A1-weak", "--budget", "1500", "--seed", "certify-test", "--out", out, "--json", json);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("certificate: refuted (interval, 50 digits; margin in [");
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.found).toBe(true);
    const stored = JSON.parse(readFileSync(report.fixture, "utf8"));
    expect(stored.certificate).toMatchObject({ verdict: "refuted", digits: 50, method: "interval" });
    expect(Number(stored.certificate.margin.hi)).toBeLessThan(0);

    // One verdict and one exit code on the stored file, from every command (the file records A1-weak as dropped).
    const certified = run("certify", report.fixture);
    expect(certified.status).toBe(1);
    expect(certified.stdout).toMatch(/dana2025\/theorem1-pl-bound\s+refuted/);
    const replayed = run("replay", report.fixture);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain("verdict: fails — the statement fails without A1-weak");
    const checked = run("check", "--instance", report.fixture);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain("dana2025/theorem1-pl-bound: fails, margin -");
    expect(checked.stdout).toContain("(assumptions dropped: A1-weak)");
  });
});
