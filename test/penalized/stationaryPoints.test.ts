/**
 * The exact generators of src/penalized/stationaryPoints.ts produce exact stationary points
 * (verified in rationals, zero tolerance), and the degenerate ones behave as derived (origin, dead ReLU, variant C drift).
 */
import { describe, expect, it } from "vitest";
import { rationalField as Q } from "../../src/field/rational.js";
import { penalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { isGammaStationary, isStationary, stationarityResidual } from "../../src/penalized/stationarity.js";
import { deadRelu, gammaStationary, origin, variantAStationary, variantBStationary, variantCPath, type RawProblem } from "../../src/penalized/stationaryPoints.js";
import { objective } from "../../src/penalized/penalties.js";
import { l1Norm, pass } from "../../src/penalized/network.js";
import { seededRandom, gaussian } from "../../src/random/rng.js";

function randomRaw(seed: string, n: number, d: number, wStar: number, activation: "identity" | "relu", r: string): RawProblem {
  const random = seededRandom(seed);
  const short = (scale: number) => (Math.round(gaussian(random) * scale * 100) / 100).toFixed(2);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: d }, () => short(1))),
    truth: {
      W: Array.from({ length: wStar }, () => Array.from({ length: d }, () => short(0.5))),
      a: Array.from({ length: wStar }, () => short(1)),
      noise: Array.from({ length: n }, () => short(0.3)),
    },
    activation,
    r,
  };
}

const stationaryIn = (candidate: ReturnType<typeof origin>) => {
  const c = penalizedCandidate(Q, candidate);
  return isStationary(Q, c.data, c.variant, c.r, c.params);
};

describe("exact stationary-point generators", () => {
  it("variant B: 20 random instances, every one exactly stationary with the characterization", () => {
    let built = 0;
    for (let s = 0; s < 20; s++) {
      const raw = randomRaw(`B${s}`, 8, 3, 2, "identity", "0.1");
      const m = 1 + (s % 3);
      const candidate = variantBStationary(raw, 3, m, ["0.5", "1", "2"][s % 3], [true, s % 2 === 0, false]);
      if (!candidate) continue;
      built++;
      expect(stationaryIn(candidate)).toBe(true);
      const c = penalizedCandidate(Q, candidate);
      // Per-neuron balance |γ_j| = ‖Θ_j‖₁, and λ²‖b̃‖₁ = m r² with λ = r/a.
      c.params.gamma.forEach((g, j) => expect(Q.sign(Q.sub(Q.abs(g), l1Norm(Q, c.params.theta[j])))).toBe(0));
    }
    expect(built).toBeGreaterThanOrEqual(15);
  });

  it("variant A and γ-stationary points in ReLU features are exact", () => {
    for (let s = 0; s < 10; s++) {
      const raw = randomRaw(`A${s}`, 8, 3, 2, "identity", "0.1");
      const a = variantAStationary(raw, 3);
      if (a) expect(stationaryIn(a)).toBe(true);
      const relu = randomRaw(`R${s}`, 10, 3, 3, "relu", "0.05");
      const theta = [["1", "0.1", "0"], ["0", "1", "-0.2"], ["0.1", "0", "1"]];
      const g = gammaStationary(relu, theta, "C");
      expect(g).toBeDefined();
      const c = penalizedCandidate(Q, g!);
      expect(isGammaStationary(Q, c.data, c.r, c.params)).toBe(true);
    }
  });

  it("the origin is stationary for A, B and C; a dead-ReLU point is γ-stationary with f = 0", () => {
    const raw = randomRaw("origin", 5, 2, 2, "identity", "0.1");
    for (const v of ["A", "B", "C"] as const) expect(stationaryIn(origin(raw, 2, v))).toBe(true);
    const dead = deadRelu({ ...randomRaw("dead", 6, 2, 2, "relu", "0.1") }, ["1", "0.5"], "C")!;
    const c = penalizedCandidate(Q, dead);
    expect(isStationary(Q, c.data, "C", c.r, c.params)).toBe(true);
    expect(pass(Q, c.data, c.params).predictions.every((f) => Q.sign(f) === 0)).toBe(true);
  });

  it("variant C drift: γ-stationary, dist² = O(1/t⁴), obj below the only stationary value ‖y‖²_n", () => {
    const raw = randomRaw("drift", 8, 2, 1, "identity", "0.1");
    const y = raw.X.map((x, i) => (Number(x[0]) - 0.5 * Number(x[1]) + Number(raw.truth.noise[i])).toFixed(2));
    const distances: number[] = [];
    for (const t of ["10", "100", "1000", "1000000"]) {
      const point = variantCPath(raw.X, y, t, "0.25")!;
      const c = penalizedCandidate(Q, point.candidate);
      expect(isGammaStationary(Q, c.data, c.r, c.params)).toBe(true);
      expect(isStationary(Q, c.data, "C", c.r, c.params)).toBe(false);
      distances.push(Q.toNumber(stationarityResidual(Q, c.data, "C", c.r, c.params).total!));
      expect(Q.sign(Q.sub(objective(Q, c.data, "C", c.r, c.params), point.stationaryValue))).toBe(-1);
    }
    // dist² shrinks by ≥ 10³ per decade of t (O(1/t⁴) exactly: ratio → 10⁴).
    for (let k = 1; k < distances.length; k++) expect(distances[k - 1] / distances[k]).toBeGreaterThan(1e3);
  });
});
