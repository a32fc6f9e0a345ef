/**
 * The dana2025 float fast paths on the SIMD kernels (lib/floatOnKernels.ts) against exact rational
 * arithmetic: every dot product within its a-priori bound, and theorem1-gd-decay's GD point (L and
 * every h_i within the bounds it reports, p∇L within the generic model's running error bound) — on
 * instances large enough that a SIMD kernel runs (n·d·p above ReLU's TypeScript threshold,
 * sizeDispatch), and on small ones (the TypeScript kernel); each run names the kernel it used. Tolerances are the bounds themselves, never tuned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rationalField } from "../../../src/field/rational.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField } from "../../../src/field/errorBound.js";
import { float64Field } from "../../../src/field/float64.js";
import { dot } from "../../../src/field/field.js";
import { toFloatInstance, workspaceFor } from "../../../src/fast/floatInstance.js";
import { fastKernelName, kernelUsage, kernelsUsedSince, sizeDispatch } from "../../../src/fast/kernels.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { forward, gradient, lossFromResiduals } from "../../../src/model/network.js";
import { mapInstance } from "../../../src/model/instance.js";
import { absolute, boundedProducts, flatRows, gdPointOnKernels, RELU_MEAN_FIELD, rowSquaredNorms, traceFromPreactivations } from "../../../properties/dana2025/lib/floatOnKernels.js";
import { preactivations } from "../../../src/fast/kernels.js";
import { theorem1RegimeCandidate } from "../../../properties/dana2025/lib/theorem1Regime.js";
import type { Candidate } from "../../../src/check/property.js";

const Q = rationalField;
const SMALL = sizeDispatch("relu").typescript;

/** Regime candidates (relu mean-field, near-orthogonal data, asymmetric init) with n ≤ 6, d ≤ 36. */
const candidates: Candidate[] = fc.sample(theorem1RegimeCandidate({ maxN: 6 }), { numRuns: 12, seed: 19 });
type Exact = ReturnType<typeof Q.fromNumber>;

/** |value − reference| ≤ bound, decided exactly. */
const within = (value: number, bound: number, reference: Exact) => Q.sign(Q.sub(Q.fromNumber(bound), Q.abs(Q.sub(Q.fromNumber(value), reference)))) !== -1;

const work = (c: Candidate) => c.file.data.X.length * c.file.data.X[0].length * c.file.params.a.length;

describe("boundedProducts on the kernels", () => {
  it("covers both kernel sizes", () => {
    expect(candidates.some((c) => work(c) > SMALL)).toBe(true);
    expect(candidates.some((c) => work(c) <= SMALL)).toBe(true);
  });

  it("every Gram entry and pre-activation is within its bound of the exact rational value", () => {
    for (const candidate of candidates) {
      const instance = instanceOverField(float64Field, candidate.file);
      const n = instance.X.length;
      const d = instance.X[0].length;
      const p = instance.a.length;
      const X = flatRows(instance.X, d);
      const before = kernelUsage();
      const gram = boundedProducts(X, n, X, n, d);
      const z = boundedProducts(X, n, flatRows(instance.W, d), p, d);
      if (n * d * p > SMALL) expect(kernelsUsedSince(before).some((name) => name !== "typescript")).toBe(true);
      const exact = mapInstance(instance, (v) => Q.fromNumber(v));
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) expect(within(gram.value[i * n + k], gram.error[i * n + k], dot(Q, exact.X[i], exact.X[k]))).toBe(true);
        for (let j = 0; j < p; j++) expect(within(z.value[i * p + j], z.error[i * p + j], dot(Q, exact.W[j], exact.X[i]))).toBe(true);
      }
    }
  });

  it("measures real rounding gaps on cancelling sums (the comparison is not vacuous)", () => {
    // Data with cancelling products, so that rounding errors are not all zero.
    const A = Float64Array.from({ length: 12 * 50 }, (_, k) => Math.sin(k * 1.7) * 3 + 0.1 / (k + 1));
    const B = Float64Array.from({ length: 9 * 50 }, (_, k) => Math.cos(k * 0.3) - 1 / 3);
    const { value, error } = boundedProducts(A, 12, B, 9, 50);
    const row = (M: Float64Array, i: number) => Array.from(M.subarray(i * 50, (i + 1) * 50), (v) => Q.fromNumber(v));
    let actualWorst = 0;
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 9; j++) {
        const reference = dot(Q, row(A, i), row(B, j));
        expect(within(value[i * 9 + j], error[i * 9 + j], reference)).toBe(true);
        actualWorst = Math.max(actualWorst, Q.toNumber(Q.abs(Q.sub(Q.fromNumber(value[i * 9 + j]), reference))) / error[i * 9 + j]);
      }
    }
    // Some product is rounded (a nonzero gap was measured against its bound), so a wrong value would show.
    expect(actualWorst).toBeGreaterThan(0);
  });
});

describe("gdPointOnKernels (theorem1-gd-decay's GD point)", () => {
  it("L and every h_i are within their reported bounds of the exact values; p∇L within the running error bound", () => {
    for (const candidate of candidates) {
      const instance = { ...instanceOverField(float64Field, candidate.file), model: RELU_MEAN_FIELD };
      const flat = toFloatInstance(instance);
      const before = kernelUsage();
      const point = gdPointOnKernels(flat, workspaceFor(flat), absolute(flat.X), rowSquaredNorms(flat));
      expect(kernelsUsedSince(before)).toEqual([fastKernelName(flat)]);
      const exact = mapInstance(instance, (v) => Q.fromNumber(v));
      const pass = forward(Q, exact);
      expect(within(point.loss, point.lossError, lossFromResiduals(Q, pass.residuals))).toBe(true);
      pass.outputs.forEach((h, i) => expect(within(point.outputs[i], point.outputErrors[i], h)).toBe(true));
      // ∇L over the error-bounded field: a bound valid for any summation order; p·ĝ adds one rounding.
      const bounded = mapInstance(instance, (v) => errorBoundField.fromNumber(v));
      const grad = gradient(errorBoundField, bounded);
      const p = instance.a.length;
      const exactGradient = gradient(Q, exact, pass);
      exactGradient.a.forEach((g, j) => {
        const allowed = p * errorBound(grad.a[j]) * (1 + 2 * UNIT_ROUNDOFF) + 2 * UNIT_ROUNDOFF * Math.abs(point.gradA[j]);
        expect(within(point.gradA[j], allowed, Q.mul(Q.fromNumber(p), g))).toBe(true);
      });
    }
  });

  it("the kernels' pre-activations are the ones the trace is taken from", () => {
    const flat = toFloatInstance({ ...instanceOverField(float64Field, candidates[0].file), model: RELU_MEAN_FIELD });
    const point = gdPointOnKernels(flat, workspaceFor(flat), absolute(flat.X), rowSquaredNorms(flat));
    expect(point.trace).toBe(traceFromPreactivations(flat, preactivations(flat), rowSquaredNorms(flat)));
  });
});
