/**
 * The shared dana2025 experiment protocol (experiments/dana2025/protocol.ts) against the
 * formulas of arXiv:2502.16977 and the authors' code, as this project reads them. Moment checks use 5 standard errors of the
 * sample mean (a seeded draw, so deterministic; a correct law would miss with probability
 * < 10⁻⁶), never a tuned tolerance.
 */
import { describe, expect, it } from "vitest";
import {
  averageRate,
  bootstrapThreshold,
  fitSigmoid,
  hoeffdingHalfWidth,
  isSuccess,
  linearFit,
  nbEpochs,
  nbNeurons,
  orthogonalGoodEvent,
  plSandwich,
  runSteps,
  sampleAsymmetricInit,
  sampleOrthogonalNorms,
  sampleShellData,
  sigmoid,
  successInterval,
  tailRate,
} from "../../../experiments/dana2025/protocol.js";
import { orthogonalData } from "../../../src/random/data.js";
import { seededRandom } from "../../../src/random/rng.js";

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;

describe("widths and horizons", () => {
  it("nb_neurons(n, 0.05) = ⌊log(n/ε)/log(4/3)⌋ + 1 gives the authors' Exp 1.0 and Exp 2 widths", () => {
    expect([1000, 1300, 2000].map((n) => nbNeurons(n, 0.05))).toEqual([35, 36, 37]);
    for (let n = 1300; n <= 2100; n += 50) {
      const expected = n <= 1550 ? 36 : n <= 2050 ? 37 : 38;
      expect(nbNeurons(n, 0.05), `n = ${n}`).toBe(expected);
    }
    // The rule's defining property: n(3/4)^p ≤ ε at p, not at p − 1.
    for (const n of [10, 1000, 2100]) {
      const p = nbNeurons(n, 0.05);
      expect(n * 0.75 ** p).toBeLessThanOrEqual(0.05);
      expect(n * 0.75 ** (p - 1)).toBeGreaterThan(0.05);
    }
  });

  it("nb_epochs(n, p, lr) = ⌊1.5·√(np)·log(np)/(4·lr) + 1⌋", () => {
    // n = 1700, p = 37: np = 62900, √ = 250.798…, log = 11.0493…, 1.5·250.798·11.0493/4 = 1039.18.
    expect(nbEpochs(1700, 37, 1)).toBe(1040);
    expect(nbEpochs(1700, 37, 0.5)).toBe(2079);
    expect(nbEpochs(1, 1, 1)).toBe(1);
  });
});

describe("data laws and initialization (the authors' code, Assumption 1)", () => {
  it("Exp 1 data: ‖x_i‖ ~ U[1, 2], uniform directions, |y_i| ~ U[1, 2] with Rademacher signs", () => {
    const n = 4000;
    const d = 20;
    const { X, y } = sampleShellData(seededRandom("test/protocol/shell"), n, d, "float64");
    const norms = Array.from({ length: n }, (_, i) => Math.hypot(...X.subarray(i * d, (i + 1) * d)));
    // Rescaled to their target norm as the last step: within a few ulps of [1, 2].
    expect(Math.min(...norms)).toBeGreaterThanOrEqual(1 - 1e-14);
    expect(Math.max(...norms)).toBeLessThanOrEqual(2 + 1e-14);
    const uniformSe = 1 / Math.sqrt(12 * n);
    expect(Math.abs(mean(norms) - 1.5)).toBeLessThan(5 * uniformSe);
    // E x_ik = 0, E x_ik² = E ρ²/d = (7/3)/d; and x_ik² ≤ 4, so Var x_ik² ≤ E x_ik⁴ ≤ 4·(7/3)/d.
    const coordinate0 = Array.from({ length: n }, (_, i) => X[i * d]);
    const secondMoment = 7 / 3 / d;
    expect(Math.abs(mean(coordinate0))).toBeLessThan(5 * Math.sqrt(secondMoment / n));
    expect(Math.abs(mean(coordinate0.map((x) => x * x)) - secondMoment)).toBeLessThan(5 * Math.sqrt((4 * secondMoment) / n));
    const magnitudes = Array.from(y, Math.abs);
    expect(Math.min(...magnitudes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...magnitudes)).toBeLessThanOrEqual(2);
    expect(Math.abs(mean(magnitudes) - 1.5)).toBeLessThan(5 * uniformSe);
    expect(Math.abs(mean(Array.from(y, Math.sign)))).toBeLessThan(5 / Math.sqrt(n));
  });

  it("float32 storage holds the float32 rounding of the same draw", () => {
    const a = sampleShellData(seededRandom("test/protocol/f32"), 30, 7, "float64");
    const b = sampleShellData(seededRandom("test/protocol/f32"), 30, 7, "float32");
    expect(b.X).toBeInstanceOf(Float32Array);
    expect(Array.from(b.X)).toEqual(Array.from(a.X, Math.fround));
  });

  it("Exp 2 norms and labels are exactly the draws of the orthogonal law", () => {
    const mine = sampleOrthogonalNorms(seededRandom("test/protocol/orth"), 25);
    const law = orthogonalData(seededRandom("test/protocol/orth"), 25, 30, { law: "orthogonal" });
    expect(mine.rho).toEqual(law.X.map((row, i) => row[i]));
    expect(mine.y).toEqual(law.y);
  });

  it("asymmetric init: W ~ U(±wScale/√d), a_j = s_j(‖w_j/wScale‖ + e_j) with e_j ~ Exp(1)", () => {
    const p = 3000;
    const d = 16;
    for (const wScale of [1, 0.01]) {
      const { W, a } = sampleAsymmetricInit(seededRandom(`test/protocol/init/${wScale}`), p, d, wScale);
      const bound = wScale / Math.sqrt(d);
      expect(Math.max(...W.flat().map(Math.abs))).toBeLessThanOrEqual(bound);
      const norms = W.map((row) => Math.hypot(...row));
      expect(Math.min(...a.map((aj, j) => Math.abs(aj) - norms[j]))).toBeGreaterThanOrEqual(0);
      // a_j is built from the unscaled norm ‖w_j‖/wScale; e_j ~ Exp(1): mean 1, sd 1.
      const margins = a.map((aj, j) => Math.abs(aj) - norms[j] / wScale);
      expect(Math.abs(mean(margins) - 1)).toBeLessThan(5 / Math.sqrt(p));
      expect(Math.abs(mean(a.map(Math.sign)))).toBeLessThan(5 / Math.sqrt(p));
      // E‖w_j‖² = d·bound²/3 = wScale²/3; ‖w_j‖² ≤ wScale², so its sd ≤ wScale².
      expect(Math.abs(mean(norms.map((v) => v * v)) - wScale ** 2 / 3)).toBeLessThan((5 * wScale ** 2) / Math.sqrt(p));
    }
  });

  /**
   * The law the authors' initialization implies for Exp 2 (first layer × s = 0.01 after a_j is built): given the unscaled
   * norm r_j, δ_j = a_j² − s²r_j² = (r_j + e_j)² − s²r_j² with e_j ~ Exp(1), so
   * P(δ_j ≤ q | r_j) = 1 − exp(−(√(q + s²r_j²) − r_j)) and E[δ_j | r_j] = r_j² + 2r_j + 2 − s²r_j²
   * (E e = 1, E e² = 2), Var[δ_j | r_j] = Var((r_j + e)²) = 4r_j² + 16r_j + 20. Conditionally on W
   * the δ_j are independent, so the empirical CDF at each q is within Hoeffding's
   * √(log(2m/α)/(2N)) of the mean conditional CDF (union over m quantiles) with probability
   * ≥ 1 − α, and the mean within Chebyshev's √(mean Var/(N·α′)) with probability ≥ 1 − α′. The law with a_j
   * taken from the scaled norm (mean ≈ 2.01, P(δ ≤ 1) ≈ 0.63 against 0.35) fails both.
   */
  it("Exp 2 init: δ_j = a_j² − ‖w_j‖² follows (r_j + e_j)² − s²r_j², r_j the unscaled norm", () => {
    const s = 0.01;
    const p = 100000;
    const d = 20;
    // Chebyshev is loose: α = 10⁻³ for the mean still separates the laws (bound 0.55, gap 1.48).
    const alpha = 1e-4;
    const alphaMean = 1e-3;
    const { W, a } = sampleAsymmetricInit(seededRandom("test/protocol/exp2-delta"), p, d, s);
    const scaledSquares = W.map((row) => row.reduce((t, v) => t + v * v, 0));
    const r = scaledSquares.map((q) => Math.sqrt(q) / s);
    const delta = a.map((aj, j) => aj * aj - scaledSquares[j]);
    const conditionalCdf = (q: number, rj: number) => {
      const excess = Math.sqrt(q + s * s * rj * rj) - rj;
      return excess <= 0 ? 0 : -Math.expm1(-excess);
    };
    // Quantiles of the d → ∞ law (r = 1/√3: δ_j ≈ (0.58 + e)²): q_L = (r − log(1 − L))² − s²r².
    const levels = [0.05, 0.25, 0.5, 0.75, 0.95];
    const rLimit = 1 / Math.sqrt(3);
    const hoeffding = Math.sqrt(Math.log((2 * levels.length) / alpha) / (2 * p));
    for (const level of levels) {
      const q = (rLimit - Math.log1p(-level)) ** 2 - s * s * rLimit * rLimit;
      const empirical = delta.filter((v) => v <= q).length / p;
      const expected = mean(r.map((rj) => conditionalCdf(q, rj)));
      expect(Math.abs(empirical - expected), `CDF at the ${level} quantile`).toBeLessThanOrEqual(hoeffding);
    }
    const expectedMean = mean(r.map((rj) => rj * rj + 2 * rj + 2 - s * s * rj * rj));
    const meanVariance = mean(r.map((rj) => 4 * rj * rj + 16 * rj + 20));
    expect(Math.abs(mean(delta) - expectedMean)).toBeLessThanOrEqual(Math.sqrt(meanVariance / (p * alphaMean)));
  });
});

describe("GD loop, early stop and success (the authors' rules)", () => {
  /** A fake kernel walking down a list of Σr² values, one per iterate. */
  function fake(values: number[]) {
    let k = 0;
    let stepped = 0;
    return {
      step: (stopBelow: number) => {
        const v = values[k];
        if (!(v < stopBelow)) {
          k++;
          stepped++;
        }
        return v;
      },
      now: () => values[k],
      stepped: () => stepped,
    };
  }

  it("stops at the first iterate with Σr² < cv_threshold, before stepping", () => {
    const kernel = fake([10, 5, 2, 0.9, 0.5]);
    const seen: number[] = [];
    const outcome = runSteps(kernel.step, kernel.now, { lr: 1, epochs: 100, cvThreshold: 1 }, (s) => seen.push(s));
    expect(outcome).toEqual({ steps: 3, initialSquares: 10, finalSquares: 0.9, stoppedEarly: true, diverged: false });
    expect(kernel.stepped()).toBe(3);
    expect(seen).toEqual([10, 5, 2, 0.9]);
  });

  it("at the horizon, evaluates the last iterate once more", () => {
    const kernel = fake([10, 5, 2, 1.5, 1.2]);
    const seen: number[] = [];
    const outcome = runSteps(kernel.step, kernel.now, { lr: 1, epochs: 3, cvThreshold: 1 }, (s) => seen.push(s));
    expect(outcome).toEqual({ steps: 3, initialSquares: 10, finalSquares: 1.5, stoppedEarly: false, diverged: false });
    expect(seen).toEqual([10, 5, 2, 1.5]);
  });

  it("ends a diverging run as a failure", () => {
    const kernel = fake([10, 1e300, Infinity, 3]);
    const outcome = runSteps(kernel.step, kernel.now, { lr: 1, epochs: 10, cvThreshold: 1 });
    expect(outcome.diverged).toBe(true);
    expect(outcome.steps).toBe(2);
    expect(isSuccess(outcome.finalSquares)).toBe(false);
  });

  it("success is final p·L ≤ p/(2n), i.e. Σr² ≤ 1", () => {
    const n = 1700;
    const p = 37;
    for (const squares of [0, 0.5, 1, 1 + 2 ** -52, 2]) {
      const pL = (p * squares) / (2 * n);
      expect(isSuccess(squares)).toBe(pL <= p / (2 * n));
    }
    expect(isSuccess(1)).toBe(true);
    expect(isSuccess(1 + 2 ** -52)).toBe(false);
  });
});

describe("statistics", () => {
  it("Hoeffding half-widths are √(log(2/0.05)/160) = 0.152 and √(log(1/0.05)/160) = 0.137 at 80 repetitions (the authors' Exp 1.0 error bars)", () => {
    expect(hoeffdingHalfWidth(80)).toBeCloseTo(Math.sqrt(Math.log(40) / 160), 15);
    expect(hoeffdingHalfWidth(80).toFixed(3)).toBe("0.152");
    expect(hoeffdingHalfWidth(80, 0.05, "one").toFixed(3)).toBe("0.137");
    expect(successInterval(40, 80)).toMatchObject({ rate: 0.5, lo: 0.5 - hoeffdingHalfWidth(80), hi: 0.5 + hoeffdingHalfWidth(80) });
    // p̂ ∈ {0, 1}: one-sided, clipped at the observed end.
    expect(successInterval(0, 80)).toMatchObject({ rate: 0, lo: 0, hi: hoeffdingHalfWidth(80, 0.05, "one") });
    expect(successInterval(80, 80)).toMatchObject({ rate: 1, lo: 1 - hoeffdingHalfWidth(80, 0.05, "one"), hi: 1 });
  });

  it("fit_sigmoid recovers a known center from exact unit-slope data, to the candidate spacing", () => {
    const xs = Array.from({ length: 17 }, (_, t) => 1300 + 50 * t);
    for (const center of [1400, 1637.5, 1999]) {
      const ps = xs.map((x) => sigmoid(-(x - center)));
      const spacing = (2100 - 1300) / 9999;
      expect(Math.abs(fitSigmoid(xs, ps).center - center)).toBeLessThanOrEqual(spacing);
    }
    // Shallower data in x = 80·n/d units (Exp 1.1's mapping), center 12.3·d.
    const d = 40;
    const ns = Array.from({ length: 25 }, (_, t) => (t + 1) * d);
    const scaled = ns.map((n) => (80 * n) / d);
    const ps = scaled.map((x) => sigmoid(-(x - 80 * 12.3)));
    const fitted = (fitSigmoid(scaled, ps).center * d) / 80;
    expect(Math.abs(fitted - 12.3 * d)).toBeLessThanOrEqual(((scaled[24] - scaled[0]) / 9999) * (d / 80));
  });

  it("fit_sigmoid puts a step's center between the last success and the first failure", () => {
    const xs = [100, 110, 120, 130, 140, 150];
    const { center } = fitSigmoid(xs, [1, 1, 1, 0, 0, 0]);
    expect(center).toBeGreaterThan(120);
    expect(center).toBeLessThan(130);
  });

  it("linearFit recovers an exact line with zero residual", () => {
    const fit = linearFit([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(fit.slope).toBeCloseTo(2, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
    expect(fit.rss).toBeLessThan(1e-25);
    expect(fit.slopeStandardError).toBeLessThan(1e-12);
  });

  it("Exp 2 estimators on a geometric loss L_k = L_0·q^k", () => {
    const q = 0.97;
    const losses = Array.from({ length: 300 }, (_, k) => 5 * q ** k);
    expect(tailRate(losses)).toBeCloseTo((2 * (1 - q)) / (1 + q), 12);
    expect(averageRate(losses[0], losses[299], 299)).toBeCloseTo(-Math.log(q), 12);
    expect(plSandwich([0.5, 2, 1])).toEqual({ muLow: (2 / 3) * 0.5, muUpp: (16 / 3) * 2 });
  });

  it("event G on orthogonal data needs, for every i, a neuron with a_j·y_i > 0 and w_ji > 0", () => {
    // n = 2, p = 2, W p×n.
    const rho = [1, 1.5];
    const y = [1, -1];
    expect(orthogonalGoodEvent([0.1, -0.2, -0.1, 0.3], [1, -1], rho, y)).toBe(true);
    expect(orthogonalGoodEvent([0.1, 0.2, -0.1, -0.3], [1, -1], rho, y)).toBe(false);
    expect(orthogonalGoodEvent([0.1, 0.2, 0.1, 0.3], [1, 1], rho, y)).toBe(false);
  });
});

describe("bootstrap interval of the sigmoid threshold", () => {
  const points = [100, 110, 120, 130, 140].map((x, i) => ({ x, successes: [40, 36, 22, 5, 0][i], reps: 40 }));

  it("brackets the fitted threshold, is seeded, and is null when the replicates do not cross 1/2", () => {
    const center = fitSigmoid(points.map((p) => p.x), points.map((p) => p.successes / p.reps)).center;
    const interval = bootstrapThreshold(points, { replicates: 200, seed: "test" })!;
    expect(interval.lo).toBeLessThanOrEqual(center);
    expect(interval.hi).toBeGreaterThanOrEqual(center);
    expect(interval.hi - interval.lo).toBeLessThan(40);
    expect(bootstrapThreshold(points, { replicates: 200, seed: "test" })).toEqual(interval);
    expect(bootstrapThreshold(points.map((p) => ({ ...p, successes: 0 })), { replicates: 50 })).toBeNull();
  });
});
