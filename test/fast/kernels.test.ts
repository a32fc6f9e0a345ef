/**
 * The fast path's plumbing, which the differential test takes for granted: the flat layout
 * and its round trip, workspace reuse (an evaluation overwrites everything it reports),
 * forward-only `loss` agreeing bitwise with `lossAndGradient`, the L = 0 case of μ, balance,
 * and the errors for a workspace of the wrong size. Accuracy is differential.test.ts's job.
 */
import { describe, expect, it } from "vitest";
import { createWorkspace, fromFloatInstance, toFloatInstance, workspaceFor } from "../../src/fast/floatInstance.js";
import { balance, evaluateFloat, loss, lossAndGradient, plCurvature } from "../../src/fast/kernels.js";
import type { Instance } from "../../src/model/instance.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";

function sample(n: number, d: number, p: number, seed: string): Instance<number> {
  return sampleInstance({
    n,
    d,
    p,
    data: { law: "gaussian" },
    init: { law: "gaussian" },
    model: { activation: { name: "tanh" }, scaling: "mean-field" },
    seed,
  });
}

const bits = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? "-0" : String(v)));

describe("FloatInstance", () => {
  it("is row-major and round-trips every double unchanged", () => {
    const instance = sample(5, 3, 2, "fast/kernels/layout");
    const flat = toFloatInstance(instance);
    expect([flat.n, flat.d, flat.p]).toEqual([5, 3, 2]);
    expect(flat.X[2 * 3 + 1]).toBe(instance.X[2][1]);
    expect(flat.W[1 * 3 + 2]).toBe(instance.W[1][2]);
    expect(fromFloatInstance(flat)).toEqual(instance);
  });

  it("rejects ragged or empty input", () => {
    const instance = sample(3, 2, 2, "fast/kernels/ragged");
    expect(() => toFloatInstance({ ...instance, X: [instance.X[0], [1], instance.X[2]] })).toThrow(RangeError);
    expect(() => toFloatInstance({ ...instance, y: [1] })).toThrow(RangeError);
    expect(() => toFloatInstance({ ...instance, a: [] })).toThrow(RangeError);
    expect(() => createWorkspace(0, 1, 1)).toThrow(RangeError);
  });
});

describe("kernels", () => {
  it("give the same bits when a workspace is reused, and loss() matches lossAndGradient()", () => {
    const flat = toFloatInstance(sample(11, 7, 6, "fast/kernels/reuse"));
    const workspace = workspaceFor(flat);
    const first = evaluateFloat(flat, workspace);
    // Dirty the workspace with another instance of the same size, then evaluate again.
    lossAndGradient(toFloatInstance(sample(11, 7, 6, "fast/kernels/other")), workspace);
    const second = evaluateFloat(flat, workspace);
    for (const key of ["residuals", "outputs", "gradA", "gradW", "balance"] as const) expect(bits(second[key])).toEqual(bits(first[key]));
    expect(Object.is(second.loss, first.loss) && Object.is(second.pl, first.pl)).toBe(true);
    workspace.residuals.fill(NaN);
    expect(Object.is(loss(flat, workspace), first.loss)).toBe(true);
    expect(bits(workspace.residuals)).toEqual(bits(first.residuals));
  });

  it("refuse a workspace of another size", () => {
    const flat = toFloatInstance(sample(4, 3, 2, "fast/kernels/size"));
    expect(() => lossAndGradient(flat, createWorkspace(4, 3, 3))).toThrow(RangeError);
    expect(() => loss(flat, createWorkspace(5, 3, 2))).toThrow(RangeError);
    expect(() => balance(flat, new Float64Array(3))).toThrow(RangeError);
  });

  it("leave μ undefined at L = 0 and compute balance a_j² − ‖w_j‖²", () => {
    // identity, standard scaling: h = a·⟨w, x⟩ = 3·(1·2 + 0.5·4) = 12 = y, so L = 0.
    const flat = toFloatInstance({
      model: { activation: { name: "identity" }, scaling: "standard" },
      X: [[2, 4]],
      y: [12],
      W: [[1, 0.5]],
      a: [3],
    });
    const workspace = workspaceFor(flat);
    const lossValue = lossAndGradient(flat, workspace);
    expect(lossValue).toBe(0);
    expect(plCurvature(flat, lossValue, workspace)).toBeUndefined();
    expect(Array.from(workspace.gradW)).toEqual([-0, -0]);
    expect(Array.from(balance(flat))).toEqual([9 - 1.25]);
    const out = new Float64Array(1);
    expect(balance(flat, out)).toBe(out);
  });
});
