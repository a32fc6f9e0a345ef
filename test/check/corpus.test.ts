/** The failure corpus: content-hash names, atomic writes that never overwrite, reloading, and replay-first in check. */
import fc from "fast-check";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CorpusCollisionError,
  corpusDirectory,
  counterexampleHash,
  counterexampleMetadata,
  loadCorpus,
  readCorpus,
  saveCounterexample,
} from "../../src/check/corpus.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { runProperty } from "../../src/check/runner.js";
import { VERSION } from "../../src/version.js";

const labelled = (k: number | string): Candidate => ({
  file: { model: { activation: "relu", scaling: "standard" }, data: { X: [[1]], y: [k] }, params: { W: [[1]], a: [1] } },
  settings: { eta: 0.5 },
});

const fake: Property = {
  id: "test/fake",
  title: "fake",
  reference: { paper: "test", statement: "none", spec: "none", provenance: "none" },
  mode: "exact",
  statement: "label < 50",
  assumptions: [],
  // Random candidates never fail: only a stored one can.
  generate: () => fc.integer({ min: 0, max: 10 }).map(labelled),
  evaluate: (c) => ({ margin: 50 - Number(c.file.data.y[0]) - 0.5, detail: { exactMargin: String(49.5 - Number(c.file.data.y[0])) } }),
  defaultRuns: 100,
};

const root = () => mkdtempSync(join(tmpdir(), "corpus-"));
const metadata = (seed = "s", margin = -49.5) =>
  counterexampleMetadata("test/fake", { margin, detail: { exactMargin: String(margin) } }, { dropped: ["small-label"], seed, foundBy: "hunt" });

describe("failure corpus", () => {
  it("stores a counterexample under its content hash with its metadata, and reloads it", () => {
    const dir = root();
    const { path, created } = saveCounterexample(labelled(99), metadata(), dir);
    expect(created).toBe(true);
    expect(path).toBe(join(dir, "test__fake", `${counterexampleHash("test/fake", labelled(99))}.json`));
    expect(corpusDirectory("test/fake", dir)).toBe(join(dir, "test__fake"));
    const json = JSON.parse(readFileSync(path, "utf8"));
    expect(json).toMatchObject({
      property: "test/fake",
      dropped: ["small-label"],
      margin: -49.5,
      exactMargin: "-49.5",
      seed: "s",
      tool: `shallowcheck ${VERSION}`,
      foundBy: "hunt",
      settings: { eta: 0.5 },
    });
    expect(loadCorpus("test/fake", dir)).toEqual([labelled(99)]);
    expect(readCorpus("test/fake", dir)[0].metadata).toMatchObject({ property: "test/fake", foundBy: "hunt", seed: "s" });
    // No temporary files are left behind.
    expect(readdirSync(join(dir, "test__fake"))).toEqual([`${counterexampleHash("test/fake", labelled(99))}.json`]);
  });

  it("names by the instance, not the metadata: finding it again stores nothing and keeps the first file", () => {
    const dir = root();
    const first = saveCounterexample(labelled(99), metadata("first"), dir);
    const before = readFileSync(first.path, "utf8");
    const again = saveCounterexample(labelled(99), metadata("second"), dir);
    expect(again).toEqual({ path: first.path, created: false });
    expect(readFileSync(first.path, "utf8")).toBe(before);
    expect(saveCounterexample(labelled(98), metadata(), dir).path).not.toBe(first.path);
    expect(loadCorpus("test/fake", dir)).toHaveLength(2);
  });

  it("never overwrites a different file of the same name (a hash collision is an error)", () => {
    const dir = root();
    const path = join(corpusDirectory("test/fake", dir), `${counterexampleHash("test/fake", labelled(99))}.json`);
    mkdirSync(corpusDirectory("test/fake", dir), { recursive: true });
    const other = JSON.stringify({ property: "test/fake", settings: {}, ...labelled(7).file }) + "\n";
    writeFileSync(path, other);
    expect(() => saveCounterexample(labelled(99), metadata(), dir)).toThrow(CorpusCollisionError);
    expect(readFileSync(path, "utf8")).toBe(other);
    writeFileSync(path, "not json");
    expect(() => saveCounterexample(labelled(99), metadata(), dir)).toThrow(/not overwriting/);
    expect(readFileSync(path, "utf8")).toBe("not json");
  });

  it("writes a non-finite margin as null and reads an absent corpus as empty", () => {
    const dir = root();
    const { path } = saveCounterexample(labelled(1), counterexampleMetadata("test/fake", { margin: NaN }, { seed: "s", foundBy: "check" }), dir);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ margin: null, dropped: [], foundBy: "check" });
    expect(loadCorpus("test/absent", dir)).toEqual([]);
    expect(existsSync(corpusDirectory("test/absent", dir))).toBe(false);
  });

  it("rejects a file of another property stored in this one's directory", () => {
    const dir = root();
    const { path } = saveCounterexample(labelled(99), metadata(), dir);
    const json = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...json, property: "test/other" }));
    expect(() => loadCorpus("test/fake", dir)).toThrow(/a counterexample of test\/other/);
  });

  it("is replayed first: a stored counterexample fails the run at once", () => {
    const dir = root();
    expect(runProperty(fake, { runs: 50, seed: 1, digits: 50 }).status).toBe("passed");
    saveCounterexample(labelled(99), metadata(), dir);
    const result = runProperty(fake, { runs: 50, seed: 1, digits: 50, examples: loadCorpus("test/fake", dir) });
    expect(result.status).toBe("failed");
    expect(result.runs).toBe(1);
    expect(result.counterexample!.candidate).toEqual(labelled(99));
  });
});
