/**
 * The WebAssembly SIMD float64 kernel's plumbing (its accuracy is the kernel contract's job, run on
 * it by kernelContract.test.ts, and its exp/tanh/sigmoid's that of wasmElementary.test.ts): the committed binary is what wabt builds from the .wat source,
 * it ranks after the native kernels and before TypeScript, and without the native addon
 * (SHALLOWCHECK_NATIVE=0) the dispatcher runs it on problems above the TypeScript threshold.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableKernels } from "../../src/fast/kernels.js";
import { buildLossGradientKernel } from "../../src/fast/wasm/buildKernels.js";
import { LOSS_GRADIENT_F64_WASM_BASE64 } from "../../src/fast/wasm/lossGradient.bytes.js";

describe("WebAssembly float64 loss and gradient kernel", () => {
  it("lossGradient.bytes.ts holds the binary built from lossGradientF64.wat", async () => {
    expect(LOSS_GRADIENT_F64_WASM_BASE64).toBe(Buffer.from(await buildLossGradientKernel()).toString("base64"));
  });

  it("ranks after the native kernels and before TypeScript", () => {
    const names = availableKernels().map((k) => k.name);
    expect(names.slice(-2)).toEqual(["wasm-simd", "typescript"]);
    expect(names.slice(0, -2).every((name) => name.startsWith("native-"))).toBe(true);
  });

  it("is what runs without the native addon", () => {
    const script = [
      `const { fastKernelName } = await import(${JSON.stringify(join(import.meta.dirname, "../../dist/src/fast/kernels.js"))});`,
      "const instance = (n) => ({ model: { activation: { name: 'relu' }, scaling: 'mean-field' }, n, d: 8, p: 8, X: new Float64Array(n * 64), y: new Float64Array(n), W: new Float64Array(64), a: new Float64Array(8) });",
      "console.log(fastKernelName(), fastKernelName(instance(2)), fastKernelName(instance(3)), fastKernelName(instance(21)));",
    ].join("\n");
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, SHALLOWCHECK_NATIVE: "0" }, encoding: "utf8" });
    // n·64 multiply-adds: 128 and 192 straddle ReLU's TypeScript threshold (160); 1344 is above every tier.
    expect(output.trim()).toBe("wasm-simd typescript wasm-simd wasm-simd");
  });
});
