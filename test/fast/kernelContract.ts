/**
 * The one contract every float64 kernel (src/fast/floatKernel.ts: native AVX-512 / AVX2 /
 * portable, WebAssembly SIMD, TypeScript) is held to: {@link kernelContractTests} registers
 * every part for a kernel, and test/fast/kernelContract.test.ts runs it over availableKernels().
 * Each part is a differential test against exact arithmetic (decimal.js at 50 digits), with
 * tolerances from the running error bound of src/field/errorBound.ts (valid for any summation
 * order) with tanh/exp/log1p charged the kernel's `elementaryUlps`, never tuned, and each has
 * known-bad kernels it must flag:
 * - ./kernelContract/preactivations.ts: z_ij = ⟨w_j, x_i⟩;
 * - ./kernelContract/lossGradient.ts: loss, residuals, gradient, balance and μ, every
 *   activation × scaling;
 * - ./kernelContract/hessianVector.ts: ∇²L·v;
 * - ./kernelContract/flowRhs.ts: the gradient flow's right-hand side on the kernel.
 */
import type { FloatKernel } from "../../src/fast/kernels.js";
import { flowRhsContractTests } from "./kernelContract/flowRhs.js";
import { hessianVectorContractTests } from "./kernelContract/hessianVector.js";
import { lossGradientContractTests } from "./kernelContract/lossGradient.js";
import { preactivationsContractTests } from "./kernelContract/preactivations.js";

export { fieldWithElementaryUlps, signCertainInAnyOrder } from "./kernelContract/shared.js";
export { flowRhsContractTests } from "./kernelContract/flowRhs.js";

/** Registers every part of the contract for one kernel (call inside a describe block per kernel). */
export function kernelContractTests(kernel: FloatKernel): void {
  preactivationsContractTests(kernel);
  lossGradientContractTests(kernel);
  hessianVectorContractTests(kernel);
  flowRhsContractTests(kernel);
}
