/**
 * The failure corpus: every counterexample `check` or `hunt` finds, kept as data under
 * `fixtures/counterexamples/<property id with / replaced by __>/<content hash>.json` and
 * replayed first on every later `check` of that property (fast-check's `examples`). Seeds are
 * not stable across fast-check versions; data is.
 *
 * A file is a candidate file (candidateFile.ts: an instance file that `eval`, `flow` and
 * `check --instance` read) whose extra top-level fields are the metadata: `property`,
 * `dropped`, `margin` (null when not finite), `exactMargin` (when the evaluation's detail
 * carries the margin as a decimal string, under `exactMargin` or `margin`), `detail`, `seed`,
 * `tool`, `foundBy` and `certificate` (the interval-arithmetic verdict of `shallowcheck certify`:
 * `refuted` makes the stored counterexample a proof, not a float accident).
 *
 * The name is a hash of the counterexample itself — property id, model, data, params and
 * settings, not the metadata — so finding the same instance again (another seed, another tool
 * version) stores nothing new. Files are written atomically and never overwritten: an existing
 * file of that name holding the same instance is left as it is; one holding a different instance
 * is a hash collision, reported as an error.
 */
import { createHash } from "node:crypto";
import { existsSync, linkSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { parseInstanceFile } from "../io/instanceSchema.js";
import { parseStrictJson } from "../io/strictJson.js";
import { VERSION } from "../version.js";
import { candidateToFile, readCandidateFile } from "./candidateFile.js";
import type { Candidate, Evaluation, Settings } from "./property.js";

export const DEFAULT_CORPUS_DIR = join("fixtures", "counterexamples");

export type FoundBy = "hunt" | "check";

export interface CounterexampleMetadata {
  property: string;
  /** Assumptions dropped when it was found (empty for `check`). */
  dropped: string[];
  /** The margin as a double; null when it is not finite (JSON has no NaN). */
  margin: number | null;
  /** The margin as the exact path printed it, when the evaluation's detail has one. */
  exactMargin?: string;
  detail?: Record<string, unknown>;
  seed: string;
  /** `shallowcheck <version>`. */
  tool: string;
  foundBy: FoundBy;
  /** The verdict of src/certify/ on the stored instance (hunt always; check with --certify). */
  certificate?: StoredCertificate;
}

/** What a stored counterexample keeps of its certificate. */
export interface StoredCertificate {
  verdict: string;
  margin: { lo: string; hi: string } | null;
  digits: number;
  method: string | null;
  hint?: string;
}

export interface CorpusEntry {
  path: string;
  /** The counterexample, without the metadata. */
  candidate: Candidate;
  metadata: Partial<CounterexampleMetadata> & Record<string, unknown>;
}

const METADATA_FIELDS = ["property", "dropped", "margin", "exactMargin", "detail", "seed", "tool", "foundBy", "certificate"] as const;

/** A name for a file system path: `dana2025/theorem1` → `dana2025__theorem1`. */
export function corpusDirectory(id: string, root: string = DEFAULT_CORPUS_DIR): string {
  return join(root, id.replaceAll("/", "__"));
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The counterexample proper: model, data, params and settings (no metadata). */
export function bareCandidate(candidate: Candidate): Candidate {
  const { model, data, params } = candidate.file;
  return { file: { model, data, params }, settings: candidate.settings };
}

/**
 * The counterexample as the corpus will hold it: written to JSON text and read back through the
 * same strict parser and schema a later `replay` uses, so a re-check sees exactly what is stored.
 */
export function storedForm(candidate: Candidate): Candidate {
  const text = JSON.stringify(candidateToFile(bareCandidate(candidate)));
  const file = parseInstanceFile(parseStrictJson(text, "stored counterexample"), "stored counterexample") as Candidate["file"] & { settings?: Settings };
  const { settings, ...instance } = file;
  return { file: instance, settings: settings ?? {} };
}

/** The content hash naming a counterexample's file: 16 hex digits of SHA-256 over its canonical JSON. */
export function counterexampleHash(id: string, candidate: Candidate): string {
  const { file, settings } = bareCandidate(candidate);
  return createHash("sha256").update(canonicalJson({ property: id, settings, ...file })).digest("hex").slice(0, 16);
}

/** Metadata for a counterexample of `id` with this evaluation. */
export function counterexampleMetadata(
  id: string,
  evaluation: Evaluation,
  found: { dropped?: readonly string[]; seed: string; foundBy: FoundBy; certificate?: StoredCertificate },
): CounterexampleMetadata {
  const detail = evaluation.detail;
  const exact = detail && (typeof detail.exactMargin === "string" ? detail.exactMargin : typeof detail.margin === "string" ? detail.margin : undefined);
  return {
    property: id,
    dropped: [...(found.dropped ?? [])],
    margin: Number.isFinite(evaluation.margin) ? evaluation.margin : null,
    ...(exact !== undefined ? { exactMargin: exact } : {}),
    ...(detail ? { detail } : {}),
    seed: found.seed,
    tool: `shallowcheck ${VERSION}`,
    foundBy: found.foundBy,
    ...(found.certificate ? { certificate: found.certificate } : {}),
  };
}

export class CorpusCollisionError extends InputError {}

/**
 * Store a counterexample; returns its path and whether a new file was written (false: this
 * instance was already in the corpus). Throws {@link CorpusCollisionError} when the name is taken
 * by a different instance.
 */
export function saveCounterexample(candidate: Candidate, metadata: CounterexampleMetadata, root: string = DEFAULT_CORPUS_DIR): { path: string; created: boolean } {
  const directory = corpusDirectory(metadata.property, root);
  const hash = counterexampleHash(metadata.property, candidate);
  const path = join(directory, `${hash}.json`);
  const content = JSON.stringify(candidateToFile(bareCandidate(candidate), { ...metadata })) + "\n";
  if (existsSync(path)) return { path, created: sameInstanceOrThrow(path, metadata.property, candidate) };
  // Write a temporary file atomically, then hard-link it into place: link() fails when the name
  // exists, so even a concurrent writer cannot make us replace a file.
  const temporary = join(directory, `.${hash}.${process.pid}.${Date.now()}.tmp`);
  writeFileAtomic(temporary, content);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { path, created: sameInstanceOrThrow(path, metadata.property, candidate) };
  } finally {
    unlinkSync(temporary);
  }
  return { path, created: true };
}

/** false when `path` holds this instance already; a collision error when it holds another. */
function sameInstanceOrThrow(path: string, id: string, candidate: Candidate): false {
  let existing: Candidate;
  try {
    existing = readCandidateFile(path);
  } catch (error) {
    throw new CorpusCollisionError(`${path} exists and is not a readable counterexample (${(error as Error).message}); not overwriting it`);
  }
  if (canonicalJson(bareCandidate(existing)) !== canonicalJson(bareCandidate(candidate)) || (readProperty(path) ?? id) !== id) {
    throw new CorpusCollisionError(`${path}: hash collision — the file holds a different counterexample; not overwriting it`);
  }
  return false;
}

function readProperty(path: string): string | undefined {
  const json = JSON.parse(readFileSync(path, "utf8")) as { property?: unknown };
  return typeof json.property === "string" ? json.property : undefined;
}

/** Every stored counterexample of a property, in file-name order (deterministic); none when the directory is absent. */
export function readCorpus(id: string, root: string = DEFAULT_CORPUS_DIR): CorpusEntry[] {
  const directory = corpusDirectory(id, root);
  if (!existsSync(directory)) return [];
  const names = readdirSync(directory)
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .sort();
  return names.map((name) => {
    const path = join(directory, name);
    const candidate = readCandidateFile(path);
    const file = candidate.file as Record<string, unknown>;
    const metadata: CorpusEntry["metadata"] = {};
    for (const field of METADATA_FIELDS) if (file[field] !== undefined) (metadata as Record<string, unknown>)[field] = file[field];
    if (metadata.property !== undefined && metadata.property !== id) throw new InputError(`${path}: a counterexample of ${String(metadata.property)}, stored under ${id}`);
    return { path, candidate: bareCandidate(candidate), metadata };
  });
}

/** The stored counterexamples of a property, for `runProperty`'s `examples`. */
export function loadCorpus(id: string, root: string = DEFAULT_CORPUS_DIR): Candidate[] {
  return readCorpus(id, root).map((entry) => entry.candidate);
}
