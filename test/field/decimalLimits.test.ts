/**
 * The decimal field at its maximum precision (MAX_DIGITS): every function evaluates, and π and
 * ln 10 — the constants decimal.js holds to ~1025 digits — agree with Machin-type series computed
 * here in BigInt fixed point, so the maximum is within what decimal.js computes correctly.
 *
 * Timed 2026-12-06 on the shared 2-core machine: 6.4 CPU-s in all (acos(0.3) 3.4 s of it). tanh of
 * a huge argument at 1000 digits took more than 150 CPU-s in decimal.js's series before the field
 * saturated it (decimal.ts tanhAt); the last case checks the saturation is the correctly rounded value.
 */
import { describe, expect, it } from "vitest";
import { Decimal } from "decimal.js";
import { decimalField, MAX_DIGITS, tanhAt } from "../../src/field/decimal.js";

/**
 * Σ_k (±1)^k x^-(2k+1)/(2k+1) · 10^scale in BigInt: atan(1/x) with alternating signs, atanh(1/x)
 * without (for ln via ln((1+y)/(1−y)) = 2·atanh(y)).
 */
function inverseSeries(x: bigint, scale: bigint, alternating: boolean): bigint {
  let term = scale / x;
  let sum = term;
  const x2 = x * x;
  for (let k = 1n; term !== 0n; k++) {
    term /= x2;
    sum += (alternating && k % 2n === 1n ? -1n : 1n) * (term / (2n * k + 1n));
  }
  return sum;
}
const arctanInverse = (x: bigint, scale: bigint) => inverseSeries(x, scale, true);
const artanhInverse = (x: bigint, scale: bigint) => inverseSeries(x, scale, false);

const GUARD = 20n;
const digitsOf = (value: bigint, digits: number) => value.toString().slice(0, digits - 1);

describe(`the decimal field at ${MAX_DIGITS} digits`, () => {
  const F = decimalField({ digits: MAX_DIGITS });
  const scale = 10n ** BigInt(MAX_DIGITS + Number(GUARD));

  it("has π right to its last digit but one (Machin: π = 16·atan(1/5) − 4·atan(1/239))", () => {
    const pi = 16n * arctanInverse(5n, scale) - 4n * arctanInverse(239n, scale);
    expect(F.toString(F.pi).replace(".", "").slice(0, MAX_DIGITS - 1)).toBe(digitsOf(pi, MAX_DIGITS));
  });

  it("has ln 10 right to its last digit but one (ln 10 = 3·ln 2 + ln(5/4); ln 2 = 2·atanh(1/3), ln(5/4) = 2·atanh(1/9))", () => {
    const ln10 = 6n * artanhInverse(3n, scale) + 2n * artanhInverse(9n, scale);
    expect(F.toString(F.log(F.fromNumber(10))).replace(".", "").slice(0, MAX_DIGITS - 1)).toBe(digitsOf(ln10, MAX_DIGITS));
  });

  it("evaluates every function at arguments that need π or ln 10 internally", () => {
    for (const text of ["1e300", "1e-300", "-700.5", "0.5"]) {
      const x = F.fromDecimalString(text);
      for (const f of [F.exp, F.log1p, F.tanh]) expect(() => f(x)).not.toThrow();
      expect(() => F.log(F.abs(x))).not.toThrow();
    }
    expect(() => F.log1p(F.fromDecimalString("1e-900"))).not.toThrow();
    expect(() => F.acos(F.fromDecimalString("0.3"))).not.toThrow();
  });

  it("refuses one digit more, and exponents decimal.js cannot hold", () => {
    expect(() => decimalField({ digits: MAX_DIGITS + 1 })).toThrow(RangeError);
    expect(() => F.fromDecimalString("1e99999999999999999999")).toThrow(/exponent range/);
    expect(() => F.fromDecimalString("1e-99999999999999999999")).toThrow(/exponent range/);
  });
}, 300_000);

describe("tanh saturates exactly where ±1 is the correctly rounded value", () => {
  it("agrees with decimal.js's own tanh just past the threshold, and does not saturate well below it", () => {
    for (const digits of [20, 50, 120]) {
      const D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN });
      const threshold = ((digits + 1) * Math.LN10 + Math.LN2) / 2 + 1;
      for (const x of [threshold * 1.0001, threshold + 5, -(threshold + 0.5)]) {
        const v = new D(x);
        expect(tanhAt(v, digits).eq(v.tanh()), `digits ${digits}, x = ${x}`).toBe(true);
        expect(tanhAt(v, digits).abs().eq(1)).toBe(true);
      }
      // Well below the threshold tanh is not ±1 at this precision, and tanhAt must not saturate.
      const below = new D(threshold / 2);
      expect(tanhAt(below, digits).eq(1)).toBe(false);
      expect(tanhAt(below, digits).eq(below.tanh())).toBe(true);
    }
  });
});
