/**
 * The pre-activation part of the float64 kernel contract (../kernelContract.ts): z_ij = ⟨w_j, x_i⟩
 * for 200 seeded ReLU instances (every 20th a medium one) against decimal arithmetic, within the
 * running error bound of the dot product (any summation order); known bad: the kernel run one row
 * short leaves the last row's exact pre-activations unmatched.
 */
import { expect, it } from "vitest";
import { errorBound, errorBoundField, exactValue } from "../../../src/field/errorBound.js";
import { toFloatInstance } from "../../../src/fast/floatInstance.js";
import type { FloatKernel } from "../../../src/fast/kernels.js";
import { mapInstance } from "../../../src/model/instance.js";
import { forward } from "../../../src/model/network.js";
import { D, TOLERANCE_FACTOR, instanceFor } from "./shared.js";

const INSTANCES = 200;

/** Registers this part for one kernel. */
export function preactivationsContractTests(kernel: FloatKernel): void {
  it(`${kernel.name} preactivations: ${INSTANCES} seeded instances within the derived bound; one row short flagged`, () => {
    const failures: string[] = [];
    for (let k = 0; k < INSTANCES; k++) {
      const seed = `differential/preactivations/${k}`;
      const instance = instanceFor("relu", "mean-field", seed, k % 20 === 0);
      const flat = toFloatInstance(instance);
      const out = new Float64Array(flat.n * flat.p);
      kernel.preactivations(flat, out);
      const bounded = forward(errorBoundField, mapInstance(instance, exactValue)).preactivations.flat();
      const exact = forward(D, mapInstance(instance, D.fromNumber)).preactivations.flat();
      exact.forEach((z, m) => {
        const distance = D.abs(D.sub(D.fromNumber(out[m]!), z)).toNumber();
        if (!(distance <= errorBound(bounded[m]!) * TOLERANCE_FACTOR)) failures.push(`${seed} z[${m}]: ${distance}`);
      });
    }
    expect(failures).toEqual([]);
    const instance = instanceFor("relu", "mean-field", "differential/preactivations/short", true);
    const flat = toFloatInstance(instance);
    const out = new Float64Array(flat.n * flat.p);
    kernel.preactivations({ ...flat, n: flat.n - 1, X: flat.X.subarray(0, (flat.n - 1) * flat.d), y: flat.y.subarray(0, flat.n - 1) }, out.subarray(0, (flat.n - 1) * flat.p));
    const exactLast = forward(D, mapInstance(instance, D.fromNumber)).preactivations.at(-1)!;
    expect(exactLast.some((z, j) => D.abs(D.sub(D.fromNumber(out[(flat.n - 1) * flat.p + j]!), z)).toNumber() > 0)).toBe(true);
  });

}
