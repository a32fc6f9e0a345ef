import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { registerSample } from "../../src/cli/sample.js";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField, readInstanceFile } from "../../src/io/instanceFile.js";
import { InputError } from "../../src/io/inputError.js";
import { parseInstanceFile } from "../../src/io/instanceSchema.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";

const directory = mkdtempSync(join(tmpdir(), "shallowcheck-sample-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function program(): Command {
  const root = new Command().exitOverride().configureOutput({ outputError: () => {} });
  registerSample(root);
  for (const command of root.commands) command.exitOverride().configureOutput({ outputError: () => {} });
  return root;
}

/** Run `shallowcheck sample …` and return what it printed to stdout. */
async function runSample(args: string[]): Promise<string> {
  let printed = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program().parseAsync(["sample", ...args], { from: "user" });
  } finally {
    spy.mockRestore();
  }
  return printed;
}

const BASIC = ["--data", "shell", "--init", "asymmetric", "--n", "4", "--d", "5", "--p", "3", "--seed", "cli"];

describe("shallowcheck sample", () => {
  it("prints a valid instance file with a generator field, identical to sampleInstance with the same options", async () => {
    const file = parseInstanceFile(JSON.parse(await runSample(BASIC)));
    const instance = instanceOverField(float64Field, file);
    const expected = sampleInstance({
      n: 4,
      d: 5,
      p: 3,
      data: { law: "shell" },
      init: { law: "asymmetric" },
      model: { activation: { name: "relu" }, scaling: "mean-field" },
      seed: "cli",
    });
    expect(instance).toEqual(expected);
    expect(file.generator).toMatchObject({ seed: "cli", data: { law: "shell", cxMin: 1, cxMax: 2 }, init: { law: "asymmetric", wScale: 1 } });
  });

  it("passes law options, model options and --out through; the file equals what stdout would show", async () => {
    const args = [
      ...["--data", "near-orthogonal", "--init", "small", "--n", "3", "--d", "6", "--p", "2", "--seed", "opts"],
      ...["--cx-min", "0.5", "--cx-max", "0.75", "--cy-min", "2", "--cy-max", "3", "--correlation", "1e-3", "--init-scale", "0.01"],
      ...["--activation", "leaky-relu", "--alpha", "0.2", "--scaling", "standard"],
    ];
    const path = join(directory, "nested", "instance.json");
    expect(await runSample([...args, "--out", path])).toBe("");
    const file = readInstanceFile(path);
    expect(file).toEqual(JSON.parse(await runSample(args)));
    expect(file.model).toEqual({ activation: "leaky-relu", scaling: "standard", alpha: "0.2" });
    expect(file.generator).toMatchObject({ data: { cxMin: 0.5, cxMax: 0.75, cyMin: 2, cyMax: 3, correlation: 1e-3 }, init: { law: "small", scale: 0.01 } });
    file.data.y.forEach((label) => expect(Math.abs(Number(label))).toBeGreaterThanOrEqual(2));
    // Atomic write: no temporary file is left behind.
    expect(readdirSync(join(directory, "nested"))).toEqual(["instance.json"]);
  });

  const badValues: [string, string[], RegExp][] = [
    ["unknown data law", ["--data", "uniform"], /^--data: unknown data law "uniform"/],
    ["unknown init law", ["--init", "xavier"], /^--init: unknown initialization law/],
    ["non-integer n", ["--n", "5abc"], /^--n: must be a non-negative integer, got "5abc"$/],
    ["fractional d", ["--d", "2.5"], /^--d: /],
    ["exponent p", ["--p", "1e3"], /^--p: /],
    ["zero n", ["--n", "0"], /^--n: /],
    ["negative bound", ["--cx-min", "-1"], /^--cx-min: /],
    ["trailing garbage", ["--cx-max", "2x"], /^--cx-max: must be a number/],
    ["infinite bound", ["--cy-max", "Infinity"], /^--cy-max: /],
    ["cy-min above cy-max", ["--cy-min", "3"], /^--cy-min: must be ≤ --cy-max/],
    ["option of another law", ["--correlation", "0.1"], /^--correlation: not used by --data shell$/],
    ["w-scale zero", ["--w-scale", "0"], /^--w-scale: /],
    ["n > d for orthogonal data", ["--data", "orthogonal", "--n", "9"], /^--n: orthogonal data needs n ≤ d \(n = 9, d = 5\)$/],
    ["unknown activation", ["--activation", "gelu"], /^--activation: /],
    ["unknown scaling", ["--scaling", "ntk"], /^--scaling: /],
    ["alpha without leaky-relu", ["--alpha", "0.1"], /^--alpha: /],
    ["malformed alpha", ["--activation", "leaky-relu", "--alpha", "abc"], /^--alpha: /],
    ["empty seed", ["--seed", ""], /^--seed: /],
  ];
  it.each(badValues)("%s → InputError naming the flag", async (_, change, message) => {
    const args = [...BASIC, ...change];
    await expect(runSample(args)).rejects.toThrow(InputError);
    await expect(runSample(args)).rejects.toThrow(message);
  });

  it("an unwritable --out is an InputError naming the flag", async () => {
    const blocker = join(directory, "not-a-directory");
    await runSample([...BASIC, "--out", blocker]);
    await expect(runSample([...BASIC, "--out", join(blocker, "x.json")])).rejects.toThrow(/^--out: cannot write /);
  });
});
