/**
 * Every float32 kernel this process can run (native variants the CPU supports, TypeScript) held
 * to the contract of ./float32KernelContract.ts; the dispatching entry point picks the first.
 */
import { describe, expect, it } from "vitest";
import { availableFloat32Kernels, float32KernelName } from "../../src/fast/float32Kernels.js";
import { float32NativeKernelsError } from "../../src/fast/float32NativeKernels.js";
import { float32KernelContractTests } from "./float32KernelContract.js";

const kernels = availableFloat32Kernels();

it("dispatches to the fastest available float32 kernel", () => {
  expect(float32KernelName()).toBe(kernels[0]!.name);
  expect(kernels.at(-1)!.name).toBe("typescript-float32");
  if (float32NativeKernelsError() !== undefined) console.info(`native float32 kernels not tested: ${float32NativeKernelsError()}`);
});

describe.each(kernels.map((kernel) => [kernel.name, kernel] as const))("float32 kernel %s", (_name, kernel) => {
  float32KernelContractTests(kernel);
});
