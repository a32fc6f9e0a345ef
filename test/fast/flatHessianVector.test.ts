/**
 * The flat Hessian-vector product (src/fast/flatHessianVector.ts) past the contract's small sizes
 * (n ≤ 9, one block): n up to 150, so the TypeScript kernel's 16-row blocks and the WebAssembly
 * kernel's 64-row blocks are crossed.
 * - TypeScript: the same products in the same order as the generic model over float64Field, so
 *   the same doubles (compared with !==, so +0 and −0 count as equal).
 * - WebAssembly: its dot products and sums are reordered, so against exact arithmetic (decimal.js,
 *   50 digits) within the running error bound, as in ./hessianVectorContract.ts.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, exactValue } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import { typescriptHessianVectorProduct } from "../../src/fast/flatHessianVector.js";
import { toFloatInstance } from "../../src/fast/floatInstance.js";
import { wasmKernel } from "../../src/fast/wasmKernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../src/model/activation.js";
import { mapInstance, type Instance } from "../../src/model/instance.js";
import { forward, hessianVectorProduct } from "../../src/model/network.js";
import { deriveSeed, gaussian, seededRandom } from "../../src/random/rng.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";
import { fieldWithElementaryUlps, signCertainInAnyOrder } from "./kernelContract.js";

function caseFor(name: ActivationName, seed: string, scaling: "mean-field" | "standard", nMin = 17, nMax = 150) {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const n = nMin + Math.floor(random.uniform() * (nMax - nMin + 1));
  const d = 1 + Math.floor(random.uniform() * 9);
  const p = 1 + Math.floor(random.uniform() * 9);
  const instance = sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling }, seed });
  const directionRandom = seededRandom(deriveSeed(seed, "direction"));
  const a = Array.from({ length: p }, () => gaussian(directionRandom));
  const W = Array.from({ length: p }, () => Array.from({ length: d }, () => gaussian(directionRandom)));
  return { instance, direction: { a, W } };
}

function flatProduct(product: (i: ReturnType<typeof toFloatInstance>, v: { a: Float64Array; W: Float64Array }, o: { a: Float64Array; W: Float64Array }) => void, instance: Instance<number>, direction: { a: number[]; W: number[][] }): number[] {
  const flat = toFloatInstance(instance);
  const out = { a: new Float64Array(flat.p), W: new Float64Array(flat.p * flat.d) };
  product(flat, { a: Float64Array.from(direction.a), W: Float64Array.from(direction.W.flat()) }, out);
  return [...out.a, ...out.W];
}

describe.each(ACTIVATION_NAMES)("flat Hessian-vector product over many blocks: %s", (name) => {
  it("TypeScript: the generic model's doubles on 20 instances with n ∈ [17, 150], both scalings", () => {
    let mismatches = 0;
    for (let k = 0; k < 20; k++) {
      const { instance, direction } = caseFor(name, `flatHessianVector/${name}/${k}`, k % 2 === 0 ? "mean-field" : "standard");
      const generic = hessianVectorProduct(float64Field, instance, direction);
      const want = [...generic.a, ...generic.W.flat()];
      const got = flatProduct(typescriptHessianVectorProduct, instance, direction);
      mismatches += got.filter((value, m) => value !== want[m]).length;
    }
    expect(mismatches).toBe(0);
  });

  const wasm = wasmKernel();
  it.runIf(wasm !== undefined)("WebAssembly: within the running error bound of exact arithmetic on 3 instances with n ∈ [65, 90] (two blocks)", () => {
    const D = decimalField({ digits: 50 });
    const bounded = fieldWithElementaryUlps(wasm!.elementaryUlps);
    const failures: string[] = [];
    let compared = 0;
    for (let k = 0; compared < 3 && k < 40; k++) {
      const { instance, direction } = caseFor(name, `flatHessianVector/wasm/${name}/${k}`, "mean-field", 65, 90);
      const boundedInstance = mapInstance(instance, exactValue);
      if ((name === "relu" || name === "leaky-relu") && !forward(bounded, boundedInstance).preactivations.every((row) => row.every(signCertainInAnyOrder))) continue;
      compared++;
      const exact = hessianVectorProduct(D, mapInstance(instance, D.fromNumber), { a: direction.a.map(D.fromNumber), W: direction.W.map((row) => row.map(D.fromNumber)) });
      const bound = hessianVectorProduct(bounded, boundedInstance, { a: direction.a.map(exactValue), W: direction.W.map((row) => row.map(exactValue)) });
      const exactFlat = [...exact.a, ...exact.W.flat()];
      const boundFlat = [...bound.a, ...bound.W.flat()];
      const got = flatProduct(wasm!.hessianVectorProduct, instance, direction);
      exactFlat.forEach((e, m) => {
        const tolerance = errorBound(boundFlat[m]!) * (1 + D.unitRoundoff / UNIT_ROUNDOFF);
        const distance = D.abs(D.sub(D.fromNumber(got[m]!), e)).toNumber();
        if (!(distance <= tolerance)) failures.push(`${name}/${k} entry ${m}: ${distance} > ${tolerance}`);
      });
    }
    expect(failures).toEqual([]);
    expect(compared).toBe(3);
  });
});
