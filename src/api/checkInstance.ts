/**
 * `check --instance FILE` as a library call: the selected entries on one stored candidate. A
 * counterexample file names its property and the assumptions dropped to find it; they are read
 * from it, so `check --instance`, `replay` and `certify` give one verdict on one file:
 * - `holds`: every kept assumption met and margin ≥ 0 (exit 0);
 * - `fails`: every kept assumption met and margin < 0 — the statement fails without the dropped
 *   assumptions (exit 1);
 * - `not-applicable`: a kept assumption is not met, so the statement says nothing here (exit 0);
 * - `error`: the evaluation threw — an error of the run, never a verdict on the statement (exit 1).
 */
import { readCandidateFile } from "../check/candidateFile.js";
import { bareCandidate, type StoredCertificate } from "../check/corpus.js";
import { selectProperties } from "../catalogue/catalogue.js";
import type { Candidate, Evaluation, Property } from "../check/property.js";
import { certify } from "../certify/certify.js";
import { storedCertificate } from "../certify/stored.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { InputError } from "../io/inputError.js";
import { proveConvergenceClaim, type ConvergenceClaimOptions, type ConvergenceClaimResult } from "./convergenceClaim.js";

export type InstanceVerdict = "holds" | "fails" | "not-applicable" | "error";

export interface InstanceResult {
  id: string;
  verdict: InstanceVerdict;
  margin: number;
  vacuous?: string;
  /** Why the evaluation threw (verdict `error`). */
  error?: string;
  dropped: string[];
  assumptionsMet: string[];
  assumptionsViolated: string[];
  detail?: Record<string, unknown>;
  certificate?: StoredCertificate;
  /** With `certify`: the entry's limit claim (Property.convergenceClaim) proved on the instance, or why not. */
  convergence?: ConvergenceClaimResult;
}

export interface InstanceCheck {
  instance: string;
  results: InstanceResult[];
  /** 0 when nothing fails, 1 when something does. */
  exitCode: 0 | 1;
}

export interface InstanceOptions {
  only?: readonly string[];
  drop?: readonly string[];
  digits?: number;
  certify?: boolean;
  /** The flow convergence proof's budget for an entry's limit claim (with `certify`). */
  convergence?: ConvergenceClaimOptions;
}

/** The property a counterexample file names, and the assumptions dropped to find it. */
export function fileProvenance(candidate: Candidate): { property?: string; dropped: string[] } {
  const meta = candidate.file as Record<string, unknown>;
  const dropped = Array.isArray(meta.dropped) ? meta.dropped.filter((x): x is string => typeof x === "string") : [];
  return { ...(typeof meta.property === "string" ? { property: meta.property } : {}), dropped };
}

export function verdictOn(property: Property, candidate: Candidate, dropped: ReadonlySet<string>, digits: number, withCertificate = false, convergence?: ConvergenceClaimOptions): InstanceResult {
  let violated: string[];
  let evaluation: Evaluation;
  try {
    violated = property.assumptions.filter((a) => !a.holds(candidate, { digits })).map((a) => a.name);
    evaluation = property.evaluate(candidate, { digits });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { id: property.id, verdict: "error", margin: NaN, error: reason, dropped: [...dropped], assumptionsMet: [], assumptionsViolated: [] };
  }
  const missed = violated.filter((name) => !dropped.has(name));
  const verdict: InstanceVerdict = missed.length > 0 ? "not-applicable" : evaluation.margin >= 0 ? "holds" : "fails";
  const certificate = withCertificate ? storedCertificate(certify(property, candidate, { digits, dropped })) : undefined;
  const limit = withCertificate ? proveConvergenceClaim(property, candidate, convergence) : undefined;
  return {
    id: property.id,
    verdict,
    margin: evaluation.margin,
    ...(evaluation.vacuous ? { vacuous: evaluation.vacuous } : {}),
    dropped: [...dropped],
    assumptionsMet: property.assumptions.map((a) => a.name).filter((name) => !violated.includes(name)),
    assumptionsViolated: violated,
    ...(evaluation.detail ? { detail: evaluation.detail } : {}),
    ...(certificate ? { certificate } : {}),
    ...(limit ? { convergence: limit } : {}),
  };
}

export function checkInstance(path: string, catalogue: readonly Property[], options: InstanceOptions = {}): InstanceCheck {
  const candidate = readCandidateFile(path);
  const provenance = fileProvenance(candidate);
  const only = options.only && options.only.length > 0 ? options.only : provenance.property ? [provenance.property] : [];
  const dropped = new Set([...provenance.dropped, ...(options.drop ?? [])]);
  const digits = options.digits ?? DEFAULT_DIGITS;
  const bare = bareCandidate(candidate);
  const results = selectProperties(catalogue, only).map((p) => verdictOn(p, bare, dropped, digits, options.certify, options.convergence));
  return { instance: path, results, exitCode: results.some((r) => r.verdict === "fails" || r.verdict === "error") ? 1 : 0 };
}
