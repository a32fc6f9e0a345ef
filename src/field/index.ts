export type { Field, Sign } from "./field.js";
export { sum, dot, squaredNorm, fromInteger } from "./field.js";
export { float64Field } from "./float64.js";
export { decimalField, DEFAULT_DIGITS } from "./decimal.js";
export type { DecimalField, DecimalFieldOptions } from "./decimal.js";
export { exactDecimalString } from "./exactDouble.js";
export { intervalField, isIntervalField, DEFAULT_INTERVAL_DIGITS } from "./interval.js";
export type { Interval, IntervalField, IntervalFieldOptions, Maybe } from "./interval.js";
