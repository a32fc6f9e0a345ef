import { describe, expect, it } from "vitest";
import { latexTabular, latexText, summaryLatex, summaryTables } from "../../src/reproduce/latex.js";

describe("summary tables as LaTeX", () => {
  const summary = {
    d: 100,
    threshold: 1651.23456,
    fit: { slope: -0.5, note: "μ ≈ 1/√n" },
    points: [
      { n: 1300, rate: 1, lo: 0.863, estimators: { muLow: { mean: 1.5e-5 } } },
      { n: 1350, rate: 0.975, lo: null, estimators: { muLow: { mean: Number.NaN } } },
    ],
    panels: [{ panel: "a", points: [{ x: 4, fraction: 0.1 }] }],
  };

  it("finds every list of records, nested ones included, and the top-level scalars", () => {
    const tables = summaryTables(summary);
    expect(tables.map((table) => table.path)).toEqual(["summary", "points", "panels", "panels[0].points"]);
    expect(tables[0].rows).toEqual([
      { quantity: "d", value: 100 },
      { quantity: "threshold", value: 1651.23456 },
      { quantity: "fit.slope", value: -0.5 },
      { quantity: "fit.note", value: "μ ≈ 1/√n" },
    ]);
    expect(tables[1].columns).toEqual(["n", "rate", "lo", "estimators.muLow.mean"]);
  });

  it("writes a booktabs tabular: numeric columns right-aligned, four significant digits, missing values as --", () => {
    const points = summaryTables(summary)[1];
    expect(latexTabular(points)).toBe(
      [
        "% points",
        "\\begin{tabular}{rrrr}",
        "\\toprule",
        "n & rate & lo & estimators.muLow.mean \\\\",
        "\\midrule",
        "1300 & 1 & 0.8630 & $1.500\\times 10^{-5}$ \\\\",
        "1350 & 0.9750 & -- & -- \\\\",
        "\\bottomrule",
        "\\end{tabular}",
        "",
      ].join("\n"),
    );
  });

  it("escapes LaTeX specials and puts the summaries' symbols in math mode", () => {
    expect(latexText("a_b & 50% #1 {x}")).toBe("a\\_b \\& 50\\% \\#1 \\{x\\}");
    expect(latexText("μ ≈ 1/√n, σ = 0.5, δ̃")).toBe("$\\mu$ $\\approx$ 1/$\\surd$n, $\\sigma$ = 0.5, $\\delta$");
    expect(latexText("−1/2")).toBe("-1/2");
  });

  it("heads the file with the experiment, preset and run count", () => {
    const text = summaryLatex({ experiment: "dana2025/exp1.0", title: "Likelihood", preset: "paper", runs: 1360, summary });
    expect(text.split("\n")[0]).toBe("% dana2025/exp1.0: Likelihood (preset paper, 1360 runs)");
    expect(text.match(/\\begin\{tabular\}/g)?.length).toBe(4);
  });
});
