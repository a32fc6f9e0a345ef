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
import { orthogonalPlSandwich } from "../../properties/dana2025/orthogonal-pl-sandwich.js";
import { BUILT_IN } from "../../src/catalogue/catalogue.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { main } from "../../src/cli/main.js";
import type { Field } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";

/** Every bound of the three papers with a witness in fixtures/tightness/ (docs/tightness.md's rows). */
const WITNESSED_BOUNDS = [
  "dana2025--theorem1-pl-bound",
  "dana2025--orthogonal-pl-sandwich",
  "dana2025--orthogonal-pl-sandwich.upper",
  "dana2025--output-energy-bound",
  "soltanolkotabi2019--approx-sosp-loss-bound",
  "taheri2025--stationary-norm-bound",
  "taheri2025--theorem1-linear",
  "taheri2025--theorem2-transfer",
  "taheri2025--theorem3-relu",
];

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
  const files = readdirSync(dir).filter((name) => name.endsWith(".json"));

  it("cover every bound of the three papers", () => {
    const ids = new Set(files.map((name) => name.split(".seed-")[0]));
    for (const id of WITNESSED_BOUNDS) expect(ids, id).toContain(id);
  });

  // A witness of an entry without slackOver (dana2025/theorem1-pl-trajectory) records an estimate:
  // it must still read as not certified, with no enclosure.
  it.each(files)("%s re-certifies to the ratio it records", (name) => {
    const path = join(dir, name);
    const stored = JSON.parse(readFileSync(path, "utf8")) as { property: string; tightness: { boundName?: string | null; certificate: { verdict: string; digits: number; ratio: { lo: string; hi: string } | null } } };
    const entry = BUILT_IN.find((p) => p.id === stored.property)!;
    const certificate = certifyRatio(entry, readCandidateFile(path), stored.tightness.certificate.digits, stored.tightness.boundName ?? undefined);
    expect(certificate.verdict).toBe(stored.tightness.certificate.verdict);
    expect(certificate.ratio).toEqual(stored.tightness.certificate.ratio);
    if (WITNESSED_BOUNDS.includes(name.split(".seed-")[0])) expect(certificate.verdict).toBe("certified");
  }, 120_000);
});

describe("an entry with two bounds (the orthogonal PL sandwich)", () => {
  it("tightens the named further bound as an upper bound: μ/μ_upp ≤ 1, certified", () => {
    const result = tighten(orthogonalPlSandwich, { budget: 60, seed: "two-bounds", digits: 30, bound: "upper" });
    expect(result.boundName).toBe("upper");
    expect(result.direction).toBe("upper");
    expect(result.certificate.verdict).toBe("certified");
    // The upper bound holds (μ ≤ μ_upp), so a true enclosure of μ/μ_upp starts at or below 1.
    expect(new Decimal(result.certificate.ratio!.lo).lte(1)).toBe(true);
    expect(result.constantFactor).toEqual({ value: result.certificate.ratio!.lo, certified: true });
  });

  it("certifies the two sides of one witness to different ratios, μ/μ_low ≥ μ/μ_upp", () => {
    const witness: Candidate = { settings: {}, file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0"], ["0", "2"]], y: ["1", "1"] }, params: { W: [["0.5", "0.5"]], a: ["1"] } } };
    const lower = certifyRatio(orthogonalPlSandwich, witness, 30);
    const upper = certifyRatio(orthogonalPlSandwich, witness, 30, "upper");
    expect([lower.verdict, upper.verdict]).toEqual(["certified", "certified"]);
    expect(new Decimal(lower.ratio!.lo).gte(upper.ratio!.hi)).toBe(true);
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

  it("names an unknown --bound in one line, exit 2", async () => {
    const { status, stderr } = await run(["tighten", "dana2025/orthogonal-pl-sandwich", "--bound", "middle"]);
    expect(status).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain("--bound");
    expect(stderr).toContain("upper");
  });

  it("names a bad --budget", async () => {
    const { status, stderr } = await run(["tighten", "taheri2025/basic-identity", "--budget", "lots"]);
    expect(status).toBe(2);
    expect(stderr).toContain("--budget");
  });
});
