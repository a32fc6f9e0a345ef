/**
 * `shallowcheck certify-minimum` as a user meets it (the built bin in a child process; npm test
 * builds first): a certificate on the stored spurious minimum, "not certified" with exit 1 on a
 * saddle, and bad files in one stderr line with exit 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/shallowcheck.js");
const SPURIOUS = join(import.meta.dirname, "../../fixtures/certified-minima/spurious-k6.json");
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-minimum-"));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeScratch(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("shallowcheck certify-minimum", () => {
  it("certifies the stored spurious minimum and prints r, λ and the loss interval", { timeout: 60_000 }, () => {
    const json = join(scratch, "certificate.json");
    const result = run("certify-minimum", SPURIOUS, "--digits", "30", "--json", json);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("certified local minimum");
    expect(result.stdout).toMatch(/^ {2}r {6}≤ \S+e-\d+/m);
    expect(result.stdout).toMatch(/λ_min {2}∈ \(0\.00465/);
    expect(result.stdout).toMatch(/loss {3}∈ \[0\.02508058100246\d*, 0\.02508058100246\d*\]/);
    const certificate = JSON.parse(readFileSync(json, "utf8"));
    expect(certificate).toMatchObject({ verdict: "certified local minimum", digits: 30, k: 6 });
  });

  it("answers not certified, with the reason and exit 1, on a point with a negative Hessian eigenvalue", { timeout: 60_000 }, () => {
    const saddle = writeScratch("saddle.json", {
      kind: "relu-teacher-student-minimum",
      k: 2,
      n: 2,
      student: [["0.7", "0.1"], ["0.7", "0.100000001"]], // two nearly coincident rows
    });
    const result = run("certify-minimum", saddle, "--digits", "30", "--no-refine");
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("not certified");
    expect(result.stdout).toMatch(/reason: the Hessian at W₀ certainly has a negative eigenvalue/);
  });

  it.each([
    [["missing.json"], "cannot read file"],
    [[writeScratch("bad-kind.json", { kind: "instance", k: 1, n: 1, student: [["1"]] })], "kind"],
    [[writeScratch("bad-entry.json", { kind: "relu-teacher-student-minimum", k: 1, n: 2, student: [["1", "one"]] })], "student[0][1]"],
    [[writeScratch("bad-json.json", "{")], "malformed JSON"],
    [[SPURIOUS, "--digits", "3"], "--digits"],
  ])("bad input %# is one line on stderr, exit 2", (args, fragment) => {
    const result = run("certify-minimum", ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(fragment);
  });
});
