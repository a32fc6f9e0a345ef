/**
 * A catalogue candidate read as a penalized least-squares problem (Taheri, Xie & Lederer, arXiv:2205.04491).
 *
 * - `model`: activation "identity" (linear network) or "relu", scaling "standard" (f = γᵀφ(Θx));
 * - `data`: X, y;  `params`: W = Θ, a = γ — the parameter under test (β̃ or β);
 * - settings: `r` (tuning parameter, decimal string or number), `penalty` ("A" | "B" | "C",
 *   default "B"), plus each entry's own knobs;
 * - two structured extras, each either a setting holding its JSON text (what generators write: the
 *   counterexample corpus and `check`'s failure files keep settings but drop unknown top-level
 *   fields) or, in a hand-written file, a top-level field of that name:
 *   `truth`: { W: Θ*, a: γ*, noise: u } — the target network and the noise, y = f*(X) + u;
 *   `reference`: { W, a } — a second parameter β′ (the basic identity, the D1 reference β̃).
 */
import * as z from "zod";
import type { Field } from "../field/field.js";
import type { Candidate } from "../check/property.js";
import { numberLike, type NumberLike } from "../io/instanceSchema.js";
import { InputError } from "../io/inputError.js";
import { numberLikeToField } from "../io/instanceFile.js";
import { fieldSetting } from "../check/settings.js";
import type { ActivationSpec } from "../model/activation.js";
import type { NetworkParams, PenalizedData } from "./network.js";
import { isPenaltyVariant, type PenaltyVariant } from "./penalties.js";

const paramsSchema = z.strictObject({ W: z.array(z.array(numberLike)), a: z.array(numberLike) });
const truthSchema = z.strictObject({ W: z.array(z.array(numberLike)), a: z.array(numberLike), noise: z.array(numberLike) });

export type ParamsFile = z.infer<typeof paramsSchema>;
export type TruthFile = z.infer<typeof truthSchema>;

export interface PenalizedCandidate<T> {
  data: PenalizedData<T>;
  params: NetworkParams<T>;
  r: T;
  variant: PenaltyVariant;
  truth?: { params: NetworkParams<T>; noise: T[] };
  reference?: NetworkParams<T>;
}

function convertParams<T>(F: Field<T>, p: ParamsFile): NetworkParams<T> {
  return { gamma: p.a.map((v) => numberLikeToField(F, v)), theta: p.W.map((row) => row.map((v) => numberLikeToField(F, v))) };
}

function penaltyVariantOf(candidate: Candidate): PenaltyVariant {
  const value = candidate.settings.penalty ?? "B";
  if (!isPenaltyVariant(value)) throw new InputError(`settings.penalty must be "A", "B" or "C", got ${JSON.stringify(value)}`);
  return value;
}

function parseExtra<S extends z.ZodType>(schema: S, value: unknown, name: string, d: number, n?: number): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(`${name}: ${parsed.error.issues[0].path.join(".")} ${parsed.error.issues[0].message}`);
  const data = parsed.data as { W: unknown[][]; a: unknown[]; noise?: unknown[] };
  if (data.W.length !== data.a.length) throw new InputError(`${name}.W has ${data.W.length} rows, expected ${data.a.length} (entries of ${name}.a)`);
  data.W.forEach((row, j) => {
    if (row.length !== d) throw new InputError(`${name}.W[${j}] has ${row.length} entries, expected d = ${d}`);
  });
  if (n !== undefined && data.noise && data.noise.length !== n) throw new InputError(`${name}.noise has ${data.noise.length} entries, expected n = ${n}`);
  return parsed.data;
}

/** A structured extra (`truth`, `reference`): the setting's JSON text, else the top-level field; undefined when absent. */
export function extraField(candidate: Candidate, name: "truth" | "reference"): unknown {
  const setting = candidate.settings[name];
  if (typeof setting === "string") {
    try {
      return JSON.parse(setting);
    } catch {
      throw new InputError(`settings.${name} must be JSON text, got ${setting.slice(0, 40)}…`);
    }
  }
  return (candidate.file as Record<string, unknown>)[name];
}

/** The candidate with a structured extra stored as a setting (JSON text); the top-level field of that name, if any, removed. */
export function withExtraField(candidate: Candidate, name: "truth" | "reference", value: TruthFile | ParamsFile): Candidate {
  const file = { ...(candidate.file as Record<string, unknown>) };
  delete file[name];
  return { file: file as Candidate["file"], settings: { ...candidate.settings, [name]: JSON.stringify(value) } };
}

/** The candidate over the field F. Throws {@link InputError} on a malformed extra field or setting. */
export function penalizedCandidate<T>(F: Field<T>, candidate: Candidate): PenalizedCandidate<T> {
  const file = candidate.file;
  const { activation, alpha } = file.model;
  const spec: ActivationSpec = { name: activation, ...(alpha !== undefined ? { alpha } : {}) };
  const n = file.data.X.length;
  const d = file.data.X[0].length;
  const result: PenalizedCandidate<T> = {
    data: { X: file.data.X.map((row) => row.map((v) => numberLikeToField(F, v))), y: file.data.y.map((v) => numberLikeToField(F, v)), activation: spec },
    params: convertParams(F, file.params),
    r: fieldSetting(F, candidate.settings, "r"),
    variant: penaltyVariantOf(candidate),
  };
  const truthField = extraField(candidate, "truth");
  const referenceField = extraField(candidate, "reference");
  if (truthField !== undefined) {
    const truth = parseExtra(truthSchema, truthField, "truth", d, n);
    result.truth = { params: convertParams(F, truth), noise: truth.noise.map((v) => numberLikeToField(F, v)) };
  }
  if (referenceField !== undefined) result.reference = convertParams(F, parseExtra(paramsSchema, referenceField, "reference", d));
  return result;
}
