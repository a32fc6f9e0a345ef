/**
 * The `gd-convergence-certificate` file: a proof object for "gradient descent with step η from
 * this initialization converges to a zero-loss global minimum" (convergence.ts, trap.ts).
 * Fields:
 * - kind: "gd-convergence-certificate";
 * - instance: the instance file it is about (model, data, params, optional settings);
 * - lr: η as a decimal string; digits: the interval digits it was proved at;
 * - entryStep: K, the GD step whose certified box the trap closes on;
 * - center, radius: the ball B(m, R) (decimal strings; m is the box's rounded midpoint);
 * - claims: μ, Λ, M, q, L̄, ρ₀, S as proved (decimal strings, outward-rounded ends).
 * A re-check recomputes everything from the instance: the K certified GD steps at the stored
 * digits, then the trap on the stored ball; the claims must come out identical (at other digits
 * the trap must close, with its own numbers). Every problem with the file is one InputError line.
 */
import * as z from "zod";
import type { Candidate } from "../check/property.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import { ballFields, decimalString, hasKind, parseCertificateWithInstance, trapClaims, type WithInstance } from "./certificateFile.js";
import { certifiedIterate, type ConvergenceResult } from "./convergence.js";
import { gdTrap, type TrapNumbers, type TrapOutcome } from "./trap.js";

export const GD_CONVERGENCE_KIND = "gd-convergence-certificate";

const certificateSchema = z.strictObject({
  kind: z.literal(GD_CONVERGENCE_KIND),
  description: z.string().optional(),
  instance: z.unknown(),
  lr: decimalString,
  digits: z.number().int().min(5).max(1000),
  entryStep: z.number().int().nonnegative(),
  ...ballFields,
  claims: z.strictObject({ ...trapClaims, smoothness: decimalString, contraction: decimalString }),
});

export type ConvergenceCertificateFile = WithInstance<z.infer<typeof certificateSchema>>;

export function isConvergenceCertificateJson(json: unknown): boolean {
  return hasKind(json, GD_CONVERGENCE_KIND);
}

export function parseConvergenceCertificate(json: unknown, source: string): ConvergenceCertificateFile {
  return parseCertificateWithInstance(certificateSchema, json, source);
}

/** The proof object of a proved result (never store an unproved one). */
export function convergenceCertificate(file: InstanceFile, result: ConvergenceResult): ConvergenceCertificateFile {
  if (!result.proved || !result.trap?.numbers) throw new Error("convergenceCertificate: only a proved convergence is stored");
  const numbers = result.trap.numbers as Required<TrapNumbers>;
  return {
    kind: GD_CONVERGENCE_KIND,
    description: `Gradient descent with step ${result.lr} from this instance converges to a zero-loss global minimum: certified GD for ${result.entryStep} steps, then a PL trapping argument on a ball of radius ${result.trap.radius}.`,
    instance: file,
    lr: result.lr,
    digits: result.digits,
    entryStep: result.entryStep,
    center: result.trap.center,
    radius: result.trap.radius,
    claims: numbers,
  };
}

export function writeConvergenceCertificate(path: string, certificate: ConvergenceCertificateFile): void {
  writeFileAtomic(path, JSON.stringify(certificate, null, 2) + "\n");
}

export type CertificateAgreement = "reproduced exactly" | "proved again (other digits, its own numbers)" | "not reproduced";

/** Re-check: the K certified steps and the trap, recomputed from the instance (see the file comment). */
export function recheckConvergence(certificate: ConvergenceCertificateFile, options: { digits?: number; onStep?: (k: number) => void } = {}): { trap: TrapOutcome; agreement: CertificateAgreement; digits: number } {
  const digits = options.digits ?? certificate.digits;
  const candidate: Candidate = { file: certificate.instance, settings: {} };
  const { F, instance, system, eta, box } = certifiedIterate(candidate, { lr: certificate.lr, digits, steps: certificate.entryStep, onStep: options.onStep });
  const center = certificate.center.map((m) => F.fromDecimalString(m));
  const trap = gdTrap(F, instance, box, eta, system.flowFactor, center, F.fromDecimalString(certificate.radius));
  const same = trap.numbers !== undefined && Object.entries(certificate.claims).every(([key, value]) => (trap.numbers as unknown as Record<string, string>)[key] === value);
  const agreement: CertificateAgreement = !trap.closed ? "not reproduced" : digits === certificate.digits ? (same ? "reproduced exactly" : "not reproduced") : "proved again (other digits, its own numbers)";
  return { trap, agreement, digits };
}
