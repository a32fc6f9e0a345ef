import { describe, expect, it } from "vitest";
import { deriveSeed, exponential, gaussian, rademacher, seededRandom, tapeRandom, uniformBetween, type Random } from "../../src/random/rng.js";
import { compare, dyadic, exactDot, mul } from "./exactDyadic.js";

const LARGEST_UNIFORM = 1 - 2 ** -53;

function draws(random: Random, count: number, draw: (r: Random) => number): number[] {
  return Array.from({ length: count }, () => draw(random));
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

describe("exact dyadic helper (used by the law tests)", () => {
  it("computes inner products of doubles without rounding", () => {
    // 0.1 is slightly above 1/10, so its exact square exceeds the double nearest 0.01, although the float product equals it.
    expect(0.1 * 0.1).not.toBe(0.01);
    expect(compare(exactDot([0.1], [0.1]), dyadic(0.01))).toBe(1);
    expect(compare(exactDot([3, -4], [3, 4]), dyadic(-7))).toBe(0);
    expect(compare(mul(dyadic(2 ** -1074), dyadic(2 ** 1023)), dyadic(2 ** -51))).toBe(0);
  });
});

describe("seededRandom", () => {
  it("is reproducible for a seed and differs between seeds", () => {
    const first = draws(seededRandom("alpha"), 20, (r) => r.uniform());
    expect(draws(seededRandom("alpha"), 20, (r) => r.uniform())).toEqual(first);
    expect(draws(seededRandom("beta"), 20, (r) => r.uniform())).not.toEqual(first);
  });

  it("draws uniforms in [0, 1) with mean 1/2", () => {
    const values = draws(seededRandom("uniform-moments"), 20_000, (r) => r.uniform());
    expect(values.every((u) => u >= 0 && u < 1)).toBe(true);
    // Standard error 1/√(12·20000) ≈ 0.002.
    expect(Math.abs(mean(values) - 0.5)).toBeLessThan(0.01);
  });
});

describe("deriveSeed", () => {
  it("gives distinct seeds for distinct label lists, even with separators in labels", () => {
    const seeds = [
      deriveSeed("s", "data"),
      deriveSeed("s", "init"),
      deriveSeed("s", "a/b"),
      deriveSeed("s/a", "b"),
      deriveSeed("s", "a", "b"),
      deriveSeed("s", 1),
      deriveSeed("s", "1"),
      deriveSeed("s"),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(deriveSeed("s", "data")).toBe(deriveSeed("s", "data"));
  });

  it("derived streams are unrelated to the parent stream", () => {
    const parent = draws(seededRandom("root"), 10, (r) => r.uniform());
    expect(draws(seededRandom(deriveSeed("root", "data")), 10, (r) => r.uniform())).not.toEqual(parent);
  });
});

describe("tapeRandom", () => {
  it("reads the tape in order, then continues with the fallback seed's stream", () => {
    const random = tapeRandom([0.25, 0, 0.75], "fallback");
    const fallback = seededRandom("fallback");
    expect([random.uniform(), random.uniform(), random.uniform()]).toEqual([0.25, 0, 0.75]);
    expect(draws(random, 5, (r) => r.uniform())).toEqual(draws(fallback, 5, (r) => r.uniform()));
  });

  it("rejects tape entries outside [0, 1)", () => {
    expect(() => tapeRandom([0.5, 1], "x")).toThrow(RangeError);
    expect(() => tapeRandom([-0.1], "x")).toThrow(RangeError);
    expect(() => tapeRandom([Number.NaN], "x")).toThrow(RangeError);
  });
});

describe("derived distributions", () => {
  it("gaussian: finite at the extreme uniforms 0 and 1 − 2⁻⁵³", () => {
    for (const tape of [[0, 0], [LARGEST_UNIFORM, LARGEST_UNIFORM], [0, LARGEST_UNIFORM], [LARGEST_UNIFORM, 0]]) {
      const random = tapeRandom(tape, "unused");
      const pair = [gaussian(random), gaussian(random)];
      expect(pair.every(Number.isFinite)).toBe(true);
      expect(Math.max(...pair.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(2 * 53 * Math.LN2) + 1e-12);
    }
  });

  it("gaussian: uses both Box–Muller values (two uniforms per two draws) and has mean 0, variance 1", () => {
    const random = tapeRandom([0.5, 0.125], "after");
    gaussian(random);
    gaussian(random);
    // The pair consumed exactly the two tape entries, so the next uniform is the fallback's first.
    expect(random.uniform()).toBe(seededRandom("after").uniform());

    const values = draws(seededRandom("gaussian-moments"), 20_000, gaussian);
    expect(Math.abs(mean(values))).toBeLessThan(0.05); // standard error 0.007
    expect(Math.abs(mean(values.map((g) => g * g)) - 1)).toBeLessThan(0.07); // standard error 0.01
  });

  it("exponential: ≥ 0, finite at u = 1 − 2⁻⁵³, mean 1", () => {
    expect(exponential(tapeRandom([0], "x"))).toBe(0);
    expect(Number.isFinite(exponential(tapeRandom([LARGEST_UNIFORM], "x")))).toBe(true);
    const values = draws(seededRandom("exponential-moments"), 20_000, exponential);
    expect(values.every((e) => e >= 0)).toBe(true);
    expect(Math.abs(mean(values) - 1)).toBeLessThan(0.05); // standard error 0.007
  });

  it("rademacher: only ±1, balanced", () => {
    const values = draws(seededRandom("signs"), 20_000, rademacher);
    expect(values.every((s) => s === 1 || s === -1)).toBe(true);
    expect(Math.abs(mean(values))).toBeLessThan(0.05);
  });

  it("uniformBetween: stays in [lo, hi] at the extreme uniforms, even for huge bounds", () => {
    expect(uniformBetween(tapeRandom([0], "x"), 1, 2)).toBe(1);
    for (const [lo, hi] of [[1, 2], [0.1, 0.3], [-1e300, 1.7e308], [-Number.MAX_VALUE, Number.MAX_VALUE], [5, 5]]) {
      for (const u of [0, 0.5, LARGEST_UNIFORM]) {
        const value = uniformBetween(tapeRandom([u], "x"), lo, hi);
        expect(value).toBeGreaterThanOrEqual(lo);
        expect(value).toBeLessThanOrEqual(hi);
      }
    }
    expect(() => uniformBetween(tapeRandom([0.5], "x"), 2, 1)).toThrow(RangeError);
    const values = draws(seededRandom("between"), 5000, (r) => uniformBetween(r, -3, 5));
    expect(Math.abs(mean(values) - 1)).toBeLessThan(0.2);
  });
});
