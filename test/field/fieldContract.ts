/**
 * Contract assertions every {@link Field} must pass (fast-check's ArbitraryAssertions idea):
 * exact integer arithmetic, exact double conversion, the ReLU conventions, and elementary
 * functions within the field's own derived error.
 */
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Decimal } from "decimal.js";
import type { Field } from "../../src/field/field.js";
import { exactDecimalString } from "../../src/field/exactDouble.js";

export interface FieldUnderContract<T> {
  field: Field<T>;
  /** Largest relative error of one exp/log/tanh/sqrt result in this field. */
  elementaryRelativeError: number;
  /** Largest relative error of one rounded +, −, ×, ÷ in this field. */
  unitRoundoff: number;
  /** False for a field that refuses exp, log, log1p and tanh (the rational field). */
  transcendental?: boolean;
  /**
   * Containment semantics, for a field whose values are enclosures (the interval field): every
   * operation's result must contain the reference value computed by decimal.js at
   * `referenceDigits` (3× the field's own), instead of being within a rounding error of it.
   */
  enclosure?: { contains(x: T, reference: Decimal): boolean; referenceDigits: number };
}

/** Integers whose sums and products stay below 2^53, so float64 must be exact too. */
const smallInteger = fc.integer({ min: -(2 ** 25), max: 2 ** 25 });
const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const moderateDouble = fc.double({ min: -30, max: 30, noNaN: true });
/** Multiples of 2^-10 below 2^25: exact in binary and in 20 decimal digits, so no field rounds them. */
const shortDyadic = fc.integer({ min: -(2 ** 35), max: 2 ** 35 }).map((k) => k / 1024);
const sameNumber = (x: number, y: number) => x === y; // +0 and −0 are the same number here

export function fieldContract<T>(label: string, { field: F, elementaryRelativeError, unitRoundoff, transcendental = true, enclosure }: FieldUnderContract<T>): void {
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

    if (enclosure) {
      const R = Decimal.clone({ precision: enclosure.referenceDigits, rounding: Decimal.ROUND_HALF_EVEN });
      const exact = (x: number) => new R(exactDecimalString(x));
      const anyDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true });
      it.prop([anyDouble, anyDouble])("+, −, ×, ÷ contain the reference at 3× the digits", (x, y) => {
        const [vx, vy] = [F.fromNumber(x), F.fromNumber(y)];
        const [rx, ry] = [exact(x), exact(y)];
        expect(enclosure.contains(F.add(vx, vy), rx.plus(ry))).toBe(true);
        expect(enclosure.contains(F.sub(vx, vy), rx.minus(ry))).toBe(true);
        expect(enclosure.contains(F.mul(vx, vy), rx.times(ry))).toBe(true);
        if (y !== 0) expect(enclosure.contains(F.div(vx, vy), rx.div(ry))).toBe(true);
      });
      // 40 runs: decimal.js's tanh of a subnormal's 750 exact digits is slow at 3× the digits.
      it.prop([fc.double({ min: -40, max: 40, noNaN: true })], { numRuns: 40 })("exp, tanh, √|x|, log|x|, log1p|x|, acos(tanh x) contain the reference", (x) => {
        const v = F.fromNumber(x);
        const r = exact(x);
        expect(enclosure.contains(F.exp(v), r.exp())).toBe(true);
        expect(enclosure.contains(F.tanh(v), r.tanh())).toBe(true);
        expect(enclosure.contains(F.sqrt(F.abs(v)), r.abs().sqrt())).toBe(true);
        if (x !== 0) expect(enclosure.contains(F.log(F.abs(v)), r.abs().ln())).toBe(true);
        // 1 + |x| must be exact in the reference (all of a subnormal's digits), or its rounding
        // would exceed the gap |x|²/2 between log1p(x) and x that the interval resolves.
        const Wide = R.clone({ precision: enclosure.referenceDigits + Math.max(0, -r.e) + r.precision() });
        expect(enclosure.contains(F.log1p(F.abs(v)), new Wide(r).abs().plus(1).ln())).toBe(true);
        expect(enclosure.contains(F.acos(F.tanh(v)), r.tanh().acos())).toBe(true);
      });
      it("π is enclosed", () => {
        expect(enclosure.contains(F.pi, new R(-1).acos())).toBe(true);
      });
    }

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
