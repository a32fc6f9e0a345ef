/** Every field implementation passes the same contract. */
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBoundField } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import { rationalField } from "../../src/field/rational.js";
import { fieldContract } from "./fieldContract.js";

// V8's Math.exp/log/tanh are fdlibm ports, < 1 ulp: relative error ≤ 2u.
fieldContract("float64", { field: float64Field, elementaryRelativeError: 2 * UNIT_ROUNDOFF, unitRoundoff: UNIT_ROUNDOFF });
fieldContract("float64 with error bound", { field: errorBoundField, elementaryRelativeError: 2 * UNIT_ROUNDOFF, unitRoundoff: UNIT_ROUNDOFF });
// decimal.js rounds exp/ln correctly: relative error ≤ half a unit in the last digit.
for (const digits of [20, 50]) {
  const field = decimalField({ digits });
  fieldContract(`decimal, ${digits} digits`, { field, elementaryRelativeError: field.unitRoundoff, unitRoundoff: field.unitRoundoff });
}
// Exact: no rounding at all.
fieldContract("rational", { field: rationalField, elementaryRelativeError: 0, unitRoundoff: 0, transcendental: false });
// The interval field joins this contract in intervalContract.test.ts (its own file: its
// transcendental checks at 3× the digits are the slow part).
