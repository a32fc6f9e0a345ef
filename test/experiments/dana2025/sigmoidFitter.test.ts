import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { fitSigmoid, sigmoid, sigmoidFitter } from "../../../experiments/dana2025/protocol.js";

/** The fit as first written: one sigmoid per term, recomputed for every rate vector. */
function directFit(xs: readonly number[], ps: readonly number[], candidates: number): { center: number; residual: number } {
  const lo = xs.reduce((extreme, value) => Math.min(extreme, value), Infinity);
  const hi = xs.reduce((extreme, value) => Math.max(extreme, value), -Infinity);
  let best = { center: lo, residual: Infinity };
  for (let c = 0; c < candidates; c++) {
    const center = candidates === 1 ? lo : lo + ((hi - lo) * c) / (candidates - 1);
    let residual = 0;
    for (let m = 0; m < xs.length; m++) {
      const e = ps[m] - sigmoid(-(xs[m] - center));
      residual += e * e;
    }
    if (residual < best.residual) best = { center, residual };
  }
  return best;
}

describe("the tabulated sigmoid fit returns the direct fit's doubles", () => {
  const paperNs = Array.from({ length: 17 }, (_, k) => 1300 + 50 * k);
  const prng = seedrandom("sigmoid-fitter");
  /** Rates of a binomial bootstrap replicate around a logistic drop, as bootstrapThreshold draws them. */
  function replicateRates(xs: readonly number[], center: number, scale: number, reps: number): number[] {
    return xs.map((x) => {
      let hits = 0;
      for (let r = 0; r < reps; r++) if (prng.double() < sigmoid(-(x - center) / scale)) hits++;
      return hits / reps;
    });
  }

  it("on 300 replicate rate vectors at the paper's grid (2000 candidates, as the bootstrap fits)", () => {
    const fit = sigmoidFitter(paperNs, { candidates: 2000 });
    for (let k = 0; k < 300; k++) {
      const rates = replicateRates(paperNs, 1500 + 400 * prng.double(), 5 + 100 * prng.double(), 80);
      expect(fit(rates)).toEqual(directFit(paperNs, rates, 2000));
    }
  });

  it("on 30 vectors with fitSigmoid's default 10,000 candidates, and on small x scales (exp1.1's units)", () => {
    const scaled = paperNs.map((n) => (80 * n) / 100);
    for (let k = 0; k < 30; k++) {
      const rates = replicateRates(paperNs, 1500 + 400 * prng.double(), 50, 8);
      expect(fitSigmoid(paperNs, rates)).toEqual(directFit(paperNs, rates, 10_000));
      expect(fitSigmoid(scaled, rates)).toEqual(directFit(scaled, rates, 10_000));
    }
  });

  it("rejects a rate vector whose length differs from the xs", () => {
    expect(() => sigmoidFitter([1, 2, 3])([0.5, 0.5])).toThrow(/equally many x and P values/);
  });
});
