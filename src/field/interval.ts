/**
 * The interval field: every value is an interval [lo, hi] of decimals that contains the exact
 * real value of the same formula. It is what `shallowcheck certify` proves with: a margin whose
 * enclosure lies in [0, ∞) certainly holds, one in (−∞, 0) certainly fails.
 *
 * Soundness, operation by operation:
 * - Inputs are exact: a double enters as its exact binary value, a decimal string as its exact
 *   decimal value, both as a point interval [x, x] (decimal.js never rounds a constructor's value).
 * - +, −, ×, ÷: the lower end is computed by a decimal.js constructor with ROUND_FLOOR, the upper
 *   by one with ROUND_CEIL, both at `digits` significant digits. decimal.js rounds these four
 *   operations correctly in every rounding mode, so each end is the exact end rounded outward.
 *   x·x of one and the same value (same object) is a square, so it never goes below 0.
 * - √: each end is rounded outward and then VERIFIED by exact squaring (s² ≤ a ≤ t², in a
 *   constructor with 2·digits + 2 digits, where products of two `digits`-digit numbers are exact),
 *   stepping one unit in the last place outward until the check passes. Exact on perfect squares.
 * - exp, log, log1p, tanh, acos, π: decimal.js is not trusted blindly. Each end is evaluated at
 *   digits + {@link GUARD_DIGITS} (round-half-even), then moved outward by one unit in the last
 *   place of a `digits`-digit number and rounded outward to `digits` digits — an allowance more
 *   than 10^GUARD_DIGITS times the error decimal.js documents. The functions are monotone, so
 *   the ends of the image are the images of the ends. Exact values at exact points are kept:
 *   exp(0) = 1, log(1) = log1p(0) = tanh(0) = acos(1) = 0.
 * - Domains: a function is evaluated on the part of the interval inside its domain (√ on [0, ∞),
 *   log on (0, ∞) with log → −∞ at 0, acos on [−1, 1]); an interval wholly outside is a RangeError,
 *   like the exact fields' own domain errors. ÷ by an interval holding 0 encloses the quotients
 *   over its nonzero points ([x.lo/hi, ∞) for x ≥ 0 and y ∈ [0, hi]; the whole line when y
 *   straddles 0); exactly [0, 0] is a RangeError. Infinite ends use 0·∞ = 0.
 *
 * Decisions: `sign` answers only when the whole interval has one sign (so `undefined` for any
 * interval holding 0 and another number); `min`, `max`, `abs` are the exact images of the
 * intervals; ReLU's `positivePart` is [max(lo,0), max(hi,0)] and `indicatorPositive` is 1 on
 * (0, ∞), 0 on (−∞, 0] and [0, 1] — both branches — on an interval straddling the kink. Nothing
 * picks a side silently. `toNumber` is the midpoint (for reports only; never decide with it).
 */
import { Decimal } from "decimal.js";
import type { Field, Sign } from "./field.js";
import { exactDecimalString } from "./exactDouble.js";
import { tanhAt } from "./decimal.js";

export const DEFAULT_INTERVAL_DIGITS = 50;
/** Extra digits at which transcendental functions are evaluated before the one-ulp widening. */
const GUARD_DIGITS = 10;

/** A closed interval of decimals containing the exact value; lo ≤ hi, ends may be ±Infinity. */
export interface Interval {
  readonly lo: Decimal;
  readonly hi: Decimal;
}

export interface IntervalFieldOptions {
  /** Significant digits of each rounded end; an integer in [5, 1000] (decimal.js's π has ~1025 digits). */
  digits?: number;
}

/** A three-valued answer: true, false, or undefined when the intervals cannot decide it. */
export type Maybe = boolean | undefined;

export type IntervalField = Field<Interval> & {
  readonly digits: number;
  /** [lo, hi] from two ends given as decimal strings or Decimals (lo ≤ hi is checked). */
  interval(lo: Decimal.Value, hi: Decimal.Value): Interval;
  /** The smallest interval holding both. */
  hull(x: Interval, y: Interval): Interval;
  /** The intersection; a RangeError when empty (two enclosures of one value always meet). */
  intersect(x: Interval, y: Interval): Interval;
  /** hi − lo, rounded up. */
  width(x: Interval): Decimal;
  /** Whether the exact value v lies in x. */
  contains(x: Interval, v: Decimal.Value): boolean;
  /** The signs x may have: [1] for (0, ∞), [−1, 0, 1] for an interval straddling 0, … */
  possibleSigns(x: Interval): Sign[];
  /** x < y, x ≤ y: true, false or undefined. */
  lt(x: Interval, y: Interval): Maybe;
  le(x: Interval, y: Interval): Maybe;
};

const DECIMAL_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTERVAL_STRING = /^\[\s*([^,\s]+)\s*,\s*([^\]\s]+)\s*\]$/;

/** Type guard: is F the interval field? */
export function isIntervalField(F: Field<unknown>): F is IntervalField & Field<unknown> {
  return F.name === "interval" && "hull" in F;
}

export function intervalField(options: IntervalFieldOptions = {}): IntervalField {
  const digits = options.digits ?? DEFAULT_INTERVAL_DIGITS;
  if (!Number.isInteger(digits) || digits < 5 || digits > 1000) {
    throw new RangeError(`digits must be an integer in [5, 1000], got ${digits}`);
  }
  const settings = { toExpNeg: -7, toExpPos: 21 };
  const Down = Decimal.clone({ ...settings, precision: digits, rounding: Decimal.ROUND_FLOOR });
  const Up = Decimal.clone({ ...settings, precision: digits, rounding: Decimal.ROUND_CEIL });
  const Work = Decimal.clone({ ...settings, precision: digits + GUARD_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });
  // Products of two numbers of ≤ digits significant digits have ≤ 2·digits: exact here.
  const Exact = Decimal.clone({ ...settings, precision: 2 * digits + 2, rounding: Decimal.ROUND_HALF_EVEN });

  const ZERO = new Down(0);
  const ONE = new Down(1);
  const NEG_INF = new Down(-Infinity);
  const POS_INF = new Down(Infinity);
  const point = (v: Decimal): Interval => ({ lo: v, hi: v });
  const make = (lo: Decimal, hi: Decimal): Interval => ({ lo: lo.isNaN() ? NEG_INF : lo, hi: hi.isNaN() ? POS_INF : hi });
  const WHOLE: Interval = { lo: NEG_INF, hi: POS_INF };
  const zero = point(ZERO);
  const one = point(ONE);

  const minD = (a: Decimal, b: Decimal) => (a.lte(b) ? a : b);
  const maxD = (a: Decimal, b: Decimal) => (a.gte(b) ? a : b);
  /** A product rounded down / up, with 0·∞ = 0 (an exact zero times anything is zero). */
  const mulDown = (a: Decimal, b: Decimal) => (a.isZero() || b.isZero() ? ZERO : new Down(a).times(b));
  const mulUp = (a: Decimal, b: Decimal) => (a.isZero() || b.isZero() ? ZERO : new Up(a).times(b));

  /** One unit in the last place of a `digits`-digit number of v's magnitude (v finite). */
  const ulp = (v: Decimal): Decimal => (v.isZero() ? new Down(`1e${Down.minE}`) : new Down(`1e${v.e - digits + 1}`));
  /** A transcendental value computed at Work precision, moved outward by one ulp and rounded outward. */
  const lowerEnd = (v: Decimal) => (v.isFinite() ? new Down(v).minus(ulp(v)) : new Down(v));
  const upperEnd = (v: Decimal) => (v.isFinite() ? new Up(v).plus(ulp(v)) : new Up(v));
  /**
   * f monotone increasing on the interval: [f(lo)↓, f(hi)↑], an end kept exact where `exactAt`
   * knows f there exactly (f(0) = 0, …).
   */
  const increasing = (x: Interval, f: (v: Decimal) => Decimal, exactAt: (v: Decimal) => Decimal | undefined): Interval => {
    const exactLo = exactAt(x.lo);
    const exactHi = exactAt(x.hi);
    // A point needs one evaluation of f (the costly part), widened both ways.
    const atLo = exactLo ?? f(new Work(x.lo));
    const atHi = exactHi ?? (x.hi.eq(x.lo) && exactLo === undefined ? atLo : f(new Work(x.hi)));
    return make(exactLo ?? lowerEnd(atLo), exactHi ?? upperEnd(atHi));
  };

  /** √a rounded down, checked by exact squaring. */
  const sqrtDown = (a: Decimal): Decimal => {
    if (a.isZero()) return ZERO;
    if (!a.isFinite()) return new Down(a);
    let s = new Down(a).sqrt();
    while (new Exact(s).times(s).gt(a)) s = s.minus(ulp(s));
    return s;
  };
  const sqrtUp = (a: Decimal): Decimal => {
    if (a.isZero()) return ZERO;
    if (!a.isFinite()) return new Up(a);
    let t = new Up(a).sqrt();
    while (new Exact(t).times(t).lt(a)) t = t.plus(ulp(t));
    return t;
  };

  const piInterval: Interval = (() => {
    const v = new Work(-1).acos();
    return make(lowerEnd(v), upperEnd(v));
  })();

  const readDecimal = (s: string): Decimal => {
    if (!DECIMAL_STRING.test(s)) throw new SyntaxError(`not a decimal number: "${s}"`);
    const value = new Down(s);
    // decimal.js reads an exponent past ±9·10¹⁵ as Infinity or 0: [∞, ∞] or [0, 0] would not
    // enclose the finite, nonzero value the string names.
    if (!value.isFinite() || (value.isZero() && /[1-9]/.test(s.replace(/[eE].*$/, "")))) {
      throw new RangeError(`"${s.slice(0, 40)}" is outside decimal.js's exponent range (±9e15): no finite enclosure`);
    }
    return value;
  };

  const sign = (x: Interval): Sign | undefined => {
    if (x.lo.gt(0)) return 1;
    if (x.hi.lt(0)) return -1;
    if (x.lo.isZero() && x.hi.isZero()) return 0;
    return undefined;
  };

  const field: IntervalField = {
    name: "interval",
    digits,
    zero,
    one,
    // −0 is 0: a point interval has one zero, so toNumber never reports −0.
    fromNumber: (x) => (x === 0 ? zero : point(new Down(exactDecimalString(x)))),
    fromDecimalString: (s) => {
      const pair = INTERVAL_STRING.exec(s.trim());
      if (pair) return field.interval(readDecimal(pair[1]), readDecimal(pair[2]));
      return point(readDecimal(s));
    },
    interval: (lo, hi) => {
      const l = new Down(lo);
      const h = new Down(hi);
      if (l.isNaN() || h.isNaN() || l.gt(h)) throw new RangeError(`not an interval: [${l.toString()}, ${h.toString()}]`);
      return { lo: l, hi: h };
    },
    add: (x, y) => make(new Down(x.lo).plus(y.lo), new Up(x.hi).plus(y.hi)),
    sub: (x, y) => make(new Down(x.lo).minus(y.hi), new Up(x.hi).minus(y.lo)),
    mul: (x, y) => {
      if (x === y) return square(x);
      const lows = [mulDown(x.lo, y.lo), mulDown(x.lo, y.hi), mulDown(x.hi, y.lo), mulDown(x.hi, y.hi)];
      const highs = [mulUp(x.lo, y.lo), mulUp(x.lo, y.hi), mulUp(x.hi, y.lo), mulUp(x.hi, y.hi)];
      return make(lows.reduce(minD), highs.reduce(maxD));
    },
    div: (x, y) => {
      const s = sign(y);
      if (s === 0) throw new RangeError("interval: division by zero");
      if (s === undefined) return oneSidedQuotient(x, y);
      const quotientDown = (a: Decimal, b: Decimal) => (a.isZero() ? ZERO : new Down(a).div(b));
      const quotientUp = (a: Decimal, b: Decimal) => (a.isZero() ? ZERO : new Up(a).div(b));
      const lows = [quotientDown(x.lo, y.lo), quotientDown(x.lo, y.hi), quotientDown(x.hi, y.lo), quotientDown(x.hi, y.hi)];
      const highs = [quotientUp(x.lo, y.lo), quotientUp(x.lo, y.hi), quotientUp(x.hi, y.lo), quotientUp(x.hi, y.hi)];
      if (lows.some((v) => v.isNaN()) || highs.some((v) => v.isNaN())) return WHOLE;
      return make(lows.reduce(minD), highs.reduce(maxD));
    },
    neg: (x) => ({ lo: x.hi.neg(), hi: x.lo.neg() }),
    abs: (x) => {
      if (x.lo.gte(0)) return x;
      if (x.hi.lte(0)) return { lo: x.hi.neg(), hi: x.lo.neg() };
      return { lo: ZERO, hi: maxD(x.lo.neg(), x.hi) };
    },
    sqrt: (x) => {
      if (x.hi.lt(0)) throw new RangeError("interval: square root of a negative number");
      return make(sqrtDown(maxD(x.lo, ZERO)), sqrtUp(x.hi));
    },
    exp: (x) => {
      const r = increasing(x, (v) => v.exp(), (v) => (v.isZero() ? ONE : undefined));
      return make(maxD(r.lo, ZERO), r.hi);
    },
    log: (x) => {
      if (x.hi.lte(0)) throw new RangeError("interval: logarithm of a non-positive number");
      const r = increasing({ lo: x.lo.gt(0) ? x.lo : ZERO, hi: x.hi }, (v) => v.ln(), (v) => (v.isZero() ? NEG_INF : v.eq(1) ? ZERO : undefined));
      return r;
    },
    log1p: (x) => {
      if (x.hi.lte(-1)) throw new RangeError("interval: log1p of a number ≤ −1");
      const log1p = (v: Decimal): Decimal => {
        // 1 + v at Work precision would drop the low digits of a tiny v: widen by its exponent.
        const Wide = Work.clone({ precision: digits + GUARD_DIGITS + Math.max(0, -v.e) });
        return new Work(new Wide(v).plus(1).ln());
      };
      // Below 10^−(digits+GUARD) use v − v² ≤ log1p(v) ≤ v (valid for v ≥ −1/2): no huge precision.
      const tiny = (v: Decimal) => v.e < -(digits + GUARD_DIGITS);
      const low = (v: Decimal) => (v.lte(-1) ? NEG_INF : v.isZero() ? ZERO : tiny(v) ? new Down(v).minus(mulUp(v, v)) : lowerEnd(log1p(v)));
      const high = (v: Decimal) => (v.isZero() ? ZERO : tiny(v) ? new Up(v) : upperEnd(log1p(v)));
      return make(low(x.lo), high(x.hi));
    },
    tanh: (x) => {
      const r = increasing(x, (v) => tanhAt(v, digits + GUARD_DIGITS), (v) => (v.isZero() ? ZERO : undefined));
      return make(maxD(r.lo, new Down(-1)), minD(r.hi, ONE));
    },
    acos: (x) => {
      const lo = maxD(x.lo, new Down(-1));
      const hi = minD(x.hi, ONE);
      if (lo.gt(hi)) throw new RangeError("interval: acos of a number outside [−1, 1]");
      // Decreasing: the lower end of the image is acos(hi).
      const low = hi.eq(1) ? ZERO : hi.eq(-1) ? piInterval.lo : lowerEnd(new Work(hi).acos());
      const high = lo.eq(1) ? ZERO : lo.eq(-1) ? piInterval.hi : upperEnd(new Work(lo).acos());
      return make(maxD(low, ZERO), minD(high, piInterval.hi));
    },
    pi: piInterval,
    min: (x, y) => ({ lo: minD(x.lo, y.lo), hi: minD(x.hi, y.hi) }),
    max: (x, y) => ({ lo: maxD(x.lo, y.lo), hi: maxD(x.hi, y.hi) }),
    positivePart: (x) => ({ lo: maxD(x.lo, ZERO), hi: maxD(x.hi, ZERO) }),
    indicatorPositive: (x) => (x.lo.gt(0) ? one : x.hi.lte(0) ? zero : { lo: ZERO, hi: ONE }),
    sign,
    toNumber: (x) => {
      if (x.lo.eq(x.hi)) return x.lo.toNumber() + 0; // + 0 turns −0 into 0
      if (!x.lo.isFinite() || !x.hi.isFinite()) return x.lo.isFinite() ? Infinity : x.hi.isFinite() ? -Infinity : NaN;
      return new Exact(x.lo).plus(x.hi).div(2).toNumber();
    },
    toString: (x) => (x.lo.eq(x.hi) ? x.lo.toString() : `[${x.lo.toString()}, ${x.hi.toString()}]`),
    hull: (x, y) => ({ lo: minD(x.lo, y.lo), hi: maxD(x.hi, y.hi) }),
    intersect: (x, y) => {
      const lo = maxD(x.lo, y.lo);
      const hi = minD(x.hi, y.hi);
      if (lo.gt(hi)) throw new RangeError(`interval: empty intersection of ${field.toString(x)} and ${field.toString(y)}`);
      return { lo, hi };
    },
    width: (x) => new Up(x.hi).minus(x.lo),
    contains: (x, v) => {
      const d = new Exact(v);
      return x.lo.lte(d) && d.lte(x.hi);
    },
    possibleSigns: (x) => {
      const out: Sign[] = [];
      if (x.lo.lt(0)) out.push(-1);
      if (x.lo.lte(0) && x.hi.gte(0)) out.push(0);
      if (x.hi.gt(0)) out.push(1);
      return out;
    },
    lt: (x, y) => (x.hi.lt(y.lo) ? true : x.lo.gte(y.hi) ? false : undefined),
    le: (x, y) => (x.hi.lte(y.lo) ? true : x.lo.gt(y.hi) ? false : undefined),
  };

  /**
   * x/y over the nonzero y of an interval that holds 0 (the quotient is undefined at y = 0 itself:
   * callers that may divide by an exact 0 must branch first). With y ∈ [0, hi] and x ≥ 0 that is
   * [x.lo/hi, ∞); an interval straddling 0, or x of both signs, gives the whole line.
   */
  function oneSidedQuotient(x: Interval, y: Interval): Interval {
    const xSign = x.lo.gte(0) ? 1 : x.hi.lte(0) ? -1 : 0;
    if (xSign === 0 || (y.lo.lt(0) && y.hi.gt(0))) return WHOLE;
    const ySign = y.hi.gt(0) ? 1 : -1;
    const end = ySign === 1 ? y.hi : y.lo;
    // The finite end of the quotient is the x end nearest 0 divided by y's far end.
    const near = xSign === 1 ? x.lo : x.hi;
    if (near.isZero()) return xSign * ySign === 1 ? { lo: ZERO, hi: POS_INF } : { lo: NEG_INF, hi: ZERO };
    return xSign * ySign === 1 ? make(new Down(near).div(end), POS_INF) : make(NEG_INF, new Up(near).div(end));
  }

  /** x² of one value: never below 0, even when x straddles 0. */
  function square(x: Interval): Interval {
    const lowAbs = x.lo.gte(0) ? x.lo : x.hi.lte(0) ? x.hi.neg() : ZERO;
    const highAbs = maxD(x.lo.abs(), x.hi.abs());
    return make(mulDown(lowAbs, lowAbs), mulUp(highAbs, highAbs));
  }

  return field;
}
