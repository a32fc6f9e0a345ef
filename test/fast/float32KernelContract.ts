/**
 * The contract every float32 kernel (src/fast/float32Kernels.ts: native AVX-512 / AVX2 / portable,
 * WebAssembly SIMD, TypeScript) passes, registered by {@link float32KernelContractTests}: a differential test against
 * exact arithmetic with a tolerance derived from the running error bound, never tuned.
 *
 * Instances: for every activation × scaling, seeded Gaussian instances (n, d, p ∈ 1…9, so the
 * native kernels' vector remainders all occur, plus a few medium ones with several panels' worth
 * of blocks), every entry rounded to float32 once. Each is evaluated three ways:
 * - exact: the generic `evaluate` over decimalField({ digits: 50 }) on those float32 values;
 * - bounded: the generic `evaluate` over errorBoundField (u = 2^-53), giving a bound B on
 *   |float64 path − exact| valid for any summation order and for fused multiply-adds
 *   (test/fast/gdStepContract.ts, "Fused multiply-adds");
 * - the float32 kernel, plus balance and μ as src/fast/float32Evaluate.ts forms them.
 *
 * The float32 bound, as derived in test/fast/gdStepContract.ts: B's first-order terms are linear
 * in u (u·|value| per rounding, γ_k per sum), its other terms products of first-order ones. With
 * every operation rounded to float32 (u' = 2^-24 = λu, λ = 2^29) the first-order terms grow by at
 * most λ/(1 − Ku') and a term of order m by λ^m, which relative to the first-order part is at most
 * the relative error itself, ≤ K·u' for a chain of K roundings (K = n + d + p + 16). So
 *   B' = λ·B·(1 + 4K·u').
 * The elementary functions: errorBoundField charges 1 double ulp (2u relative), which λ turns
 * into 1 float32 ulp; a kernel whose tanhf/expf/log1pf are within E float32 ulps (its
 * `elementaryUlps`: glibc's documented 4 for native, the derived WASM_F32_ELEMENTARY_ULPS of
 * src/fast/wasm/elementaryAccuracy.ts for WebAssembly) is charged (E − 1)·2u more before scaling
 * (kernelContract.ts fieldWithElementaryUlps). The decimal
 * reference's own rounding adds the factor (1 + u_dec/u'). Underflow is not modelled: an
 * intermediate below 2^-126 would make a kernel fail here, never pass wrongly.
 *
 * ReLU-type activations: an instance is compared only if every pre-activation's sign is certain
 * in float32 in any summation order, |b.value| > 2·B'(z) (or z and its bound both 0); each group
 * must compare ≥ 90% of its instances. All failing seeds are collected before asserting.
 * Known-bad cases, each must be flagged: one gradient entry moved by 4× its tolerance; the kernel
 * run one row short; and the float32 kernel judged by the float64 bound B itself (so it really
 * computes in float32, and B' is not loose by the whole factor λ).
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, exactValue, type ErrorBounded } from "../../src/field/errorBound.js";
import { errorBoundField } from "../../src/field/errorBound.js";
import { evaluateOnFloat32Kernels } from "../../src/fast/float32Evaluate.js";
import type { Float32Kernel } from "../../src/fast/float32Kernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../src/model/activation.js";
import { SCALINGS, mapInstance, type Instance, type Scaling } from "../../src/model/instance.js";
import { evaluate, forward, type Evaluation } from "../../src/model/network.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";
import { fieldWithElementaryUlps } from "./kernelContract.js";

const INSTANCES_PER_GROUP = 60;
const MEDIUM_INSTANCES_PER_GROUP = 2;
const SMALL_RANGE = [1, 9] as const;
/** n up to 200: more rows than one native panel (at most 96), so panels follow each other. */
const MEDIUM_RANGES = { n: [9, 200], d: [5, 40], p: [5, 20] } as const;
const MIN_COMPARED_FRACTION = 0.9;

export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;
const LAMBDA = FLOAT32_UNIT_ROUNDOFF / UNIT_ROUNDOFF;
const D = decimalField({ digits: 50 });
type Dec = ReturnType<typeof D.fromNumber>;
const DECIMAL_FACTOR = 1 + D.unitRoundoff / FLOAT32_UNIT_ROUNDOFF;

const piecewise = (name: ActivationName) => name === "relu" || name === "leaky-relu";

/** A seeded Gaussian instance, every entry rounded to float32. */
export function float32InstanceFor(name: ActivationName, scaling: Scaling, seed: string, medium = false): Instance<number> {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = ([lo, hi]: readonly [number, number]) => lo + Math.floor(random.uniform() * (hi - lo + 1));
  const sizes = medium
    ? { n: draw(MEDIUM_RANGES.n), d: draw(MEDIUM_RANGES.d), p: draw(MEDIUM_RANGES.p) }
    : { n: draw(SMALL_RANGE), d: draw(SMALL_RANGE), p: draw(SMALL_RANGE) };
  const instance = sampleInstance({ ...sizes, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling }, seed });
  return mapInstance(instance, Math.fround);
}

interface Reference {
  bounded: Evaluation<ErrorBounded>;
  exact: Evaluation<Dec>;
  /** Chain length K of the derivation. */
  chain: number;
  decided: boolean;
}

const exactCache = new WeakMap<Instance<number>, Evaluation<Dec>>();
const instanceCache = new Map<string, Instance<number>>();

function cachedInstance(name: ActivationName, scaling: Scaling, seed: string, medium = false): Instance<number> {
  const key = `${name}/${scaling}/${seed}/${medium}`;
  let instance = instanceCache.get(key);
  if (instance === undefined) {
    instance = float32InstanceFor(name, scaling, seed, medium);
    instanceCache.set(key, instance);
  }
  return instance;
}

/** B' of the header, for a chain of K roundings; with `lambda` 1 the float64 bound itself (a known-bad judge). */
export function float32Bound(bound: number, chain: number, lambda = LAMBDA): number {
  return lambda === 1 ? bound : lambda * bound * (1 + 4 * chain * FLOAT32_UNIT_ROUNDOFF) * DECIMAL_FACTOR;
}

function reference(instance: Instance<number>, ulps: number): Reference {
  const boundedInstance = mapInstance(instance, exactValue);
  const chain = instance.X.length + instance.X[0].length + instance.a.length + 16;
  let exact = exactCache.get(instance);
  if (exact === undefined) {
    exact = evaluate(D, mapInstance(instance, D.fromNumber));
    exactCache.set(instance, exact);
  }
  const decided =
    !piecewise(instance.model.activation.name) ||
    forward(errorBoundField, boundedInstance).preactivations.every((row) =>
      row.every((z) => {
        const e = float32Bound(errorBound(z), chain);
        return Math.abs(z.value) > 2 * e || (z.value === 0 && e === 0);
      }),
    );
  return { bounded: evaluate(fieldWithElementaryUlps(ulps), boundedInstance), exact, chain, decided };
}

interface Quantity {
  label: string;
  fast: number | undefined;
  bounded: ErrorBounded | undefined;
  exact: Dec | undefined;
}

function quantities(fast: Evaluation<number>, bounded: Evaluation<ErrorBounded>, exact: Evaluation<Dec>): Quantity[] {
  const out: Quantity[] = [
    { label: "loss", fast: fast.loss, bounded: bounded.loss, exact: exact.loss },
    { label: "pl", fast: fast.pl, bounded: bounded.pl, exact: exact.pl },
  ];
  exact.residuals.forEach((v, i) => out.push({ label: `residual[${i}]`, fast: fast.residuals[i], bounded: bounded.residuals[i], exact: v }));
  exact.outputs.forEach((v, i) => out.push({ label: `output[${i}]`, fast: fast.outputs[i], bounded: bounded.outputs[i], exact: v }));
  exact.gradient.a.forEach((v, j) => out.push({ label: `gradA[${j}]`, fast: fast.gradient.a[j], bounded: bounded.gradient.a[j], exact: v }));
  exact.gradient.W.forEach((row, j) =>
    row.forEach((v, k) => out.push({ label: `gradW[${j}][${k}]`, fast: fast.gradient.W[j][k], bounded: bounded.gradient.W[j][k], exact: v })),
  );
  exact.balance.forEach((v, j) => out.push({ label: `balance[${j}]`, fast: fast.balance[j], bounded: bounded.balance[j], exact: v }));
  return out;
}

export interface Float32Failure {
  seed: string;
  quantity: string;
  problem: string;
}

/** Every violated requirement of one instance; `worst` collects the largest |fast − exact| / tolerance over the kernel's own quantities. */
function compare(seed: string, fast: Evaluation<number>, ref: Reference, lambda = LAMBDA, worst?: { ratio: number }): Float32Failure[] {
  const failures: Float32Failure[] = [];
  for (const q of quantities(fast, ref.bounded, ref.exact)) {
    const fail = (problem: string) => failures.push({ seed, quantity: q.label, problem });
    if (q.bounded === undefined || q.exact === undefined || q.fast === undefined) {
      const defined = [q.fast, q.bounded, q.exact].map((v) => v !== undefined);
      // μ is undefined at L = 0: the float32 loss may be 0 where the exact one is not only if it is within its bound of 0.
      if (defined.some((v) => v !== defined[0]) && !(q.label === "pl" && fast.loss === 0 && ref.exact.loss.toNumber() <= float32Bound(errorBound(ref.bounded.loss), ref.chain, lambda))) {
        fail(`defined in (fast, bounded, exact) = (${defined.join(", ")})`);
      }
      continue;
    }
    if (Math.fround(q.fast) !== q.fast && Number.isFinite(q.fast)) fail(`${q.fast} is not a float32 value`);
    const tolerance = float32Bound(errorBound(q.bounded), ref.chain, lambda);
    const distance = Number.isFinite(q.fast) ? D.abs(D.sub(D.fromNumber(q.fast), q.exact)).toNumber() : Infinity;
    const kernelQuantity = !q.label.startsWith("balance") && q.label !== "pl";
    if (worst !== undefined && kernelQuantity && tolerance > 0) worst.ratio = Math.max(worst.ratio, distance / tolerance);
    if (!(distance <= tolerance)) fail(`|fast − exact| = ${distance} > ${tolerance} (fast ${q.fast}, exact ${q.exact.toString()})`);
  }
  return failures;
}

/** The kernel fed all rows but the last (a known-bad kernel), its outputs padded back to n rows. */
function oneRowShort(kernel: Float32Kernel, instance: Instance<number>): Evaluation<number> {
  const n = instance.X.length;
  const short = { ...instance, X: instance.X.slice(0, n - 1), y: instance.y.slice(0, n - 1) };
  const evaluation = evaluateOnFloat32Kernels(short, kernel);
  return { ...evaluation, residuals: [...evaluation.residuals, instance.y[n - 1]], outputs: [...evaluation.outputs, 0] };
}

/** The first seed of `prefix` whose instance is decided (and has ≥ minRows rows). */
function firstDecided(name: ActivationName, prefix: string, ulps: number, minRows: number): { seed: string; instance: Instance<number>; ref: Reference } {
  for (let k = 0; ; k++) {
    const seed = `${prefix}/${k}`;
    const instance = cachedInstance(name, "mean-field", seed);
    if (instance.X.length < minRows) continue;
    const ref = reference(instance, ulps);
    if (ref.decided) return { seed, instance, ref };
  }
}

/** Registers the float32 contract for one kernel (call inside a describe block per kernel). */
export function float32KernelContractTests(kernel: Float32Kernel): void {
  describe.each(ACTIVATION_NAMES)(`${kernel.name} vs exact arithmetic: %s`, (name) => {
    it.each(SCALINGS)(`%s scaling, ${INSTANCES_PER_GROUP} + ${MEDIUM_INSTANCES_PER_GROUP} seeded float32 instances within B' = λ·B·(1 + 4K·u')`, (scaling) => {
      const failures: Float32Failure[] = [];
      const undecided: string[] = [];
      const worst = { ratio: 0 };
      const total = INSTANCES_PER_GROUP + MEDIUM_INSTANCES_PER_GROUP;
      for (let k = 0; k < total; k++) {
        const medium = k >= INSTANCES_PER_GROUP;
        const seed = medium ? `float32/${name}/${scaling}/medium/${k - INSTANCES_PER_GROUP}` : `float32/${name}/${scaling}/${k}`;
        const instance = cachedInstance(name, scaling, seed, medium);
        const ref = reference(instance, kernel.elementaryUlps);
        if (!ref.decided) {
          undecided.push(seed);
          continue;
        }
        failures.push(...compare(seed, evaluateOnFloat32Kernels(instance, kernel), ref, LAMBDA, worst));
      }
      if (undecided.length > 0) console.info(`${kernel.name} ${name}/${scaling}: ${undecided.length} of ${total} instances with an undecided ReLU sign, not compared`);
      const failingSeeds = [...new Set(failures.map((f) => f.seed))];
      expect({ failingSeeds, violations: failures.length, first: failures.slice(0, 20) }).toEqual({ failingSeeds: [], violations: 0, first: [] });
      expect(total - undecided.length).toBeGreaterThanOrEqual(MIN_COMPARED_FRACTION * total);
      // The largest error as a fraction of its bound: the bound is a bound, so ≤ 1; printed to show how tight.
      console.info(`${kernel.name} ${name}/${scaling}: largest kernel |fast − exact| / B' = ${worst.ratio.toPrecision(3)}`);
    });

    it("flags an output with one gradient entry off by 4× its tolerance, and the kernel run one row short", () => {
      const { seed, instance, ref } = firstDecided(name, `float32/${name}/mutant`, kernel.elementaryUlps, 2);
      const fast = evaluateOnFloat32Kernels(instance, kernel);
      expect(compare(seed, fast, ref)).toEqual([]);
      const bounds = ref.bounded.gradient.W.flat().map((b) => float32Bound(errorBound(b), ref.chain));
      const target = bounds.reduce((best, b, m) => (b > bounds[best] ? m : best), 0);
      expect(bounds[target]).toBeGreaterThan(0);
      const d = instance.X[0].length;
      const [j, k] = [Math.floor(target / d), target % d];
      const W = fast.gradient.W.map((row) => row.slice());
      W[j][k] += 4 * bounds[target];
      expect([...new Set(compare(seed, { ...fast, gradient: { ...fast.gradient, W } }, ref).map((f) => f.quantity))]).toEqual([`gradW[${j}][${k}]`]);
      expect(compare(seed, oneRowShort(kernel, instance), ref).map((f) => f.quantity)).toContain("loss");
    });
  });

  it(`${kernel.name} computes in float32: the float64 bound B (λ = 1) flags it on most smooth instances`, () => {
    let flagged = 0;
    let compared = 0;
    for (let k = 0; k < 20; k++) {
      const seed = `float32/tanh/float64-judge/${k}`;
      const instance = cachedInstance("tanh", "mean-field", seed);
      const ref = reference(instance, kernel.elementaryUlps);
      compared++;
      if (compare(seed, evaluateOnFloat32Kernels(instance, kernel), ref, 1).length > 0) flagged++;
    }
    expect(flagged).toBeGreaterThanOrEqual(0.9 * compared);
  });
}
