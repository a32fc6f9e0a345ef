import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/inputError.js";
import { certifyCorrelation, DATA_LAWS, sampleData, type DataSample } from "../../src/random/data.js";
import { DATA_LAW_NAMES, type DataLawOptions } from "../../src/random/options.js";
import { deriveSeed, seededRandom, tapeRandom } from "../../src/random/rng.js";
import { gamma, norm } from "../../src/random/rounding.js";
import { abs, compare, dyadic, exactDot, isZero } from "./exactDyadic.js";

const SEEDS = Array.from({ length: 40 }, (_, k) => `data-test-${k}`);

function draw(seed: string, n: number, d: number, options: DataLawOptions): DataSample {
  return sampleData(seededRandom(seed), n, d, options);
}

function allFinite(sample: DataSample): boolean {
  return sample.X.every((row) => row.every(Number.isFinite)) && sample.y.every(Number.isFinite);
}

/**
 * Relative tolerance on a float-computed ‖x_i‖ for the rescaled laws: the generator's final
 * rescaling leaves the exact norm within (d/2 + 3)u of ρ_i, and the test's own norm adds
 * (d/2 + 1)u.
 */
function normTolerance(d: number): number {
  return gamma(d + 6);
}

function expectNormsIn(sample: DataSample, cxMin: number, cxMax: number, tolerance: number): void {
  for (const row of sample.X) {
    const length = norm(row);
    expect(length).toBeGreaterThanOrEqual(cxMin * (1 - tolerance));
    expect(length).toBeLessThanOrEqual(cxMax * (1 + tolerance));
  }
}

function expectLabelsIn(sample: DataSample, cyMin: number, cyMax: number): void {
  for (const label of sample.y) {
    expect(Math.abs(label)).toBeGreaterThanOrEqual(cyMin);
    expect(Math.abs(label)).toBeLessThanOrEqual(cyMax);
  }
}

describe("labels (every law)", () => {
  it.each(DATA_LAW_NAMES)("%s: |y_i| ∈ [cyMin, cyMax] exactly, both signs occur", (law) => {
    const signs = new Set<number>();
    for (const seed of SEEDS.slice(0, 10)) {
      const sample = draw(seed, 6, 8, { law, cyMin: 0.5, cyMax: 3 });
      expect(sample.y).toHaveLength(6);
      expectLabelsIn(sample, 0.5, 3);
      sample.y.forEach((label) => signs.add(Math.sign(label)));
    }
    expect(signs).toEqual(new Set([-1, 1]));
  });

  it("default label range is [1, 2] and spreads across it", () => {
    const labels = SEEDS.flatMap((seed) => draw(seed, 5, 5, { law: "shell" }).y.map(Math.abs));
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...labels)).toBeLessThanOrEqual(2);
    expect(Math.min(...labels)).toBeLessThan(1.1);
    expect(Math.max(...labels)).toBeGreaterThan(1.9);
  });
});

describe("every law", () => {
  it.each(DATA_LAW_NAMES)("%s: has the requested shape and only finite entries", (law) => {
    for (const seed of SEEDS) {
      const sample = draw(seed, 4, 7, { law });
      expect(sample.X).toHaveLength(4);
      expect(sample.X.every((row) => row.length === 7)).toBe(true);
      expect(allFinite(sample)).toBe(true);
    }
  });

  it.each(DATA_LAW_NAMES)("%s: finite and well-shaped even from a tape of zeros and a tape of near-ones", (law) => {
    for (const value of [0, 1 - 2 ** -53]) {
      const sample = sampleData(tapeRandom(new Array<number>(500).fill(value), "fallback"), 3, 4, { law });
      expect(sample.X).toHaveLength(3);
      expect(allFinite(sample)).toBe(true);
    }
  });

  it.each(DATA_LAW_NAMES)("%s: is a function of the stream (same stream, same data)", (law) => {
    expect(draw("repeat", 3, 5, { law })).toEqual(draw("repeat", 3, 5, { law }));
    expect(draw("repeat", 3, 5, { law }).X).not.toEqual(draw("other", 3, 5, { law }).X);
  });
});

describe("gaussian", () => {
  it("entries have mean 0 and variance scale²/d", () => {
    const d = 10;
    const scale = 3;
    const entries = draw("gaussian-moments", 400, d, { law: "gaussian", scale }).X.flat();
    const meanValue = entries.reduce((t, x) => t + x, 0) / entries.length;
    const variance = entries.reduce((t, x) => t + x * x, 0) / entries.length;
    // 4000 entries: standard errors 0.015 (mean) and 2.2% (variance).
    expect(Math.abs(meanValue)).toBeLessThan(0.1);
    expect(Math.abs(variance / ((scale * scale) / d) - 1)).toBeLessThan(0.1);
  });
});

describe("shell", () => {
  it("‖x_i‖ ∈ [cxMin, cxMax] up to the rescaling's rounding, spread across the range", () => {
    const norms: number[] = [];
    for (const seed of SEEDS) {
      const sample = draw(seed, 5, 9, { law: "shell", cxMin: 0.5, cxMax: 4 });
      expectNormsIn(sample, 0.5, 4, normTolerance(9));
      norms.push(...sample.X.map(norm));
    }
    expect(Math.min(...norms)).toBeLessThan(0.7);
    expect(Math.max(...norms)).toBeGreaterThan(3.8);
  });

  it("directions are not aligned with the axes (general position)", () => {
    const sample = draw("shell-direction", 20, 5, { law: "shell" });
    expect(sample.X.every((row) => row.every((value) => value !== 0))).toBe(true);
  });

  it("cxMin = cxMax gives norms equal to it up to rounding", () => {
    const sample = draw("unit-sphere", 10, 6, { law: "shell", cxMin: 1, cxMax: 1 });
    expectNormsIn(sample, 1, 1, normTolerance(6));
  });
});

describe("orthogonal", () => {
  it("⟨x_i, x_k⟩ = 0 exactly, ‖x_i‖ ∈ [cxMin, cxMax] exactly, x_i on the i-th axis", () => {
    for (const seed of SEEDS) {
      const sample = draw(seed, 5, 7, { law: "orthogonal", cxMin: 1, cxMax: 2 });
      sample.X.forEach((row, i) => {
        expect(row.filter((value) => value !== 0)).toHaveLength(1);
        expect(row[i]).toBeGreaterThanOrEqual(1);
        expect(row[i]).toBeLessThanOrEqual(2);
        for (let k = 0; k < i; k++) expect(isZero(exactDot(row, sample.X[k]))).toBe(true);
      });
    }
  });

  it("n = d is allowed", () => {
    expect(draw("square", 4, 4, { law: "orthogonal" }).X).toHaveLength(4);
  });
});

describe("orthogonal-rotated", () => {
  it("norms in range, inner products at rounding level, and not on the axes", () => {
    for (const seed of SEEDS) {
      const d = 8;
      const sample = draw(seed, 6, d, { law: "orthogonal-rotated", cxMin: 1, cxMax: 2 });
      expectNormsIn(sample, 1, 2, normTolerance(d));
      // Twice-orthogonalized Gram–Schmidt keeps |⟨q_i, q_k⟩| at a few units of rounding times the dimensions.
      const { maxCorrelation } = certifyCorrelation(sample.X);
      expect(maxCorrelation).toBeLessThanOrEqual(4 * gamma(4 * (d + 6)));
      expect(sample.X.some((row) => row.filter((value) => value !== 0).length > 1)).toBe(true);
    }
  });

  it("n = d gives a full rotated frame", () => {
    const sample = draw("rotated-square", 12, 12, { law: "orthogonal-rotated", cxMin: 1, cxMax: 1 });
    expect(certifyCorrelation(sample.X).maxCorrelation).toBeLessThanOrEqual(gamma(4 * 24));
  });
});

describe("near-orthogonal", () => {
  function expectExactCorrelationBound(sample: DataSample, bound: number): void {
    const limit = dyadic(bound);
    for (let i = 0; i < sample.X.length; i++) {
      for (let k = 0; k < i; k++) expect(compare(abs(exactDot(sample.X[i], sample.X[k])), limit)).toBeLessThanOrEqual(0);
    }
  }

  it("|⟨x_i, x_k⟩| ≤ correlation for the exact inner products, over many seeds and bounds", () => {
    for (const seed of SEEDS) {
      for (const correlation of [0.05, 0.3, 1e-6]) {
        const sample = draw(seed, 6, 10, { law: "near-orthogonal", correlation });
        expectExactCorrelationBound(sample, correlation);
        expectNormsIn(sample, 1, 2, normTolerance(10));
        expect(sample.details.certifiedCorrelation).toBeLessThanOrEqual(correlation);
      }
    }
  });

  it("uses its correlation budget: the data are not merely orthogonal", () => {
    const sample = draw("budget", 8, 20, { law: "near-orthogonal", correlation: 0.05 });
    expect(certifyCorrelation(sample.X).maxCorrelation).toBeGreaterThan(0.025);
    expect(sample.details.offDiagonalScale).toBe(1);
  });

  it("reports the float maximum it measured and the target it aimed at", () => {
    const sample = draw("report", 5, 9, { law: "near-orthogonal", correlation: 0.1 });
    expect(sample.details.maxCorrelation).toBe(certifyCorrelation(sample.X).maxCorrelation);
    expect(Math.abs((sample.details.maxCorrelation as number) - (sample.details.targetCorrelation as number))).toBeLessThan(1e-12);
  });

  it("default correlation is cxMin²/(2(n−1)) (suite encoding of Assumption 2)", () => {
    const sample = draw("default", 5, 9, { law: "near-orthogonal", cxMin: 2, cxMax: 3 });
    expect(sample.details.correlation).toBe(4 / 8);
    expectExactCorrelationBound(sample, 0.5);
  });

  it("a bound too large for a positive definite Gram matrix halves the off-diagonal part until it is", () => {
    // G_ik ~ U[−10, 10] with diagonal ≤ 4 is far from positive definite.
    const sample = draw("halving", 6, 6, { law: "near-orthogonal", correlation: 10 });
    expect(sample.details.offDiagonalScale).toBeLessThan(0.5);
    expectExactCorrelationBound(sample, 10);
    expectNormsIn(sample, 1, 2, normTolerance(6));
  });

  it("extreme but valid magnitudes (correlation 1e200 on norms 1e-100) stay finite and within the bound", () => {
    const sample = draw("extreme", 5, 5, { law: "near-orthogonal", correlation: 1e200, cxMin: 1e-100, cxMax: 1e-100 });
    expect(allFinite(sample)).toBe(true);
    expectExactCorrelationBound(sample, 1e200);
    expectNormsIn(sample, 1e-100, 1e-100, normTolerance(5));
  });

  it("a target entry at the bound itself is shrunk until the float data certify the bound", () => {
    // Norms 1.5, then every off-diagonal uniform at 1 − 2⁻⁵³: G_ik = correlation up to one rounding.
    const tape = [0.5, 0.5, 0.5, ...new Array<number>(3).fill(1 - 2 ** -53)];
    let shrunk = 0;
    for (let k = 0; k < 20; k++) {
      const sample = sampleData(tapeRandom(tape, deriveSeed("edge", k)), 3, 5, { law: "near-orthogonal", correlation: 0.2 });
      expectExactCorrelationBound(sample, 0.2);
      if ((sample.details.offDiagonalScale as number) < 1) shrunk++;
    }
    expect(shrunk).toBeGreaterThan(0);
  });

  it("a bound below the rounding level of any rotated frame falls back to exactly orthogonal axes", () => {
    const sample = draw("tiny", 4, 50, { law: "near-orthogonal", correlation: 1e-30 });
    expect(sample.details.frame).toBe("coordinate axes");
    expectExactCorrelationBound(sample, 1e-30);
    expectNormsIn(sample, 1, 2, 0);
  });
});

describe("invalid options", () => {
  const cases: [string, number, number, DataLawOptions, RegExp][] = [
    ["orthogonal n > d", 5, 3, { law: "orthogonal" }, /^--n: orthogonal data needs n ≤ d \(n = 5, d = 3\)$/],
    ["rotated n > d", 4, 2, { law: "orthogonal-rotated" }, /^--n: /],
    ["near-orthogonal n > d", 3, 2, { law: "near-orthogonal" }, /^--n: /],
    ["n = 0", 0, 3, { law: "gaussian" }, /^--n: /],
    ["fractional d", 2, 2.5, { law: "gaussian" }, /^--d: /],
    ["cxMin > cxMax", 2, 3, { law: "shell", cxMin: 3, cxMax: 2 }, /^--cx-min: must be ≤ --cx-max/],
    ["negative cxMin", 2, 3, { law: "shell", cxMin: -1 }, /^--cx-min: /],
    ["zero cyMin", 2, 3, { law: "shell", cyMin: 0 }, /^--cy-min: /],
    ["NaN cyMax", 2, 3, { law: "shell", cyMax: Number.NaN }, /^--cy-max: /],
    ["infinite scale", 2, 3, { law: "gaussian", scale: Infinity }, /^--x-scale: /],
    ["zero correlation", 2, 3, { law: "near-orthogonal", correlation: 0 }, /^--correlation: /],
    ["correlation above 1e200", 2, 3, { law: "near-orthogonal", correlation: 1e201 }, /^--correlation: /],
    ["scale with shell", 2, 3, { law: "shell", scale: 2 }, /^--x-scale: not used by --data shell$/],
    ["correlation with orthogonal", 2, 3, { law: "orthogonal", correlation: 0.1 }, /^--correlation: /],
    ["norm bounds with gaussian", 2, 3, { law: "gaussian", cxMax: 3 }, /^--cx-max: /],
    ["unknown law", 2, 3, { law: "uniform" as never }, /^--data: unknown law "uniform"/],
    ["too many entries", 100_000, 1000, { law: "gaussian" }, /^--n: X would have/],
  ];
  it.each(cases)("%s → InputError naming the flag", (_, n, d, options, message) => {
    const attempt = () => sampleData(seededRandom("bad"), n, d, options);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });

  it("each law validates its own options when called directly", () => {
    expect(() => DATA_LAWS.orthogonal(seededRandom("x"), 4, 2, { law: "orthogonal" })).toThrow(/^--n: /);
  });
});
