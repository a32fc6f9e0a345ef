/**
 * The re-check a failure passes before it enters the failure corpus. A search (check's runner, a
 * hunt) can report a failure that is not one: a float margin that rounding pushed below 0, an
 * evaluation that differs once the instance is written out and read back, an arithmetic library
 * past its limits. So before storing, the counterexample is
 * 1. read back from the exact text the corpus would hold (corpus.ts storedForm),
 * 2. re-evaluated at the run's digits — the margin must still fail (< 0 or NaN), and
 * 3. where the entry has an interval or rational margin (marginOver / rationalMargin), certified:
 *    an enclosure that is certainly ≥ 0 proves the conclusion holds, so the failure is not real
 *    (the margin is enclosed even where certify's verdict stops at an undecided assumption).
 *    An enclosure that cannot decide the sign does not contradict the failure; its certificate
 *    (stored with it) says how far the proof went.
 * A failure that does not pass is "not confirmed": an error of the run, never a stored counterexample.
 */
import { Decimal } from "decimal.js";
import { storedForm } from "../check/corpus.js";
import type { Candidate, Evaluation, Property } from "../check/property.js";
import { formatMargin } from "../check/report.js";
import { certify, type Certificate } from "../certify/certify.js";

export type Confirmation =
  | { confirmed: true; candidate: Candidate; evaluation: Evaluation; certificate?: Certificate }
  | { confirmed: false; reason: string; certificate?: Certificate };

export interface ConfirmOptions {
  /** Significant digits of the run's exact path (and of the certificate). */
  digits: number;
  /** Assumptions dropped to find it (a hunt's). */
  dropped?: ReadonlySet<string>;
}

const message = (error: unknown) => (error instanceof Error ? error.message.split("\n")[0] : String(error));

/** Whether `property`'s failure on `candidate` survives the re-check (see the file comment). */
export function confirmCounterexample(property: Property, candidate: Candidate, options: ConfirmOptions): Confirmation {
  let stored: Candidate;
  try {
    stored = storedForm(candidate);
  } catch (error) {
    return { confirmed: false, reason: `its stored form does not read back: ${message(error)}` };
  }
  let evaluation: Evaluation;
  try {
    evaluation = property.evaluate(stored, { digits: options.digits });
  } catch (error) {
    return { confirmed: false, reason: `re-evaluating its stored form at ${options.digits} digits threw: ${message(error)}` };
  }
  // NaN stays a failure, as in the runner: a margin that cannot be computed proves nothing.
  if (evaluation.margin >= 0) {
    return { confirmed: false, reason: `re-evaluated from its stored form at ${options.digits} digits, the margin is ${formatMargin(evaluation.margin)} (holds)` };
  }
  const certificate = exactCertificate(property, stored, options);
  // Certify stops at an assumption it cannot settle; the sign of the margin is wanted regardless.
  const signed = certificate && certificate.margin === null && certificate.verdict !== "unsupported" ? exactCertificate(property, stored, { ...options, dropped: everyAssumption(property) }) : certificate;
  if (signed?.margin && new Decimal(signed.margin.lo).gte(0)) {
    return {
      confirmed: false,
      certificate: signed,
      reason: `its exact margin is ≥ 0 (${signed.method} enclosure [${signed.margin.lo}, ${signed.margin.hi}] at ${signed.digits} digits): the failing margin ${formatMargin(evaluation.margin)} is an artefact of rounding`,
    };
  }
  return { confirmed: true, candidate: stored, evaluation, ...(certificate ? { certificate } : {}) };
}

const everyAssumption = (property: Property) => new Set(property.assumptions.map((a) => a.name));

/** The certificate of the candidate (verdict `unsupported` for an entry without an interval or rational margin). */
function exactCertificate(property: Property, candidate: Candidate, options: ConfirmOptions): Certificate | undefined {
  try {
    return certify(property, candidate, { digits: options.digits, dropped: options.dropped });
  } catch {
    // A certificate that cannot be computed neither confirms nor contradicts the failure.
    return undefined;
  }
}
