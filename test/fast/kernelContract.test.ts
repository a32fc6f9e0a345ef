/**
 * Every float64 kernel this process can run (native variants the CPU supports, WebAssembly SIMD,
 * TypeScript) held to the one contract of ./kernelContract.ts; the flow's right-hand side also
 * through the dispatching entry points, which must pick the first (fastest) kernel and
 * TypeScript for the smallest problems.
 */
import { describe, expect, it } from "vitest";
import { availableKernels, fastKernelName } from "../../src/fast/kernels.js";
import { nativeKernelsError } from "../../src/fast/nativeKernels.js";
import { flowRhsContractTests, kernelContractTests } from "./kernelContract.js";

const kernels = availableKernels();

it("dispatches to the fastest available kernel", () => {
  expect(fastKernelName()).toBe(kernels[0]!.name);
  expect(kernels.at(-1)!.name).toBe("typescript");
  if (nativeKernelsError() !== undefined) console.info(`native kernels not tested: ${nativeKernelsError()}`);
});

describe.each(kernels.map((kernel) => [kernel.name, kernel] as const))("kernel %s", (_name, kernel) => {
  kernelContractTests(kernel);
});

describe("dispatching entry points", () => {
  flowRhsContractTests(undefined);
});
