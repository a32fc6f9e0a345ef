/**
 * `replay FILE` as a library call: a stored counterexample re-evaluated at several precisions,
 * the assumptions it meets and violates (the dropped ones read from the file), the first failing
 * step of a chained proof, and the one verdict `check --instance` and `certify` give on the same
 * file: `fails` (exit 1), `holds` or `not-applicable` (exit 0); `error` (exit 1) when an evaluation threw.
 */
import { readCandidateFile } from "../check/candidateFile.js";
import { bareCandidate } from "../check/corpus.js";
import { firstFailingStep } from "../check/hunt.js";
import type { Evaluation, Property, StepMargin } from "../check/property.js";
import { missedAssumptions } from "../check/runner.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { InputError } from "../io/inputError.js";
import { isTeacherStudentMinimumJson, readJsonFile } from "../io/teacherStudentMinimumFile.js";
import { findIn } from "../catalogue/catalogue.js";
import { fileProvenance, type InstanceVerdict } from "./checkInstance.js";

/** The digits `replay` reports a margin at: about float64's, and the default exact path's. */
export const REPLAY_DIGITS = [17, DEFAULT_DIGITS] as const;

export interface ReplayReport {
  file: string;
  property: string;
  mode: Property["mode"];
  /** found by, seed, tool — as stored. */
  provenance: { foundBy?: string; seed?: string; tool?: string };
  margins: { digits: number; margin: number | null; error?: string }[];
  storedMargin?: number | null;
  exactMargin?: string;
  assumptionsMet: string[];
  assumptionsViolated: string[];
  dropped: string[];
  steps?: { name: string; margin: number | null }[];
  firstFailingStep?: string | null;
  stepsError?: string;
  detail?: Record<string, unknown>;
  verdict: InstanceVerdict;
  exitCode: 0 | 1;
}

const jsonMargin = (margin: number) => (Number.isFinite(margin) ? margin : null);
const message = (error: unknown) => (error instanceof Error ? error.message.split("\n")[0] : String(error));

export function replay(path: string, catalogue: readonly Property[], options: { digits?: readonly number[] } = {}): ReplayReport {
  if (isTeacherStudentMinimumJson(readJsonFile(path))) throw new InputError(`${path}: a relu-teacher-student-minimum file, not a counterexample instance; check its proof with: shallowcheck certify ${path}`);
  const candidate = readCandidateFile(path);
  const meta = candidate.file as Record<string, unknown>;
  const { property: id, dropped } = fileProvenance(candidate);
  if (id === undefined) throw new InputError(`${path}: has no "property" field naming the catalogue entry it is a counterexample to`);
  const property = findIn(catalogue, id);
  const digitsList = [...new Set([...REPLAY_DIGITS, ...(options.digits ?? [])])];
  const bare = bareCandidate(candidate);
  const margins: ReplayReport["margins"] = [];
  let last: Evaluation | undefined;
  for (const digits of digitsList) {
    try {
      last = property.evaluate(bare, { digits });
      margins.push({ digits, margin: jsonMargin(last.margin) });
    } catch (error) {
      if (error instanceof InputError) throw error;
      margins.push({ digits, margin: null, error: message(error) });
    }
  }
  const context = { digits: digitsList[digitsList.length - 1] };
  const violated = missedAssumptions(property, bare, context);
  const keptMissed = violated.filter((name) => !dropped.includes(name));
  let steps: StepMargin[] | undefined;
  let stepsError: string | undefined;
  try {
    steps = property.steps?.(bare, context);
  } catch (error) {
    stepsError = message(error);
  }
  const threw = margins.some((m) => m.error !== undefined);
  const verdict: InstanceVerdict = threw ? "error" : keptMissed.length > 0 ? "not-applicable" : last!.margin >= 0 ? "holds" : "fails";
  return {
    file: path,
    property: property.id,
    mode: property.mode,
    provenance: {
      ...(meta.foundBy !== undefined ? { foundBy: String(meta.foundBy) } : {}),
      ...(meta.seed !== undefined ? { seed: String(meta.seed) } : {}),
      ...(meta.tool !== undefined ? { tool: String(meta.tool) } : {}),
    },
    margins,
    ...(typeof meta.margin === "number" || meta.margin === null ? { storedMargin: meta.margin as number | null } : {}),
    ...(typeof meta.exactMargin === "string" ? { exactMargin: meta.exactMargin } : {}),
    assumptionsMet: property.assumptions.map((a) => a.name).filter((name) => !violated.includes(name)),
    assumptionsViolated: violated,
    dropped,
    ...(steps ? { steps: steps.map((s) => ({ name: s.name, margin: jsonMargin(s.margin) })), firstFailingStep: firstFailingStep(steps)?.name ?? null } : {}),
    ...(stepsError ? { stepsError } : {}),
    ...(last?.detail ? { detail: last.detail } : {}),
    verdict,
    exitCode: verdict === "fails" || verdict === "error" ? 1 : 0,
  };
}
