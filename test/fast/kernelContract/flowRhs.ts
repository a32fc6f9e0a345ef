/**
 * The flow's right-hand side on the fast kernels (src/dynamics/fastFlowSystem.ts: dθ/dt = −c∇L,
 * c = p under mean-field scaling, 1 under standard) under the kernel contract's method
 * (./kernelContract.ts): for every activation, seeded instances with n, d, p ∈ 1…12 (so n·d·p
 * falls on both sides of SMALL_PROBLEM_WORK and both the TypeScript and the fastest kernel are
 * dispatched to), the fast right-hand side against the generic system's over
 * decimalField({ digits: 50 }) at the instance's doubles, with tolerance errorBound(b)·(1 + u_dec/u),
 * b the generic right-hand side over errorBoundField widened to the least accurate kernel's
 * elementary-function ulps. ReLU-type instances with a pre-activation sign undecided in some
 * summation order are skipped (≥ 90% must be compared). Known bad: the right-hand side of the
 * instance one row short must be flagged.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import { fastGradientFlowSystem } from "../../src/dynamics/fastFlowSystem.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { SMALL_PROBLEM_WORK, availableKernels } from "../../src/fast/kernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../src/model/activation.js";
import { SCALINGS, mapInstance, type Instance, type Scaling } from "../../src/model/instance.js";
import { forward } from "../../src/model/network.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";
import { fieldWithElementaryUlps, signCertainInAnyOrder } from "./kernelContract.js";

const INSTANCES = 20;
const MAX_DIMENSION = 12;
const MIN_COMPARED_FRACTION = 0.9;
const D = decimalField({ digits: 50 });
const TOLERANCE_FACTOR = 1 + D.unitRoundoff / UNIT_ROUNDOFF;
const bounded = fieldWithElementaryUlps(availableKernels().reduce((worst, k) => Math.max(worst, k.elementaryUlps), 1));

function instanceFor(name: ActivationName, scaling: Scaling, seed: string): Instance<number> {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = () => 1 + Math.floor(random.uniform() * MAX_DIMENSION);
  const [n, d, p] = [draw(), draw(), draw()];
  return sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling }, seed });
}

const piecewise = (name: ActivationName) => name === "relu" || name === "leaky-relu";

function decided(instance: Instance<number>): boolean {
  if (!piecewise(instance.model.activation.name)) return true;
  return forward(bounded, mapInstance(instance, exactValue)).preactivations.every((row) => row.every(signCertainInAnyOrder));
}

/** Entries of the fast right-hand side at `instance` off the exact one of `reference` by more than their tolerance. */
function violations(instance: Instance<number>, reference: Instance<number> = instance): string[] {
  const fast = fastGradientFlowSystem(instance).rhs(initialState(instance));
  const boundedInstance = mapInstance(reference, exactValue);
  const tolerances = gradientFlowSystem(bounded, boundedInstance).rhs(initialState(boundedInstance)).map((b: ErrorBounded) => errorBound(b) * TOLERANCE_FACTOR);
  const exactInstance = mapInstance(reference, D.fromNumber);
  const exact = gradientFlowSystem(D, exactInstance).rhs(initialState(exactInstance));
  return exact.flatMap((e, m) => {
    const distance = Number.isFinite(fast[m]) ? D.abs(D.sub(D.fromNumber(fast[m]!), e)).toNumber() : Infinity;
    return distance <= tolerances[m]! ? [] : [`θ'[${m}]: |fast − exact| = ${distance} > ${tolerances[m]}`];
  });
}

describe.each(ACTIVATION_NAMES)("flow right-hand side on the fast kernels vs exact arithmetic: %s", (name) => {
  it.each(SCALINGS)(`%s scaling, ${INSTANCES} seeded instances within the derived bound, on both sides of the size dispatch`, (scaling) => {
    const failures: { seed: string; problems: string[] }[] = [];
    let compared = 0;
    let small = 0;
    for (let k = 0; k < INSTANCES; k++) {
      const seed = `flowRhs/${name}/${scaling}/${k}`;
      const instance = instanceFor(name, scaling, seed);
      if (!decided(instance)) continue;
      compared++;
      if (instance.X.length * instance.X[0]!.length * instance.a.length <= SMALL_PROBLEM_WORK) small++;
      const problems = violations(instance);
      if (problems.length > 0) failures.push({ seed, problems: problems.slice(0, 5) });
    }
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(MIN_COMPARED_FRACTION * INSTANCES);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(compared);
  });

  it("flags the right-hand side of the instance one row short", () => {
    let k = 0;
    let instance: Instance<number>;
    do instance = instanceFor(name, "mean-field", `flowRhs/${name}/one-row-short/${k++}`);
    while (instance.X.length < 2 || !decided(instance));
    const short = { ...instance, X: instance.X.slice(0, -1), y: instance.y.slice(0, -1) };
    expect(violations(short, instance).length).toBeGreaterThan(0);
  });
});
