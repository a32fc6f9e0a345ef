/**
 * `shallowcheck certify` on relu-teacher-student-minimum files, as a user meets it (the built bin
 * in a child process; npm test builds first): a stored spurious minimum is re-proved at its stored
 * point and its stored certificate reproduced (exit 0); the same file with the point moved by 1e-3
 * is not certified (exit 1); a saddle is not certified (exit 1); bad files and flags end in one
 * stderr line with exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { runCli } from "../cliRun.js";

const STORED = join(import.meta.dirname, "../../fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json");
const GOOD_INSTANCE = join(import.meta.dirname, "../../fixtures/examples/certify-gd.json");
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-minimum-"));
const SLOW = { timeout: 60_000 };

const run = (...args: string[]) => runCli(args);

function writeScratch(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const stored = JSON.parse(readFileSync(STORED, "utf8")) as { student: string[][]; certificate: { loss: { lo: string; hi: string }; r: { hi: string } } };

describe("shallowcheck certify on a stored spurious minimum", () => {
  it("prints certified local minimum with r, λ and the loss interval, reproduces the stored certificate, exit 0", SLOW, () => {
    const json = join(scratch, "certificate.json");
    const result = run("certify", STORED, "--json", json);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("certified local minimum");
    expect(result.stdout).toMatch(/^ {2}r {6}≤ \d\.\d+e-4\d /m);
    expect(result.stdout).toMatch(/λ_min {2}∈ \(0\.00465\d*, 0\.00470\d*\]/);
    expect(result.stdout).toMatch(/loss {3}∈ \[0\.025080581002463010\d*, 0\.025080581002463010\d*\] {3}\(F at the minimum; certainly above the global minimum 0: spurious\)/);
    expect(result.stdout).toContain("k = 6 targets, n = 6 students, d = 6; 50 digits; Newton off");
    expect(result.stdout).toMatch(/stored certificate \(50 digits, .*\): reproduced exactly/);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ verdict: "certified local minimum", digits: 50, k: 6, n: 6, d: 6, spurious: true, storedCertificate: "reproduced exactly" });
    expect(report.loss).toEqual(stored.certificate.loss);
  });

  it("at other digits the point is certified again and the loss enclosures overlap", SLOW, () => {
    const result = run("certify", STORED, "--digits", "30");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/30 digits; Newton off/);
    expect(result.stdout).toMatch(/stored certificate \(50 digits, .*\): reproduced \(loss enclosures overlap\)/);
  });

  it("the point moved by 1e-3 (certificate left as stored): not certified, and the stored certificate not reproduced, exit 1", SLOW, () => {
    const tampered = JSON.parse(readFileSync(STORED, "utf8"));
    tampered.student[0][0] = new Decimal(tampered.student[0][0]).plus("1e-3").toString();
    const path = writeScratch("tampered.json", tampered);
    const result = run("certify", path);
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("not certified");
    expect(result.stdout).toMatch(/reason: criterion 9λ² − 25‖∇F‖B ≥ 0 fails/);
    expect(result.stdout).toMatch(/stored certificate .*: not reproduced/);
  });

  it("--refine on the moved point certifies the refined point instead, and says the stored certificate was not checked", SLOW, () => {
    const tampered = JSON.parse(readFileSync(STORED, "utf8"));
    tampered.student[0][0] = new Decimal(tampered.student[0][0]).plus("1e-3").toString();
    const result = run("certify", writeScratch("tampered-refine.json", tampered), "--refine", "--digits", "30");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("certified local minimum");
    expect(result.stdout).toContain("stored certificate (50 digits");
    expect(result.stdout).toContain("not checked (--refine moved the point");
  });
});

describe("shallowcheck certify on a bare candidate minimum", () => {
  it("answers not certified, with the reason and exit 1, on a point with a negative Hessian eigenvalue", SLOW, () => {
    const saddle = writeScratch("saddle.json", {
      kind: "relu-teacher-student-minimum",
      k: 2,
      n: 2,
      student: [["0.7", "0.1"], ["0.7", "0.100000001"]], // two nearly coincident rows
    });
    const result = run("certify", saddle, "--digits", "30", "--no-refine");
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("not certified");
    expect(result.stdout).toMatch(/reason: the Hessian at W₀ certainly has a negative eigenvalue/);
  });

  it("a bare candidate (no certificate) is Newton-refined by default", SLOW, () => {
    const bare = JSON.parse(readFileSync(STORED, "utf8"));
    delete bare.certificate;
    bare.student = bare.student.map((row: string[]) => row.map((x) => Number(x).toPrecision(12)));
    const result = run("certify", writeScratch("bare.json", bare), "--digits", "30");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("certified local minimum");
    expect(result.stdout).toMatch(/Newton \d+ steps \(tolerance\)/);
    expect(result.stdout).not.toContain("stored certificate");
  });
});

describe("shallowcheck certify: bad input on minimum files is one line, exit 2", () => {
  it.each([
    [["missing.json"], "cannot read file"],
    [[writeScratch("bad-kind.json", { kind: "instance", k: 1, n: 1, student: [["1"]] })], "model"],
    [[writeScratch("bad-entry.json", { kind: "relu-teacher-student-minimum", k: 2, n: 1, student: [["1", "one"]] })], "student[0][1]"],
    [[writeScratch("bad-certificate.json", { ...stored, certificate: { ...stored.certificate, verdict: "not certified" } })], "certificate.verdict"],
    [[writeScratch("bad-json.json", "{")], "malformed JSON"],
    [[STORED, "--digits", "3"], "--digits"],
    [[STORED, "--gd", "3"], "--gd: not for a relu-teacher-student-minimum file"],
    [[STORED, "--property", "dana2025/theorem1-pl-bound"], "--property: not for a relu-teacher-student-minimum file"],
    [[GOOD_INSTANCE, "--no-refine"], "--no-refine: only for a relu-teacher-student-minimum file"],
  ])("bad input %# is one line on stderr, exit 2", (args, fragment) => {
    const result = run("certify", ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(fragment);
  });

  it("replay points a minimum file to certify, in one line, exit 2", () => {
    const result = run("replay", STORED);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("shallowcheck certify");
  });

  it("certify-minimum is gone: certify takes these files", () => {
    expect(run("certify-minimum", STORED).status).toBe(2);
  });
});
