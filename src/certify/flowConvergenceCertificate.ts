/**
 * The `flow-convergence-certificate` file: a proof object for "the gradient flow θ' = −c∇L(θ)
 * from this initialization converges to a zero-loss global minimum" (flowConvergence.ts,
 * trap.ts `flowTrap`). Fields:
 * - kind: "flow-convergence-certificate";
 * - instance: the instance file it is about;
 * - digits, order: the interval digits and Taylor order of the validated enclosure;
 * - maxTime: the horizon the enclosure was run with (it fixes the step sequence with digits/order);
 * - entryStep, entryTime: the enclosure step at whose end the trap closed, and t_K;
 * - center, radius: the ball B(m, R) (decimal strings);
 * - claims: μ, Λ, L̄, ρ₀, S as proved (decimal strings, outward-rounded ends).
 * A re-check recomputes everything from the instance: the enclosure's first entryStep steps at
 * the stored digits and order (they must end at entryTime), then the trap on the stored ball; the
 * claims must come out identical. At other digits the enclosure is run to entryTime with its own
 * steps and the trap must close on the stored ball with its own numbers.
 */
import * as z from "zod";
import type { Candidate } from "../check/property.js";
import { intervalField, type Interval } from "../field/interval.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import { ballFields, decimalString, hasKind, parseCertificateWithInstance, trapClaims, type WithInstance } from "./certificateFile.js";
import { instanceOverField } from "../io/instanceFile.js";
import type { CertificateAgreement } from "./convergenceCertificate.js";
import { certifyFlow } from "./flowEnclosure.js";
import { flowEntryBox, type FlowConvergenceResult } from "./flowConvergence.js";
import { flowTrap, type TrapOutcome } from "./trap.js";

export const FLOW_CONVERGENCE_KIND = "flow-convergence-certificate";

const certificateSchema = z.strictObject({
  kind: z.literal(FLOW_CONVERGENCE_KIND),
  description: z.string().optional(),
  instance: z.unknown(),
  digits: z.number().int().min(5).max(1000),
  order: z.number().int().min(1).max(40),
  maxTime: decimalString,
  entryStep: z.number().int().positive(),
  entryTime: decimalString,
  ...ballFields,
  claims: z.strictObject(trapClaims),
});

export type FlowConvergenceCertificateFile = WithInstance<z.infer<typeof certificateSchema>>;

export function isFlowConvergenceCertificateJson(json: unknown): boolean {
  return hasKind(json, FLOW_CONVERGENCE_KIND);
}

export function parseFlowConvergenceCertificate(json: unknown, source: string): FlowConvergenceCertificateFile {
  const file = parseCertificateWithInstance(certificateSchema, json, source);
  if (!(Number(file.maxTime) > 0)) throw new InputError(`${source}: maxTime must be positive, got "${file.maxTime}"`);
  return file;
}

/** The proof object of a proved result (never store an unproved one). */
export function flowConvergenceCertificate(file: InstanceFile, result: FlowConvergenceResult): FlowConvergenceCertificateFile {
  if (!result.proved || !result.trap?.numbers) throw new Error("flowConvergenceCertificate: only a proved convergence is stored");
  const { mu, gramMax, lossAtEntry, entryRadius, pathLength } = result.trap.numbers;
  return {
    kind: FLOW_CONVERGENCE_KIND,
    description: `The gradient flow from this instance converges to a zero-loss global minimum: a validated enclosure for ${result.entryStep} steps to t = ${result.entryTime}, then a PL trapping argument on a ball of radius ${result.trap.radius}.`,
    instance: file,
    digits: result.digits,
    order: result.order,
    maxTime: result.maxTime,
    entryStep: result.entryStep,
    entryTime: result.entryTime,
    center: result.trap.center,
    radius: result.trap.radius,
    claims: { mu, gramMax, lossAtEntry, entryRadius, pathLength },
  };
}

export function writeFlowConvergenceCertificate(path: string, certificate: FlowConvergenceCertificateFile): void {
  writeFileAtomic(path, JSON.stringify(certificate, null, 2) + "\n");
}

export interface FlowRecheck {
  trap: TrapOutcome | undefined;
  agreement: CertificateAgreement;
  digits: number;
  /** Where the recomputed enclosure ended, and why the trap was not tried if it was not. */
  reachedTime: string;
  reason?: string;
}

/** Re-check from the instance (see the file comment). */
export function recheckFlowConvergence(certificate: FlowConvergenceCertificateFile, options: { digits?: number; onProgress?: (time: number, steps: number) => void } = {}): FlowRecheck {
  const digits = options.digits ?? certificate.digits;
  const candidate: Candidate = { file: certificate.instance, settings: {} };
  const same = digits === certificate.digits;
  let reached: { time: string; box: readonly Interval[] | undefined };
  if (same) {
    reached = flowEntryBox(candidate, { maxTime: certificate.maxTime, digits, order: certificate.order, steps: certificate.entryStep, onProgress: options.onProgress });
  } else {
    let box: readonly Interval[] | undefined;
    const run = certifyFlow(candidate, { horizon: certificate.entryTime, digits, order: certificate.order, onProgress: options.onProgress, onStep: (step) => (box = step.end) });
    reached = { time: run.certifiedUntil, box: run.complete ? box : undefined };
  }
  const base = { digits, reachedTime: reached.time };
  if (!reached.box || reached.time !== certificate.entryTime) {
    return { ...base, trap: undefined, agreement: "not reproduced", reason: `the recomputed enclosure ends at t = ${reached.time}, not at the stored entry time ${certificate.entryTime}` };
  }
  const F = intervalField({ digits });
  const instance = instanceOverField(F, certificate.instance);
  const center = certificate.center.map((m) => F.fromDecimalString(m));
  const trap = flowTrap(F, instance, reached.box, center, F.fromDecimalString(certificate.radius));
  const claimsMatch = trap.numbers !== undefined && Object.entries(certificate.claims).every(([key, value]) => (trap.numbers as unknown as Record<string, string>)[key] === value);
  const agreement: CertificateAgreement = !trap.closed ? "not reproduced" : same ? (claimsMatch ? "reproduced exactly" : "not reproduced") : "proved again (other digits, its own numbers)";
  return { ...base, trap, agreement, reason: trap.closed && same && !claimsMatch ? "the trap closes, but its numbers differ from the stored claims" : trap.reason };
}
