/**
 * approx-sosp-loss-bound's gradient descent runs on the fast kernels (src/fast/kernels.ts) as the
 * network with quadratic activation, standard scaling and a = v. That this network's loss and
 * first-layer gradient are the landscape's L and ∇L = (2/n)·D_v·W·S of lib/quadratic.ts is an
 * identity of polynomials, checked here exactly in rationals; the kernels' rounding against the
 * network's exact values is the kernel contract's business (test/fast/kernelContract.ts).
 */
import { describe, expect, it } from "vitest";
import { rationalField } from "../../../src/field/rational.js";
import { kernelUsage, kernelsUsedSince } from "../../../src/fast/kernels.js";
import { forward, gradient, lossFromResiduals } from "../../../src/model/network.js";
import type { Instance } from "../../../src/model/instance.js";
import { descend, plantedInstance } from "../../../properties/soltanolkotabi2019/approx-sosp-loss-bound.js";
import { gradientOf, lossOf } from "../../../properties/soltanolkotabi2019/lib/quadratic.js";

const Q = rationalField;

describe("approx-sosp-loss-bound on the kernels", () => {
  for (const seed of [1, 5, 11]) {
    it(`the quadratic network's L and ∂L/∂W are lib/quadratic's L and ∇L, exactly (planted seed ${seed})`, () => {
      const candidate = plantedInstance({ d: 3, k: 4, n: 7, nu: 1, seed, mixed: seed === 5 });
      const numbers = { X: candidate.file.data.X.map((r) => r.map(Number)), y: candidate.file.data.y.map(Number), v: candidate.file.params.a.map(Number), W: candidate.file.params.W.map((r) => r.map(Number)) };
      const P = { X: numbers.X.map((r) => r.map((x) => Q.fromNumber(x))), y: numbers.y.map((x) => Q.fromNumber(x)), v: numbers.v.map((x) => Q.fromNumber(x)), W: numbers.W.map((r) => r.map((x) => Q.fromNumber(x))) };
      const network: Instance<ReturnType<typeof Q.fromNumber>> = { model: { activation: { name: "quadratic" }, scaling: "standard" }, X: P.X, y: P.y, W: P.W, a: P.v };
      const pass = forward(Q, network);
      expect(Q.sign(Q.sub(lossFromResiduals(Q, pass.residuals), lossOf(Q, P)))).toBe(0);
      const fromNetwork = gradient(Q, network, pass).W;
      gradientOf(Q, P).forEach((row, j) => row.forEach((g, c) => expect(Q.sign(Q.sub(fromNetwork[j][c], g))).toBe(0)));

      const before = kernelUsage();
      const run = descend(numbers, { tolerance: 0, maxSteps: 5, step: 0.05 });
      expect(kernelsUsedSince(before).length).toBeGreaterThan(0);
      expect(run.steps).toBe(5);
    });
  }

  it("a wrong network (mean-field scaling: a 1/k factor) differs, so the identity can fail", () => {
    const candidate = plantedInstance({ d: 3, k: 4, n: 7, nu: 1, seed: 1, mixed: false });
    const P = { X: candidate.file.data.X.map((r) => r.map((x) => Q.fromNumber(Number(x)))), y: candidate.file.data.y.map((x) => Q.fromNumber(Number(x))), v: candidate.file.params.a.map((x) => Q.fromNumber(Number(x))), W: candidate.file.params.W.map((r) => r.map((x) => Q.fromNumber(Number(x)))) };
    const wrong: Instance<ReturnType<typeof Q.fromNumber>> = { model: { activation: { name: "quadratic" }, scaling: "mean-field" }, X: P.X, y: P.y, W: P.W, a: P.v };
    expect(Q.sign(Q.sub(lossFromResiduals(Q, forward(Q, wrong).residuals), lossOf(Q, P)))).not.toBe(0);
  });
});
