/**
 * What every part of the float64 kernel contract (../kernelContract.ts) shares: the exact field,
 * the tolerance factor, the error-bound field widened to a kernel's elementary-function ulps,
 * and the test of whether a ReLU-type pre-activation's sign is certain in every summation order.
 */
import { decimalField } from "../../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField, signDecided, type ErrorBounded } from "../../../src/field/errorBound.js";
import type { Field } from "../../../src/field/field.js";
import type { ActivationName } from "../../../src/model/activation.js";
import type { Instance, Scaling } from "../../../src/model/instance.js";
import { deriveSeed, seededRandom } from "../../../src/random/rng.js";
import { sampleInstance } from "../../../src/random/sampleInstance.js";

/** The exact reference: decimal arithmetic at 50 digits on the instance's exact doubles. */
export const D = decimalField({ digits: 50 });
export type Dec = ReturnType<typeof D.fromNumber>;

/** Tolerance factor: the float bound, plus the decimal result's own rounding rescaled to it. */
export const TOLERANCE_FACTOR = 1 + D.unitRoundoff / UNIT_ROUNDOFF;

/** Every group must compare at least this share of its instances (ReLU-type undecided ones are skipped). */
export const MIN_COMPARED_FRACTION = 0.9;

export const piecewise = (name: ActivationName) => name === "relu" || name === "leaky-relu";

/** errorBoundField with tanh, exp and log1p charged K ulps (K·2u relative) instead of 1. */
export function fieldWithElementaryUlps(ulps: number): Field<ErrorBounded> {
  if (ulps <= 1) return errorBoundField;
  const extra = (ulps - 1) * 2 * UNIT_ROUNDOFF;
  const widen = (f: (x: ErrorBounded) => ErrorBounded) => (x: ErrorBounded): ErrorBounded => {
    const r = f(x);
    return { value: r.value, inheritedError: errorBound(r) + extra * Math.abs(r.value), magnitude: Math.abs(r.value), terms: 1 };
  };
  return { ...errorBoundField, tanh: widen(errorBoundField.tanh), exp: widen(errorBoundField.exp), log1p: widen(errorBoundField.log1p) };
}

/**
 * The sign of z is the exact one for every summation order of the dot product: the bound
 * e = errorBound(z) holds for the kernels' z as well as for z.value, so the kernels' z is
 * certainly on the exact side only if |z.value| > 2e (or z and e are both 0, when every product
 * is 0 in any order).
 */
export function signCertainInAnyOrder(z: ErrorBounded): boolean {
  const e = errorBound(z);
  return signDecided(z) && (Math.abs(z.value) > 2 * e || (z.value === 0 && e === 0));
}

/** |fast − exact| as a number (∞ when fast is not finite). */
export function distance(fast: number, exact: Dec): number {
  return Number.isFinite(fast) ? D.abs(D.sub(D.fromNumber(fast), exact)).toNumber() : Infinity;
}

const MAX_DIMENSION = 9;
/** The larger instances: several row and neuron blocks follow each other. */
const MEDIUM_RANGES = { n: [9, 24], d: [5, 20], p: [5, 12] } as const;
const instanceCache = new Map<string, Instance<number>>();

function dimensionsFor(seed: string, medium: boolean): { n: number; d: number; p: number } {
  const random = seededRandom(deriveSeed(seed, "dimensions"));
  const draw = ([lo, hi]: readonly [number, number]) => lo + Math.floor(random.uniform() * (hi - lo + 1));
  const small = [1, MAX_DIMENSION] as const;
  return medium
    ? { n: draw(MEDIUM_RANGES.n), d: draw(MEDIUM_RANGES.d), p: draw(MEDIUM_RANGES.p) }
    : { n: draw(small), d: draw(small), p: draw(small) };
}

/** The seeded contract instance (n, d, p ∈ 1…9, or medium): Gaussian data and initialization. */
export function instanceFor(name: ActivationName, scaling: Scaling, seed: string, medium = false): Instance<number> {
  const key = `${name}/${scaling}/${seed}/${medium}`;
  let instance = instanceCache.get(key);
  if (instance === undefined) {
    instance = sampleInstanceFor(name, scaling, seed, medium);
    instanceCache.set(key, instance);
  }
  return instance;
}

function sampleInstanceFor(name: ActivationName, scaling: Scaling, seed: string, medium: boolean): Instance<number> {
  return sampleInstance({
    ...dimensionsFor(seed, medium),
    data: { law: "gaussian" },
    init: { law: "gaussian" },
    model: { activation: { name }, scaling },
    seed,
  });
}

