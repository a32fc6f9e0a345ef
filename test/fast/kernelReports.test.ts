/**
 * Rows and reports say which float kernel ran: `check`'s per-entry `kernel`, `eval`'s report and
 * `flow`'s summary line (the built CLI in a child process: npm test builds first).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { float64Field } from "../../src/field/float64.js";
import { availableKernels, fastKernelName } from "../../src/fast/kernels.js";
import { toFloatInstance } from "../../src/fast/floatInstance.js";
import { runProperty } from "../../src/check/runner.js";
import { evalReport } from "../../src/cli/eval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { runCli } from "../cliRun.js";
import { kernelIdentity } from "../../properties/dana2025/kernel-identity.js";
import { monotoneLossFlow } from "../../properties/dana2025/monotone-loss-flow.js";

const file = {
  model: { activation: "tanh" as const, scaling: "mean-field" as const },
  data: { X: [[0.9, -0.4, 0.3], [-0.2, 1.1, 0.5], [0.6, 0.2, -1.3]], y: [0.8, -0.6, 1.1] },
  params: { W: [[0.3, -0.7, 0.2], [-0.5, 0.4, 0.9]], a: [1.3, -0.8] },
};

describe("check", () => {
  it("names the kernel of an entry that integrates a float flow, and null for one on the generic model", () => {
    const options = { runs: 2, seed: 7, digits: 30 };
    const flow = runProperty(monotoneLossFlow, options);
    // Its instances are small, so TypeScript or WebAssembly runs most of them (kernels.ts SizeDispatch), the fastest kernel the larger ones.
    expect(flow.kernel).not.toBeNull();
    expect(flow.kernel!.split(" + ").every((name) => availableKernels().some((k) => k.name === name))).toBe(true);
    expect(runProperty(kernelIdentity, options).kernel).toBeNull();
  });
});

describe("eval", () => {
  it("reports the kernel of a float64 evaluation, and none for an exact one", () => {
    expect(evalReport(float64Field, file).kernel).toBe(fastKernelName(toFloatInstance(instanceOverField(float64Field, file))));
    expect(evalReport(decimalField({ digits: 30 }), file)).not.toHaveProperty("kernel");
  });
});

describe("flow", () => {
  it("ends its summary with the kernel that ran: the fast one in float64, the generic model under --exact", () => {
    const example = join(import.meta.dirname, "../../fixtures/examples/two-neuron.json");
    const names = availableKernels().map((k) => k.name).join("|");
    expect(runCli(["flow", example, "--method", "gd", "--lr", "0.1", "--steps", "5"]).stdout).toMatch(new RegExp(`, kernel (${names})\\n$`));
    expect(runCli(["flow", example, "--method", "gd", "--lr", "0.1", "--steps", "5", "--exact"]).stdout).toMatch(/, kernel generic decimal\n$/);
  });
});
