/**
 * Reading a candidate's (or a configured entry's) settings, typed: each reader returns its
 * default when the setting is absent and throws one InputError line naming the setting when its
 * value cannot be read as the type asked for — never NaN, never a silent default.
 */
import type { Field } from "../field/field.js";
import { InputError } from "../io/inputError.js";
import type { NumberLike } from "../io/instanceSchema.js";
import type { Settings } from "./property.js";

function badValue(name: string, expected: string, value: unknown): InputError {
  return new InputError(`settings.${name} must be ${expected}, got ${JSON.stringify(value)}`);
}

/** A number, or a string that reads as a finite one. */
export function numberSetting(settings: Settings, name: string, fallback: number): number {
  const value = settings[name];
  if (value === undefined) return fallback;
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw badValue(name, "a finite number", value);
  return number;
}

/** A string; a number is taken as written (0.5 → "0.5"), so a learning rate may be given either way. */
export function stringSetting(settings: Settings, name: string, fallback: string): string {
  const value = settings[name];
  if (value === undefined) return fallback;
  if (typeof value === "boolean") throw badValue(name, "a string or a number", value);
  return String(value);
}

/** true/false, or the strings "true"/"false". */
export function booleanSetting(settings: Settings, name: string, fallback: boolean): boolean {
  const value = settings[name];
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw badValue(name, "true or false", value);
}

/** A number or a decimal string as an element of F (a string is read exactly); required when no fallback is given. */
export function fieldSetting<T>(F: Field<T>, settings: Settings, name: string, fallback?: NumberLike): T {
  const value = settings[name] ?? fallback;
  if (value === undefined) throw new InputError(`settings.${name} is missing (a number or a decimal string)`);
  if (typeof value === "number" && Number.isFinite(value)) return F.fromNumber(value);
  if (typeof value === "string") {
    try {
      return F.fromDecimalString(value);
    } catch {
      throw badValue(name, "a number or a decimal string", value);
    }
  }
  throw badValue(name, "a finite number or a decimal string", value);
}
