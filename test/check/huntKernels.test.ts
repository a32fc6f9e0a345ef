/**
 * `hunt` and `tighten` say which float64 kernels their evaluations ran on (issue 19: "rows or
 * reports say which kernel ran"), as `check` does: in the library results, in the text report and
 * in --json (the built CLI in a child process: npm test builds first). An entry evaluated exactly
 * reports none. And a hunt on an entry whose GD runs on the kernels still finds its known bad case.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hunt } from "../../src/check/hunt.js";
import { tighten } from "../../src/api/tighten.js";
import { availableKernels } from "../../src/fast/kernels.js";
import { theorem1GdDecay } from "../../properties/dana2025/theorem1-gd-decay.js";
import { lemma1BalanceGd } from "../../properties/dana2025/lemma1-balance-gd.js";
import { runCli } from "../cliRun.js";

const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-hunt-kernels-"));
const kernelNames = availableKernels().map((k) => k.name);
/** "native-avx2 + typescript": every name one this process can run. */
const namesKernels = (kernel: string | null) => kernel !== null && kernel.split(" + ").every((name) => kernelNames.includes(name));

describe("hunt", () => {
  it("names the kernels of an entry whose GD runs on them, and none for an exact entry", () => {
    const options = { budget: 6, seed: "kernels", digits: 50, shrink: false as const };
    expect(namesKernels(hunt(theorem1GdDecay, options).kernel)).toBe(true);
    expect(hunt(lemma1BalanceGd, options).kernel).toBeNull();
  });

  it("still finds theorem1-gd-decay's known bad case (an overshooting step) with the step-size assumption dropped", () => {
    const result = hunt(theorem1GdDecay, { budget: 200, seed: "s1", digits: 50, dropped: new Set(["gd-step-size"]) });
    expect(result.found).toBe(true);
    expect(result.margin).toBeLessThan(0);
    expect(result.violatesDropped).toEqual(["gd-step-size"]);
    expect(namesKernels(result.kernel)).toBe(true);
  });
});

describe("tighten", () => {
  it("names the kernels its search ran on", () => {
    expect(namesKernels(tighten(theorem1GdDecay, { budget: 6, seed: "kernels", digits: 50, shrinkBudget: 0 }).kernel)).toBe(true);
  });
});

describe("the CLI reports (built bin)", () => {
  it("hunt prints 'float kernel: …' and writes kernel in --json; none for an exact entry", () => {
    const json = join(scratch, "gd.json");
    const result = runCli(["hunt", "dana2025/theorem1-gd-decay", "--budget", "4", "--seed", "cli", "--out", join(scratch, "corpus"), "--json", json]);
    expect(result.status).toBe(0);
    const kernel = JSON.parse(readFileSync(json, "utf8")).kernel;
    expect(namesKernels(kernel)).toBe(true);
    expect(result.stdout).toContain(`  float kernel: ${kernel}\n`);

    const exactJson = join(scratch, "exact.json");
    const exact = runCli(["hunt", "dana2025/lemma1-balance-gd", "--budget", "4", "--seed", "cli", "--out", join(scratch, "corpus"), "--json", exactJson]);
    expect(exact.stdout).toContain("  float kernel: none (exact or generic-model evaluations only)\n");
    expect(JSON.parse(readFileSync(exactJson, "utf8"))).toMatchObject({ kernel: null });
  });

  it("tighten prints 'float kernel: …' and writes kernel in --json", () => {
    const json = join(scratch, "tighten.json");
    const result = runCli(["tighten", "dana2025/theorem1-gd-decay", "--budget", "4", "--seed", "cli", "--out", join(scratch, "tightness"), "--json", json]);
    expect(result.status).toBe(0);
    const kernel = JSON.parse(readFileSync(json, "utf8")).kernel;
    expect(namesKernels(kernel)).toBe(true);
    expect(result.stdout).toContain(`  float kernel: ${kernel}\n`);
  });
});
