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

  it("sets aside a line damaged before the last one, so its run is recomputed", () => {
    const directory = logWith(serializeRunLog([record(0, 0.5)]) + "garbage\n");
    appendFileSync(join(directory, RUN_LOG_FILE), serializeRunLog([record(1, 0.25)]));
    const log = readRunLog(join(directory, RUN_LOG_FILE));
    expect(log.records.map((r) => r.rep)).toEqual([0, 1]);
    expect(log.untrusted).toEqual([{ line: 2, reason: "not a run record" }]);
  });

  it("does not trust a line edited into other valid JSON, nor one without a checksum", () => {
    const [first, second] = serializeRunLog([record(0, 0.5), record(1, 0.25)]).split("\n");
    const edited = second.replace('"value":0.25', '"value":0.75');
    expect(edited).not.toBe(second);
    const unsummed = JSON.stringify(record(2, 0.125));
    const last = serializeRunLog([record(3, 0.5)]);
    const log = readRunLog(join(logWith([first, edited, unsummed, last].join("\n")), RUN_LOG_FILE));
    expect(log.records.map((r) => r.rep)).toEqual([0, 3]);
    expect(log.untrusted.map((u) => [u.line, u.rep, u.reason])).toEqual([
      [2, 1, "fails its checksum (edited or damaged)"],
      [3, 2, "has no checksum (a log from before checksums, or edited)"],
    ]);
  });

  it("keeps a run recorded twice with the same row once, and rejects different rows", () => {
    expect(deduplicate([record(0, 0.5), record(0, 0.5), record(1, 0.25)], "log").size).toBe(2);
    expect(() => deduplicate([record(0, 0.5), record(0, 0.75)], "log")).toThrow(InputError);
    expect(() => deduplicate([record(0, 0.5), record(0, 0.75)], "log")).toThrow(/value: 0.5 vs 0.75/);
  });
});
