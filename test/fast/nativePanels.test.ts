/**
 * The native kernels' blocking at sizes the contract's instances (n ≤ 24, d ≤ 20) never reach:
 * several row panels (at most 96 rows each, 12 at d ≈ 2000), the forward product's column
 * chunks (256 columns), full 6-column backward tiles with every column tail, and pairs of
 * neuron vectors with an odd one left. For every native variant this CPU runs, the loss,
 * residuals and gradient, and a Hessian-vector product, against exact arithmetic with the
 * contract's derived tolerance errorBound(b)·(1 + u_dec/u) (./kernelContract/shared.ts; b over
 * errorBoundField widened to the kernel's elementary ulps, valid for any summation order).
 * Known bad: the kernel fed an instance whose first row of the second panel is negated must be
 * flagged, so a panel whose rows were dropped or misread cannot pass.
 */
import { describe, expect, it } from "vitest";
import { errorBound, errorBoundField, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import type { Field } from "../../src/field/field.js";
import { toFloatInstance } from "../../src/fast/floatInstance.js";
import { evaluateFloat, type FloatKernel } from "../../src/fast/kernels.js";
import { nativeKernels } from "../../src/fast/nativeKernels.js";
import type { ActivationName } from "../../src/model/activation.js";
import { mapInstance, type Instance, type Scaling } from "../../src/model/instance.js";
import { evaluate, forward, hessianVectorProduct } from "../../src/model/network.js";
import { deriveSeed, gaussian, seededRandom } from "../../src/random/rng.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";
import { D, TOLERANCE_FACTOR, distance, fieldWithElementaryUlps, piecewise, signCertainInAnyOrder, type Dec } from "./kernelContract/shared.js";

interface Size {
  n: number;
  d: number;
  p: number;
  activation: ActivationName;
  scaling: Scaling;
}

/**
 * (100, 25, 21): panels of 96 and 4 rows, 4 six-column tiles and a 1-column tail, p padded to 22/24
 * (pairs of neuron vectors and an odd one at 2, 4 and 8 lanes);
 * (26, 2003, 5): 12-row panels (12, 12, 2), 8 forward column chunks, a 5-column tail.
 */
const SIZES: Size[] = [
  { n: 100, d: 25, p: 21, activation: "tanh", scaling: "mean-field" },
  { n: 26, d: 2003, p: 5, activation: "relu", scaling: "standard" },
];
/** The first row of the second panel at each size (panelRows in native/lossGradient.c). */
const SECOND_PANEL_ROW = [96, 12];
/** The exact reference (decimal arithmetic over ~10⁵ products) takes tens of seconds on a loaded machine. */
const REFERENCE_TIMEOUT_MS = 240_000;

const label = ({ n, d, p, activation, scaling }: Size) => `(${n}, ${d}, ${p}) ${activation} ${scaling}`;

interface Case {
  instance: Instance<number>;
  direction: { a: number[]; W: number[][] };
}

function caseFor(size: Size): Case {
  const { n, d, p, activation, scaling } = size;
  const seed = `nativePanels/${label(size)}`;
  const instance = sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: activation }, scaling }, seed });
  const random = seededRandom(deriveSeed(seed, "direction"));
  const direction = {
    a: Array.from({ length: p }, () => gaussian(random)),
    W: Array.from({ length: p }, () => Array.from({ length: d }, () => gaussian(random))),
  };
  return { instance, direction };
}

/** Loss, residuals, gradA, gradW, in one order. */
function lossGradientValues<T>(F: Field<T>, instance: Instance<T>): T[] {
  const e = evaluate(F, instance);
  return [e.loss, ...e.residuals, ...e.gradient.a, ...e.gradient.W.flat()];
}

function productValues<T>(F: Field<T>, { instance, direction }: Case, lift: (x: number) => T): T[] {
  const product = hessianVectorProduct(F, mapInstance(instance, lift), { a: direction.a.map(lift), W: direction.W.map((row) => row.map(lift)) });
  return [...product.a, ...product.W.flat()];
}

interface Reference {
  lossGradient: { bounded: ErrorBounded[]; exact: Dec[] };
  product: { bounded: ErrorBounded[]; exact: Dec[] };
}

/** Exact values by size, shared by the variants (the costly part). */
const references = new Map<string, Reference>();

function referenceFor(size: Size, c: Case, ulps: number): Reference {
  const key = `${label(size)}/${ulps}`;
  let reference = references.get(key);
  if (reference === undefined) {
    const bounded = fieldWithElementaryUlps(ulps);
    const boundedInstance = mapInstance(c.instance, exactValue);
    reference = {
      lossGradient: { bounded: lossGradientValues(bounded, boundedInstance), exact: lossGradientValues(D, mapInstance(c.instance, D.fromNumber)) },
      product: { bounded: productValues(bounded, c, exactValue), exact: productValues(D, c, D.fromNumber) },
    };
    references.set(key, reference);
  }
  return reference;
}

function kernelLossGradient(kernel: FloatKernel, instance: Instance<number>): number[] {
  const e = evaluateFloat(toFloatInstance(instance), undefined, kernel);
  return [e.loss, ...e.residuals, ...e.gradA, ...e.gradW];
}

function kernelProduct(kernel: FloatKernel, { instance, direction }: Case): number[] {
  const flat = toFloatInstance(instance);
  const out = { a: new Float64Array(flat.p), W: new Float64Array(flat.p * flat.d) };
  kernel.hessianVectorProduct(flat, { a: Float64Array.from(direction.a), W: Float64Array.from(direction.W.flat()) }, out);
  return [...out.a, ...out.W];
}

/** The entries off by more than their tolerance (at most 5 described) and how many there are. */
function violations(fast: number[], { bounded, exact }: { bounded: ErrorBounded[]; exact: Dec[] }): { count: number; first: string[] } {
  const first: string[] = [];
  let count = 0;
  exact.forEach((e, m) => {
    const tolerance = errorBound(bounded[m]!) * TOLERANCE_FACTOR;
    const off = distance(fast[m]!, e);
    if (!(off <= tolerance)) {
      count++;
      if (first.length < 5) first.push(`entry ${m}: |fast − exact| = ${off} > ${tolerance}`);
    }
  });
  return { count, first };
}

/** Every ReLU sign certain in any summation order, so the bound applies to every entry. */
function signsCertain(instance: Instance<number>): boolean {
  if (!piecewise(instance.model.activation.name)) return true;
  return forward(errorBoundField, mapInstance(instance, exactValue)).preactivations.every((row) => row.every(signCertainInAnyOrder));
}

const kernels = nativeKernels();

describe.skipIf(kernels.length === 0).each(SIZES.map((size, s) => [label(size), size, s] as const))("native kernels across panels at %s", (_label, size, s) => {
  const c = caseFor(size);

  it("has every ReLU pre-activation sign certain, so every entry is compared", () => {
    expect(signsCertain(c.instance)).toBe(true);
  });

  it.each(kernels.map((kernel) => [kernel.name, kernel] as const))("%s: loss, residuals, gradient and ∇²L·v within the derived bound", (_name, kernel) => {
    const reference = referenceFor(size, c, kernel.elementaryUlps);
    expect(violations(kernelLossGradient(kernel, c.instance), reference.lossGradient)).toEqual({ count: 0, first: [] });
    expect(violations(kernelProduct(kernel, c), reference.product)).toEqual({ count: 0, first: [] });
  }, REFERENCE_TIMEOUT_MS);

  it.each(kernels.map((kernel) => [kernel.name, kernel] as const))("%s: flags the second panel's first row negated", (_name, kernel) => {
    const reference = referenceFor(size, c, kernel.elementaryUlps);
    const row = SECOND_PANEL_ROW[s]!;
    const bad = { ...c.instance, X: c.instance.X.map((x, i) => (i === row ? x.map((v) => -v) : x)) };
    expect(violations(kernelLossGradient(kernel, bad), reference.lossGradient).count).toBeGreaterThan(0);
    expect(violations(kernelProduct(kernel, { ...c, instance: bad }), reference.product).count).toBeGreaterThan(0);
  }, REFERENCE_TIMEOUT_MS);
});
