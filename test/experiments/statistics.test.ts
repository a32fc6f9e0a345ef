/**
 * The shared error bars (experiments/statistics.ts): the normal interval of a mean against a
 * hand computation, no bar from a single value, the median band, and the Hoeffding interval that
 * dana2025's protocol re-exports being the same function.
 */
import { describe, expect, it } from "vitest";
import * as dana from "../../experiments/dana2025/protocol.js";
import { Z95, hoeffdingHalfWidth, meanInterval, medianBand, successInterval } from "../../experiments/statistics.js";

describe("experiments/statistics", () => {
  it("meanInterval is mean ± 1.96·s/√m with the sample standard deviation", () => {
    // 1, 2, 3, 4: mean 2.5, s² = (2.25 + 0.25 + 0.25 + 2.25)/3 = 5/3, s.e. = √(5/12).
    const interval = meanInterval([4, 1, 3, 2]);
    expect(interval.mean).toBe(2.5);
    expect(interval.standardError).toBeCloseTo(Math.sqrt(5 / 12), 15);
    expect(interval.lo).toBeCloseTo(2.5 - Z95 * Math.sqrt(5 / 12), 14);
    expect(interval.hi).toBeCloseTo(2.5 + Z95 * Math.sqrt(5 / 12), 14);
    expect(Z95).toBeCloseTo(1.96, 2);
    // Equal values: a zero-width bar is right (no spread observed over several values).
    expect(meanInterval([2, 2, 2])).toMatchObject({ lo: 2, hi: 2, halfWidth: 0 });
  });

  it("meanInterval draws no bar from one value and refuses none", () => {
    expect(meanInterval([0.3])).toEqual({ count: 1, mean: 0.3, standardError: null, halfWidth: null, lo: null, hi: null });
    expect(() => meanInterval([])).toThrow(/no values/);
  });

  it("medianBand gives min, upper median and max, independent of order", () => {
    expect(medianBand([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5 });
    expect(medianBand([4, 1, 3, 2])).toEqual({ median: 3, min: 1, max: 4 });
  });

  it("the Hoeffding interval is one-sided at 0 and 1 and is the one dana2025 uses", () => {
    expect(successInterval(0, 10)).toMatchObject({ rate: 0, lo: 0, hi: hoeffdingHalfWidth(10, 0.05, "one") });
    expect(successInterval(10, 10)).toMatchObject({ rate: 1, lo: 1 - hoeffdingHalfWidth(10, 0.05, "one"), hi: 1 });
    expect(dana.successInterval).toBe(successInterval);
    expect(dana.hoeffdingHalfWidth).toBe(hoeffdingHalfWidth);
  });
});
