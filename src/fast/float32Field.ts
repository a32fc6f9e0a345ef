/**
 * The float32 field: IEEE-754 binary32 arithmetic in JavaScript numbers, every operation's result
 * rounded to float32 by Math.fround. What `--precision float32` runs outside the kernels: the
 * integrators of `flow` and the checkpoints' generic evaluations.
 *
 * +, −, ×, ÷ and √ of float32 operands are correctly rounded this way: the double result is
 * within 2^-53 relative of the exact one and double has more than 2·24 + 2 bits, so rounding it
 * again to float32 gives the correctly rounded float32 result (Figueroa, "When is double rounding
 * innocuous?", SIGNUM 1995). exp, log, log1p, tanh and acos are V8's fdlibm ports (< 1 ulp of
 * double) rounded once more: within 1 float32 ulp (½ ulp from fround, plus far less than ½ ulp
 * from the double result).
 */
import type { Field } from "../field/field.js";
import { exactNumberOperations } from "../field/float64.js";

const f = Math.fround;

/** float32's unit roundoff 2^-24, read by unitRoundoffOf (src/model/plReading.ts) for rounding-aware kink tests. */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

export const float32Field: Field<number> & { readonly unitRoundoff: number } = {
  name: "float32",
  unitRoundoff: FLOAT32_UNIT_ROUNDOFF,
  zero: 0,
  one: 1,
  fromNumber: f,
  // Via the nearest double, then float32: off the correctly rounded float32 value only on ties.
  fromDecimalString: (s) => f(Number(s)),
  add: (x, y) => f(x + y),
  sub: (x, y) => f(x - y),
  mul: (x, y) => f(x * y),
  div: (x, y) => f(x / y),
  neg: (x) => -x,
  abs: Math.abs,
  sqrt: (x) => f(Math.sqrt(x)),
  exp: (x) => f(Math.exp(x)),
  log: (x) => f(Math.log(x)),
  log1p: (x) => f(Math.log1p(x)),
  tanh: (x) => f(Math.tanh(x)),
  acos: (x) => f(Math.acos(x)),
  pi: f(Math.PI),
  ...exactNumberOperations,
};
