/**
 * The interval field under the shared Field contract, with containment semantics: each end is off
 * by at most one outward rounding (10^(1−digits) relative) and, for exp/log/tanh, one further unit
 * in the last place, so the midpoint toNumber reads is within 2·10^(1−digits) relative of the exact
 * value; and every result must contain the reference value computed at 3× the digits.
 */
import { intervalField, type Interval } from "../../src/field/interval.js";
import { fieldContract } from "./fieldContract.js";

const digits = 30;
const field = intervalField({ digits });
const ulp = 10 ** (1 - digits);
fieldContract(`interval, ${digits} digits`, {
  field,
  elementaryRelativeError: 2 * ulp,
  unitRoundoff: ulp,
  enclosure: { contains: (x: Interval, reference) => field.contains(x, reference), referenceDigits: 3 * digits },
});
