import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Instance } from "../../src/model/instance.js";
import { instanceArbitrary, randomFromTape, uniformTape, unitUniform } from "../../src/random/arbitraries.js";
import { sampleData } from "../../src/random/data.js";
import { sampleInit } from "../../src/random/init.js";
import { DATA_LAW_NAMES, INIT_LAW_NAMES } from "../../src/random/options.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";
import { abs, compare, dyadic, exactDot, exactSquaredNorm, isZero, mul } from "./exactDyadic.js";

function isFiniteInstance(instance: Instance<number>): boolean {
  const finite = (values: readonly number[]) => values.every(Number.isFinite);
  return instance.X.every(finite) && finite(instance.y) && instance.W.every(finite) && finite(instance.a);
}

describe("unitUniform", () => {
  it("draws multiples of 2⁻⁵³ in [0, 1), spread like a uniform (not the index-of-doubles law of fc.double)", () => {
    const values = fc.sample(unitUniform(), { seed: 7, numRuns: 2000 });
    expect(values.every((u) => u >= 0 && u < 1 && Number.isInteger(u * 2 ** 53))).toBe(true);
    const mean = values.reduce((t, u) => t + u, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
    // fc.double would put most of its mass at tiny magnitudes; a uniform puts ~10% below 0.1.
    expect(values.filter((u) => u < 1e-3).length).toBeLessThan(20);
  });

  it("shrinks towards 0", () => {
    const result = fc.check(fc.property(unitUniform(), (u) => u < 0.5), { seed: 3 });
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0]).toBeLessThan(0.5 + 1e-9);
  });
});

describe("instanceArbitrary", () => {
  it("is reproducible for a fast-check seed", () => {
    const arbitrary = instanceArbitrary({ data: { law: "near-orthogonal" }, init: { law: "asymmetric" } });
    const first = fc.sample(arbitrary, { seed: 42, numRuns: 5 });
    const second = fc.sample(arbitrary, { seed: 42, numRuns: 5 });
    expect(second).toEqual(first);
    expect(fc.sample(arbitrary, { seed: 43, numRuns: 5 })).not.toEqual(first);
  });

  it("produces finite instances within the requested dimension ranges and model", () => {
    const model = { activation: { name: "tanh" as const }, scaling: "standard" as const };
    const arbitrary = instanceArbitrary({ n: { min: 2, max: 4 }, d: { min: 3, max: 5 }, p: { min: 1, max: 3 }, data: { law: "gaussian" }, init: { law: "pytorch" }, model });
    fc.assert(
      fc.property(arbitrary, (instance) => {
        expect(instance.X.length).toBeGreaterThanOrEqual(2);
        expect(instance.X.length).toBeLessThanOrEqual(4);
        const d = instance.X[0].length;
        expect(d).toBeGreaterThanOrEqual(3);
        expect(d).toBeLessThanOrEqual(5);
        expect(instance.a.length).toBeGreaterThanOrEqual(1);
        expect(instance.a.length).toBeLessThanOrEqual(3);
        expect(instance.W.every((row) => row.length === d)).toBe(true);
        expect(instance.y).toHaveLength(instance.X.length);
        expect(instance.model).toEqual(model);
        expect(isFiniteInstance(instance)).toBe(true);
      }),
      { seed: 1, numRuns: 100 },
    );
  });

  it("orthogonal laws get n ≤ d, and the laws' guarantees hold (exact zero inner products, |a_j| ≥ ‖w_j‖)", () => {
    const arbitrary = instanceArbitrary({ n: { min: 1, max: 6 }, d: { min: 1, max: 4 }, data: { law: "orthogonal" }, init: { law: "asymmetric" } });
    fc.assert(
      fc.property(arbitrary, ({ X, W, a }) => {
        expect(X.length).toBeLessThanOrEqual(X[0].length);
        for (let i = 0; i < X.length; i++) for (let k = 0; k < i; k++) expect(isZero(exactDot(X[i], X[k]))).toBe(true);
        W.forEach((row, j) => expect(compare(mul(dyadic(a[j]), dyadic(a[j])), exactSquaredNorm(row))).toBeGreaterThanOrEqual(0));
      }),
      { seed: 2, numRuns: 100 },
    );
  });

  it("near-orthogonal arbitraries keep |⟨x_i, x_k⟩| ≤ correlation exactly", () => {
    const correlation = 0.05;
    const arbitrary = instanceArbitrary({ n: { min: 2, max: 5 }, d: { min: 2, max: 8 }, data: { law: "near-orthogonal", correlation } });
    fc.assert(
      fc.property(arbitrary, ({ X }) => {
        for (let i = 0; i < X.length; i++) {
          for (let k = 0; k < i; k++) expect(compare(abs(exactDot(X[i], X[k])), dyadic(correlation))).toBeLessThanOrEqual(0);
        }
      }),
      { seed: 4, numRuns: 100 },
    );
  });

  it("shrinks n, d and p to the smallest failing values", () => {
    const arbitrary = instanceArbitrary({ n: { min: 1, max: 8 }, d: { min: 1, max: 8 }, p: { min: 1, max: 8 } });
    const result = fc.check(fc.property(arbitrary, (instance) => instance.X.length < 3 || instance.a.length < 2), { seed: 5 });
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample![0];
    expect(counterexample.X.length).toBe(3);
    expect(counterexample.a.length).toBe(2);
    expect(counterexample.X[0].length).toBe(1);
  });

  it("rejects impossible constraints when built", () => {
    expect(() => instanceArbitrary({ n: { min: 5 }, d: { max: 4 }, data: { law: "orthogonal" } })).toThrow(RangeError);
    expect(() => instanceArbitrary({ p: { min: 0 } })).toThrow(RangeError);
    expect(() => instanceArbitrary({ data: { law: "shell", cxMin: 3 } })).toThrow(/^--cx-min: /);
  });
});

describe("contract: the samplers never produce non-finite numbers", () => {
  const dataLaw = fc.constantFrom(...DATA_LAW_NAMES);
  const initLaw = fc.constantFrom(...INIT_LAW_NAMES);
  const magnitude = fc.constantFrom(1e-100, 1e-8, 1, 1e8, 1e100);

  it("over arbitrary seed strings, laws, dimensions and extreme magnitudes", () => {
    fc.assert(
      fc.property(fc.string(), dataLaw, initLaw, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), magnitude, magnitude, (seed, data, init, n, extraD, p, cx, cy) => {
        const scaleOptions = data === "gaussian" ? { scale: cx } : { cxMin: cx, cxMax: cx };
        const initOptions = init === "gaussian" || init === "small" ? { scale: cy } : init === "asymmetric" ? { wScale: cy } : {};
        const instance = sampleInstance({
          n,
          d: n + extraD,
          p,
          data: { law: data, cyMin: cy, cyMax: cy, ...scaleOptions },
          init: { law: init, ...initOptions },
          model: { activation: { name: "relu" }, scaling: "mean-field" },
          seed: seed === "" ? "empty" : seed,
        });
        expect(isFiniteInstance(instance)).toBe(true);
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it("over arbitrary tapes of uniforms (including shrunk, all-zero and exhausted tapes)", () => {
    fc.assert(
      fc.property(dataLaw, initLaw, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), uniformTape(60), uniformTape(30), (data, init, n, extraD, dataTape, initTape) => {
        const d = n + extraD;
        const { X, y } = sampleData(randomFromTape(dataTape), n, d, { law: data });
        const { W, a } = sampleInit(randomFromTape(initTape), 3, d, { law: init });
        expect(isFiniteInstance({ model: { activation: { name: "relu" }, scaling: "mean-field" }, X, y, W, a })).toBe(true);
      }),
      { seed: 8, numRuns: 300, examples: [[ "shell", "asymmetric", 3, 0, { tape: new Array(60).fill(0), fallbackSeed: "z" }, { tape: new Array(30).fill(0), fallbackSeed: "z" }]] },
    );
  });
});
