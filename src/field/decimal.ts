/**
 * The decimal field: decimal.js at a configurable number of significant digits — the
 * exact reference path.
 *
 * Configuration (documented here, where it is defined):
 * - `digits`: significant digits each +, −, ×, ÷, √, exp, log result is rounded to
 *   (default {@link DEFAULT_DIGITS}). Inputs are never rounded: doubles enter through their
 *   exact binary value and decimal strings through their exact decimal value, so a model whose
 *   arithmetic needs fewer digits than `digits` (ReLU, identity and quadratic networks on short
 *   inputs) is computed exactly.
 * - rounding: round-half-even, so a rounding error is at most half a unit in the last digit,
 *   i.e. a relative error ≤ 5·10^(−digits) per operation.
 */
import { Decimal } from "decimal.js";
import type { Field } from "./field.js";
import { exactDecimalString } from "./exactDouble.js";

export const DEFAULT_DIGITS = 50;
/**
 * The most digits at which every function of the field is correct: decimal.js holds π and ln 10
 * to ~1025 digits and its ln, acos, exp and tanh work a few guard digits beyond the precision, so
 * past ~1010 digits they throw "precision limit exceeded" (test/field/decimalLimits.test.ts
 * checks every function at this maximum, and π and ln 10 against Machin-type series).
 */
export const MAX_DIGITS = 1000;

export interface DecimalFieldOptions {
  /** Significant digits of every rounded result; an integer in [5, MAX_DIGITS]. */
  digits?: number;
}

export type DecimalField = Field<Decimal> & {
  readonly digits: number;
  /** Unit roundoff: the largest relative error of one rounded operation, 5·10^(−digits). */
  readonly unitRoundoff: number;
};

const DECIMAL_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * tanh(x) at `digits` significant digits. Once |x| > ((digits + 1)·ln 10 + ln 2)/2 + 1,
 * 1 − |tanh x| = 2/(e^{2|x|} + 1) < 2e^{−2|x|} < 10^{−(digits+1)}, less than half the spacing
 * 10^{−digits} of the numbers just below 1, so ±1 is the correctly rounded value — returned at
 * once, where decimal.js's own series runs for minutes at 1000 digits (tanh(1e300)).
 */
export function tanhAt(x: Decimal, digits: number): Decimal {
  const Same = x.constructor as typeof Decimal;
  if (x.abs().gt(((digits + 1) * Math.LN10 + Math.LN2) / 2 + 1)) return new Same(x.isNegative() ? -1 : 1);
  return x.tanh();
}

export function decimalField(options: DecimalFieldOptions = {}): DecimalField {
  const digits = options.digits ?? DEFAULT_DIGITS;
  if (!Number.isInteger(digits) || digits < 5 || digits > MAX_DIGITS) {
    throw new RangeError(`digits must be an integer in [5, ${MAX_DIGITS}], got ${digits}`);
  }
  const D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -7, toExpPos: 21 });
  const zero = new D(0);
  const one = new D(1);
  // acos(−1) = π, correctly rounded by decimal.js to `digits` (its π table holds ~1025 digits).
  const pi = new D(-1).acos();
  return {
    name: "decimal",
    digits,
    unitRoundoff: 5 * 10 ** -digits,
    zero,
    one,
    fromNumber: (x) => new D(exactDecimalString(x)),
    fromDecimalString: (s) => {
      // decimal.js also reads "0x1p3", "Infinity" and "NaN"; a data file may hold only decimals.
      if (!DECIMAL_STRING.test(s)) throw new SyntaxError(`not a decimal number: "${s}"`);
      const value = new D(s);
      // Past exponent ±9·10¹⁵ decimal.js reads Infinity or 0, not the value.
      if (!value.isFinite() || (value.isZero() && /[1-9]/.test(s.replace(/[eE].*$/, "")))) throw new RangeError(`"${s.slice(0, 40)}" is outside decimal.js's exponent range (±9e15)`);
      return value;
    },
    add: (x, y) => x.plus(y),
    sub: (x, y) => x.minus(y),
    mul: (x, y) => x.times(y),
    div: (x, y) => x.div(y),
    neg: (x) => x.neg(),
    abs: (x) => x.abs(),
    sqrt: (x) => x.sqrt(),
    exp: (x) => x.exp(),
    log: (x) => x.ln(),
    log1p: (x) => {
      // 1 + x rounded to `digits` loses the low digits of a tiny x; widen the sum just enough.
      const extra = Math.max(0, -x.e);
      if (extra === 0) return x.plus(1).ln();
      // |x| < 10^−(digits+1): log1p(x) = x(1 − x/2 + …) is x to within half a unit in the last digit,
      // and widening by −x.e digits would exceed decimal.js's precision limit for exp(−huge).
      if (extra > digits + 1) return x.toSignificantDigits(digits);
      const Wide = D.clone({ precision: digits + extra });
      return new D(new Wide(x).plus(1).ln()).toSignificantDigits(digits);
    },
    tanh: (x) => tanhAt(x, digits),
    acos: (x) => x.acos(),
    pi,
    min: (x, y) => (x.lte(y) ? x : y),
    max: (x, y) => (x.gte(y) ? x : y),
    positivePart: (x) => (x.isPositive() && !x.isZero() ? x : zero),
    indicatorPositive: (x) => (x.isPositive() && !x.isZero() ? one : zero),
    sign: (x) => (x.isZero() ? 0 : x.isPositive() ? 1 : -1),
    toNumber: (x) => x.toNumber(),
    toString: (x) => x.toString(),
  };
}
