/**
 * The command line as a user meets it: the built `bin/shallowcheck.js` in a child process
 * (npm test builds first). Bad input must end in exactly one line on stderr and exit code 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";

const EXAMPLE = join(import.meta.dirname, "../../fixtures/examples/two-neuron.json");

const run = (...args: string[]) => runCli(args);


const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-cli-"));
function writeScratch(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe("shallowcheck eval", () => {
  it("prints float64 results as JSON numbers", () => {
    const result = run("eval", EXAMPLE);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ backend: "float64", n: 2, d: 2, p: 2 });
    expect(typeof report.loss).toBe("number");
    expect(report.gradient.W).toHaveLength(2);
    expect(report.balance).toHaveLength(2);
    expect(typeof report.pl).toBe("number");
  });

  it("prints exact results as decimal strings, at the digits asked for", () => {
    const report = JSON.parse(run("eval", EXAMPLE, "--exact", "--digits", "80").stdout);
    expect(report.backend).toBe("decimal");
    expect(report.digits).toBe(80);
    expect(typeof report.loss).toBe("string");
    // The file's 0.1 is the double 0.1, entered with its exact binary value.
    expect(report.residuals[0]).not.toBe("0.9995");
    expect(Math.abs(Number(report.loss) - JSON.parse(run("eval", EXAMPLE).stdout).loss)).toBeLessThan(1e-15);
  });

  it("agrees with the hand-computed loss on a decimal-string instance", () => {
    const path = writeScratch(
      "exact.json",
      JSON.stringify({
        model: { activation: "relu", scaling: "mean-field" },
        data: { X: [["1", "0"], ["0", "0.5"]], y: ["1", "-1"] },
        params: { W: [["0.1", "2"], ["-1", "0.1"]], a: ["0.01", "-0.01"] },
      }),
    );
    expect(JSON.parse(run("eval", path, "--exact").stdout).loss).toBe("0.502130703125");
  });

  it.each([
    ["malformed JSON", "{ not json", "malformed JSON"],
    ["a wrong shape", JSON.stringify({ model: { activation: "relu", scaling: "standard" }, data: { X: [[1, 2], [3]], y: [1, 2] }, params: { W: [[1, 1]], a: [1] } }), "data.X[1] has 1 entries, expected d = 2"],
    ["NaN", JSON.stringify({ model: { activation: "relu", scaling: "standard" }, data: { X: [[1]], y: ["NaN"] }, params: { W: [[1]], a: [1] } }), "data.y[0] must be a finite number"],
    ["p = 0", JSON.stringify({ model: { activation: "relu", scaling: "standard" }, data: { X: [[1]], y: [1] }, params: { W: [], a: [] } }), "params.a must have at least one entry"],
    ["an unknown activation", JSON.stringify({ model: { activation: "swish", scaling: "standard" }, data: { X: [[1]], y: [1] }, params: { W: [[1]], a: [1] } }), "model.activation must be one of"],
  ])("rejects %s with one line and exit 2", (label, content, fragment) => {
    expectUsageError(run("eval", writeScratch(`${label}.json`, content)), fragment);
  });

  it("rejects a missing file, bad --digits, an unknown option and an unknown command", () => {
    expectUsageError(run("eval", join(scratch, "absent.json")), "cannot read file (ENOENT)");
    expectUsageError(run("eval", EXAMPLE, "--digits", "5x"), "--digits: must be a non-negative integer");
    expectUsageError(run("eval", EXAMPLE, "--digits", "3"), "--digits: must be an integer in [5, 1000]");
    expectUsageError(run("eval", EXAMPLE, "--fast"), "unknown option '--fast'");
    expectUsageError(run("evaluate", EXAMPLE), "unknown command 'evaluate'");
    expectUsageError(run("eval"), "missing required argument 'file'");
  });
});

describe("shallowcheck sample", () => {
  it("writes an instance file that eval reads, reproducibly for a named seed", () => {
    const args = ["sample", "--data", "shell", "--init", "asymmetric", "--n", "5", "--d", "4", "--p", "3", "--seed", "readme-example"];
    const first = join(scratch, "first.json");
    const second = join(scratch, "second.json");
    expect(run(...args, "--out", first).status).toBe(0);
    expect(run(...args, "--out", second).status).toBe(0);
    expect(readFileSync(first, "utf8")).toBe(readFileSync(second, "utf8"));
    const report = JSON.parse(run("eval", first).stdout);
    expect(report).toMatchObject({ n: 5, d: 4, p: 3 });
  });

  it("rejects a bad option with one line and exit 2", () => {
    expectUsageError(run("sample", "--data", "spiral", "--init", "gaussian", "--n", "5", "--d", "4", "--p", "3", "--seed", "s"), "--data");
    expectUsageError(run("sample", "--data", "gaussian", "--init", "gaussian", "--n", "5abc", "--d", "4", "--p", "3", "--seed", "s"), "--n");
    expectUsageError(run("sample", "--data", "orthogonal", "--init", "gaussian", "--n", "5", "--d", "3", "--p", "3", "--seed", "s"), "--n");
  });
});

describe("shallowcheck flow", () => {
  const sliding = () =>
    writeScratch(
      "slide.json",
      JSON.stringify({
        model: { activation: "relu", scaling: "mean-field" },
        data: { X: [["1", "0"], ["1", "1"]], y: ["-1", "0.5"] },
        params: { W: [["0.1", "0.2"]], a: ["1"] },
      }),
    );

  it("runs Dormand–Prince, prints a one-line summary and writes a CSV trajectory", () => {
    const out = join(scratch, "trajectory.csv");
    const result = run("flow", sliding(), "--method", "dopri", "--t", "5", "--out", out);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toMatch(/final loss .*, t = 5, \d+ steps, \d+ rejected, 1 kink events, 1 sliding intervals, max balance drift .*stopped by horizon/);
    const [header, ...rows] = readFileSync(out, "utf8").trim().split("\n");
    expect(header).toBe("step,time,loss,pl,plUndefined,plLo,plHi,balanceDrift,patternChanges,stepSize,rejectedSteps,kinkEvents,slidingPairs");
    expect(rows.length).toBeGreaterThan(5);
  });

  it("runs exact gradient descent and writes a JSON trajectory of decimal strings", () => {
    const out = join(scratch, "trajectory.json");
    expect(run("flow", sliding(), "--method", "gd", "--lr", "0.5", "--steps", "3", "--exact", "--out", out).status).toBe(0);
    const trajectory = JSON.parse(readFileSync(out, "utf8"));
    expect(trajectory.backend).toBe("decimal");
    expect(trajectory.checkpoints.map((c: { step: number }) => c.step)).toEqual([0, 1, 2, 3]);
    expect(typeof trajectory.checkpoints[3].loss).toBe("string");
  });

  it("rejects bad usage with one line and exit 2", () => {
    expectUsageError(run("flow", sliding(), "--method", "euler", "--t", "1"), "--method");
    expectUsageError(run("flow", sliding(), "--method", "rk4", "--lr", "0.1"), "stopping rule");
    expectUsageError(run("flow", sliding(), "--method", "rk4", "--t", "1"), "--h is required");
    expectUsageError(run("flow", sliding(), "--method", "rk4", "--lr", "0.1", "--t", "1", "--rtol", "1e-6"), "--rtol");
    expectUsageError(run("flow", sliding(), "--method", "gd", "--lr", "-1", "--t", "1"), "--lr");
    expectUsageError(run("flow", sliding(), "--t", "1", "--checkpoints", "sometimes"), "--checkpoints");
  });
});

describe("shallowcheck flow --replay-exact", () => {
  it("replays a float run's first steps in decimal and finds it within its rounding bound", () => {
    const instance = join(scratch, "replay.json");
    expect(run("sample", "--data", "shell", "--init", "asymmetric", "--n", "12", "--d", "6", "--p", "4", "--seed", "replay", "--activation", "tanh", "--out", instance).status).toBe(0);
    const result = run("flow", instance, "--method", "rk4", "--lr", "0.05", "--steps", "40", "--replay-exact", "10");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/exact replay of 10 steps at 50 digits: max \|float − exact\| = .*, rounding bound .*: agrees/);
  });
});

describe("shallowcheck check and list", () => {
  it("runs the selected properties, prints one line each and writes a JSON report", () => {
    const json = join(scratch, "report.json");
    const result = run("check", "--only", "dana2025/lemma1-balance-gd", "--runs", "5", "--seed", "cli", "--json", json);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/dana2025\/lemma1-balance-gd\s+passed\s+5\s+0\s+0\s/);
    expect(result.stdout).toContain("1 properties: 1 passed");
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.results[0]).toMatchObject({ id: "dana2025/lemma1-balance-gd", status: "passed", runs: 5, skipped: 0, minMargin: 0 });
    expect(report.results[0].citation).toContain("Lemma 1");
    expect(report.seed).toBeTypeOf("string");
    expect(report.results[0]).toHaveProperty("vacuous");
    expect(report.results[0]).toHaveProperty("effective");
  });

  it("replays a stored instance: margin, and the assumptions it meets and violates", () => {
    const bad = writeScratch(
      "quadratic.json",
      JSON.stringify({
        settings: { eta: 0.5 },
        model: { activation: "quadratic", scaling: "mean-field" },
        data: { X: [["1", "0.5"], ["-0.5", "1"]], y: ["1", "-1.5"] },
        params: { W: [["0.5", "-0.25"], ["0.75", "0.5"]], a: ["1", "-0.5"] },
      }),
    );
    // The statement assumes ReLU: on a quadratic network it says nothing, unless the assumption is dropped.
    const result = run("check", "--only", "dana2025/lemma1-balance-gd", "--instance", bad);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dana2025/lemma1-balance-gd: not-applicable, margin -");
    expect(result.stdout).toContain("violated: relu-mean-field");
    const dropped = run("check", "--only", "dana2025/lemma1-balance-gd", "--instance", bad, "--drop", "relu-mean-field");
    expect(dropped.status).toBe(1);
    expect(dropped.stdout).toContain("dana2025/lemma1-balance-gd: fails, margin -");
  });

  it("rejects an unknown property and a bad --runs with one line and exit 2", () => {
    expectUsageError(run("check", "--only", "nobody/*"), "--only");
    expectUsageError(run("check", "--runs", "many"), "--runs");
  });

  it("lists the catalogue with paper references and assumption names", () => {
    const result = run("list");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dana2025/lemma1-balance-gd  [exact]");
    expect(result.stdout).toContain("assumptions: relu-mean-field");
  });
});
