/** The float64 field: IEEE-754 binary64 arithmetic, what the fast path computes. */
import type { Field } from "./field.js";

/**
 * The operations of a field over JavaScript numbers that never round (comparisons, the ReLU
 * convention σ'(0) = 0, reading out), shared by every binary floating-point field.
 */
export const exactNumberOperations: Pick<Field<number>, "min" | "max" | "positivePart" | "indicatorPositive" | "sign" | "toNumber" | "toString"> = {
  min: Math.min,
  max: Math.max,
  positivePart: (x) => (x > 0 ? x : 0),
  indicatorPositive: (x) => (x > 0 ? 1 : 0),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  toNumber: (x) => x,
  toString: (x) => String(x),
};

export const float64Field: Field<number> = {
  name: "float64",
  zero: 0,
  one: 1,
  fromNumber: (x) => x,
  fromDecimalString: (s) => Number(s),
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  neg: (x) => -x,
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  acos: Math.acos,
  pi: Math.PI,
  ...exactNumberOperations,
};
