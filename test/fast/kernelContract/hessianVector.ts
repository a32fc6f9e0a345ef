/**
 * The Hessian-vector product part of the float64 kernel contract (../kernelContract.ts; see
 * ./lossGradient.ts for the method): for every activation, seeded instances (n, d, p ∈ 1…9; `sampleInstance` Gaussian
 * laws) and seeded Gaussian directions v = (u, V), the kernel's ∇²L·v against
 * `hessianVectorProduct` of src/model/network.ts over decimalField({ digits: 50 }) (exact), with
 * tolerance errorBound(b)·(1 + u_dec/u), b the same product over errorBoundField widened to the
 * kernel's elementary-function ulps. ReLU-type instances with an undecided pre-activation sign
 * are skipped (≥ 90% must be compared). All failing seeds are collected before asserting; the
 * kernel run one row short (the last data point's terms missing) must be flagged.
 */
import { describe, expect, it } from "vitest";
import { errorBound, exactValue, type ErrorBounded } from "../../../src/field/errorBound.js";
import type { Field } from "../../../src/field/field.js";
import { type FloatInstance, toFloatInstance } from "../../../src/fast/floatInstance.js";
import type { FlatParameters, FloatKernel } from "../../../src/fast/kernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../../src/model/activation.js";
import { mapInstance, type Instance } from "../../../src/model/instance.js";
import { forward, hessianVectorProduct } from "../../../src/model/network.js";
import { deriveSeed, gaussian, seededRandom } from "../../../src/random/rng.js";
import { sampleInstance } from "../../../src/random/sampleInstance.js";
import { D, MIN_COMPARED_FRACTION, TOLERANCE_FACTOR, distance, fieldWithElementaryUlps, piecewise, signCertainInAnyOrder } from "./shared.js";

const INSTANCES = 60;

interface Case {
  seed: string;
  instance: Instance<number>;
  direction: { a: number[]; W: number[][] };
}

function caseFor(name: ActivationName, seed: string): Case {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = () => 1 + Math.floor(random.uniform() * 9);
  const [n, d, p] = [draw(), draw(), draw()];
  const instance = sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling: "mean-field" }, seed });
  const directionRandom = seededRandom(deriveSeed(seed, "direction"));
  const direction = {
    a: Array.from({ length: p }, () => gaussian(directionRandom)),
    W: Array.from({ length: p }, () => Array.from({ length: d }, () => gaussian(directionRandom))),
  };
  return { seed, instance, direction };
}

function productOver<T>(F: Field<T>, { instance, direction }: Case, lift: (x: number) => T) {
  const product = hessianVectorProduct(F, mapInstance(instance, lift), { a: direction.a.map(lift), W: direction.W.map((row) => row.map(lift)) });
  return [...product.a, ...product.W.flat()];
}

/** Exact products by seed, shared by every kernel's run of the contract (the costly part). */
const exactCache = new Map<string, ReturnType<typeof D.fromNumber>[]>();

function exactProduct(c: Case): ReturnType<typeof D.fromNumber>[] {
  let exact = exactCache.get(c.seed);
  if (exact === undefined) {
    exact = productOver(D, c, D.fromNumber);
    exactCache.set(c.seed, exact);
  }
  return exact;
}

function kernelProduct(kernel: FloatKernel, instance: FloatInstance, direction: Case["direction"]): number[] {
  const flatDirection: FlatParameters = { a: Float64Array.from(direction.a), W: Float64Array.from(direction.W.flat()) };
  const out: FlatParameters = { a: new Float64Array(instance.p), W: new Float64Array(instance.p * instance.d) };
  kernel.hessianVectorProduct(instance, flatDirection, out);
  return [...out.a, ...out.W];
}

/** Indices and messages of the entries off by more than their tolerance. */
function violations(fast: number[], bounded: ErrorBounded[], exact: ReturnType<typeof D.fromNumber>[]): string[] {
  const out: string[] = [];
  exact.forEach((e, m) => {
    const tolerance = errorBound(bounded[m]!) * TOLERANCE_FACTOR;
    const off = distance(fast[m]!, e);
    if (!(off <= tolerance)) out.push(`entry ${m}: |fast − exact| = ${off} > ${tolerance}`);
  });
  return out;
}

function decided(c: Case): boolean {
  const name = c.instance.model.activation.name;
  if (!piecewise(name)) return true;
  const boundedInstance = mapInstance(c.instance, exactValue);
  return forward(fieldWithElementaryUlps(1), boundedInstance).preactivations.every((row) => row.every(signCertainInAnyOrder));
}

/** Registers the Hessian-vector contract for one kernel. */
export function hessianVectorContractTests(kernel: FloatKernel): void {
  const bounded = fieldWithElementaryUlps(kernel.elementaryUlps);
  describe.each(ACTIVATION_NAMES)(`${kernel.name} Hessian-vector product vs exact arithmetic: %s`, (name) => {
    it(`${INSTANCES} seeded instances and directions within the derived bound`, () => {
      const failures: { seed: string; problems: string[] }[] = [];
      let compared = 0;
      for (let k = 0; k < INSTANCES; k++) {
        const c = caseFor(name, `hessianVector/${name}/${k}`);
        if (!decided(c)) continue;
        compared++;
        const problems = violations(kernelProduct(kernel, toFloatInstance(c.instance), c.direction), productOver(bounded, c, exactValue), exactProduct(c));
        if (problems.length > 0) failures.push({ seed: c.seed, problems: problems.slice(0, 5) });
      }
      expect(failures).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(MIN_COMPARED_FRACTION * INSTANCES);
    });

    it("flags the kernel run one row short", () => {
      let k = 0;
      let c: Case;
      do c = caseFor(name, `hessianVector/${name}/one-row-short/${k++}`);
      while (c.instance.X.length < 2 || !decided(c));
      const flat = toFloatInstance(c.instance);
      const { n, d } = flat;
      const short: FloatInstance = { ...flat, n: n - 1, X: flat.X.subarray(0, (n - 1) * d), y: flat.y.subarray(0, n - 1) };
      expect(violations(kernelProduct(kernel, short, c.direction), productOver(bounded, c, exactValue), exactProduct(c)).length).toBeGreaterThan(0);
    });
  });
}
