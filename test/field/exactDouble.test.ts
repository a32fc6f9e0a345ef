/**
 * A double enters the decimal path through its exact binary value. Checked independently of
 * the implementation: the decimal string N/10^k must satisfy N·2^(−e) = m·10^k exactly in BigInt
 * arithmetic, where x = m·2^e.
 */
import { fc, it } from "@fast-check/vitest";
import { Decimal } from "decimal.js";
import { describe, expect } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { exactDecimalString } from "../../src/field/exactDouble.js";

/** x = m·2^e with integer m, read through the IEEE fields by a DataView (a second, independent decoding). */
function binaryParts(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = high >>> 20;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

function representsExactly(text: string, x: number): boolean {
  const negative = text.startsWith("-");
  const [integerPart, fractionPart = ""] = text.replace("-", "").split(".");
  const numerator = BigInt(integerPart + fractionPart);
  const decimals = fractionPart.length;
  const { mantissa, exponent } = binaryParts(x);
  if (negative !== x < 0 && numerator !== 0n) return false;
  // numerator / 10^decimals = mantissa · 2^exponent
  const left = exponent < 0 ? numerator << BigInt(-exponent) : numerator;
  const right = exponent < 0 ? mantissa * 10n ** BigInt(decimals) : (mantissa << BigInt(exponent)) * 10n ** BigInt(decimals);
  return left === right;
}

describe("exactDecimalString", () => {
  it("writes 0.1 with all 55 digits of its binary value", () => {
    expect(exactDecimalString(0.1)).toBe("0.1000000000000000055511151231257827021181583404541015625");
  });

  it("handles the extremes: the smallest subnormal and the largest double", () => {
    const tiny = exactDecimalString(Number.MIN_VALUE);
    expect(tiny.startsWith("0." + "0".repeat(323) + "49406564584124654417656879286822137236505980")).toBe(true);
    expect(tiny.length).toBe(2 + 1074);
    expect(exactDecimalString(Number.MAX_VALUE)).toBe(BigInt(Number.MAX_VALUE).toString());
    expect(exactDecimalString(-0)).toBe("-0");
  });

  it.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])("is the exact value of every finite double", (x) => {
    expect(representsExactly(exactDecimalString(x), x)).toBe(true);
  });

  it.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])("reads back to the same double", (x) => {
    expect(Number(exactDecimalString(x))).toBe(x);
  });

  it("rejects non-finite numbers", () => {
    expect(() => exactDecimalString(NaN)).toThrow(RangeError);
    expect(() => exactDecimalString(Infinity)).toThrow(RangeError);
  });

  it("is what the decimal field uses, not new Decimal(number)'s shortest reading", () => {
    const F = decimalField({ digits: 60 });
    expect(F.fromNumber(0.1).eq(new Decimal("0.1"))).toBe(false);
    expect(F.fromNumber(0.1).toString()).toBe("0.1000000000000000055511151231257827021181583404541015625");
    // A decimal string is read exactly, not through a double.
    expect(F.fromDecimalString("0.1").eq(new Decimal("0.1"))).toBe(true);
  });
});
