/**
 * The flow right-hand side part of the float64 kernel contract (../kernelContract.ts): the flow
 * on the fast kernels (src/dynamics/fastFlowSystem.ts: dθ/dt = −c∇L, c = p under mean-field
 * scaling, 1 under standard), on one given kernel, or through the dispatcher of
 * src/fast/kernels.ts (then n·d·p falls on both sides of the activation's TypeScript threshold
 * (sizeDispatch), so the TypeScript kernel and a SIMD one are both dispatched to, which is checked). For every activation,
 * seeded instances with n, d, p ∈ 1…12, the fast right-hand side against the generic system's
 * over decimalField({ digits: 50 }) at the instance's doubles, with tolerance
 * errorBound(b)·(1 + u_dec/u), b the generic right-hand side over errorBoundField widened to the
 * kernel's elementary-function ulps (the least accurate kernel's through the dispatcher). ReLU-type instances with a pre-activation sign undecided in some
 * summation order are skipped (≥ 90% must be compared). Known bad: the right-hand side of the
 * instance one row short must be flagged.
 */
import { describe, expect, it } from "vitest";
import { errorBound, exactValue, type ErrorBounded } from "../../../src/field/errorBound.js";
import { fastGradientFlowSystem } from "../../../src/dynamics/fastFlowSystem.js";
import { gradientFlowSystem, initialState } from "../../../src/dynamics/flowSystem.js";
import { availableKernels, sizeDispatch, type FloatKernel } from "../../../src/fast/kernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../../src/model/activation.js";
import { SCALINGS, mapInstance, type Instance, type Scaling } from "../../../src/model/instance.js";
import { forward } from "../../../src/model/network.js";
import { deriveSeed, seededRandom } from "../../../src/random/rng.js";
import { sampleInstance } from "../../../src/random/sampleInstance.js";
import { D, type Dec, MIN_COMPARED_FRACTION, TOLERANCE_FACTOR, distance, fieldWithElementaryUlps, piecewise, signCertainInAnyOrder } from "./shared.js";
import type { Field } from "../../../src/field/field.js";

const INSTANCES = 20;
const MAX_DIMENSION = 12;

function instanceFor(name: ActivationName, scaling: Scaling, seed: string): Instance<number> {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = () => 1 + Math.floor(random.uniform() * MAX_DIMENSION);
  const [n, d, p] = [draw(), draw(), draw()];
  return sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling }, seed });
}

function decided(bounded: Field<ErrorBounded>, instance: Instance<number>): boolean {
  if (!piecewise(instance.model.activation.name)) return true;
  return forward(bounded, mapInstance(instance, exactValue)).preactivations.every((row) => row.every(signCertainInAnyOrder));
}

/** Exact right-hand sides by seed, shared by every kernel's run (the costly part). */
const exactCache = new Map<string, Dec[]>();

function exactRhs(key: string, reference: Instance<number>): Dec[] {
  let exact = exactCache.get(key);
  if (exact === undefined) {
    const exactInstance = mapInstance(reference, D.fromNumber);
    exact = gradientFlowSystem(D, exactInstance).rhs(initialState(exactInstance));
    exactCache.set(key, exact);
  }
  return exact;
}

/**
 * Entries of the fast right-hand side at `instance` off the exact one of `reference` (cached
 * under `key`) by more than their tolerance.
 */
function violations(kernel: FloatKernel | undefined, bounded: Field<ErrorBounded>, key: string, instance: Instance<number>, reference: Instance<number> = instance): string[] {
  const fast = fastGradientFlowSystem(instance, kernel).rhs(initialState(instance));
  const boundedInstance = mapInstance(reference, exactValue);
  const tolerances = gradientFlowSystem(bounded, boundedInstance).rhs(initialState(boundedInstance)).map((b: ErrorBounded) => errorBound(b) * TOLERANCE_FACTOR);
  return exactRhs(key, reference).flatMap((e, m) => {
    const off = distance(fast[m]!, e);
    return off <= tolerances[m]! ? [] : [`θ'[${m}]: |fast − exact| = ${off} > ${tolerances[m]}`];
  });
}

/** Registers this part for one kernel, or (kernel undefined) for the dispatching entry points. */
export function flowRhsContractTests(kernel: FloatKernel | undefined): void {
  const ulps = kernel?.elementaryUlps ?? availableKernels().reduce((worst, k) => Math.max(worst, k.elementaryUlps), 1);
  const bounded = fieldWithElementaryUlps(ulps);
  const label = kernel === undefined ? "dispatched kernels" : kernel.name;

  describe.each(ACTIVATION_NAMES)(`flow right-hand side on the ${label} vs exact arithmetic: %s`, (name) => {
    it.each(SCALINGS)(`%s scaling, ${INSTANCES} seeded instances within the derived bound${kernel === undefined ? ", on both sides of the size dispatch" : ""}`, (scaling) => {
      const failures: { seed: string; problems: string[] }[] = [];
      let compared = 0;
      let small = 0;
      for (let k = 0; k < INSTANCES; k++) {
        const seed = `flowRhs/${name}/${scaling}/${k}`;
        const instance = instanceFor(name, scaling, seed);
        if (!decided(bounded, instance)) continue;
        compared++;
        if (instance.X.length * instance.X[0]!.length * instance.a.length <= sizeDispatch(name).typescript) small++;
        const problems = violations(kernel, bounded, seed, instance);
        if (problems.length > 0) failures.push({ seed, problems: problems.slice(0, 5) });
      }
      expect(failures).toEqual([]);
      expect(compared).toBeGreaterThanOrEqual(MIN_COMPARED_FRACTION * INSTANCES);
      if (kernel === undefined) {
        expect(small).toBeGreaterThan(0);
        expect(small).toBeLessThan(compared);
      }
    });

    it("flags the right-hand side of the instance one row short", () => {
      let k = 0;
      let instance: Instance<number>;
      let seed: string;
      do {
        seed = `flowRhs/${name}/one-row-short/${k++}`;
        instance = instanceFor(name, "mean-field", seed);
      } while (instance.X.length < 2 || !decided(bounded, instance));
      const short = { ...instance, X: instance.X.slice(0, -1), y: instance.y.slice(0, -1) };
      expect(violations(kernel, bounded, seed, short, instance).length).toBeGreaterThan(0);
    });
  });
}
