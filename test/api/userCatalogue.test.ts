/**
 * A researcher's own lemma, from a project outside this repository: the package installed the
 * way `npm install <path>` installs it (a link in node_modules), a property file importing
 * "shallowcheck", and the command line run in that project.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";
import { loadCatalogue } from "../../src/catalogue/catalogue.js";
import { catalogueContract } from "../../src/api/contract.js";
import { leakyBalance } from "../../examples/leaky-relu-balance.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** A property in the style of the docs' guide: Jensen-type bound L ≥ (mean residual)²/2, with a known bad factor. */
const USER_FILE = `import { candidateArbitrary, defineProperty, fc, float64Field, forward, instanceOverField } from "shallowcheck";
const sides = (F, c) => {
  const r = forward(F, instanceOverField(F, c.file)).residuals;
  const n = F.fromNumber(r.length);
  const L = F.div(r.reduce((t, v) => F.add(t, F.mul(v, v)), F.zero), F.mul(F.fromNumber(2), n));
  const mean = F.div(r.reduce((t, v) => F.add(t, v), F.zero), n);
  return { L, B: F.div(F.mul(F.fromDecimalString(String(c.settings.factor ?? 1)), F.mul(mean, mean)), F.fromNumber(2)) };
};
export const meanResidual = defineProperty({
  id: "lab/mean-residual",
  title: "L ≥ factor·(mean residual)² / 2",
  citation: "Jensen's inequality",
  statement: "L = (1/2n) Σ r_i² ≥ (factor/2)(Σ r_i / n)² for factor ≤ 1.",
  reading: "float64 evaluation; the interval margin through marginOver; the factor is settings.factor (default 1).",
  margin: { kind: "bound-slack", formula: "(L − B)/max(L, B)", bound: { direction: "lower", observed: "L", bound: "B = factor·(mean r)²/2" } },
  assumptions: [{ name: "factor-at-most-1", description: "settings.factor ≤ 1", holds: (c) => (c.settings.factor ?? 1) <= 1, decide: (F, c) => (c.settings.factor ?? 1) <= 1 }],
  generate: (dropped) =>
    fc.tuple(candidateArbitrary({ n: { min: 2, max: 5 } }), dropped.has("factor-at-most-1") ? fc.constantFrom(1, 3) : fc.constant(1)).map(([c, factor]) => ({ ...c, settings: { factor } })),
  evaluate(c) {
    const { L, B } = sides(float64Field, c);
    if (B === 0) return { margin: 1, vacuous: "B = 0" };
    return { margin: (L - B) / Math.max(L, B), slack: { observed: L, bound: B } };
  },
  marginOver(F, c) {
    const { L, B } = sides(F, c);
    return F.div(F.sub(L, B), F.max(F.max(L, B), F.fromDecimalString("1e-30")));
  },
  knownBad: () => [{ why: "factor 3 is too large", candidate: { settings: { factor: 3 }, file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [[1], [1]], y: [1, 1] }, params: { W: [[1]], a: [0] } } } }],
});
`;

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "shallowcheck-user-"));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(ROOT, join(project, "node_modules", "shallowcheck"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "lab", type: "module", private: true }));
  writeFileSync(join(project, "mean-residual.mjs"), USER_FILE);
});

describe("a user catalogue in another project", () => {
  it("check --catalogue runs the user's entry through the same runner, with slack and seed", () => {
    const result = runCli(["check", "--catalogue", "mean-residual.mjs", "--only", "lab/*", "--seed", "u1", "--json", "report.json"], project);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^seed u1 /);
    expect(result.stdout).toMatch(/lab\/mean-residual\s+passed/);
  });

  it("reads its catalogue from shallowcheck.config.mjs", () => {
    writeFileSync(join(project, "shallowcheck.config.mjs"), `export default { catalogue: ["mean-residual.mjs"], corpus: "lemmas-corpus" };`);
    const bad = runCli(["check", "--only", "lab/*", "--seed", "u2", "--runs", "50"], project);
    expect(bad.status).toBe(0); // the entry holds with factor 1
    const list = runCli(["list"], project);
    expect(list.stdout).toContain("lab/mean-residual");
    expect(list.stdout).toContain("bound-slack");
  });

  it("hunt --drop finds, certifies and stores a counterexample in the user's corpus; replay, certify and check --instance agree", () => {
    const hunted = runCli(["hunt", "lab/mean-residual", "--catalogue", "mean-residual.mjs", "--drop", "factor-at-most-1", "--budget", "300", "--shrink-budget", "100", "--seed", "h1", "--out", "my-corpus", "--json", "hunt.json"], project);
    expect(hunted.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    expect(hunted.status).toBe(0);
    const report = JSON.parse(readFileSync(join(project, "hunt.json"), "utf8"));
    expect(report.found).toBe(true);
    expect(report.fixture.startsWith(join("my-corpus", "lab__mean-residual"))).toBe(true);
    const fixture = report.fixture;
    const replayed = runCli(["replay", fixture, "--catalogue", "mean-residual.mjs"], project);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain("verdict: fails — the statement fails without factor-at-most-1");
    const certified = runCli(["certify", fixture, "--catalogue", "mean-residual.mjs"], project);
    expect(certified.stdout).toMatch(/lab\/mean-residual\s+refuted/);
    expect(certified.status).toBe(1);
    const checked = runCli(["check", "--instance", fixture, "--catalogue", "mean-residual.mjs"], project);
    expect(checked.stdout).toContain("lab/mean-residual: fails");
    expect(checked.status).toBe(1);
  });

  it("a bad user module is one line naming the field, exit 2", () => {
    writeFileSync(join(project, "broken.mjs"), `import { defineProperty } from "shallowcheck"; export const p = defineProperty({ id: "lab/x", title: "t", statement: "s", citation: "c", margin: { kind: "nonsense", formula: "f" }, generate: () => null, evaluate: () => ({ margin: 0 }) });`);
    expectUsageError(runCli(["check", "--catalogue", "broken.mjs"], project), "margin.kind");
    expectUsageError(runCli(["check", "--catalogue", "missing.mjs"], project), "missing.mjs");
  });

  it("loadCatalogue from the library returns built-in and user entries", async () => {
    const loaded = await loadCatalogue({ modules: [join(project, "mean-residual.mjs")], config: false });
    expect(loaded.user.map((p) => p.id)).toEqual(["lab/mean-residual"]);
    expect(loaded.properties.length).toBeGreaterThan(loaded.user.length);
  });
});

describe("examples/leaky-relu-balance.ts", () => {
  it("passes the catalogue contract (holds on its generator, fails on its known bad case)", () => {
    expect(catalogueContract(leakyBalance, { samples: 4 }).violations).toEqual([]);
  });

  it("runs from the command line as a user catalogue", () => {
    const result = runCli(["check", "--catalogue", "examples/leaky-relu-balance.ts", "--only", "examples/*", "--runs", "8", "--seed", "ex"], ROOT);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/examples\/leaky-balance\s+passed/);
  });
});

describe("shallowcheck new", () => {
  it("writes a property and a test file that refuses to overwrite", () => {
    const dir = mkdtempSync(join(tmpdir(), "shallowcheck-new-"));
    expect(runCli(["new", "lab/euler", "--dir", dir]).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["euler.test.ts", "euler.ts"]);
    expectUsageError(runCli(["new", "lab/euler", "--dir", dir]), "exists");
    expectUsageError(runCli(["new", "no-slash"]), "group/name");
  });
});
