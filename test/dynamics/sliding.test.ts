/**
 * An instance built to slide: x_1 = (1, 0), x_2 = (1, 1), y = (−1, 0.5), one neuron with a = 1.
 * While r_2 > 0, on the positive side of z = ⟨w, x_1⟩ the field drives z down (r_1 + r_2 < 0)
 * and on the negative side x_2 alone drives it up (r_2⟨x_2, x_1⟩ > 0): z is trapped on its kink.
 *
 * Naive stepping chatters there; the Filippov sliding motion must (1) be detected, (2) keep
 * z ≡ 0, (3) be the same motion whichever integrator follows it, and (4) be what gradient
 * descent converges to as η → 0 (the limit that fixes the convention).
 */
import { describe, expect, it } from "vitest";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { integrate, type IntegrateOptions } from "../../src/dynamics/integrate.js";

const instance = instanceOverField(float64Field, {
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [["1", "0"], ["1", "1"]], y: ["-1", "0.5"] },
  params: { W: [["0.1", "0.2"]], a: ["1"] },
});
const run = (options: Partial<IntegrateOptions> & Pick<IntegrateOptions, "method">) =>
  integrate(gradientFlowSystem(float64Field, instance), initialState(instance), { horizon: 10, ...options });
const maxDifference = (u: number[], v: number[]) => Math.max(...u.map((x, i) => Math.abs(x - v[i])));

describe("Filippov sliding on a ReLU kink", () => {
  const dopri = run({ method: "dopri", rtol: 1e-10, atol: 1e-12 });

  it("is detected, once, and lasts to the end of the run", () => {
    expect(dopri.summary.slidingIntervals).toHaveLength(1);
    const [interval] = dopri.summary.slidingIntervals;
    expect(interval).toMatchObject({ sample: 0, neuron: 0, end: undefined });
    expect(interval.start).toBeGreaterThan(0.2);
    expect(interval.start).toBeLessThan(0.3);
  });

  it("keeps the pre-activation on its kink: ⟨w, x_1⟩ = w_1 = 0", () => {
    const sliding = dopri.checkpoints.filter((c) => c.slidingPairs > 0);
    expect(sliding.length).toBeGreaterThan(3);
    for (const c of sliding) expect(c.parameters[1]).toBe(0);
  });

  it("without sliding, adaptive stepping chatters and its step collapses", () => {
    const naive = run({ method: "dopri", rtol: 1e-10, atol: 1e-12, sliding: false, maxSteps: 3000 });
    // The collapse is what the step-size guard exists for: it ends the run instead of letting it crawl.
    expect(naive.summary.stopReason).toBe("step-size underflow");
    expect(naive.summary.guard).toMatch(/trial steps advanced t by only/);
    expect(naive.summary.time).toBeLessThan(1);
    expect(naive.summary.kinkEvents).toBeGreaterThan(100);
  });

  it("is the same motion for every integrator", () => {
    const midpoint = run({ method: "midpoint", step: 0.005 });
    const rk4 = run({ method: "rk4", step: 0.05 });
    // Midpoint (order 2) at h = 0.005 is accurate to ~h² = 2.5e-5; RK4 at 0.05 to ~h⁴ ≈ 6e-6.
    expect(maxDifference(midpoint.finalState, dopri.finalState)).toBeLessThan(1e-4);
    expect(maxDifference(rk4.finalState, dopri.finalState)).toBeLessThan(1e-4);
  });

  it("is the limit of gradient descent as η → 0 (at least order 1/2 over a 64× range of η)", () => {
    const etas = [0.01, 0.0025, 0.000625, 0.00015625];
    const errors = etas.map((eta) => maxDifference(run({ method: "gd", step: eta }).finalState, dopri.finalState));
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeLessThan(errors[k - 1]);
    expect(errors[3]).toBeLessThan(errors[0] / Math.sqrt(etas[0] / etas[3]));
    // A convention with σ'(0) = 0 and no sliding (RK4 that ignores kinks) ends elsewhere.
    const noSliding = run({ method: "rk4", step: 0.05, sliding: false });
    expect(maxDifference(noSliding.finalState, dopri.finalState)).toBeGreaterThan(10 * errors[3]);
  });
});
