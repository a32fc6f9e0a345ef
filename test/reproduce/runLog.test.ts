import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/inputError.js";
import { RUN_LOG_FILE, type RunRecord, RunLogWriter, deduplicate, readRunLog, serializeRunLog } from "../../src/reproduce/runLog.js";

const record = (rep: number, value: number): RunRecord => ({ point: "n=2", rep, seed: `s/rep${rep}`, row: { value, ok: true, note: null }, ms: 1.5 });

function logWith(content: string): string {
  const directory = mkdtempSync(join(tmpdir(), "shallowcheck-runlog-"));
  writeFileSync(join(directory, RUN_LOG_FILE), content);
  return directory;
}

describe("runs.jsonl", () => {
  it("reads back what the writer appended", () => {
    const directory = logWith("");
    const writer = new RunLogWriter(directory, 0);
    writer.append(record(0, 0.5));
    writer.append(record(1, 0.25));
    writer.close();
    const log = readRunLog(join(directory, RUN_LOG_FILE));
    expect(log.records).toEqual([record(0, 0.5), record(1, 0.25)]);
    expect(log.tornTail).toBe(false);
  });

  it("discards a torn last line (no newline, or half a record) and the writer cuts it off", () => {
    const whole = serializeRunLog([record(0, 0.5), record(1, 0.25)]);
    for (const tail of ['{"point":"n=2","rep":2,"se', '{"point":"n=2"}\n', "\n"]) {
      const directory = logWith(whole + tail);
      const log = readRunLog(join(directory, RUN_LOG_FILE));
      expect(log.records).toHaveLength(2);
      expect(log.tornTail).toBe(true);
      expect(log.validBytes).toBe(Buffer.byteLength(whole));
      const writer = new RunLogWriter(directory, log.validBytes);
      writer.append(record(2, 0.125));
      writer.close();
      expect(readFileSync(join(directory, RUN_LOG_FILE), "utf8")).toBe(whole + serializeRunLog([record(2, 0.125)]));
    }
  });

  it("refuses a log damaged before its last line", () => {
    const directory = logWith(serializeRunLog([record(0, 0.5)]) + "garbage\n");
    appendFileSync(join(directory, RUN_LOG_FILE), serializeRunLog([record(1, 0.25)]));
    expect(() => readRunLog(join(directory, RUN_LOG_FILE))).toThrow(/line 2 is not a run record/);
  });

  it("keeps a run recorded twice with the same row once, and rejects different rows", () => {
    expect(deduplicate([record(0, 0.5), record(0, 0.5), record(1, 0.25)], "log").size).toBe(2);
    expect(() => deduplicate([record(0, 0.5), record(0, 0.75)], "log")).toThrow(InputError);
    expect(() => deduplicate([record(0, 0.5), record(0, 0.75)], "log")).toThrow(/value: 0.5 vs 0.75/);
  });
});
