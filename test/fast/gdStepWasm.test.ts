/**
 * The WebAssembly SIMD GD steps (src/fast/gdStepWasm.ts, float32 and float64 arithmetic, plain
 * and relaxed-SIMD builds) against the kernel contract of test/fast/gdStepContract.ts: one step
 * within the derived bound of the generic model, on seeded Exp 1 instances with n ∈ 1…13,
 * d ∈ 1…9, p ∈ 1…9 (every padding case of n mod 4, d mod 4, p mod 2), seeds `gdStepWasm/${k}`;
 * ≥ 90% must be compared; all failing seeds are collected before asserting. A kernel fed one row
 * short must be flagged on every compared instance, and runExp1's wasm runs must be the kernel's,
 * bitwise. The relaxed kernel enables its V8 flag at run time: a worker thread of a fresh process
 * that loads it itself must compute bitwise what this thread computes.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WasmGdStep, defaultWasmKernel, wasmKernelAvailable, type WasmKernel } from "../../src/fast/gdStepWasm.js";
import { exp1Instance, nbEpochs, runExp1 } from "../../experiments/dana2025/protocol.js";
import { stepContractTests, type Precision } from "./gdStepContract.js";

const INSTANCES = 200;

for (const kernelName of ["simd", "relaxed"] as const)
describe.runIf(wasmKernelAvailable(kernelName)).each(["float32", "float64"] as const)(`WebAssembly ${kernelName} GD step (%s arithmetic)`, (precision) => {
  stepContractTests({ seedPrefix: "gdStepWasm", precision, instances: INSTANCES, sizes: { maxD: 9, maxP: 9 }, makeKernel: (data, params) => new WasmGdStep(data, params, kernelName) });

  it.runIf(kernelName === defaultWasmKernel())("runExp1 on the wasm kernel equals a hand-driven WasmGdStep loop bitwise", () => {
    const seed = "gdStepWasm/exp1";
    const row = runExp1(seed, 60, 12, 20, precision, "wasm");
    const { data, params } = exp1Instance(seed, 60, 12, 20, precision);
    const kernel = new WasmGdStep(data, params);
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
    expect(typescript.finalLoss).not.toBe(row.finalLoss);
  });
});

/** 20 steps of a dana2025 Exp 1 instance; W, a and the Σr² values, as plain numbers. */
function twentySteps(WasmGdStepClass: typeof WasmGdStep, instance: typeof exp1Instance, kernelName: WasmKernel, precision: Precision) {
  const { data, params } = instance("gdStepWasm/worker", 50, 10, 9, precision);
  const kernel = new WasmGdStepClass(data, params, kernelName);
  const squares = Array.from({ length: 20 }, () => kernel.step(1, 0));
  kernel.readParameters(params);
  return { squares, W: Array.from(params.W), a: Array.from(params.a) };
}

describe.runIf(wasmKernelAvailable("relaxed"))("the relaxed kernel in a worker thread", () => {
  it("a fresh process's worker enables relaxed SIMD itself and computes bitwise what this thread computes", () => {
    const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;
    const bytesFile = (root: string) => readFileSync(fileURLToPath(new URL(`../../${root}src/fast/wasm/gdStep.bytes.${root ? "js" : "ts"}`, import.meta.url)), "utf8");
    // The worker runs the build in dist/ (npm test builds it first); it must hold these kernels.
    const base64 = (text: string) => [...text.matchAll(/"([A-Za-z0-9+/=]+)",/g)].map((m) => m[1]).join("");
    expect(base64(bytesFile("dist/"))).toBe(base64(bytesFile("")));
    const script = `
      import { Worker } from "node:worker_threads";
      const worker = new Worker(${JSON.stringify(`(async () => {
        const { parentPort } = await import("node:worker_threads");
        const { WasmGdStep } = await import(${JSON.stringify(dist("src/fast/gdStepWasm.js"))});
        const { exp1Instance } = await import(${JSON.stringify(dist("experiments/dana2025/protocol.js"))});
        const twentySteps = ${twentySteps.toString()};
        parentPort.postMessage({ float32: twentySteps(WasmGdStep, exp1Instance, "relaxed", "float32"), float64: twentySteps(WasmGdStep, exp1Instance, "relaxed", "float64") });
      })()`)}, { eval: true });
      worker.on("message", (m) => { process.stdout.write(JSON.stringify(m)); process.exit(0); });
      worker.on("error", (e) => { process.stderr.write(String(e)); process.exit(1); });
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.stderr).toBe("");
    const fromWorker = JSON.parse(child.stdout) as Record<Precision, ReturnType<typeof twentySteps>>;
    for (const precision of ["float32", "float64"] as const) {
      expect(fromWorker[precision]).toEqual(twentySteps(WasmGdStep, exp1Instance, "relaxed", precision));
    }
  });
});
