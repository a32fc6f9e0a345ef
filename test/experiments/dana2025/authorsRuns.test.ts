/**
 * The authors' runs (experiments/dana2025/authorsRuns*.ts, scripts/authors/dana2025AuthorsRuns.ts):
 * the result-file reader on a synthetic checkout in the authors' format, the repetition inference,
 * the two-sample test, that the paper presets run the authors' grids, and that each paper
 * summary compares like with like: fed rows made from the authors' own outcomes, it must find
 * the authors' thresholds and slopes exactly and no differing point.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AUTHORS_RUNS, authorsPoints, compareRates, type AuthorsExp1File } from "../../../experiments/dana2025/authorsRuns.js";
import { exp10 } from "../../../experiments/dana2025/exp1.0.js";
import { exp11 } from "../../../experiments/dana2025/exp1.1.js";
import { exp12 } from "../../../experiments/dana2025/exp1.2.js";
import { exp2, ESTIMATORS, type EstimatorName } from "../../../experiments/dana2025/exp2.js";
import { seededRandom } from "../../../src/random/rng.js";
import type { Row } from "../../../src/reproduce/experiment.js";
import { inferRepetitions, lossTrendValue, readAuthorsRuns } from "../../../scripts/authors/dana2025AuthorsRuns.js";

const PAPER = { preset: "paper", precision: "float32" } as const;

describe("inferRepetitions", () => {
  it("finds the smallest R making every rate a multiple of 1/R", () => {
    expect(inferRepetitions([0.95, 0.7, 0.35, 0.1])).toBe(20);
    expect(inferRepetitions([0.96, 0.88, 0.68])).toBe(25);
    // The authors' files print sums of 1/80 with rounding error.
    expect(inferRepetitions([0.9999999999999984, 0.9874999999999985, 0.037500000000000006])).toBe(80);
    expect(inferRepetitions([1, 0])).toBe(1);
  });
  it("refuses rates no count up to 200 explains", () => {
    expect(() => inferRepetitions([0.5, 1 / 201])).toThrow(/no repetition count/);
  });
});

describe("lossTrendValue", () => {
  it("reads plain numbers and the torch reprs some files hold", () => {
    expect(lossTrendValue("0.0004892514529701499")).toBe(0.0004892514529701499);
    expect(lossTrendValue("tensor(8.1372e-05, dtype=torch.float64)")).toBe(8.1372e-5);
    expect(lossTrendValue("tensor(0.0003)")).toBe(0.0003);
    expect(() => lossTrendValue("tensor(nan, dtype=torch.float64)")).toThrow(/not a number/);
  });
});

describe("compareRates", () => {
  it("uses the two-sample Hoeffding half-width √(ln(2/α)(1/R₁ + 1/R₂)/2)", () => {
    const [only] = compareRates([{ n: 10, successes: 40, reps: 80 }], [{ n: 10, reps: 80, rate: 0.75 }]);
    // ln 40 = 3.6888794541139363; (1/80 + 1/80)/2 = 0.0125.
    expect(only.halfWidth).toBeCloseTo(Math.sqrt(3.6888794541139363 * 0.0125), 15);
    expect(only.difference).toBe(-0.25);
    expect(only.differs).toBe(true);
  });
  it("pairs points by n and skips n on one grid only", () => {
    const theirs = [{ n: 20, reps: 10, rate: 0.5 }];
    expect(compareRates([{ n: 10, successes: 1, reps: 10 }, { n: 20, successes: 6, reps: 10 }], theirs).map((c) => c.n)).toEqual([20]);
  });
  it("flags equal true rates at no more than the level α (seeded simulation, 4000 pairs)", () => {
    const random = seededRandom("authors-two-sample");
    const draw = (rate: number, reps: number) => {
      let hits = 0;
      for (let r = 0; r < reps; r++) if (random.uniform() < rate) hits++;
      return hits;
    };
    let differing = 0;
    const pairs = 4000;
    for (let k = 0; k < pairs; k++) {
      const rate = (k % 9 + 1) / 10;
      const ours = { n: 1, successes: draw(rate, 20), reps: 20 };
      const theirs = { n: 1, p: 1, successes: draw(rate, 25), reps: 25, rate: 0 };
      theirs.rate = theirs.successes / 25;
      if (compareRates([ours], [theirs])[0].differs) differing++;
    }
    // Hoeffding guarantees ≤ α = 0.05 per pair; the binomial 99.9% upper end at 4000 pairs adds ≈ 0.011.
    expect(differing / pairs).toBeLessThanOrEqual(0.05 + 0.011);
  });
});

describe("readAuthorsRuns on a checkout in the authors' format", () => {
  const root = mkdtempSync(join(tmpdir(), "authors-runs-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const directory = join(root, "raw_experiments");
  mkdirSync(directory);
  const exp1 = (d: number, p: number, rates: [number, number][], withP = true) =>
    [withP ? "d,n,p,loss_trend,CV_probability" : "d,n,loss_trend,CV_probability", ...rates.map(([n, rate]) => (withP ? `${d},${n},${p},"tensor(0.0003, dtype=torch.float64)",${rate}` : `${d},${n},0.0,${rate}`))].join("\n");
  writeFileSync(join(directory, "Data_exp_1_100_bis.csv"), exp1(100, 36, [[1300, 0.9999999999999984], [1350, 0.9874999999999985]]));
  for (let d = 10; d <= 100; d += 10) writeFileSync(join(directory, `Data_exp_1_d_${d}.csv`), exp1(d, 30, [[d, 1.0000000000000002], [2 * d, 0.35]]));
  for (let p = 50; p <= 400; p += 10) writeFileSync(join(directory, `Data_exp_1_p_${p}.csv`), exp1(30, p, [[100, 0.96], [110, 0.04]]));
  writeFileSync(join(directory, "Data_exp_2_bis.csv"), "n,d,log_speed,log_avg_speed,log_lower,log_upper\n1000,2000,-4.5,-4.2,-5.1,-0.5\n1100,2000,-4.6,-4.3,-5.2,-0.6\n");

  it("copies outcomes as counts with the inferred repetitions", () => {
    const runs = readAuthorsRuns(root, "0123456789abcdef0123456789abcdef01234567");
    expect(runs.exp10.points).toEqual([{ n: 1300, p: 36, successes: 80, lossTrend: 0.0003 }, { n: 1350, p: 36, successes: 79, lossTrend: 0.0003 }]);
    expect(runs.exp11.byD[3]).toMatchObject({ d: 40, reps: 20, points: [{ n: 40, p: 30, successes: 20, lossTrend: 0.0003 }, { n: 80, p: 30, successes: 7 }] });
    expect(runs.exp12.byP).toHaveLength(36);
    expect(runs.exp12.byP[0]).toMatchObject({ p: 50, reps: 25, points: [{ n: 100, p: 50, successes: 24 }, { n: 110, p: 50, successes: 1 }] });
    expect(readAuthorsRuns(root, "x").exp10.points[0].lossTrend).toBe(0.0003);
    expect(runs.exp2.points[1]).toEqual({ n: 1100, logSpeed: -4.6, logAverageSpeed: -4.3, logLower: -5.2, logUpper: -0.6 });
  });
  it("names the file and the row of a malformed value", () => {
    writeFileSync(join(directory, "Data_exp_1_d_50.csv"), "d,n,p,loss_trend,CV_probability\n50,50,30,0.0,1.5\n");
    expect(() => readAuthorsRuns(root, "x")).toThrow(/Data_exp_1_d_50\.csv: row 2: CV_probability/);
  });
});

describe("the paper presets run the authors' grids", () => {
  const keys = (points: readonly { n: number; p: number }[]) => points.map((point) => `${point.n}/${point.p}`);
  it("Exp 1.0: the same (n, p) pairs", () => {
    const ours = exp10.grid(PAPER).map((point) => point.params as { n: number; p: number });
    expect(keys(ours)).toEqual(keys(AUTHORS_RUNS.exp10.points));
  });
  it("Exp 1.1: the same (d, n) pairs", () => {
    const ours = exp11.grid(PAPER).map((point) => point.params as { d: number; n: number });
    expect(ours.map((point) => `${point.d}/${point.n}`)).toEqual(AUTHORS_RUNS.exp11.byD.flatMap((file) => file.points.map((point) => `${file.d}/${point.n}`)));
  });
  it("Exp 1.2: the same (p, n) pairs", () => {
    const ours = exp12.grid(PAPER).map((point) => point.params as { n: number; p: number });
    expect(keys(ours)).toEqual(AUTHORS_RUNS.exp12.byP.flatMap((file) => keys(file.points)));
  });
  it("Exp 2: the same n", () => {
    expect(exp2.grid(PAPER).map((point) => (point.params as { n: number }).n)).toEqual(AUTHORS_RUNS.exp2.points.map((point) => point.n));
  });
});

/** Exp 1 rows reproducing a file's outcomes: `successes` successes among `reps` runs per point. */
function exp1Rows(file: AuthorsExp1File, d: number, key: (n: number, p: number) => string): Row[] {
  return authorsPoints(file).flatMap((point) =>
    Array.from({ length: point.reps }, (_, rep): Row => ({ point: key(point.n, point.p), rep, n: point.n, d, p: point.p, success: rep < point.successes, remainingLoss: point.lossTrend, steps: 1, diverged: false })),
  );
}

describe("paper summaries compare like with like", () => {
  it("Exp 1.0 on the authors' outcomes finds their threshold and no differing n", () => {
    const rows = exp1Rows(AUTHORS_RUNS.exp10, 100, (n) => `n=${n}`);
    const summary = exp10.summarize(rows, PAPER) as { threshold: number; authors: { threshold: number; differing: number; rates: unknown[] } };
    expect(summary.authors.threshold).toBe(summary.threshold);
    expect(summary.authors.differing).toBe(0);
    expect(summary.authors.rates).toHaveLength(17);
    expect(exp10.summarize(rows, { ...PAPER, preset: "smoke" }).authors).toBeNull();
  });
  it("Exp 1.1 on the authors' outcomes finds their thresholds and fits", () => {
    const rows = AUTHORS_RUNS.exp11.byD.flatMap((file) => exp1Rows(file, file.d, (n) => `d=${file.d},n=${n}`));
    const summary = exp11.summarize(rows, PAPER) as { thresholds: unknown[]; logLog: unknown; authors: { thresholds: unknown[]; logLog: unknown; differing: number } };
    expect(summary.authors.thresholds).toEqual(summary.thresholds);
    expect(summary.authors.logLog).toEqual(summary.logLog);
    expect(summary.authors.differing).toBe(0);
  });
  it("Exp 1.2 on the authors' outcomes finds their thresholds and fits", () => {
    const rows = AUTHORS_RUNS.exp12.byP.flatMap((file) => exp1Rows(file, 30, (n, p) => `p=${p},n=${n}`));
    const summary = exp12.summarize(rows, PAPER) as { thresholds: unknown[]; logarithmic: unknown; authors: { thresholds: unknown[]; logarithmic: unknown; comparedPoints: number; differing: number } };
    expect(summary.authors.thresholds).toEqual(summary.thresholds);
    expect(summary.authors.logarithmic).toEqual(summary.logarithmic);
    expect(summary.authors.comparedPoints).toBe(AUTHORS_RUNS.exp12.byP.reduce((total, file) => total + file.points.length, 0));
    expect(summary.authors.differing).toBe(0);
  });
  it("Exp 2 matches each estimator to the authors' column of the same name", () => {
    // The notebook's labels: log_speed is μ(t∞), log_avg_speed ⟨μ∞⟩, log_lower μ_low, log_upper μ_upp.
    const rows: Row[] = AUTHORS_RUNS.exp2.points.map((point) => ({
      point: `n=${point.n}`,
      rep: 0,
      n: point.n,
      d: 2000,
      p: 37,
      steps: 1,
      attempts: 1,
      converged: true,
      muTail: Math.exp(point.logSpeed),
      muMean: Math.exp(point.logAverageSpeed),
      muLow: Math.exp(point.logLower),
      muUpp: Math.exp(point.logUpper),
    }));
    const summary = exp2.summarize(rows, PAPER) as { authors: { slopeDifferences: Record<EstimatorName, { difference: number }> } };
    for (const name of ESTIMATORS) expect(Math.abs(summary.authors.slopeDifferences[name].difference)).toBeLessThan(1e-12);
  });
});
