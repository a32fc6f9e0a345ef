/**
 * Contract assertions every {@link Field} must pass (fast-check's ArbitraryAssertions idea):
 * exact integer arithmetic, exact double conversion, the ReLU conventions, and elementary
 * functions within the field's own derived error.
 */
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Field } from "../../src/field/field.js";

export interface FieldUnderContract<T> {
  field: Field<T>;
  /** Largest relative error of one exp/log/tanh/sqrt result in this field. */
  elementaryRelativeError: number;
  /** Largest relative error of one rounded +, −, ×, ÷ in this field. */
  unitRoundoff: number;
  /** False for a field that refuses exp, log, log1p and tanh (the rational field). */
  transcendental?: boolean;
}

/** Integers whose sums and products stay below 2^53, so float64 must be exact too. */
const smallInteger = fc.integer({ min: -(2 ** 25), max: 2 ** 25 });
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const moderateDouble = fc.double({ min: -30, max: 30, noNaN: true });
/** Multiples of 2^-10 below 2^25: exact in binary and in 20 decimal digits, so no field rounds them. */
const shortDyadic = fc.integer({ min: -(2 ** 35), max: 2 ** 35 }).map((k) => k / 1024);
const sameNumber = (x: number, y: number) => x === y; // +0 and −0 are the same number here

export function fieldContract<T>(label: string, { field: F, elementaryRelativeError, unitRoundoff, transcendental = true }: FieldUnderContract<T>): void {
  const equal = (x: T, y: T) => F.toString(x) === F.toString(y);
  describe(`field contract: ${label}`, () => {
    it.prop([smallInteger, smallInteger])("+, −, × of small integers are exact", (i, j) => {
      const x = F.fromNumber(i);
      const y = F.fromNumber(j);
      expect(sameNumber(F.toNumber(F.add(x, y)), i + j)).toBe(true);
      expect(sameNumber(F.toNumber(F.sub(x, y)), i - j)).toBe(true);
      expect(sameNumber(F.toNumber(F.mul(x, y)), i * j)).toBe(true);
    });

    it.prop([finiteDouble])("fromNumber keeps the double's value: toNumber returns it", (x) => {
      expect(sameNumber(F.toNumber(F.fromNumber(x)), x)).toBe(true);
    });

    it.prop([finiteDouble])("fromDecimalString reads a double's shortest decimal back to the same double", (x) => {
      expect(F.toNumber(F.fromDecimalString(String(x)))).toBe(x === 0 ? 0 : x);
    });

    it.prop([shortDyadic])("zero and one are identities, x − x = 0, −(−x) = x", (x) => {
      const v = F.fromNumber(x);
      expect(equal(F.add(v, F.zero), v) || x === 0).toBe(true);
      expect(equal(F.mul(v, F.one), v)).toBe(true);
      expect(F.sign(F.sub(v, v))).toBe(0);
      expect(equal(F.neg(F.neg(v)), v)).toBe(true);
    });

    it.prop([finiteDouble])("sign, positivePart and indicatorPositive follow the ReLU convention σ'(0) = 0", (x) => {
      const v = F.fromNumber(x);
      const expected = x > 0 ? 1 : x < 0 ? -1 : 0;
      expect(F.sign(v)).toBe(expected);
      expect(F.toNumber(F.indicatorPositive(v))).toBe(x > 0 ? 1 : 0);
      expect(F.toNumber(F.positivePart(v))).toBe(x > 0 ? x : 0);
    });

    it("the kink itself: indicatorPositive(0) = 0, positivePart(−0) = 0", () => {
      expect(F.toNumber(F.indicatorPositive(F.zero))).toBe(0);
      expect(F.toNumber(F.positivePart(F.fromNumber(-0)))).toBe(0);
      expect(F.sign(F.fromNumber(-0))).toBe(0);
    });

    it.prop([finiteDouble, finiteDouble])("min and max return one of their operands", (x, y) => {
      const vx = F.fromNumber(x);
      const vy = F.fromNumber(y);
      expect(sameNumber(F.toNumber(F.min(vx, vy)), Math.min(x, y))).toBe(true);
      expect(sameNumber(F.toNumber(F.max(vx, vy)), Math.max(x, y))).toBe(true);
    });

    it.prop([fc.integer({ min: 0, max: 2 ** 26 })])("sqrt of a perfect square is exact", (k) => {
      expect(F.toNumber(F.sqrt(F.fromNumber(k * k)))).toBe(k);
      expect(F.toNumber(F.abs(F.fromNumber(-k)))).toBe(k);
    });

    if (!transcendental) {
      it("refuses exp, log, log1p and tanh rather than approximate them", () => {
        for (const f of [F.exp, F.log, F.log1p, F.tanh]) expect(() => f(F.one)).toThrow(RangeError);
      });
      return;
    }

    it("elementary functions at their fixed points", () => {
      expect(F.toNumber(F.exp(F.zero))).toBe(1);
      expect(F.sign(F.log(F.one))).toBe(0);
      expect(F.sign(F.log1p(F.zero))).toBe(0);
      expect(F.sign(F.tanh(F.zero))).toBe(0);
    });

    it.prop([moderateDouble])("log(exp(x)) = x within the derived error ε(1 + |x|) + ε²", (x) => {
      // exp(x)(1+δ₁), δ₁ ≤ ε; log of it is x + log(1+δ₁), then rounded: |error| ≤ ε + ε|x| + O(ε²).
      const e = elementaryRelativeError;
      const back = F.log(F.exp(F.fromNumber(x)));
      const error = Math.abs(F.toNumber(F.sub(back, F.fromNumber(x))));
      expect(error).toBeLessThanOrEqual(e * (1 + Math.abs(x)) + 2 * e * e);
    });

    it.prop([fc.double({ min: -1e-3, max: 1e-3, noNaN: true })])("log1p keeps tiny arguments: log1p(x)/x = 1 − x/2 + O(x²)", (x) => {
      fc.pre(x !== 0);
      const v = F.fromNumber(x);
      const ratio = F.div(F.log1p(v), v);
      const leadingTerms = F.sub(F.one, F.div(v, F.fromNumber(2)));
      const difference = Math.abs(F.toNumber(F.sub(ratio, leadingTerms)));
      // Taylor remainder Σ_{k≥2} |x|^k/(k+1) ≤ (x²/3)/(1 − |x|); log1p and ÷ add ε + u to the
      // ratio (≈ 1), 1 − x/2 and the subtraction one u each.
      const remainder = (x * x) / 3 / (1 - Math.abs(x));
      expect(difference).toBeLessThanOrEqual(remainder + elementaryRelativeError + 3 * unitRoundoff);
    });

    it.prop([moderateDouble])("tanh is odd and bounded by 1", (x) => {
      const t = F.tanh(F.fromNumber(x));
      expect(F.toNumber(F.add(t, F.tanh(F.fromNumber(-x))))).toBe(0);
      expect(Math.abs(F.toNumber(t))).toBeLessThanOrEqual(1);
    });
  });
}
