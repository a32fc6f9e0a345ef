/**
 * soltanolkotabi2019/relu-no-spurious-minima with the proof inside: it FAILS on the stored
 * Xavier init at k = n = 6 (gradient descent ends at a local minimum that certifyLocalMinimum
 * proves, loss certainly > 1e-3), passes in the default regime k = n = 4, and its hunt storage
 * writes a relu-teacher-student-minimum file only after the proof — a file `certify` re-checks.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { reluNoSpuriousMinima, storedMinimumRefutation, storeFound } from "../../../properties/soltanolkotabi2019/relu-no-spurious-minima.js";
import { CERTIFIED_LOCAL_MINIMUM } from "../../../src/io/teacherStudentMinimumFile.js";
import type { Candidate } from "../../../src/check/property.js";
import { runProperty } from "../../../src/check/runner.js";
import { certifyMinimumFile, compareWithStored } from "../../../src/cli/certifyMinimum.js";
import { parseTeacherStudentMinimum, readTeacherStudentMinimumFile } from "../../../src/io/teacherStudentMinimumFile.js";
import { orthonormalTeacher, xavierInit } from "../../../src/population/spuriousMinimum.js";
import { seededRandom } from "../../../src/random/rng.js";

const SLOW = { timeout: 60_000 };
const STORED = "fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json";
const stored = parseTeacherStudentMinimum(JSON.parse(readFileSync(STORED, "utf8")), STORED);

function candidateFrom(W0: readonly (readonly (number | string)[])[], k: number): Candidate {
  return {
    file: { model: { activation: "relu", scaling: "standard" }, data: { X: orthonormalTeacher(k), y: new Array(k).fill(0) }, params: { W: W0.map((row) => [...row]), a: new Array(W0.length).fill(1) } },
    settings: { k, n: W0.length },
  } as Candidate;
}

describe("soltanolkotabi2019/relu-no-spurious-minima", () => {
  it("fails on the stored init (k = n = 6, its known bad case): a proved spurious minimum, margin −F with F the certified lower end", SLOW, () => {
    const [bad] = reluNoSpuriousMinima.knownBad!();
    expect(bad.candidate).toEqual(candidateFrom(stored.W0!, 6));
    const evaluation = reluNoSpuriousMinima.evaluate(bad.candidate, { digits: 50 });
    expect(evaluation.margin).toBeLessThan(0);
    expect(evaluation.detail).toMatchObject({ verdict: CERTIFIED_LOCAL_MINIMUM, certified: true, spurious: true, digits: 50 });
    expect(-evaluation.margin).toBe(Number(evaluation.detail!.lossLo));
    // The same minimum as stored: the proved loss enclosures overlap.
    const lo = new Decimal(evaluation.detail!.lossLo as string);
    const hi = new Decimal(evaluation.detail!.lossHi as string);
    expect(lo.lte(stored.certificate!.loss.hi) && new Decimal(stored.certificate!.loss.lo).lte(hi)).toBe(true);
  });

  it("passes in the default regime k = n = 4 (every run reaches the global minimum's basin: margin +1, a decision)", () => {
    const result = runProperty(reluNoSpuriousMinima, { runs: 8, seed: 1, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    expect(result.minMargin).toBe(1);
  });

  it("is refuted by the stored k = 6 proof, re-derived now; a moved student point is not a proof", SLOW, () => {
    const [refutation] = reluNoSpuriousMinima.refutations!();
    expect(refutation.file).toBe(STORED);
    expect(refutation.verify()).toBe(true);
    const moved = JSON.parse(readFileSync(STORED, "utf8"));
    moved.student[0][0] = new Decimal(moved.student[0][0]).plus("0.01").toString();
    const path = join(mkdtempSync(join(tmpdir(), "shallowcheck-minima-")), "moved.json");
    writeFileSync(path, JSON.stringify(moved));
    expect(storedMinimumRefutation(path).verify()).toBe(false);
  });

  it("configure sets the sizes the generator draws (hunt --k K --n N)", () => {
    const configured = reluNoSpuriousMinima.configure!({ k: 3, n: 5 });
    const result = runProperty(configured, { runs: 2, seed: 1, digits: 50 });
    expect(result.runs).toBe(2);
    expect(() => reluNoSpuriousMinima.configure!({ k: 0 })).toThrow(/positive integers/);
  });
});

describe("hunt storage (storeCounterexample)", () => {
  it("proves, then writes a relu-teacher-student-minimum file that certify reproduces; a second store is a no-op", SLOW, () => {
    const dir = mkdtempSync(join(tmpdir(), "shallowcheck-minima-"));
    const candidate = candidateFrom(stored.W0!, 6);
    const first = storeFound(candidate, { dir, seed: "store-test" });
    expect(first.stored, first.summary).toBe(true);
    if (!first.stored) return;
    expect(first.created).toBe(true);
    expect(first.summary).toMatch(/^certified local minimum \(interval, 50 digits; r ≤ .*\) — a proved spurious local minimum$/);
    expect(readdirSync(dir)).toEqual([first.path.slice(dir.length + 1)]);
    expect(first.path).toMatch(/relu-spurious-minimum-k6-n6-[0-9a-f]{12}\.json$/);
    const file = readTeacherStudentMinimumFile(first.path);
    expect(file).toMatchObject({ k: 6, n: 6, property: "soltanolkotabi2019/relu-no-spurious-minima", seed: "store-test", W0: stored.W0 });
    expect(file.certificate).toMatchObject({ verdict: CERTIFIED_LOCAL_MINIMUM, spurious: true, digits: 50 });
    // The stored proof is re-checked at the stored point exactly as `certify FILE` does.
    const again = certifyMinimumFile(file, { digits: file.certificate!.digits, refine: false });
    expect(compareWithStored(again, file.certificate!, file.student)).toBe("reproduced exactly");
    const second = storeFound(candidate, { dir, seed: "store-test" });
    expect(second).toMatchObject({ stored: true, path: first.path, created: false });
  });

  it("stores nothing when gradient descent reaches the global minimum (k = n = 4)", () => {
    const dir = mkdtempSync(join(tmpdir(), "shallowcheck-minima-"));
    const W0 = xavierInit(seededRandom("relu-no-spurious-minima/store/global"), 4, 4);
    const result = storeFound(candidateFrom(W0, 4), { dir, seed: "store-test" });
    expect(result.stored).toBe(false);
    expect(result.summary).toMatch(/^not stored: no bad end point \(gradient descent ended at F = .* < 1e-3\)$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
