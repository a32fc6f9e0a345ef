/** Strict parsing of command-line option values: a bad value is one InputError line naming the flag. */
import { MAX_DIGITS } from "../field/decimal.js";
import { InputError } from "../io/inputError.js";
import { DECIMAL_STRING_PATTERN } from "../io/instanceSchema.js";

/** A decimal integer ≥ 0 such as "12"; anything else ("5abc", "1e3", "0x10", "", "-1") names the flag. */
export function parseIntegerOption(flag: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new InputError(`${flag}: must be a non-negative integer, got "${text}"`);
  return value;
}

/** A decimal integer ≥ 1 (and ≤ `max` when given). */
export function parsePositiveInteger(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= max)) {
    throw new InputError(`${flag}: must be an integer in [1, ${max}], got "${text}"`);
  }
  return value;
}

/** A decimal number such as "0.5" or "1e-3"; anything else ("5abc", "Infinity", "0x10", "", "1e999") names the flag. */
export function parseNumberOption(flag: string, text: string): number {
  const value = DECIMAL_STRING_PATTERN.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new InputError(`${flag}: must be a number such as 0.5 or 1e-3, got "${text}"`);
  return value;
}

const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** A number > 0 that float64 holds as a normal double: "0", "-1", "1e-320" (subnormal) name the flag. */
export function parsePositiveNumber(flag: string, text: string): number {
  const value = parseNumberOption(flag, text);
  if (!(value >= SMALLEST_NORMAL)) throw new InputError(`${flag}: must be a positive number (at least ${SMALLEST_NORMAL}), got "${text}"`);
  return value;
}

/** Significant digits of the exact path, within what decimal.js computes correctly ({@link MAX_DIGITS}). */
export function parseDigits(text: string, flag = "--digits"): number {
  const digits = parseIntegerOption(flag, text);
  if (digits < 5 || digits > MAX_DIGITS) throw new InputError(`${flag}: must be an integer in [5, ${MAX_DIGITS}] (decimal.js's precision limit), got "${text}"`);
  return digits;
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[], what: string): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(`${flag}: unknown ${what} "${text}" (expected one of ${choices.join(", ")})`);
  }
  return text as T;
}
