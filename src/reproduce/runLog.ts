/**
 * runs.jsonl: the durable record of a sweep, one JSON line per finished run, appended and
 * fsync'd as each run finishes. A crash can tear at most the last line; reading discards it (and
 * the writer truncates it away), so rerunning the same command redoes only the runs that were
 * not recorded.
 *
 * Each line ends in `"sum":"<SHA-256 of the line without it>"`. A line whose sum does not match
 * (bit rot, a hand edit), that has none (a log from before the sums) or that is not a record at all
 * is untrusted: reading sets it aside, the sweep reports it on stderr and recomputes the run.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { InputError } from "../io/inputError.js";
import { readInputText } from "../io/safeRead.js";
import type { Row } from "./experiment.js";
import { runKey } from "./runList.js";

export const RUN_LOG_FILE = "runs.jsonl";

const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const recordSchema = z.strictObject({
  point: z.string(),
  rep: z.number().int().nonnegative(),
  seed: z.string(),
  row: z.record(z.string(), scalar),
  /** Wall time of the run; kept for planning (e.g. Slurm time limits), never in the CSV. */
  ms: z.number().nonnegative(),
});

export type RunRecord = z.infer<typeof recordSchema>;

/** A line set aside: its number, why, and the run it names when that much could be read. */
export interface UntrustedLine {
  line: number;
  reason: string;
  point?: string;
  rep?: number;
}

export interface RunLogContents {
  records: RunRecord[];
  /** The line number of each record. */
  lines: number[];
  /** Lines that failed their checksum or are not records; their runs are to be recomputed. */
  untrusted: UntrustedLine[];
  /** Bytes of complete lines (trusted or not); anything after is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

const SUM_SUFFIX = /,"sum":"([0-9a-f]{64})"\}$/;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The line of a record: its JSON with the checksum of that JSON as a last field. */
export function recordLine(record: RunRecord): string {
  const body = JSON.stringify({ point: record.point, rep: record.rep, seed: record.seed, row: record.row, ms: record.ms });
  return `${body.slice(0, -1)},"sum":"${sha256(body)}"}`;
}

export function readRunLog(path: string): RunLogContents {
  const contents: RunLogContents = { records: [], lines: [], untrusted: [], validBytes: 0, tornTail: false };
  if (!existsSync(path)) return contents;
  const text = readInputText(path);
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const newline = text.indexOf("\n", offset);
    lineNumber++;
    const line = text.slice(offset, newline === -1 ? text.length : newline);
    const parsed = parseLine(line);
    // Only the last line can be torn by a crash: an unterminated or untrusted last line counts as torn
    // (cut off, its run recomputed — as for any untrusted line).
    if (newline === -1 || (!("record" in parsed) && newline === text.length - 1)) {
      contents.tornTail = true;
      break;
    }
    if ("record" in parsed) {
      contents.records.push(parsed.record);
      contents.lines.push(lineNumber);
    } else contents.untrusted.push({ line: lineNumber, ...parsed });
    offset = newline + 1;
    contents.validBytes += Buffer.byteLength(line, "utf8") + 1;
  }
  return contents;
}

function parseLine(line: string): { record: RunRecord } | Omit<UntrustedLine, "line"> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { reason: "not a run record" };
  }
  const named = typeof json === "object" && json !== null ? (json as { point?: unknown; rep?: unknown }) : {};
  const run = typeof named.point === "string" && typeof named.rep === "number" ? { point: named.point, rep: named.rep } : {};
  const sum = SUM_SUFFIX.exec(line);
  if (!sum) return { reason: "has no checksum (a log from before checksums, or edited)", ...run };
  const { sum: _, ...fields } = json as Record<string, unknown>;
  const parsed = recordSchema.safeParse(fields);
  if (!parsed.success) return { reason: "not a run record", ...run };
  if (sha256(line.slice(0, sum.index) + "}") !== sum[1]) return { reason: "fails its checksum (edited or damaged)", ...run };
  return { record: parsed.data };
}

/**
 * One record per run. A run recorded twice with the same row (two processes racing on one
 * directory) is kept once; with different rows it is an error, since the run is deterministic.
 */
export function deduplicate(records: readonly RunRecord[], where: string): Map<string, RunRecord> {
  const byKey = new Map<string, RunRecord>();
  for (const record of records) {
    const key = runKey(record.point, record.rep);
    const previous = byKey.get(key);
    if (previous === undefined) byKey.set(key, record);
    else if (JSON.stringify(previous.row) !== JSON.stringify(record.row)) {
      throw new InputError(`${where}: point ${record.point} rep ${record.rep} is recorded twice with different values (${differingColumn(previous.row, record.row)})`);
    }
  }
  return byKey;
}

export function differingColumn(a: Row, b: Row): string {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return `${key}: ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}`;
  }
  return "column order";
}

/** Appends records durably: each line is written whole and fsync'd before `append` returns. */
export class RunLogWriter {
  private readonly fd: number;

  /** Opens `directory/runs.jsonl` for appending, first cutting off a torn tail at `validBytes`. */
  constructor(directory: string, validBytes: number) {
    this.fd = openSync(join(directory, RUN_LOG_FILE), "a");
    ftruncateSync(this.fd, validBytes);
  }

  append(record: RunRecord): void {
    writeSync(this.fd, recordLine(record) + "\n");
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export function serializeRunLog(records: readonly RunRecord[]): string {
  return records.map((record) => recordLine(record) + "\n").join("");
}
