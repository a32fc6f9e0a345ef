/**
 * The rational field: exact fractions of BigInts, for identities that must hold with zero
 * tolerance whatever the sizes (1/3 is 1/3 here, not 0.333…3). +, −, ×, ÷ are exact; √ is exact
 * on perfect squares and refuses anything else, as do exp, log and tanh: this field is for
 * polynomial and rational identities (ReLU-type, identity and quadratic networks), and says so
 * rather than approximate.
 */
import type { Field } from "./field.js";
import { exactDecimalString } from "./exactDouble.js";

export interface Rational {
  /** Numerator; carries the sign. */
  readonly num: bigint;
  /** Denominator, > 0, coprime with num. */
  readonly den: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function rational(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError("rational: division by zero");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

const DECIMAL = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/** "-1.25e-3" → −125/100000 and "2/3" → 2/3, exactly. */
function parseDecimal(s: string): Rational {
  const fraction = FRACTION.exec(s);
  if (fraction) return rational(BigInt(fraction[1]), BigInt(fraction[2]));
  const match = DECIMAL.exec(s);
  if (!match || (match[2] === "" && match[3] === "")) throw new SyntaxError(`not a decimal number: "${s}"`);
  const [, sign, integerPart, fractionPart, exponentText] = match;
  let num = BigInt((integerPart || "0") + fractionPart);
  if (sign === "-") num = -num;
  const exponent = Number(exponentText ?? 0) - fractionPart.length;
  return exponent >= 0 ? rational(num * 10n ** BigInt(exponent), 1n) : rational(num, 10n ** BigInt(-exponent));
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on BigInt). */
function integerSquareRoot(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (abs(next - x) <= 1n) {
      x = next;
      while (x * x > n) x--;
      while ((x + 1n) * (x + 1n) <= n) x++;
      return x;
    }
    x = next;
  }
}

function exactSquareRoot(x: Rational): Rational {
  if (x.num < 0n) throw new RangeError("rational: square root of a negative number");
  const num = integerSquareRoot(x.num);
  const den = integerSquareRoot(x.den);
  if (num * num !== x.num || den * den !== x.den) throw new RangeError("rational: square root of a non-square is irrational");
  return { num, den };
}

const compare = (x: Rational, y: Rational) => {
  const difference = x.num * y.den - y.num * x.den;
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
};

function notRational(name: string): never {
  throw new RangeError(`rational: ${name} is not rational; use the decimal field`);
}

/**
 * The double nearest x: |num|·2^k/den is formed with 64 significant bits plus a sticky bit (set
 * when the division leaves a remainder, so a truncated quotient never looks like a tie to
 * Number's round-half-even), converted, then scaled by 2^−k in two factors so neither over- nor
 * underflows on the way. Below 2^−1022 that scaling would round a second time (to the subnormal
 * grid), so there |x| is rounded once, half to even, straight to a multiple of 2^−1074. Correctly
 * rounded everywhere.
 */
function toNumber(x: Rational): number {
  if (x.num === 0n) return 0;
  const magnitude = abs(x.num);
  const k = 64 - (magnitude.toString(2).length - x.den.toString(2).length);
  const numerator = k >= 0 ? magnitude << BigInt(k) : magnitude;
  const denominator = k >= 0 ? x.den : x.den << BigInt(-k);
  let quotient = numerator / denominator;
  // quotient ≥ 2^63, so its leading bit gives the exponent of |x| exactly.
  const exponent = quotient.toString(2).length - 1 - k;
  const value = exponent < -1022 ? subnormalNearest(magnitude, x.den) : scaled(quotient * denominator !== numerator ? quotient | 1n : quotient, k);
  return x.num < 0n ? -value : value;
}

function scaled(quotient: bigint, k: number): number {
  const half = Math.trunc(-k / 2);
  return Number(quotient) * 2 ** half * 2 ** (-k - half);
}

/** magnitude/den (< 2^−1022) rounded half to even to a multiple of 2^−1074: the multiple is below 2^53, so both steps are exact. */
function subnormalNearest(magnitude: bigint, den: bigint): number {
  const shifted = magnitude << 1074n;
  let units = shifted / den;
  const twiceRemainder = 2n * (shifted - units * den);
  if (twiceRemainder > den || (twiceRemainder === den && (units & 1n) === 1n)) units += 1n;
  return Number(units) * 2 ** -1074;
}

/** The exact decimal when the denominator is 2^a·5^b, else "num/den" (both read back by fromDecimalString). */
function toString(x: Rational): string {
  let rest = x.den;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) return `${x.num}/${x.den}`;
  const places = Math.max(twos, fives);
  const scaled = abs(x.num) * (x.den === 1n ? 1n : (10n ** BigInt(places)) / x.den);
  const digits = scaled.toString().padStart(places + 1, "0");
  const integerPart = digits.slice(0, digits.length - places);
  const fractionPart = places > 0 ? "." + digits.slice(digits.length - places) : "";
  return (x.num < 0n ? "-" : "") + integerPart + fractionPart;
}

export const rationalField: Field<Rational> = {
  name: "rational",
  zero: { num: 0n, den: 1n },
  one: { num: 1n, den: 1n },
  fromNumber: (x) => parseDecimal(exactDecimalString(x)),
  fromDecimalString: parseDecimal,
  add: (x, y) => rational(x.num * y.den + y.num * x.den, x.den * y.den),
  sub: (x, y) => rational(x.num * y.den - y.num * x.den, x.den * y.den),
  mul: (x, y) => rational(x.num * y.num, x.den * y.den),
  div: (x, y) => rational(x.num * y.den, x.den * y.num),
  neg: (x) => ({ num: -x.num, den: x.den }),
  abs: (x) => ({ num: abs(x.num), den: x.den }),
  sqrt: exactSquareRoot,
  exp: () => notRational("exp"),
  log: () => notRational("log"),
  log1p: () => notRational("log1p"),
  tanh: () => notRational("tanh"),
  acos: () => notRational("acos"),
  get pi(): never {
    return notRational("pi");
  },
  min: (x, y) => (compare(x, y) <= 0 ? x : y),
  max: (x, y) => (compare(x, y) >= 0 ? x : y),
  positivePart: (x) => (x.num > 0n ? x : { num: 0n, den: 1n }),
  indicatorPositive: (x) => ({ num: x.num > 0n ? 1n : 0n, den: 1n }),
  sign: (x) => (x.num > 0n ? 1 : x.num < 0n ? -1 : 0),
  toNumber,
  toString,
};
