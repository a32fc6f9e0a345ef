/** Reading and writing instance files, and turning a validated file into an {@link Instance} over any field. */
import type { Field } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { readJsonInput } from "./safeRead.js";
import { parseInstanceFile, type InstanceFile, type NumberLike } from "./instanceSchema.js";

/** Read (a regular file of bounded size), parse strictly and validate an instance file; every failure is one {@link InputError} line. */
export function readInstanceFile(path: string): InstanceFile {
  return parseInstanceFile(readJsonInput(path), path);
}

/** Whether the file at `path` is an instance file (so an output may replace it). */
export function isInstanceFile(path: string): boolean {
  try {
    readInstanceFile(path);
    return true;
  } catch {
    return false;
  }
}

/** A JSON number enters as that double, exactly; a decimal string as its decimal value in the field. */
export function numberLikeToField<T>(F: Field<T>, value: NumberLike): T {
  return typeof value === "number" ? F.fromNumber(value) : F.fromDecimalString(value);
}

export function instanceOverField<T>(F: Field<T>, file: InstanceFile): Instance<T> {
  const convert = (value: NumberLike) => numberLikeToField(F, value);
  const { activation, scaling, alpha } = file.model;
  return {
    model: { activation: { name: activation, ...(alpha !== undefined ? { alpha } : {}) }, scaling },
    X: file.data.X.map((row) => row.map(convert)),
    y: file.data.y.map(convert),
    W: file.params.W.map((row) => row.map(convert)),
    a: file.params.a.map(convert),
  };
}

/** The file form of an instance; extra top-level fields (e.g. `generator`) are written first. */
export function instanceToFile<T>(F: Field<T>, instance: Instance<T>, extra: Record<string, unknown> = {}): InstanceFile {
  // Doubles are written as JSON numbers (shortest round-trip form, so they read back to the same double).
  const out = (x: T): NumberLike => (F.name === "float64" ? F.toNumber(x) : F.toString(x));
  const { name, alpha } = instance.model.activation;
  return {
    ...extra,
    model: { activation: name, scaling: instance.model.scaling, ...(alpha !== undefined ? { alpha } : {}) },
    data: { X: instance.X.map((row) => row.map(out)), y: instance.y.map(out) },
    params: { W: instance.W.map((row) => row.map(out)), a: instance.a.map(out) },
  };
}

export function writeInstanceFile(path: string, file: InstanceFile): void {
  writeFileAtomic(path, JSON.stringify(file) + "\n");
}
