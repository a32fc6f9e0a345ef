/**
 * The float64 callers routed onto the fast kernels: `evaluateOnKernels` (checkpoints, one-off
 * float evaluations) against the generic model, its data cache, the size dispatch and the
 * record of which kernel ran. Tolerance: the kernel and the generic float path are each within
 * the running error bound b of the exact value (kernelContract.ts for the kernel; errorBound.ts
 * for the generic path, whose value is the errorBoundField value), so they differ by at most 2b.
 */
import { describe, expect, it } from "vitest";
import { errorBound, errorBoundField, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import { evaluateOnKernels } from "../../src/fast/evaluateOnKernels.js";
import { toFloatInstance } from "../../src/fast/floatInstance.js";
import { availableKernels, fastKernelName, kernelUsage, kernelsUsedSince, sizeDispatch } from "../../src/fast/kernels.js";
import { fastGradientFlowSystem } from "../../src/dynamics/fastFlowSystem.js";
import { initialState } from "../../src/dynamics/flowSystem.js";
import { integrate } from "../../src/dynamics/integrate.js";
import type { ActivationName } from "../../src/model/activation.js";
import { type Instance, mapInstance } from "../../src/model/instance.js";
import { evaluate } from "../../src/model/network.js";
import { withParameters } from "../../src/model/parameters.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";

function sample(n: number, d: number, p: number, activation: ActivationName, seed: string): Instance<number> {
  return sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: activation }, scaling: "mean-field" }, seed });
}

/** Every quantity evaluateOnKernels returns, flattened, with the generic bounded value of each. */
function comparisons(instance: Instance<number>): { what: string; fast: number; bounded: ErrorBounded }[] {
  const fast = evaluateOnKernels(instance);
  const bounded = evaluate(errorBoundField, mapInstance(instance, exactValue));
  const pairs = [
    ["loss", [fast.loss], [bounded.loss]],
    ["residual", fast.residuals, bounded.residuals],
    ["output", fast.outputs, bounded.outputs],
    ["gradient a", fast.gradient.a, bounded.gradient.a],
    ["gradient W", fast.gradient.W.flat(), bounded.gradient.W.flat()],
    ["balance", fast.balance, bounded.balance],
    ["pl", [fast.pl!], [bounded.pl!]],
  ] as const;
  return pairs.flatMap(([what, values, references]) => values.map((value, m) => ({ what: `${what}[${m}]`, fast: value, bounded: references[m]! })));
}

describe("evaluateOnKernels", () => {
  // quadratic and relu: no elementary functions, so the bound needs no widening for the kernel's ulps.
  it.each<[ActivationName, number, number, number]>([
    ["relu", 3, 2, 2],
    ["relu", 40, 9, 5],
    ["quadratic", 4, 3, 2],
    ["quadratic", 33, 7, 6],
  ])("%s (%i, %i, %i): every quantity within twice the error bound of the generic float path", (activation, n, d, p) => {
    const instance = sample(n, d, p, activation, `fast/evaluateOnKernels/${activation}/${n}`);
    const failures = comparisons(instance)
      .filter(({ fast, bounded }) => !(Math.abs(fast - bounded.value) <= 2 * errorBound(bounded)))
      .map(({ what, fast, bounded }) => `${what}: ${fast} vs ${bounded.value} ± ${errorBound(bounded)}`);
    expect(failures).toEqual([]);
  });

  it("reuses the flattened data for new parameters, and not for new labels", () => {
    const instance = sample(30, 6, 4, "relu", "fast/evaluateOnKernels/cache");
    // A copy of X is a data set the cache has never seen: the reference for a cached evaluation.
    const uncached = (at: Instance<number>) => evaluateOnKernels({ ...at, X: at.X.map((row) => row.slice()) });
    const first = evaluateOnKernels(instance);
    const moved = withParameters(instance, initialState(instance).map((v) => v * 0.5));
    expect(evaluateOnKernels(moved)).toEqual(uncached(moved));
    expect(evaluateOnKernels(moved).loss).not.toBe(first.loss);
    const relabelled = { ...instance, y: instance.y.map((v) => v + 1) };
    expect(evaluateOnKernels(relabelled)).toEqual(uncached(relabelled));
    expect(evaluateOnKernels(relabelled).loss).not.toBe(first.loss);
    expect(evaluateOnKernels(instance)).toEqual(first);
  });
});

describe("kernel dispatch and record", () => {
  it.each(["relu", "quadratic", "tanh"] as const)("%s: TypeScript up to its threshold, WebAssembly (where built) up to the next, the fastest kernel above", (activation) => {
    const { typescript, wasm } = sizeDispatch(activation);
    expect(typescript).toBeLessThan(wasm);
    // n·1·1 = n multiply-adds per product: instances exactly at and just above each threshold.
    const named = (n: number) => fastKernelName(toFloatInstance(sample(n, 1, 1, activation, `fast/dispatch/${activation}/${n}`)));
    const fastest = availableKernels()[0]!.name;
    const middle = availableKernels().some((kernel) => kernel.name === "wasm-simd") ? "wasm-simd" : fastest;
    expect([named(typescript), named(typescript + 1), named(wasm), named(wasm + 1)]).toEqual(["typescript", middle, middle, fastest]);
  });

  it("hands a transcendental σ to the SIMD kernels at smaller sizes than a compare (TypeScript pays a call per entry for it)", () => {
    expect(sizeDispatch("tanh").typescript).toBeLessThan(sizeDispatch("relu").typescript);
    expect(sizeDispatch("softplus")).toEqual(sizeDispatch("tanh"));
  });

  it("records which kernel a float64 run's steps and checkpoints ran on", () => {
    const instance = sample(20, 6, 5, "tanh", "fast/dispatch/run");
    const before = kernelUsage();
    const run = integrate(fastGradientFlowSystem(instance), initialState(instance), { method: "rk4", step: 0.01, maxSteps: 5, checkpoints: { kind: "every", steps: 1 } });
    expect(kernelsUsedSince(before)).toEqual([availableKernels()[0]!.name]);
    const last = run.checkpoints.at(-1)!;
    expect(last.loss).toBe(evaluateOnKernels(withParameters(instance, last.parameters)).loss);
    expect(kernelsUsedSince(kernelUsage())).toEqual([]);
  });
});
