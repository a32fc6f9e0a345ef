import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/inputError.js";
import { sampleInit, type InitSample } from "../../src/random/init.js";
import { INIT_LAW_NAMES, type InitOptions } from "../../src/random/options.js";
import { seededRandom, tapeRandom } from "../../src/random/rng.js";
import { gamma } from "../../src/random/rounding.js";
import { abs, compare, dyadic, exactSquaredNorm, mul, sub } from "./exactDyadic.js";

const SEEDS = Array.from({ length: 40 }, (_, k) => `init-test-${k}`);
const ZEROS = new Array<number>(400).fill(0);

function draw(seed: string, p: number, d: number, options: InitOptions): InitSample {
  return sampleInit(seededRandom(seed), p, d, options);
}

function allFinite(sample: InitSample): boolean {
  return sample.W.every((row) => row.every(Number.isFinite)) && sample.a.every(Number.isFinite);
}

function entryMoments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((t, x) => t + x, 0) / values.length;
  return { mean, variance: values.reduce((t, x) => t + (x - mean) ** 2, 0) / values.length };
}

describe("every initialization", () => {
  it.each(INIT_LAW_NAMES)("%s: shape p×d and p, finite, also from a tape of zeros", (law) => {
    for (const sample of [...SEEDS.map((seed) => draw(seed, 5, 3, { law })), sampleInit(tapeRandom(ZEROS, "f"), 5, 3, { law })]) {
      expect(sample.W).toHaveLength(5);
      expect(sample.W.every((row) => row.length === 3)).toBe(true);
      expect(sample.a).toHaveLength(5);
      expect(allFinite(sample)).toBe(true);
    }
  });
});

describe("pytorch", () => {
  it("W_jk ∈ [−1/√d, 1/√d] and a_j ∈ [−1/√p, 1/√p], spread over the interval", () => {
    const p = 4;
    const d = 9;
    const entries: number[] = [];
    for (const seed of SEEDS) {
      const { W, a } = draw(seed, p, d, { law: "pytorch" });
      W.flat().forEach((w) => expect(Math.abs(w)).toBeLessThanOrEqual(1 / 3));
      a.forEach((value) => expect(Math.abs(value)).toBeLessThanOrEqual(1 / 2));
      entries.push(...W.flat());
    }
    // U(−b, b) has variance b²/3 = 1/27.
    const { mean, variance } = entryMoments(entries);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance * 27 - 1)).toBeLessThan(0.1);
  });
});

describe("gaussian and small", () => {
  it("gaussian: W_jk ~ N(0, 1/d), a_j ~ N(0, 1) by default", () => {
    const { W, a } = draw("gaussian-init", 400, 8, { law: "gaussian" });
    expect(Math.abs(entryMoments(W.flat()).variance * 8 - 1)).toBeLessThan(0.1);
    expect(Math.abs(entryMoments(a).variance - 1)).toBeLessThan(0.25);
  });

  it("small: the gaussian law times 1e-3 by default, and --init-scale sets the factor", () => {
    const gaussianSample = draw("same-stream", 6, 4, { law: "gaussian" });
    const small = draw("same-stream", 6, 4, { law: "small" });
    small.W.forEach((row, j) => row.forEach((w, k) => expect(w).toBeCloseTo(gaussianSample.W[j][k] * 1e-3, 15)));
    small.a.forEach((value, j) => expect(value).toBeCloseTo(gaussianSample.a[j] * 1e-3, 15));
    const scaled = draw("same-stream", 6, 4, { law: "gaussian", scale: 5 });
    scaled.a.forEach((value, j) => expect(value).toBeCloseTo(gaussianSample.a[j] * 5, 12));
  });
});

describe("asymmetric (dana2025 Assumption 1)", () => {
  function expectAssumptionOne(sample: InitSample): void {
    sample.W.forEach((row, j) => {
      // Exactly: a_j² ≥ ‖w_j‖², with no rounding in the check.
      const aSquared = mul(dyadic(sample.a[j]), dyadic(sample.a[j]));
      expect(compare(aSquared, exactSquaredNorm(row))).toBeGreaterThanOrEqual(0);
    });
  }

  it("|a_j| ≥ ‖w_j‖ exactly, over many seeds and w-scales", () => {
    for (const seed of SEEDS) {
      for (const wScale of [1, 0.01, 100]) expectAssumptionOne(draw(seed, 6, 5, { law: "asymmetric", wScale }));
    }
  });

  it("|a_j| ≥ ‖w_j‖ exactly even when e_j = 0 (a tape of zeros, then u ≈ 1 for W)", () => {
    expectAssumptionOne(sampleInit(tapeRandom(ZEROS, "f"), 6, 5, { law: "asymmetric" }));
    // W entries near the top of U(−b, b), then signs and e_j from zeros.
    const tape = [...new Array<number>(30).fill(1 - 2 ** -53), ...new Array<number>(12).fill(0)];
    expectAssumptionOne(sampleInit(tapeRandom(tape, "f"), 6, 5, { law: "asymmetric" }));
  });

  it("a_j − s_j‖w_j‖ has mean ≈ 1 (e_j ~ Exp(1)), both signs occur, W is the PyTorch law times wScale", () => {
    const { W, a } = draw("asymmetric-moments", 2000, 4, { law: "asymmetric", wScale: 0.01 });
    const excess = a.map((value, j) => Math.abs(value) - Math.hypot(...W[j]));
    expect(Math.abs(excess.reduce((t, e) => t + e, 0) / excess.length - 1)).toBeLessThan(0.1);
    expect(a.some((value) => value > 0) && a.some((value) => value < 0)).toBe(true);
    W.flat().forEach((w) => expect(Math.abs(w)).toBeLessThanOrEqual(0.01 / 2 + 1e-18));
  });
});

describe("balanced", () => {
  it("|a_j² − ‖w_j‖²| ≤ γ_{d+2}‖w_j‖² exactly (one norm's rounding), both signs occur", () => {
    const signs = new Set<number>();
    for (const seed of SEEDS) {
      const d = 7;
      const sample = draw(seed, 6, d, { law: "balanced" });
      sample.W.forEach((row, j) => {
        const squaredNorm = exactSquaredNorm(row);
        const imbalance = abs(sub(mul(dyadic(sample.a[j]), dyadic(sample.a[j])), squaredNorm));
        expect(compare(imbalance, mul(dyadic(gamma(d + 2)), squaredNorm))).toBeLessThanOrEqual(0);
        signs.add(Math.sign(sample.a[j]));
      });
    }
    expect(signs).toEqual(new Set([-1, 1]));
  });
});

describe("invalid options", () => {
  const cases: [string, number, number, InitOptions, RegExp][] = [
    ["p = 0", 0, 3, { law: "pytorch" }, /^--p: /],
    ["non-integer p", 1.5, 3, { law: "pytorch" }, /^--p: /],
    ["d = 0", 2, 0, { law: "pytorch" }, /^--d: /],
    ["negative scale", 2, 3, { law: "gaussian", scale: -1 }, /^--init-scale: /],
    ["zero w-scale", 2, 3, { law: "asymmetric", wScale: 0 }, /^--w-scale: /],
    ["huge scale", 2, 3, { law: "small", scale: 1e200 }, /^--init-scale: /],
    ["w-scale with pytorch", 2, 3, { law: "pytorch", wScale: 0.1 }, /^--w-scale: not used by --init pytorch$/],
    ["scale with asymmetric", 2, 3, { law: "asymmetric", scale: 0.1 }, /^--init-scale: /],
    ["unknown law", 2, 3, { law: "xavier" as never }, /^--init: unknown law "xavier"/],
    ["too many entries", 20_000, 1000, { law: "pytorch" }, /^--p: W would have/],
  ];
  it.each(cases)("%s → InputError naming the flag", (_, p, d, options, message) => {
    const attempt = () => sampleInit(seededRandom("bad"), p, d, options);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });
});
