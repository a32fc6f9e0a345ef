/**
 * A candidate as a file: an instance file with its settings (and, for a counterexample, the
 * property, margin, seed and tool version) as extra top-level fields — so `eval`, `flow` and
 * any editor with the instance JSON Schema read it too.
 */
import * as z from "zod";
import { readInstanceFile, writeInstanceFile } from "../io/instanceFile.js";
import { InputError } from "../io/inputError.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import type { Candidate, Settings } from "./property.js";

const settingsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

export function readCandidateFile(path: string): Candidate {
  const file = readInstanceFile(path) as InstanceFile & { settings?: unknown };
  const settings = settingsSchema.safeParse(file.settings ?? {});
  if (!settings.success) throw new InputError(`${path}: settings must map names to numbers, strings or booleans`);
  return { file, settings: settings.data as Settings };
}

export function candidateToFile(candidate: Candidate, extra: Record<string, unknown> = {}): InstanceFile {
  const { model, data, params } = candidate.file;
  return { ...extra, settings: candidate.settings, model, data, params } as InstanceFile;
}

export function writeCandidateFile(path: string, candidate: Candidate, extra: Record<string, unknown> = {}): void {
  writeInstanceFile(path, candidateToFile(candidate, extra));
}
