/**
 * Every float32 kernel this process can run (native variants the CPU supports, WebAssembly SIMD,
 * TypeScript) held to the contract of ./float32KernelContract.ts; the dispatching entry point
 * picks the first, and without the native addon (SHALLOWCHECK_NATIVE=0) that is the WebAssembly
 * kernel, which `eval --precision float32` then names.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableFloat32Kernels, float32KernelName, float32TypescriptUpTo } from "../../src/fast/float32Kernels.js";
import { float32NativeKernelsError } from "../../src/fast/float32NativeKernels.js";
import { BIN } from "../cliRun.js";
import { float32KernelContractTests } from "./float32KernelContract.js";

const kernels = availableFloat32Kernels();

it("dispatches to the fastest available float32 kernel: native, then WebAssembly SIMD, then TypeScript", () => {
  expect(float32KernelName()).toBe(kernels[0]!.name);
  const names = kernels.map((kernel) => kernel.name);
  expect(names.slice(-2)).toEqual(["wasm-simd-float32", "typescript-float32"]);
  expect(names.slice(0, -2).every((name) => name.startsWith("native-") && name.endsWith("-float32"))).toBe(true);
  if (float32NativeKernelsError() !== undefined) console.info(`native float32 kernels not tested: ${float32NativeKernelsError()}`);
});

it.each(["relu", "quadratic", "tanh"] as const)("runs %s problems up to its TypeScript threshold on TypeScript, larger ones on the fastest kernel", (name) => {
  const upTo = float32TypescriptUpTo(name);
  // n·1·1 = n multiply-adds per product.
  const instance = (n: number) => ({ model: { activation: { name }, scaling: "mean-field" as const }, n, d: 1, p: 1, X: new Float32Array(n), y: new Float32Array(n), W: new Float32Array(1), a: new Float32Array(1) });
  expect([float32KernelName(instance(upTo)), float32KernelName(instance(upTo + 1))]).toEqual(["typescript-float32", kernels[0]!.name]);
  if (name === "tanh") expect(upTo).toBeLessThan(float32TypescriptUpTo("relu"));
});

describe("without the native addon (SHALLOWCHECK_NATIVE=0)", () => {
  const env = { ...process.env, SHALLOWCHECK_NATIVE: "0" };

  it("the dispatcher runs the WebAssembly float32 kernel above the TypeScript threshold (ReLU: 160), TypeScript below", () => {
    const script = [
      `const { float32KernelName } = await import(${JSON.stringify(join(import.meta.dirname, "../../dist/src/fast/float32Kernels.js"))});`,
      "const instance = (n) => ({ model: { activation: { name: 'relu' }, scaling: 'mean-field' }, n, d: 8, p: 8, X: new Float32Array(n * 64), y: new Float32Array(n), W: new Float32Array(64), a: new Float32Array(8) });",
      "console.log(float32KernelName(), float32KernelName(instance(2)), float32KernelName(instance(3)));",
    ].join("\n");
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    expect(output.trim()).toBe("wasm-simd-float32 typescript-float32 wasm-simd-float32");
  });

  it("eval --precision float32 runs on it and says so", () => {
    const file = join(mkdtempSync(join(tmpdir(), "shallowcheck-wasm-f32-")), "instance.json");
    const sample = ["sample", "--data", "gaussian", "--init", "gaussian", "--n", "40", "--d", "12", "--p", "6", "--seed", "wasm-f32", "--activation", "softplus", "--out", file];
    const sampled = spawnSync(process.execPath, [BIN, ...sample], { env, encoding: "utf8" });
    expect(sampled.stderr).toBe("");
    const result = spawnSync(process.execPath, [BIN, "eval", file, "--precision", "float32"], { env, encoding: "utf8" });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect([report.backend, report.kernel]).toEqual(["float32", "wasm-simd-float32"]);
    expect(Math.fround(report.loss)).toBe(report.loss);
  });
});

describe.each(kernels.map((kernel) => [kernel.name, kernel] as const))("float32 kernel %s", (_name, kernel) => {
  float32KernelContractTests(kernel);
});
