/**
 * `shallowcheck hunt` and `shallowcheck replay`, and `check` replaying the corpus first: the built
 * bin in a child process for the real catalogue (npm test builds first), and `main` in process
 * with a fake entry added to the catalogue for a hunt that finds something.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectUsageError, runCli } from "../cliRun.js";
import type { Candidate, Property } from "../../src/check/property.js";
import { counterexampleMetadata, saveCounterexample } from "../../src/check/corpus.js";

const thousandths = (k: number) => (k / 1000).toFixed(3);

/** Fails only within 0.01 of `centre`; proof steps "far" (x_0 ≥ 0.5) then "ball". */
function tinyBall(id: string, centre: readonly number[]): Property {
  const property: Property = {
    id,
    title: "the sample stays away from a small ball",
    reference: { paper: "test", statement: "none", spec: "none §1", provenance: "[none]" },
    mode: "exact",
    statement: "‖x − c‖ ≥ r",
    assumptions: [
      { name: "x0-nonnegative", description: "x_0 ≥ 0", holds: (c) => Number(c.file.data.X[0][0]) >= 0 },
      { name: "unit-label", description: "y = 1", holds: (c) => Number(c.file.data.y[0]) === 1 },
    ],
    generate: () =>
      fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 3, maxLength: 3 }).map(
        (xs): Candidate => ({
          file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [xs.map(thousandths)], y: ["1"] }, params: { W: [["1", "0", "0"]], a: ["1"] } },
          settings: {},
        }),
      ),
    evaluate(c) {
      const x = c.file.data.X[0].map(Number);
      const distance2 = centre.reduce((s, ck, k) => s + ((x[k] ?? 0) - ck) ** 2, 0);
      return { margin: distance2 - 1e-4, detail: { distance2 } };
    },
    steps: (c) => [
      { name: "far", margin: 0.5 - Number(c.file.data.X[0][0]) },
      { name: "ball", margin: property.evaluate(c, { digits: 50 }).margin },
    ],
    defaultRuns: 10,
  };
  return property;
}

vi.mock("../../properties/index.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../properties/index.js")>();
  const catalogue = [...original.CATALOGUE, tinyBall("test/tiny-ball", [0.7, -0.3, 1.1]), tinyBall("test/tiny-ball-behind", [-0.7, -0.3, 1.1])];
  return { CATALOGUE: catalogue, findProperty: (id: string) => catalogue.find((p) => p.id === id) };
});

const { main } = await import("../../src/cli/main.js");

const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-hunt-"));

const run = runCli;


/**
 * A Theorem 1 instance meeting every assumption (orthogonal data, |a| = 1 ≥ ‖w‖ = 0.71) with the
 * bound's numeric-factor knob set to 100: μ = 1.1 (by hand: ‖∇L‖² = 0.6875, L = 0.625) against
 * a bound 100·(C/n)·min|h/y| = 100·0.25 = 25, so it fails — a stored "what if the constant were
 * larger" counterexample, the kind a researcher keeps.
 */
const ROUNDING_FAILURE: Candidate = {
  file: {
    model: { activation: "relu", scaling: "mean-field" },
    data: { X: [["1", "0"], ["0", "1"]], y: ["1", "-1"] },
    params: { W: [["0.5", "0.5"]], a: ["1"] },
  },
  settings: { factor: 100 },
};
const FAILURE_MARGIN = 1.1 / 25 - 1;

describe("shallowcheck hunt (built bin, real catalogue)", () => {
  it("reports found: false on an identity, exit 0, and the JSON result", () => {
    const json = join(scratch, "identity.json");
    const result = run(["hunt", "dana2025/lemma1-balance-gd", "--budget", "60", "--seed", "cli", "--out", join(scratch, "corpus"), "--json", json]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^dana2025\/lemma1-balance-gd: no counterexample with every assumption kept in 60 evaluations/);
    expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ found: false, margin: 0, fixture: null, evaluations: 60 });
    expect(existsSync(join(scratch, "corpus"))).toBe(false);
  });

  it("rejects bad usage with one line and exit 2", () => {
    expectUsageError(run(["hunt", "nobody/nothing"]), 'unknown property "nobody/nothing"');
    expectUsageError(run(["hunt", "dana2025/lemma1-balance-gd", "--drop", "A1-weak"]), "--drop", 'no assumption "A1-weak"', "relu-mean-field");
    expectUsageError(run(["hunt", "dana2025/lemma1-balance-gd", "--budget", "5abc"]), "--budget");
    expectUsageError(run(["hunt", "dana2025/lemma1-balance-gd", "--budget", "0"]), "--budget: must be at least 1");
    expectUsageError(run(["hunt", "dana2025/lemma1-balance-gd", "--shrink-budget", "-3"]), "--shrink-budget");
    expectUsageError(run(["hunt", "dana2025/lemma1-balance-gd", "--exact-digits", "3"]), "--exact-digits");
    expectUsageError(run(["hunt"]), "missing required argument 'id'");
  });
});

describe("shallowcheck replay (built bin)", () => {
  it("prints margins at 17 and 50 digits and the assumptions met and violated", () => {
    const { path } = saveCounterexample(
      ROUNDING_FAILURE,
      counterexampleMetadata("dana2025/theorem1-pl-bound", { margin: FAILURE_MARGIN }, { seed: "manual", foundBy: "check" }),
      join(scratch, "replay-corpus"),
    );
    const json = join(scratch, "replay.json");
    const result = run(["replay", path, "--json", json]);
    // A counterexample that fails with every assumption kept: one verdict, exit 1.
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("verdict: fails");
    expect(result.stdout).toContain(`dana2025/theorem1-pl-bound [exact] on ${path} (n = 2, d = 2, p = 1; found by check, seed manual`);
    expect(result.stdout).toMatch(/margin at 17 digits: -0\.95\d+ \(fails\)/);
    expect(result.stdout).toMatch(/margin at 50 digits: -0\.95\d+ \(fails\)/);
    expect(result.stdout).toContain("assumptions met: relu-mean-field, assumption2, A1-weak, data-bounds; violated: none");
    expect(result.stdout).toContain("first failing proof step: Conclusion: eq. (6)");
    expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ property: "dana2025/theorem1-pl-bound", assumptionsViolated: [], margins: [{ digits: 17 }, { digits: 50 }] });
  });

  it("rejects a file without a known property, or no file, with one line and exit 2", () => {
    const bare = join(scratch, "bare.json");
    writeFileSync(bare, JSON.stringify({ settings: {}, ...ROUNDING_FAILURE.file }));
    expectUsageError(run(["replay", bare]), 'no "property" field');
    const unknown = join(scratch, "unknown.json");
    writeFileSync(unknown, JSON.stringify({ property: "nobody/nothing", ...ROUNDING_FAILURE.file }));
    expectUsageError(run(["replay", unknown]), 'unknown property "nobody/nothing"');
    expectUsageError(run(["replay", join(scratch, "absent.json")]), "cannot read file (ENOENT)");
    expectUsageError(run(["replay", bare, "--exact-digits", "x"]), "--exact-digits");
  });
});

describe("shallowcheck check replays the corpus first (built bin)", () => {
  it("fails at once on a stored counterexample, and finds it already stored", () => {
    const cwd = mkdtempSync(join(tmpdir(), "shallowcheck-check-corpus-"));
    const { path } = saveCounterexample(
      ROUNDING_FAILURE,
      counterexampleMetadata("dana2025/theorem1-pl-bound", { margin: FAILURE_MARGIN }, { seed: "manual", foundBy: "check" }),
      join(cwd, "fixtures", "counterexamples"),
    );
    const result = run(["check", "--only", "dana2025/theorem1-pl-bound", "--runs", "5", "--out", "out"], cwd);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/dana2025\/theorem1-pl-bound\s+failed\s+1\s+0\s/);
    expect(result.stdout).toContain(`already in the corpus: ${join("fixtures", "counterexamples", "dana2025__theorem1-pl-bound", path.split("/").pop()!)}`);
  });
});

describe("hunt and replay in process (fake entry)", () => {
  const output: string[] = [];
  const capture = () => {
    output.length = 0;
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  };
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("finds, shrinks, stores and prints a counterexample; replay names the first failing proof step", async () => {
    const out = join(scratch, "fake-corpus");
    const json = join(scratch, "fake.json");
    capture();
    expect(await main(["hunt", "test/tiny-ball", "--budget", "1000", "--seed", "cli", "--out", out, "--json", json])).toBe(0);
    const text = output.join("");
    expect(text).toMatch(/^test\/tiny-ball: counterexample with every assumption kept, found by search after \d+ of 1000 evaluations/);
    expect(text).toContain("shrunk to n = 1, d = 3, p = 1");
    expect(text).toContain("meets every assumption (x0-nonnegative, unit-label): a counterexample to the statement as encoded");
    expect(text).toContain("first failing proof step: far");
    expect(text).toContain('"X":[["0.7","-0.3","1.1"]]');
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ found: true, property: "test/tiny-ball", dropped: [] });
    expect(report.margin).toBeLessThan(0);
    expect(report.evaluations).toBeLessThanOrEqual(1000);
    expect(report.fixture.startsWith(join(out, "test__tiny-ball"))).toBe(true);
    const stored = JSON.parse(readFileSync(report.fixture, "utf8"));
    expect(stored).toMatchObject({ property: "test/tiny-ball", foundBy: "hunt", seed: "cli", dropped: [] });

    capture();
    expect(await main(["hunt", "test/tiny-ball", "--budget", "1000", "--seed", "cli", "--out", out])).toBe(0);
    expect(output.join("")).toContain(`already in the corpus: ${report.fixture}`);

    capture();
    expect(await main(["replay", report.fixture])).toBe(1);
    const replay = output.join("");
    expect(replay).toMatch(/margin at 50 digits: -\S+ \(fails\)/);
    expect(replay).toContain("first failing proof step: far");
  });

  it("with an assumption dropped, reports a violation only when the counterexample needs it", async () => {
    // unit-label is not needed: the counterexample keeps y = 1 even though the search may move y.
    const json = join(scratch, "unneeded.json");
    capture();
    expect(await main(["hunt", "test/tiny-ball", "--drop", "unit-label", "--budget", "1000", "--out", join(scratch, "dropped-corpus"), "--json", json])).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ found: true, dropped: ["unit-label"], violatesDropped: [] });
    expect(output.join("")).toContain('"y":["1"]');
    expect(output.join("")).toContain("meets every assumption (x0-nonnegative, unit-label)");

    // The ball behind x_0 = 0 is out of reach unless x0-nonnegative is dropped.
    capture();
    expect(await main(["hunt", "test/tiny-ball-behind", "--budget", "1000", "--out", join(scratch, "dropped-corpus")])).toBe(0);
    expect(output.join("")).toMatch(/^test\/tiny-ball-behind: no counterexample with every assumption kept in 1000 evaluations/);
    capture();
    expect(await main(["hunt", "test/tiny-ball-behind", "--drop", "x0-nonnegative", "--budget", "1000", "--out", join(scratch, "dropped-corpus")])).toBe(0);
    const text = output.join("");
    expect(text).toMatch(/^test\/tiny-ball-behind: counterexample with x0-nonnegative dropped/);
    expect(text).toContain("violates dropped: x0-nonnegative; meets: unit-label");
    expect(text).toContain("written to " + join(scratch, "dropped-corpus", "test__tiny-ball-behind"));
  });
});
