/** Reading the numeric knobs of a candidate's or a configured entry's settings. */
import type { Settings } from "../../../src/check/property.js";

/** A numeric setting (a number, or a string that reads as one) with its default. */
export function numberSetting(settings: Settings, name: string, fallback: number): number {
  const value = settings[name];
  if (value === undefined) return fallback;
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw new RangeError(`setting ${name}: not a number: ${JSON.stringify(value)}`);
  return number;
}
