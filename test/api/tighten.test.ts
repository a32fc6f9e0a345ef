/**
 * `tighten` on user-style entries whose worst ratio is known in closed form (AM–GM):
 * a₀² + a₁² ≥ 1·a₀a₁ has r = (a₀² + a₁²)/(a₀a₁) ≥ 2 with equality at a₀ = a₁, so its constant 1 cannot be
 * raised above 2; a₀a₁ ≤ 1·(a₀² + a₁²) has r ≤ 1/2, so its constant cannot be lowered below 1/2.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { certifyRatio, tighten } from "../../src/api/tighten.js";
import { readCandidateFile } from "../../src/check/candidateFile.js";
import { defineProperty } from "../../src/check/define.js";
import { theorem1PlBound } from "../../properties/dana2025/theorem1-pl-bound.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { main } from "../../src/cli/main.js";
import type { Field } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";

const pair = (a0: string, a1: string): Candidate => ({
  settings: {},
  file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1"]], y: ["1"] }, params: { W: [["0.5"], ["-0.5"]], a: [a0, a1] } },
});

const positivePair = {
  name: "positive-pair",
  description: "p = 2 and a₀, a₁ > 0",
  holds: (c: Candidate) => c.file.params.a.length === 2 && c.file.params.a.every((v) => Number(v) > 0),
  decide<T>(F: Field<T>, c: Candidate) {
    const a = instanceOverField(F, c.file).a;
    if (a.length !== 2) return false;
    const signs = a.map((v) => F.sign(v));
    if (signs.some((s) => s === undefined)) return undefined;
    return signs.every((s) => s === 1);
  },
};

/** observed and bound sides of the two AM–GM readings, over any field. */
function sides<T>(F: Field<T>, c: Candidate, direction: "lower" | "upper") {
  const [a0, a1] = instanceOverField(F, c.file).a;
  const squares = F.add(F.mul(a0, a0), F.mul(a1, a1));
  const product = F.mul(a0, a1);
  return direction === "lower" ? { observed: squares, bound: product } : { observed: product, bound: squares };
}

function amGm(direction: "lower" | "upper", withSlackOver = true): Property {
  return defineProperty({
    id: `test/am-gm-${direction}`,
    title: "AM–GM with a loose constant",
    citation: "AM–GM",
    statement: direction === "lower" ? "a₀² + a₁² ≥ a₀a₁" : "a₀a₁ ≤ a₀² + a₁²",
    margin: { kind: "bound-slack", formula: "(bound side − observed side)/max", bound: { direction, observed: direction === "lower" ? "a₀² + a₁²" : "a₀a₁", bound: direction === "lower" ? "a₀a₁" : "a₀² + a₁²" } },
    assumptions: [positivePair],
    generate: () => fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 })).map(([u, v]) => pair((u / 100).toFixed(2), (v / 100).toFixed(2))),
    evaluate(c) {
      const [a0, a1] = c.file.params.a.map(Number);
      const { observed, bound } = direction === "lower" ? { observed: a0 * a0 + a1 * a1, bound: a0 * a1 } : { observed: a0 * a1, bound: a0 * a0 + a1 * a1 };
      const slack = direction === "lower" ? observed - bound : bound - observed;
      return { margin: slack / Math.max(observed, bound), slack: { observed, bound } };
    },
    ...(withSlackOver ? { slackOver: <T>(F: Field<T>, c: Candidate) => sides(F, c, direction) } : {}),
    defaultRuns: 10,
  });
}

describe("tighten", () => {
  it("finds the tight instance of a lower bound and certifies that its constant cannot be raised above ≈ 2", () => {
    const result = tighten(amGm("lower"), { budget: 600, seed: "tighten-lower", digits: 30 });
    expect(result.certificate.verdict).toBe("certified");
    const { lo, hi } = result.certificate.ratio!;
    // Every r is ≥ 2 (AM–GM), so a true enclosure has hi ≥ 2; the search is asked to come within 1%.
    expect(new Decimal(hi).gte(2)).toBe(true);
    expect(new Decimal(hi).lte(2 * 1.01)).toBe(true);
    expect(new Decimal(lo).lte(result.ratio!) && new Decimal(hi).gte(result.ratio!)).toBe(true);
    expect(result.constantFactor).toEqual({ value: hi, certified: true });
    // The trajectory only improves, and shrinking gave up at most the stated tolerance.
    const ratios = result.trace.map((t) => t.ratio);
    expect(ratios.every((r, i) => i === 0 || r < ratios[i - 1])).toBe(true);
    expect(result.ratio!).toBeLessThanOrEqual(result.searchRatio! * (1 + result.tolerance));
  });

  it("maximizes the ratio of an upper bound and claims the certified low end (≈ 1/2)", () => {
    const result = tighten(amGm("upper"), { budget: 600, seed: "tighten-upper", digits: 30 });
    expect(result.certificate.verdict).toBe("certified");
    const { lo } = result.certificate.ratio!;
    expect(new Decimal(lo).lte(0.5)).toBe(true);
    expect(new Decimal(lo).gte(0.5 * 0.99)).toBe(true);
    expect(result.constantFactor).toEqual({ value: lo, certified: true });
  });

  it("is deterministic under a seed", () => {
    const run = () => tighten(amGm("lower"), { budget: 150, seed: "same", digits: 20 });
    const [first, second] = [run(), run()];
    expect(second.witness).toEqual(first.witness);
    expect(second.trace).toEqual(first.trace);
  });

  it("labels a ratio without slackOver as an uncertified estimate", () => {
    const result = tighten(amGm("lower", false), { budget: 100, seed: "estimate", digits: 20 });
    expect(result.certificate.verdict).toBe("unsupported");
    expect(result.constantFactor?.certified).toBe(false);
  });
});

describe("certifyRatio", () => {
  it("encloses r = 10/3 at a = (1, 3), tightly at 50 digits", () => {
    const certificate = certifyRatio(amGm("lower"), pair("1", "3"), 50);
    expect(certificate.verdict).toBe("certified");
    const lo = new Decimal(certificate.ratio!.lo);
    const hi = new Decimal(certificate.ratio!.hi);
    expect(lo.times(3).lte(10) && hi.times(3).gte(10)).toBe(true);
    expect(hi.minus(lo).lt("1e-45")).toBe(true);
  });

  it("is not-applicable where an assumption certainly fails", () => {
    expect(certifyRatio(amGm("lower"), pair("-1", "3"), 30).verdict).toBe("not-applicable");
  });
});

describe("the committed witnesses of docs/tightness.md", () => {
  const dir = join(import.meta.dirname, "../../fixtures/tightness");
  const files = readdirSync(dir).filter((name) => name.startsWith("dana2025--theorem1-pl-bound.") && name.endsWith(".json"));

  it.each(files)("%s re-certifies to the ratio it records", (name) => {
    const path = join(dir, name);
    const stored = (JSON.parse(readFileSync(path, "utf8")) as { tightness: { certificate: { digits: number; ratio: { lo: string; hi: string } } } }).tightness.certificate;
    const certificate = certifyRatio(theorem1PlBound, readCandidateFile(path), stored.digits);
    expect(certificate.verdict).toBe("certified");
    expect(certificate.ratio).toEqual(stored.ratio);
  });
});

describe("shallowcheck tighten: bad input", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  async function run(args: string[]) {
    let stderr = "";
    let stdout = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const status = await main(args);
    return { status, stderr, stdout };
  }

  it("refuses an entry without a declared bound in one line, exit 2", async () => {
    const { status, stderr, stdout } = await run(["tighten", "taheri2025/basic-identity"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain("declares no bound");
  });

  it("names a bad --budget", async () => {
    const { status, stderr } = await run(["tighten", "taheri2025/basic-identity", "--budget", "lots"]);
    expect(status).toBe(2);
    expect(stderr).toContain("--budget");
  });
});
