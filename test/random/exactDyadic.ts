/**
 * Exact arithmetic on doubles for the random-law tests: every double is m·2^e with integer m,
 * and sums and products of such numbers stay of that form, so BigInt computes inner products
 * and squared norms of sampled doubles with no rounding at all. The tests use it to check the
 * samplers' guarantees about the exact values of what they return, not about float re-computations.
 */
export interface Dyadic {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const float64View = new Float64Array(1);
const bitsView = new BigUint64Array(float64View.buffer);

export function dyadic(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new RangeError(`dyadic: ${x} is not finite`);
  float64View[0] = x;
  const bits = bitsView[0];
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const magnitude = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  return { mantissa: bits >> 63n === 1n ? -magnitude : magnitude, exponent };
}

function aligned(x: Dyadic, exponent: number): bigint {
  return x.mantissa << BigInt(x.exponent - exponent);
}

export function add(x: Dyadic, y: Dyadic): Dyadic {
  const exponent = Math.min(x.exponent, y.exponent);
  return { mantissa: aligned(x, exponent) + aligned(y, exponent), exponent };
}

export function sub(x: Dyadic, y: Dyadic): Dyadic {
  return add(x, { mantissa: -y.mantissa, exponent: y.exponent });
}

export function mul(x: Dyadic, y: Dyadic): Dyadic {
  return { mantissa: x.mantissa * y.mantissa, exponent: x.exponent + y.exponent };
}

export function abs(x: Dyadic): Dyadic {
  return x.mantissa < 0n ? { mantissa: -x.mantissa, exponent: x.exponent } : x;
}

/** −1, 0 or 1 as x <, =, > y, exactly. */
export function compare(x: Dyadic, y: Dyadic): -1 | 0 | 1 {
  const difference = sub(x, y).mantissa;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

export function isZero(x: Dyadic): boolean {
  return x.mantissa === 0n;
}

/** The exact inner product of two vectors of doubles. */
export function exactDot(x: readonly number[], y: readonly number[]): Dyadic {
  let total: Dyadic = { mantissa: 0n, exponent: 0 };
  for (let k = 0; k < x.length; k++) total = add(total, mul(dyadic(x[k]), dyadic(y[k])));
  return total;
}

export function exactSquaredNorm(x: readonly number[]): Dyadic {
  return exactDot(x, x);
}
