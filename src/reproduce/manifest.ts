/**
 * manifest.json: what a sweep directory holds — which experiment, preset, repetitions,
 * precision, shard and tool version. Resuming or merging checks it, so rows computed under
 * different options never end up in one table.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError, formatPath } from "../io/inputError.js";
import { refuseForeignDirectory } from "../io/outputPath.js";
import { readJsonInput } from "../io/safeRead.js";

export const MANIFEST_FILE = "manifest.json";

const manifestSchema = z.object({
  tool: z.literal("shallowcheck"),
  version: z.string(),
  experiment: z.string(),
  preset: z.string(),
  reps: z.number().int().positive(),
  precision: z.enum(["float32", "float64"]),
  /** "i/N" (1-based) or null for the whole sweep. */
  shard: z.string().nullable(),
  /** Runs in the whole sweep (all shards) and in this directory's share of it. */
  runs: z.number().int().nonnegative(),
  shardRuns: z.number().int().nonnegative(),
  /** SHA-256 of the whole sweep's run seeds, one per line in run order (absent in manifests before it). */
  seeds: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /**
   * The preset's settings the runs depend on (iteration caps, step sizes, grids: the experiment's
   * `protocol`), so a directory made under other settings is never resumed or merged into this
   * one (absent in manifests before it; those are accepted as they are).
   */
  protocol: z.record(z.string(), z.unknown()).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** The fields a resume or merge must agree on, with the option a user changes to alter each. */
const COMPARED: readonly [keyof Manifest, string][] = [
  ["experiment", "experiment"],
  ["preset", "--preset"],
  ["reps", "--reps"],
  ["precision", "--float32/--float64"],
  ["shard", "--shard"],
  ["version", "shallowcheck version"],
  ["runs", "the experiment's run list (its grid changed)"],
  ["seeds", "the experiment's seeds (its seed naming changed)"],
];

/** An output directory must not exist yet, be empty, or be one the tool made (it holds a manifest). */
export function checkOutDirectory(directory: string): void {
  if (existsSync(directory) && !statSync(directory).isDirectory()) throw new InputError(`--out: ${directory} exists and is not a directory`);
  refuseForeignDirectory("--out", directory, MANIFEST_FILE);
}

export function readManifest(directory: string): Manifest | undefined {
  const path = join(directory, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  const json = readJsonInput(path);
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}

export function writeManifest(directory: string, manifest: Manifest): void {
  writeFileAtomic(join(directory, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

function show(value: unknown): string {
  return value === null ? "none" : String(value);
}

/**
 * Throws an InputError naming the first field on which `found` (a directory's manifest) and
 * `wanted` disagree. `ignore` lists fields that may differ (merge ignores the shard).
 */
export function checkManifestAgrees(found: Manifest, wanted: Manifest, where: string, ignore: readonly (keyof Manifest)[] = []): void {
  for (const [field, option] of COMPARED) {
    if (ignore.includes(field) || found[field] === wanted[field] || found[field] === undefined) continue;
    throw new InputError(
      `${where}: ${option} differs: the directory holds ${show(found[field])}, this command asks for ${show(wanted[field])} (use the same options or another --out)`,
    );
  }
  if (found.protocol === undefined || wanted.protocol === undefined) return;
  const setting = firstDifference(found.protocol, wanted.protocol, "protocol");
  if (setting !== undefined) {
    throw new InputError(
      `${where}: the preset's setting ${setting.path} differs: the directory holds ${setting.found}, this command's code asks for ${setting.wanted} (the experiment's preset changed since the directory was made; use another --out)`,
    );
  }
}

/** JSON with object keys sorted, so two settings objects compare by content, not key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The first path (e.g. "protocol.iterations") at which two JSON values differ, with both values; undefined when equal. */
function firstDifference(found: unknown, wanted: unknown, path: string): { path: string; found: string; wanted: string } | undefined {
  if (canonicalJson(found) === canonicalJson(wanted)) return undefined;
  const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
  if (isRecord(found) && isRecord(wanted)) {
    for (const key of [...new Set([...Object.keys(found), ...Object.keys(wanted)])].sort()) {
      const inner = firstDifference(found[key], wanted[key], `${path}.${key}`);
      if (inner !== undefined) return inner;
    }
  }
  return { path, found: canonicalJson(found) ?? "none", wanted: canonicalJson(wanted) ?? "none" };
}
