/**
 * The contract every fused GD-step kernel (WebAssembly SIMD, native addon) must pass: one step
 * against the generic model over float64Field, with a tolerance derived from the running error
 * bound — never tuned. Written for float32 below; float64 is the same with u' = u (λ = 1).
 *
 * Bound in float32 arithmetic. errorBoundField computes, for unit roundoff u = 2^-53, a bound B
 * valid for any summation order. Its first-order terms are linear in u (u·|value| per rounding,
 * γ_k = ku/(1 − ku) per sum); the other terms are products of first-order ones. With every
 * operation rounded to float32 instead (u' = 2^-24 = λu, λ = 2^29), the first-order terms grow
 * by λ·(1 − ku)/(1 − ku') ≤ λ/(1 − Ku') and a term of order m by λ^m; relative to the first-order
 * part those are at most the relative error itself, ≤ K·u' for a chain of at most K roundings
 * (K = n + d + p + 16 here: a dot product over d, a sum over p, a sum over n, and a few
 * products). So B' = λ·B·(1 + 4K·u') bounds the float32 evaluation's error; the same holds for
 * the sign test of z_ij (an instance is compared only if every |z_ij| > 2·B'(z_ij)).
 *
 * Fused multiply-adds (relaxed SIMD where it fuses, the native AVX paths): fl(u·v + c) has one
 * rounding, |error| ≤ u'·|u·v + c|, which is at most the unfused fl(fl(u·v) + c)'s bound
 * u'·|u·v| + u'·|u·v + c| (to first order) that the running bound charges; the bound's
 * propagation is monotone in its inputs' bounds, so B' covers both fused and unfused kernels.
 *
 * Then, as in test/fast/gdStep.test.ts: per entry of W and a after one step,
 *   |kernel − generic| ≤ [lr·p·B'·(1 + 8u') + 3u'·(|Δ_k| + |θ'_k|)] + [lr·p·B·(1 + 8u) + 3u·(|p·lr·g| + |θ'_g|)],
 * kernel bound (update rounded in float32: fl(lr/n), fl(step·S), θ + Δ) plus generic bound.
 * The loss before the step: Σr² of float32 residuals, squared and summed in double, within
 * 2n·B'(L)(1 + 8u') of exact.
 */
import { expect, it } from "vitest";
import { UNIT_ROUNDOFF, errorBound, errorBoundField, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import type { DenseData, FloatArray, Parameters } from "../../src/fast/gdStep.js";
import { mapInstance, type Instance } from "../../src/model/instance.js";
import { evaluate, forward } from "../../src/model/network.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";

export type Precision = "float32" | "float64";
const u = UNIT_ROUNDOFF;
/** Unit roundoff of the kernel's arithmetic. */
const UNIT: Record<Precision, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const LR = 1;

/** What the contract needs of a kernel: one step, and the parameters read back. */
export interface StepKernel {
  step(lr: number, stopBelow: number): number;
  readParameters(params: Parameters): void;
}

export type MakeKernel = (data: DenseData, params: Parameters) => StepKernel;

export const typed = (precision: Precision, values: number[]): FloatArray => (precision === "float32" ? Float32Array.from(values) : Float64Array.from(values));

/** Instance sizes: n in `rows` (default 1…13), d and p up to maxD and maxP. */
export interface ContractSizes {
  rows?: readonly [number, number];
  maxD: number;
  maxP: number;
}

/** An Exp 1 instance (shell data, asymmetric init) of the given sizes, rounded to float32 when asked. */
export function instanceFor(seed: string, precision: Precision, sizes: ContractSizes): Instance<number> {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = (lo: number, hi: number) => lo + Math.floor(random.uniform() * (hi - lo + 1));
  const instance = sampleInstance({
    n: draw(...(sizes.rows ?? [1, 13])),
    d: draw(1, sizes.maxD),
    p: draw(1, sizes.maxP),
    data: { law: "shell" },
    init: { law: "asymmetric" },
    model: { activation: { name: "relu" }, scaling: "mean-field" },
    seed,
  });
  return precision === "float32" ? mapInstance(instance, Math.fround) : instance;
}

export interface Failure {
  seed: string;
  label: string;
  kernel: number;
  generic: number;
  tolerance: number;
}

/** With `dropLastRow`, the kernel is fed all rows but the last (a known bad kernel: it misses that row's terms). */
export function compareStep(seed: string, instance: Instance<number>, precision: Precision, makeKernel: MakeKernel, dropLastRow = false): { decided: boolean; failures: Failure[] } {
  const U32 = UNIT[precision];
  const LAMBDA = U32 / u;
  const n = instance.X.length;
  const d = instance.X[0].length;
  const p = instance.a.length;
  const K = n + d + p + 16;
  const scaled = (x: ErrorBounded) => LAMBDA * errorBound(x) * (1 + 4 * K * U32);
  const bounded = mapInstance(instance, exactValue);
  const decided = forward(errorBoundField, bounded).preactivations.every((row) => row.every((z) => Math.abs(z.value) > 2 * scaled(z)));
  const plain = evaluate(float64Field, instance);
  const withBound = evaluate(errorBoundField, bounded);

  const params = { p, W: typed(precision, instance.W.flat()), a: typed(precision, instance.a) };
  const rows = dropLastRow ? n - 1 : n;
  const kernel = makeKernel({ n: rows, d, X: typed(precision, instance.X.slice(0, rows).flat()), y: typed(precision, instance.y.slice(0, rows)) }, params);
  // lr scaled so that the kernel's lr/rows is the real lr/n: only the missing row differs.
  const squares = kernel.step((LR * rows) / n, 0);
  kernel.readParameters(params);

  const failures: Failure[] = [];
  const check = (label: string, before: number, after: number, g: number, b: ErrorBounded) => {
    const scaledGradient = LR * (p * g);
    const genericAfter = before - scaledGradient;
    const delta = after - before;
    const tolerance =
      LR * p * scaled(b) * (1 + 8 * U32) + 3 * U32 * (Math.abs(delta) + Math.abs(after)) +
      LR * p * errorBound(b) * (1 + 8 * u) + 3 * u * (Math.abs(scaledGradient) + Math.abs(genericAfter));
    if (!(Math.abs(after - genericAfter) <= tolerance)) failures.push({ seed, label, kernel: after, generic: genericAfter, tolerance });
  };
  instance.a.forEach((aj, j) => check(`a[${j}]`, aj, params.a[j], plain.gradient.a[j], withBound.gradient.a[j]));
  instance.W.forEach((row, j) => row.forEach((w, k) => check(`W[${j}][${k}]`, w, params.W[j * d + k], plain.gradient.W[j][k], withBound.gradient.W[j][k])));
  const loss = squares / (2 * n);
  const lossTolerance = scaled(withBound.loss) * (1 + 8 * U32) + errorBound(withBound.loss) * (1 + 8 * u) + 3 * u * Math.abs(loss);
  if (!(Math.abs(loss - plain.loss) <= lossTolerance)) failures.push({ seed, label: "loss", kernel: loss, generic: plain.loss, tolerance: lossTolerance });
  return { decided, failures };
}

export interface ContractOptions {
  /** Seeds are `${seedPrefix}/${precision}/${k}`. */
  seedPrefix: string;
  precision: Precision;
  instances: number;
  sizes: ContractSizes;
  makeKernel: MakeKernel;
}

/**
 * The contract's two tests, registered in the caller's describe block: one step on `instances`
 * seeded instances within the derived bound (≥ 90% compared, every failing seed collected before
 * asserting), and a kernel fed one row short flagged on every compared instance.
 */
export function stepContractTests({ seedPrefix, precision, instances, sizes, makeKernel }: ContractOptions): void {
  it(`one step on ${instances} seeded instances is within the derived bound of the generic model`, () => {
    const failures: Failure[] = [];
    let undecided = 0;
    for (let k = 0; k < instances; k++) {
      const seed = `${seedPrefix}/${precision}/${k}`;
      const result = compareStep(seed, instanceFor(seed, precision, sizes), precision, makeKernel);
      if (!result.decided) {
        undecided++;
        continue;
      }
      failures.push(...result.failures);
    }
    const failingSeeds = [...new Set(failures.map((f) => f.seed))];
    expect({ failingSeeds, first: failures.slice(0, 10) }).toEqual({ failingSeeds: [], first: [] });
    expect(instances - undecided).toBeGreaterThanOrEqual(0.9 * instances);
  });

  it("flags a kernel that misses one data row (a known bad case), on every compared instance", () => {
    const missed: string[] = [];
    let compared = 0;
    for (let k = 0; k < 40; k++) {
      const seed = `${seedPrefix}/${precision}/${k}`;
      const instance = instanceFor(seed, precision, sizes);
      if (instance.X.length < 2) continue;
      const result = compareStep(seed, instance, precision, makeKernel, true);
      if (!result.decided) continue;
      compared++;
      if (result.failures.length === 0) missed.push(seed);
    }
    expect(compared).toBeGreaterThan(20);
    expect(missed).toEqual([]);
  });
}
