/**
 * Issue 18's cases at the command line: each ends within seconds with one line and the documented
 * exit code (2 bad input; 3–6 a guard ended an integration).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { certify } from "../../src/certify/certify.js";
import { defineProperty } from "../../src/check/define.js";
import type { Assumption, Candidate } from "../../src/check/property.js";
import { writeFileAtomic } from "../../src/io/atomicWrite.js";
import { strictSaddleEscape } from "../../properties/soltanolkotabi2019/strict-saddle-escape.js";
import { BIN, type CliResult, expectUsageError, runCli } from "../cliRun.js";

let dir: string;
let g: string;
const instance = () => JSON.parse(readFileSync(g, "utf8"));
function withFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function expectGuard(result: CliResult, code: number, reason: string): void {
  expect(result.status).toBe(code);
  const lines = result.stderr.trimEnd().split("\n").filter((line) => line.startsWith("shallowcheck:"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`flow stopped (${reason})`);
  expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+/);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shallowcheck-robust-"));
  g = join(dir, "g.json");
  expect(runCli(["sample", "--data", "gaussian", "--init", "asymmetric", "--n", "5", "--d", "4", "--p", "3", "--seed", "x", "--out", g]).status).toBe(0);
});

describe("every integration ends", () => {
  it("a tolerance below what float64 resolves stalls the controller: the stall guard ends it (exit 3)", () => {
    expectGuard(runCli(["flow", g, "--method", "dopri", "--t", "1", "--rtol", "1e-14", "--atol", "1e-14"]), 3, "step-size underflow");
  });
  it("gradient descent with a huge step diverges (exit 5) or overflows (exit 4)", () => {
    expectGuard(runCli(["flow", g, "--method", "gd", "--lr", "1e6", "--until-loss", "1e-6"]), 5, "divergence");
    expectGuard(runCli(["flow", g, "--method", "gd", "--lr", "1e150", "--steps", "10"]), 4, "non-finite state");
  });
  it("an instance whose loss overflows float64 stops before the first step (exit 4); eval refuses it (exit 2)", () => {
    const file = instance();
    file.data.X[0][0] = "1e200";
    const path = withFile("overflow.json", JSON.stringify(file));
    expectGuard(runCli(["flow", path, "--t", "1"]), 4, "non-finite state");
    expectUsageError(runCli(["eval", path]), "overflows", "use --exact");
  });
  it("meaningless integration options are refused", () => {
    expectUsageError(runCli(["flow", g, "--rtol", "1e-300", "--atol", "1e-300", "--t", "1"]), "--rtol", "10 units of roundoff");
    for (const value of ["0", "-1", "1"]) expectUsageError(runCli(["flow", g, "--t", "1", "--kink-tolerance", value]), "--kink-tolerance");
    expectUsageError(runCli(["flow", g, "--t", "1", "--wall-clock", "0"]), "--wall-clock");
    expectUsageError(runCli(["flow", g, "--t", "1", "--checkpoints", "every:0"]), "--checkpoints every");
    expectUsageError(runCli(["flow", g, "--method", "gd", "--lr", "0.1", "--steps", "3", "--replay-exact", "0"]), "--replay-exact");
    expectUsageError(runCli(["flow", g, "--method", "gd", "--lr", "0.1", "--t", "1e-320"]), "--t");
    expectUsageError(runCli(["flow", g, "--method", "gd", "--lr", "0.1", "--t", "0.01"]), "--t", "less than one step");
    expectUsageError(runCli(["flow", g, "--method", "gd", "--lr", "0x10", "--steps", "1"]), "--lr");
  });
});

describe("large instances", () => {
  it("n·p = 150,000 pre-activations: no spread overflows the stack (it crashed at n = 3000, d = 5, p = 50)", () => {
    const path = join(dir, "m.json");
    expect(runCli(["sample", "--data", "gaussian", "--init", "asymmetric", "--n", "3000", "--d", "5", "--p", "50", "--seed", "m", "--out", path]).status).toBe(0);
    const gd = runCli(["flow", path, "--method", "gd", "--lr", "0.1", "--steps", "3"]);
    expect(gd.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(gd.status).toBe(0);
    expect(gd.stdout).toContain("3 steps");
    expect(runCli(["flow", path, "--method", "dopri", "--steps", "2"]).status).toBe(0);
  }, 120_000);
});

describe("input numbers within range", () => {
  it.each([
    ["data.y[0]", (f: any) => (f.data.y[0] = "1e999999")],
    ["params.a[0]", (f: any) => (f.params.a[0] = "1e400")],
    ["data.X[0][0]", (f: any) => (f.data.X[0][0] = "1" + "0".repeat(10_000))],
    ["data.y[0]", (f: any) => (f.data.y[0] = "1e-400")],
    ["data.y[0]", (f: any) => (f.data.y[0] = "1e99999999999999999999")],
  ])("%s out of float64 range is refused by every path", (field, mutate) => {
    const file = instance();
    mutate(file);
    const path = withFile("range.json", JSON.stringify(file));
    for (const extra of [[], ["--exact"], ["--interval"]]) expectUsageError(runCli(["eval", path, ...extra]), field, "outside the range of float64");
    expectUsageError(runCli(["flow", path, "--t", "1"]), field);
  });
});

describe("precision within decimal.js's limits", () => {
  it("refuses digits past 1000 with one line", () => {
    expectUsageError(runCli(["eval", g, "--digits", "1030"]), "--digits", "[5, 1000]");
    expectUsageError(runCli(["flow", g, "--digits", "2000", "--t", "0.1"]), "--digits", "[5, 1000]");
    expectUsageError(runCli(["check", "--only", "dana2025/orthogonal*", "--runs", "1", "--exact-digits", "2000"]), "--exact-digits", "[5, 1000]");
  });
});

describe("hostile files", () => {
  it("refuses a FIFO and a device without opening them", () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    expectUsageError(runCli(["eval", fifo]), "not a regular file", "FIFO");
    expectUsageError(runCli(["eval", "/dev/zero"]), "not a regular file");
  });
  it("refuses duplicate keys and __proto__ the same way in every object", () => {
    const text = readFileSync(g, "utf8");
    expectUsageError(runCli(["eval", withFile("dup.json", text.replace('"activation":"relu"', '"activation":"relu","activation":"tanh"'))]), 'model has the key "activation" twice');
    for (const section of ["data", "model", "params"]) {
      const path = withFile("proto.json", text.replace(`"${section}":{`, `"${section}":{"__proto__":{},`));
      expectUsageError(runCli(["eval", path]), `${section} has the key "__proto__"`);
    }
  });
  it("never writes over its input or over a file it did not write", () => {
    expectUsageError(runCli(["flow", g, "--t", "0.1", "--out", g]), "--out", "is the input");
    const foreign = withFile("package.json", '{"name":"mine"}\n');
    expectUsageError(runCli(["sample", "--data", "gaussian", "--init", "asymmetric", "--n", "2", "--d", "2", "--p", "2", "--seed", "s", "--out", foreign]), "not an instance file");
    expectUsageError(runCli(["flow", g, "--t", "0.1", "--out", foreign]), "not a trajectory file");
    expect(readFileSync(foreign, "utf8")).toBe('{"name":"mine"}\n');
  });
  it("refuses a non-empty --out directory without the tool's manifest", () => {
    const out = join(dir, "someone-elses");
    mkdirSync(out);
    writeFileSync(join(out, "results.csv"), "mine\n");
    expectUsageError(runCli(["reproduce", "dana2025/exp1.0", "--preset", "quick", "--out", out, "--quiet"]), "--out", "no manifest.json");
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe("mine\n");
  });
  it("reads --setting numbers in decimal only (0x10 was read as 16)", () => {
    for (const value of ["0x10", "0b11", " 16", "Infinity", "NaN"]) expectUsageError(runCli(["hunt", "dana2025/theorem1-loss-decay", "--setting", `n=${value}`]), "--setting", "write a number in decimal");
    expectUsageError(runCli(["hunt", "dana2025/theorem1-loss-decay", "--setting", "n=1e999"]), "--setting", "outside the range of float64");
  });
  it("bounds --reps", () => {
    expectUsageError(runCli(["reproduce", "dana2025/exp1.0", "--reps", "100000000", "--out", join(dir, "reps")]), "--reps", "more than the 1000000");
  });
});

describe("a closed stdout", () => {
  it("ends quietly with the run's own exit code", async () => {
    const child = spawn(process.execPath, [BIN, "sample", "--data", "gaussian", "--init", "asymmetric", "--n", "4000", "--d", "50", "--p", "5", "--seed", "pipe"]);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});

describe("atomic writes", () => {
  it("leave no temporary file behind when the rename fails", () => {
    const out = join(dir, "blocked");
    mkdirSync(join(out, "target.json"), { recursive: true });
    writeFileSync(join(out, "target.json", "x"), "");
    expect(() => writeFileAtomic(join(out, "target.json"), "content")).toThrow();
    expect(readdirSync(out)).toEqual(["target.json"]);
  });
});

/** A user's catalogue module (importing "shallowcheck" as an installed package would) whose entries throw. */
const THROWING_ENTRIES = `import { candidateArbitrary, defineProperty } from "shallowcheck";
const common = { citation: "a test", statement: "none", margin: { kind: "decision", formula: "none" }, generate: () => candidateArbitrary({ n: { max: 3 } }) };
export const evaluationThrows = defineProperty({ ...common, id: "lab/evaluation-throws", title: "evaluate throws", evaluate: () => { throw new Error("evaluation boom"); } });
export const endlessMargin = defineProperty({
  ...common, id: "lab/endless-margin", title: "a margin that never ends", evaluate: () => ({ margin: 1 }),
  marginOver: (F) => { let x = F.zero; for (;;) x = F.add(x, F.one); },
});
export const assumptionThrows = defineProperty({
  ...common, id: "lab/assumption-throws", title: "an assumption throws", evaluate: () => ({ margin: 1 }),
  assumptions: [{ name: "explodes", description: "throws", holds: () => { throw new Error("assumption boom"); } }],
});
`;

describe("a hunt whose evaluations all throw is an error, not a skipped assumption", () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), "shallowcheck-throwing-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(join(import.meta.dirname, "../.."), join(project, "node_modules", "shallowcheck"), "dir");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "lab", type: "module", private: true }));
    writeFileSync(join(project, "throwing.mjs"), THROWING_ENTRIES);
  });

  it.each([
    ["lab/evaluation-throws", "evaluations threw (first: evaluation boom)"],
    ["lab/assumption-throws", "evaluations threw (100 in an assumption check; first: assumption boom)"],
  ])("%s: exit 1, status error, 'N evaluations threw (first: …)'", (id, fragment) => {
    const result = runCli(["hunt", id, "--catalogue", "throwing.mjs", "--budget", "200", "--seed", "t", "--json", "hunt.json"], project);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${id}: error: no margin was computed: \\d+ evaluations threw`));
    expect(lines[0]).toContain(fragment);
    expect(result.stdout).not.toContain("no counterexample");
    expect(JSON.parse(readFileSync(join(project, "hunt.json"), "utf8"))).toMatchObject({ status: "error", found: false, error: expect.stringContaining(fragment) });
  });

  it("certify with a margin that never ends: 'undecided' with 'budget (…)' and exit 1 once --budget-seconds has passed", () => {
    const started = Date.now();
    const result = runCli(["certify", g, "--catalogue", "throwing.mjs", "--property", "lab/endless-margin", "--budget-seconds", "2"], project);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/lab\/endless-margin\s+undecided\s+margin —\n  budget \(2 s, --budget-seconds\) used up before a verdict\n/);
    expect(Date.now() - started).toBeLessThan(60_000);
    expectUsageError(runCli(["certify", g, "--budget-seconds", "0"], project), "--budget-seconds");
  });
});

describe("certify decides the assumptions first and bounds its work", () => {
  const relu: Candidate = { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1e154", "1"]], y: ["1"] }, params: { W: [["1", "0"]], a: ["1e154"] } }, settings: {} };
  const marginNeverEvaluated = (assumption: Assumption) =>
    defineProperty({
      id: "lab/margin-never-evaluated",
      title: "its margin must not be evaluated",
      citation: "a test",
      statement: "none",
      margin: { kind: "decision", formula: "none" },
      assumptions: [assumption],
      evaluate: () => ({ margin: 1 }),
      generate: () => fc.constant(relu),
      marginOver: () => {
        throw new Error("the margin was evaluated");
      },
    });

  it("an assumption decided false: not-applicable naming it, the margin not evaluated", () => {
    const c = certify(marginNeverEvaluated({ name: "never", description: "never holds", holds: () => false, decide: () => false }), relu, { digits: 30 });
    expect(c).toMatchObject({ verdict: "not-applicable", margin: null, hint: "assumption certainly fails: never; the margin was not evaluated" });
  });

  it("an assumption left undecided: undecided naming it, the margin not evaluated", () => {
    const c = certify(marginNeverEvaluated({ name: "unsure", description: "intervals cannot say", holds: () => true, decide: () => undefined }), relu, { digits: 30 });
    expect(c).toMatchObject({ verdict: "undecided", margin: null, hint: "assumption(s) undecided: unsure; the margin was not evaluated" });
  });

  it("strict-saddle-escape on a ReLU file with 1e154 entries: not-applicable at once, naming the quadratic model", () => {
    const c = certify(strictSaddleEscape, relu, { digits: 50 });
    expect(c.verdict).toBe("not-applicable");
    expect(c.hint).toMatch(/^assumption certainly fails: quadratic-model.*; the margin was not evaluated$/);
  });

  it("a margin past the deadline ends undecided: budget", () => {
    const endless = defineProperty({
      id: "lab/endless-margin",
      title: "a margin that never ends",
      citation: "a test",
      statement: "none",
      margin: { kind: "decision", formula: "none" },
      evaluate: () => ({ margin: 1 }),
      generate: () => fc.constant(relu),
      marginOver: (F) => {
        let x = F.zero;
        for (;;) x = F.add(x, F.one);
      },
    });
    const c = certify(endless, relu, { digits: 30, deadline: Date.now() + 200, budgetName: "0.2 s" });
    expect(c).toMatchObject({ verdict: "undecided", margin: null, hint: "budget (0.2 s) used up before a verdict" });
  });
});
