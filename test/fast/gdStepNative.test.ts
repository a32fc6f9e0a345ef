/**
 * The native GD-step addon (src/fast/gdStepNative.ts, native/gdStep.c) against the generic model
 * over float64Field, with the tolerance derived in test/fast/gdStepContract.ts (never tuned):
 * float32 (or float64) arithmetic in any summation order, each rounding charged u' = 2^-24 (or
 * 2^-53) by the running error bound scaled by λ = u'/2^-53 and (1 + 4K·u'), plus the generic
 * evaluation's own bound. A fused multiply-add (the AVX paths contract a·b + c) rounds once,
 * which the bound for the unfused pair covers. Every variant this CPU runs (avx512, avx2,
 * generic) is checked, each on its own padding (16, 8 or 4 float32 lanes).
 *
 * Instances: Exp 1 laws rounded to float32, n ∈ 1…13, d ∈ 1…20, p ∈ 1…40 (so the two-vector
 * pass over neurons and every padding case run), seeds `gdStepNative/${precision}/${k}`; and
 * n ∈ 90…300, so the backward pass runs one to four panels of 96 rows, the last one partial
 * (seeds `gdStepNative/panels/${precision}/${k}`); ≥ 90%
 * must be compared (|z_ij| clear of its bound); all failing seeds are collected before
 * asserting. A kernel fed one row short must be flagged on every compared instance; runExp1's
 * "auto" runs must be the native kernel's, bitwise; a worker thread computes bitwise what the
 * main thread computes.
 *
 * Skipped (and said so) only when the addon is not built: `node scripts/buildNative.mjs`.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { NativeGdStep, nativeGdStepAvailable, nativeLoadError, nativeVariants, type NativeVariant } from "../../src/fast/gdStepNative.js";
import { exp1Instance, nbEpochs, runExp1 } from "../../experiments/dana2025/protocol.js";
import { stepContractTests, type Precision } from "./gdStepContract.js";

const INSTANCES = 150;
const PANEL_INSTANCES = 30;
const available = nativeGdStepAvailable();

it.skipIf(available)(`native GD kernel tests skipped: the addon is unavailable (${nativeLoadError()})`, () => {});

for (const variant of available ? nativeVariants() : [])
describe.each(["float32", "float64"] as const)(`native ${variant} GD step (%s arithmetic)`, (precision) => {
  stepContractTests({ seedPrefix: "gdStepNative", precision, instances: INSTANCES, sizes: { maxD: 20, maxP: 40 }, makeKernel: (data, params) => new NativeGdStep(data, params, variant) });
  describe("over several backward panels", () => {
    stepContractTests({ seedPrefix: "gdStepNative/panels", precision, instances: PANEL_INSTANCES, sizes: { rows: [90, 300], maxD: 20, maxP: 40 }, makeKernel: (data, params) => new NativeGdStep(data, params, variant) });
  });
});

/** 20 steps of a dana2025 Exp 1 instance on the default native variant; W, a and the Σr² values. */
function twentySteps(NativeGdStepClass: typeof NativeGdStep, instance: typeof exp1Instance, precision: Precision) {
  const { data, params } = instance("gdStepNative/worker", 50, 10, 37, precision);
  const kernel = new NativeGdStepClass(data, params);
  const squares = Array.from({ length: 20 }, () => kernel.step(1, 0));
  kernel.readParameters(params);
  return { variant: kernel.variant, squares, W: Array.from(params.W), a: Array.from(params.a) };
}

describe.runIf(available).each(["float32", "float64"] as const)("the native kernel in the experiments (%s)", (precision) => {
  it("runExp1 \"auto\" uses it and equals a hand-driven NativeGdStep loop bitwise; the TypeScript kernel's rows differ", () => {
    const seed = "gdStepNative/exp1";
    const row = runExp1(seed, 60, 12, 20, precision, "auto");
    const { data, params } = exp1Instance(seed, 60, 12, 20, precision);
    const kernel = new NativeGdStep(data, params);
    expect(row.kernel).toBe(`native-${kernel.variant}`);
    const epochs = nbEpochs(60, 20, 1);
    let squares = kernel.step(1, 1);
    const initial = squares;
    let steps = 0;
    while (squares >= 1 && steps < epochs) {
      steps++;
      squares = steps === epochs ? kernel.sumSquaredResiduals() : kernel.step(1, 1);
    }
    expect({ steps: row.steps, initialLoss: row.initialLoss, finalLoss: row.finalLoss }).toEqual({ steps, initialLoss: initial / 120, finalLoss: squares / 120 });
    const typescript = runExp1(seed, 60, 12, 20, precision, "typescript");
    expect(typescript.kernel).toBe("typescript");
    expect(typescript.finalLoss).not.toBe(row.finalLoss);
  });
});

describe.runIf(available)("the native kernel in a worker thread", () => {
  it("a fresh process's worker loads its own instance of the addon and computes bitwise what this thread computes", () => {
    const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;
    const script = `
      import { Worker } from "node:worker_threads";
      const worker = new Worker(${JSON.stringify(`(async () => {
        const { parentPort } = await import("node:worker_threads");
        const { NativeGdStep } = await import(${JSON.stringify(dist("src/fast/gdStepNative.js"))});
        const { exp1Instance } = await import(${JSON.stringify(dist("experiments/dana2025/protocol.js"))});
        const twentySteps = ${twentySteps.toString()};
        parentPort.postMessage({ float32: twentySteps(NativeGdStep, exp1Instance, "float32"), float64: twentySteps(NativeGdStep, exp1Instance, "float64") });
      })()`)}, { eval: true });
      worker.on("message", (m) => { process.stdout.write(JSON.stringify(m)); process.exit(0); });
      worker.on("error", (e) => { process.stderr.write(String(e)); process.exit(1); });
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    const fromWorker = JSON.parse(child.stdout) as Record<Precision, ReturnType<typeof twentySteps>>;
    for (const precision of ["float32", "float64"] as const) {
      expect(fromWorker[precision]).toEqual(twentySteps(NativeGdStep, exp1Instance, precision));
    }
  });
});
