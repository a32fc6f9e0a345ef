/**
 * A failure enters the corpus only after it is re-checked (src/api/confirmCounterexample.ts):
 * read back from its stored text, re-evaluated at the run's digits, and — for an entry with an
 * interval/rational margin — not contradicted by the exact sign.
 */
import fc from "fast-check";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/api/check.js";
import { confirmCounterexample } from "../../src/api/confirmCounterexample.js";
import { huntAndStore } from "../../src/api/huntAndStore.js";
import { corpusDirectory, loadCorpus } from "../../src/check/corpus.js";
import { defineProperty } from "../../src/check/define.js";
import type { Candidate } from "../../src/check/property.js";

/**
 * Three numbers as decimal-string settings (a hunt mutates and shrinks the instance's numbers and
 * numeric settings, never string settings, so the hunt sees this very triple): exactly,
 * y₀ + y₁ ≤ y₂ is a tie when y₂ = y₀ + y₁.
 */
const labels = (y2: string): Candidate => ({
  file: { model: { activation: "relu", scaling: "standard" }, data: { X: [[1]], y: [1] }, params: { W: [[1]], a: [1] } },
  settings: { y0: "0.1", y1: "0.2", y2 },
});
const triple = (c: Candidate) => [c.settings.y0, c.settings.y1, c.settings.y2].map(String);

/**
 * "y₀ + y₁ ≤ y₂", margin y₂ − (y₀ + y₁). Its float margin rounds: on (0.1, 0.2, 0.3) the double sum
 * 0.1 + 0.2 exceeds the double 0.3 by 2⁻⁵⁴·… and the float margin is −5.55e−17 < 0, while the
 * exact margin is 0 (the conclusion holds, a tie). The interval/rational margin is the same formula.
 */
const sumBelowThird = (y2: string) =>
  defineProperty({
    id: "test/sum-below-third",
    title: "y0 + y1 <= y2",
    citation: "a test of the corpus re-check",
    statement: "y₀ + y₁ ≤ y₂",
    margin: { kind: "bound-slack", formula: "y₂ − (y₀ + y₁)" },
    generate: () => fc.constant(labels(y2)),
    evaluate: (c) => {
      const [y0, y1, y2value] = triple(c).map(Number);
      return { margin: y2value - (y0 + y1) };
    },
    marginOver: (F, c) => {
      const y = triple(c).map((text) => F.fromDecimalString(text));
      return F.sub(y[2], F.add(y[0], y[1]));
    },
    defaultRuns: 3,
  });

const freshCorpus = () => mkdtempSync(join(tmpdir(), "corpus-confirm-"));

describe("storing a counterexample only after it is re-checked", () => {
  it("the float margin of the tie really is negative (else this test shows nothing)", () => {
    expect(sumBelowThird("0.3").evaluate(labels("0.3"), { digits: 50 }).margin).toBeLessThan(0);
  });

  it("check: a float failure whose exact margin holds is an error 'not confirmed', never stored", () => {
    const corpus = freshCorpus();
    const out = freshCorpus();
    const report = check([sumBelowThird("0.3")], { seed: "s", digits: 50, runs: 3, corpus, out });
    const entry = report.results[0];
    expect(entry.status).toBe("error");
    expect(entry.error).toMatch(/^counterexample not confirmed, not stored: its exact margin is ≥ 0/);
    expect(entry.counterexample).toBeUndefined();
    expect(existsSync(corpusDirectory("test/sum-below-third", corpus))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it("check: a failure the exact margin confirms is stored (the same entry, y₂ = 0.29)", () => {
    const corpus = freshCorpus();
    const report = check([sumBelowThird("0.29")], { seed: "s", digits: 50, runs: 3, corpus, out: freshCorpus() });
    expect(report.results[0].status).toBe("failed");
    expect(loadCorpus("test/sum-below-third", corpus)).toEqual([labels("0.29")]);
  });

  it("hunt: the same tie is reported not confirmed and nothing is stored; a real failure is stored", () => {
    const corpus = freshCorpus();
    const tie = huntAndStore(sumBelowThird("0.3"), { budget: 5, shrinkBudget: 5, seed: "s", digits: 50, corpusDir: corpus });
    expect(tie.hunt.found).toBe(true);
    expect(tie.counterexample).toBeNull();
    expect(tie.notConfirmed?.reason).toMatch(/exact margin is ≥ 0 \((interval|rational) enclosure \[/);
    expect(existsSync(corpusDirectory("test/sum-below-third", corpus))).toBe(false);

    const real = huntAndStore(sumBelowThird("0.29"), { budget: 5, shrinkBudget: 5, seed: "s", digits: 50, corpusDir: corpus });
    expect(real.notConfirmed).toBeUndefined();
    expect(real.counterexample?.stored.path).toMatch(/test__sum-below-third/);
    expect(real.counterexample?.stored.certificate).toMatchObject({ verdict: "refuted" });
  });

  it("a failure that does not survive being written out and read back is not confirmed", () => {
    // −0 is written as 0 in JSON: an entry that fails only on −0 holds on its stored form.
    const negativeZero = defineProperty({
      id: "test/negative-zero",
      title: "fails on -0",
      citation: "a test of the corpus re-check",
      statement: "a₀ is not −0",
      margin: { kind: "decision", formula: "−1 on −0, else 1" },
      generate: () => fc.constant<Candidate>({ ...labels("0.3"), file: { ...labels("0.3").file, params: { W: [[1]], a: [-0] } } }),
      evaluate: (c) => ({ margin: Object.is(c.file.params.a[0], -0) ? -1 : 1 }),
    });
    const [candidate] = fc.sample(negativeZero.generate(new Set()), 1);
    expect(negativeZero.evaluate(candidate, { digits: 50 }).margin).toBe(-1);
    const confirmation = confirmCounterexample(negativeZero, candidate, { digits: 50 });
    expect(confirmation.confirmed).toBe(false);
    expect(!confirmation.confirmed && confirmation.reason).toMatch(/^re-evaluated from its stored form at 50 digits, the margin is 1\.0000 \(holds\)/);
  });

  it("a re-evaluation that throws is not confirmed, with the message", () => {
    let calls = 0;
    const flaky = defineProperty({
      id: "test/flaky",
      title: "throws the second time",
      citation: "a test of the corpus re-check",
      statement: "none",
      margin: { kind: "decision", formula: "−1" },
      generate: () => fc.constant(labels("0.3")),
      evaluate: () => {
        if (++calls > 1) throw new Error("out of luck");
        return { margin: -1 };
      },
    });
    const confirmation = confirmCounterexample(flaky, labels("0.3"), { digits: 30 });
    expect(confirmation).toEqual({ confirmed: true, candidate: labels("0.3"), evaluation: { margin: -1 }, certificate: expect.objectContaining({ verdict: "unsupported" }) });
    const again = confirmCounterexample(flaky, labels("0.3"), { digits: 30 });
    expect(!again.confirmed && again.reason).toBe("re-evaluating its stored form at 30 digits threw: out of luck");
  });
});
