/**
 * runs.jsonl: the durable record of a sweep, one JSON line per finished run, appended and
 * fsync'd as each run finishes. A crash can tear at most the last line; reading discards it (and
 * the writer truncates it away), so rerunning the same command redoes only the runs that were
 * not recorded.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { InputError } from "../io/inputError.js";
import type { Row } from "./experiment.js";
import { runKey } from "./runList.js";

export const RUN_LOG_FILE = "runs.jsonl";

const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

const recordSchema = z.object({
  point: z.string(),
  rep: z.number().int().nonnegative(),
  seed: z.string(),
  row: z.record(z.string(), scalar),
  /** Wall time of the run; kept for planning (e.g. Slurm time limits), never in the CSV. */
  ms: z.number().nonnegative(),
});

export type RunRecord = z.infer<typeof recordSchema>;

export interface RunLogContents {
  records: RunRecord[];
  /** Bytes of complete, valid lines; anything after is a torn tail. */
  validBytes: number;
  tornTail: boolean;
}

export function readRunLog(path: string): RunLogContents {
  if (!existsSync(path)) return { records: [], validBytes: 0, tornTail: false };
  const buffer = readFileSync(path);
  const records: RunRecord[] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < buffer.length) {
    const newline = buffer.indexOf(0x0a, offset);
    lineNumber++;
    const end = newline === -1 ? buffer.length : newline;
    const text = buffer.subarray(offset, end).toString("utf8");
    const record = parseRecord(text);
    if (newline === -1 || record === undefined) {
      // Only the last line can be torn by a crash; damage earlier is not ours to repair silently.
      if (newline === -1 || newline === buffer.length - 1) return { records, validBytes: offset, tornTail: true };
      throw new InputError(`${path}: line ${lineNumber} is not a run record (the file is damaged before its last line)`);
    }
    records.push(record);
    offset = newline + 1;
  }
  return { records, validBytes: offset, tornTail: false };
}

function parseRecord(text: string): RunRecord | undefined {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
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
    writeSync(this.fd, JSON.stringify(record) + "\n");
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export function serializeRunLog(records: readonly RunRecord[]): string {
  return records.map((record) => JSON.stringify(record) + "\n").join("");
}
