/**
 * Every float64 kernel this process can run (native variants the CPU supports, TypeScript) held
 * to the contract of ./kernelContract.ts and ./hessianVectorContract.ts. The dispatching entry points of src/fast/kernels.ts
 * must pick the first (fastest) of them.
 */
import { describe, expect, it } from "vitest";
import { availableKernels, fastKernelName } from "../../src/fast/kernels.js";
import { nativeKernelsError } from "../../src/fast/nativeKernels.js";
import { kernelContractTests } from "./kernelContract.js";
import { hessianVectorContractTests } from "./hessianVectorContract.js";

const kernels = availableKernels();

it("dispatches to the fastest available kernel", () => {
  expect(fastKernelName()).toBe(kernels[0]!.name);
  expect(kernels.at(-1)!.name).toBe("typescript");
  if (nativeKernelsError() !== undefined) console.info(`native kernels not tested: ${nativeKernelsError()}`);
});

describe.each(kernels.map((kernel) => [kernel.name, kernel] as const))("kernel %s", (_name, kernel) => {
  kernelContractTests(kernel);
  hessianVectorContractTests(kernel);
});
