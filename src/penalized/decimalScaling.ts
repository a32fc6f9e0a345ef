/**
 * Exact rational stationary points written as terminating decimals.
 *
 * Instance files hold decimals only (src/io/instanceSchema.ts), but an exact Lasso solution is a
 * rational with an arbitrary denominator. The Lasso is positively homogeneous in (y, r):
 * γ̂(c·y, c·r) = c·γ̂(y, r) for c > 0 (and the truth scales with it: c·f*, c·u). So a solution
 * with common denominator D = D'·2^a·5^b becomes a decimal after scaling by c = D'/10^k, which
 * stays a decimal multiplier; k = number of digits of D' keeps c in [0.1, 1).
 */
import { rationalField, type Rational } from "../field/rational.js";

/** The part of the denominator coprime to 10. */
function nonDecimalPart(den: bigint): bigint {
  while (den % 2n === 0n) den /= 2n;
  while (den % 5n === 0n) den /= 5n;
  return den;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
};

/** c = D'/10^k, D' the lcm of the values' denominators without 2s and 5s: c·v is a terminating decimal for every v. */
export function terminatingScale(values: readonly Rational[]): Rational {
  let lcm = 1n;
  for (const v of values) {
    const part = nonDecimalPart(v.den);
    lcm = (lcm / gcd(lcm, part)) * part;
  }
  const k = lcm.toString().length;
  return rationalField.div({ num: lcm, den: 1n }, { num: 10n ** BigInt(k), den: 1n });
}

/** A rational as a decimal string; throws if it does not terminate (a bug in the caller's scaling). */
export function decimalString(x: Rational): string {
  const s = rationalField.toString(x);
  if (s.includes("/")) throw new RangeError(`decimalString: ${s} is not a terminating decimal`);
  return s;
}
