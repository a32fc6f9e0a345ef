/**
 * What the stored convergence certificates (GD: convergenceCertificate.ts; flow:
 * flowConvergenceCertificate.ts) share when read: decimal-string fields, recognising a file by
 * its `kind`, and parsing it with its embedded instance file, every problem one InputError line.
 */
import * as z from "zod";
import { InputError, formatPath } from "../io/inputError.js";
import { DECIMAL_STRING_PATTERN, parseInstanceFile, type InstanceFile } from "../io/instanceSchema.js";

/** A decimal number kept as its string, so a certificate's numbers are read back exactly. */
export const decimalString = z.string().regex(DECIMAL_STRING_PATTERN, 'must be a decimal number such as "-0.25" or "1e-3"');

/**
 * The fields every convergence certificate shares: the ball B(center, radius) the trap closed on,
 * and the trap's claims common to GD and flow (μ, Λ, L̄, ρ₀, S); each kind adds its own.
 */
export const ballFields = {
  center: z.array(decimalString).min(1),
  radius: decimalString,
};
export const trapClaims = {
  mu: decimalString,
  gramMax: decimalString,
  lossAtEntry: decimalString,
  entryRadius: decimalString,
  pathLength: decimalString,
};

/** Whether `json` is an object whose `kind` is `kind`. */
export function hasKind(json: unknown, kind: string): boolean {
  return typeof json === "object" && json !== null && (json as { kind?: unknown }).kind === kind;
}

/** A certificate's fields with its instance parsed. */
export type WithInstance<T> = Omit<T, "instance"> & { instance: InstanceFile };

/**
 * `json` checked against `schema` (a certificate with an `instance` and a ball `center` over all
 * p·(d+1) parameters), the instance parsed and the center's length checked against it.
 */
export function parseCertificateWithInstance<T extends { instance: unknown; center: string[] }>(schema: z.ZodType<T>, json: unknown, source: string): WithInstance<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new InputError(`${source}: ${formatPath(first.path)} ${first.message}`);
  }
  const instance = parseInstanceFile(result.data.instance, `${source}: instance`);
  const size = instance.params.a.length * (instance.data.X[0].length + 1);
  if (result.data.center.length !== size) throw new InputError(`${source}: center must have p·(d+1) = ${size} entries, got ${result.data.center.length}`);
  return { ...result.data, instance };
}
