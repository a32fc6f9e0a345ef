/** Strict parsing of command-line option values: a bad value is one InputError line naming the flag. */
import { InputError } from "../io/inputError.js";
import { DECIMAL_STRING_PATTERN } from "../io/instanceSchema.js";

/** A decimal integer such as "12"; anything else ("5abc", "1e3", "0x10", "") names the flag. */
export function parseIntegerOption(flag: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new InputError(`${flag}: must be a positive integer, got "${text}"`);
  return value;
}

/** A decimal number such as "0.5" or "1e-3"; anything else ("5abc", "Infinity", "") names the flag. */
export function parseNumberOption(flag: string, text: string): number {
  const value = DECIMAL_STRING_PATTERN.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new InputError(`${flag}: must be a number such as 0.5 or 1e-3, got "${text}"`);
  return value;
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[], what: string): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(`${flag}: unknown ${what} "${text}" (expected one of ${choices.join(", ")})`);
  }
  return text as T;
}
