/**
 * float64 with a rigorous running error bound (Higham, "Accuracy and Stability of Numerical
 * Algorithms", §3.1–3.3 and eq. (4.4)): every value carries a bound on its distance from the
 * value the same formula has in exact real arithmetic. This is where the float-vs-exact
 * tolerances of shallowcheck come from — derived from the unit roundoff, never tuned.
 *
 * Sums are order-independent: a float sum of m terms, in ANY order, has rounding error at most
 * γ_{m−1}·Σ|t_i| (γ_k = k·u/(1 − k·u)). So a sum node keeps its terms' own errors
 * (`inheritedError`), Σ|t_i| (`magnitude`) and m (`terms`) separately, and the bound it reports
 * holds for every summation order — including the reordered, unrolled loops of the fast
 * kernels, which the differential tests compare against the same bound.
 *
 * The bounds are themselves computed in float64; that perturbs each bound by a relative
 * (1 + O(k·u)) after k operations — a second-order effect on a quantity of order k·u.
 *
 * Products, quotients and elementary functions follow the association the model writes; the
 * fast kernels keep that association. Math.exp/log/log1p/tanh are fdlibm ports in V8, accurate
 * to < 1 ulp, i.e. relative error ≤ 2u.
 */
import type { Field } from "./field.js";

export const UNIT_ROUNDOFF = 2 ** -53;

/** Error bound of an elementary function result, relative: < 1 ulp ≤ 2u. */
const ELEMENTARY_RELATIVE_ERROR = 2 * UNIT_ROUNDOFF;

export interface ErrorBounded {
  /** The float64 value computed. */
  readonly value: number;
  /** Bound on the error the operands carried into this value (excluding this node's summation rounding). */
  readonly inheritedError: number;
  /** Σ|t_i| over the terms of the sum this value is (|value| for a non-sum). */
  readonly magnitude: number;
  /** Number of terms of the sum this value is (1 for a non-sum). */
  readonly terms: number;
}

/** a·b for non-negative bounds, with 0·∞ = 0: an exact zero times an unbounded error is still exactly zero. */
function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/** γ_k = k·u/(1 − k·u): a float sum of k+1 terms, or a length-k dot product, is off by at most γ_k·Σ|terms|. */
export function gamma(k: number): number {
  const ku = k * UNIT_ROUNDOFF;
  if (ku >= 1) return Infinity;
  return ku / (1 - ku);
}

/** |computed − exact| ≤ errorBound(x), whatever order the terms of each sum were added in. */
export function errorBound(x: ErrorBounded): number {
  return x.inheritedError + times(gamma(x.terms - 1), x.magnitude);
}

function leaf(value: number, error: number): ErrorBounded {
  return { value, inheritedError: error, magnitude: Math.abs(value), terms: 1 };
}

/** An input that is exactly the double given. */
export function exactValue(value: number): ErrorBounded {
  return leaf(value, 0);
}

function add(x: ErrorBounded, y: ErrorBounded, ySign: 1 | -1): ErrorBounded {
  return {
    value: ySign === 1 ? x.value + y.value : x.value - y.value,
    inheritedError: x.inheritedError + y.inheritedError,
    magnitude: x.magnitude + y.magnitude,
    terms: x.terms + y.terms,
  };
}

/**
 * f applied to x, where |f'| ≤ `slope` on the interval [x − e, x + e] and f is evaluated with
 * relative error ≤ `relativeError`.
 */
function applyFunction(value: number, inputError: number, slope: number, relativeError: number): ErrorBounded {
  return leaf(value, times(slope, inputError) + relativeError * Math.abs(value));
}

/** A field of error-bounded float64 values; a value's bound is read with {@link errorBound}. */
export const errorBoundField: Field<ErrorBounded> = {
  name: "float64+bound",
  zero: exactValue(0),
  one: exactValue(1),
  fromNumber: exactValue,
  fromDecimalString: (s) => {
    const value = Number(s);
    // Reading a decimal rounds once: at most u·|value| (also charged when the decimal happens to be a double).
    return leaf(value, UNIT_ROUNDOFF * Math.abs(value));
  },
  add: (x, y) => add(x, y, 1),
  sub: (x, y) => add(x, y, -1),
  mul: (x, y) => {
    const ex = errorBound(x);
    const ey = errorBound(y);
    const value = x.value * y.value;
    return leaf(value, times(Math.abs(x.value), ey) + times(Math.abs(y.value), ex) + times(ex, ey) + UNIT_ROUNDOFF * Math.abs(value));
  },
  div: (x, y) => {
    const ex = errorBound(x);
    const ey = errorBound(y);
    const value = x.value / y.value;
    const denominatorFloor = Math.abs(y.value) - ey;
    if (!(denominatorFloor > 0)) return leaf(value, Infinity);
    // |x̃/ỹ − x/y| ≤ (|x̃|·e_y + |ỹ|·e_x) / (|ỹ|·(|ỹ| − e_y))
    const propagated = (times(Math.abs(x.value), ey) + times(Math.abs(y.value), ex)) / (Math.abs(y.value) * denominatorFloor);
    return leaf(value, propagated + UNIT_ROUNDOFF * Math.abs(value));
  },
  neg: (x) => ({ ...x, value: -x.value }),
  abs: (x) => ({ ...x, value: Math.abs(x.value) }),
  sqrt: (x) => {
    const e = errorBound(x);
    const value = Math.sqrt(x.value);
    const floor = x.value - e;
    // √ is 1/(2√t)-Lipschitz on [floor, ∞); near 0 use |√a − √b| ≤ √|a − b|.
    const propagated = floor > 0 ? e / (2 * Math.sqrt(floor)) : Math.sqrt(e);
    return leaf(value, propagated + UNIT_ROUNDOFF * value);
  },
  exp: (x) => {
    const e = errorBound(x);
    const value = Math.exp(x.value);
    return applyFunction(value, e, Math.exp(x.value + e), ELEMENTARY_RELATIVE_ERROR);
  },
  log: (x) => {
    const e = errorBound(x);
    const floor = x.value - e;
    const value = Math.log(x.value);
    if (!(floor > 0)) return leaf(value, Infinity);
    return applyFunction(value, e, 1 / floor, ELEMENTARY_RELATIVE_ERROR);
  },
  log1p: (x) => {
    const e = errorBound(x);
    const floor = 1 + x.value - e;
    const value = Math.log1p(x.value);
    if (!(floor > 0)) return leaf(value, Infinity);
    return applyFunction(value, e, 1 / floor, ELEMENTARY_RELATIVE_ERROR);
  },
  tanh: (x) => {
    const e = errorBound(x);
    const value = Math.tanh(x.value);
    // |tanh'| ≤ 1 everywhere.
    return applyFunction(value, e, 1, ELEMENTARY_RELATIVE_ERROR);
  },
  acos: (x) => {
    const e = errorBound(x);
    const value = Math.acos(x.value);
    // acos is decreasing on [−1, 1]: the exact value lies between its values at the ends of
    // [x̃ − e, x̃ + e] clipped to the domain; its slope is unbounded at ±1, so no Lipschitz form.
    const low = Math.acos(Math.min(1, x.value + e));
    const high = Math.acos(Math.max(-1, x.value - e));
    if (!(Math.abs(x.value) <= 1)) return leaf(value, Infinity);
    const propagated = Math.max(value - low, high - value);
    return leaf(value, propagated * (1 + ELEMENTARY_RELATIVE_ERROR) + 2 * ELEMENTARY_RELATIVE_ERROR * Math.PI);
  },
  // Math.PI is π rounded to nearest: off by at most u·π.
  pi: leaf(Math.PI, UNIT_ROUNDOFF * Math.PI),
  min: (x, y) => {
    const value = Math.min(x.value, y.value);
    return leaf(value, Math.max(errorBound(x), errorBound(y)));
  },
  max: (x, y) => {
    const value = Math.max(x.value, y.value);
    return leaf(value, Math.max(errorBound(x), errorBound(y)));
  },
  // max(·, 0) is 1-Lipschitz: if x̃ ≤ 0 the exact x is at most e − |x̃|.
  positivePart: (x) => (x.value > 0 ? x : leaf(0, Math.max(0, errorBound(x) + x.value))),
  // A step is not Lipschitz: where the sign is undecided the indicator may be off by 1.
  indicatorPositive: (x) => leaf(x.value > 0 ? 1 : 0, signDecided(x) ? 0 : 1),
  sign: (x) => (x.value > 0 ? 1 : x.value < 0 ? -1 : 0),
  toNumber: (x) => x.value,
  toString: (x) => String(x.value),
};

/**
 * True when the computed sign of x is certainly the exact sign: |value| > bound, or value and
 * bound both 0. Where a ReLU-type pre-activation is undecided, the float path may take the
 * other branch than exact arithmetic; the bounds stay sound but become as wide as a whole
 * branch, so tests report such instances instead of comparing on them.
 */
export function signDecided(x: ErrorBounded): boolean {
  const bound = errorBound(x);
  return Math.abs(x.value) > bound || (x.value === 0 && bound === 0);
}
