/** Margins from exact values: the sign is the exact one, whatever the double rounds to. */
import type { Field } from "../field/field.js";

/**
 * An exact decimal as a double margin of the same sign: a nonzero value whose double underflows
 * to ±0 becomes ±Number.MIN_VALUE, so a failure is never reported as a pass (−0 ≥ 0 is true).
 */
export function exactMargin<T>(F: Field<T>, value: T): number {
  const sign = F.sign(value);
  // An undecided sign (an interval holding 0) must not read as a pass: certify/ decides those.
  if (sign === undefined) throw new Error(`exactMargin: the ${F.name} field cannot decide the sign of the margin (use shallowcheck certify)`);
  if (sign === 0) return 0;
  const x = F.toNumber(value);
  return x === 0 || Math.sign(x) !== sign ? sign * Number.MIN_VALUE : x;
}
