/**
 * What the figures promise a reader: no fitted threshold drawn from data that never cross 1/2
 * ("no transition in range" instead), and every line drawn over the data named in the legend
 * (its color encoding is a datum of the shared color scale's domain).
 */
import { describe, expect, it } from "vitest";
import { findExperiment } from "../../experiments/index.js";
import { crossesHalf } from "../../experiments/dana2025/protocol.js";
import type { ExperimentOptions, Row } from "../../src/reproduce/experiment.js";

type Spec = Record<string, unknown>;

function layersOf(spec: Spec): Spec[] {
  const inner = (spec.spec as Spec | undefined) ?? spec;
  return ((inner.layer as Spec[] | undefined) ?? [inner]).flatMap((layer) => (layer.layer ? layersOf(layer) : [layer]));
}

/** Layers drawn as one line (a datum color): their label must be in the color scale's domain. */
function unnamedLines(spec: Spec): string[] {
  return layersOf(spec).flatMap((layer) => {
    const color = (layer.encoding as Spec | undefined)?.color as Spec | undefined;
    if (color?.datum === undefined) return [];
    const domain = ((color.scale as Spec | undefined)?.domain as unknown[] | undefined) ?? [];
    return domain.includes(color.datum) && color.legend !== null ? [] : [String(color.datum)];
  });
}

const markTypes = (spec: Spec) => layersOf(spec).map((layer) => (typeof layer.mark === "string" ? layer.mark : (layer.mark as Spec).type));

/** Exp 1 rows of one grid point with the given success pattern. */
function exp1Rows(n: number, d: number, p: number, successes: boolean[]): Row[] {
  return successes.map((success, rep) => ({ point: `n=${n}`, rep, n, d, p, success, steps: 10, diverged: false, initialLoss: 1, finalLoss: success ? 0 : 0.5, lossRatio: success ? 0 : 0.5, kernel: "typescript" }));
}

describe("crossesHalf", () => {
  it("is true only when the rates straddle 1/2", () => {
    expect(crossesHalf([1, 0.8, 0.2, 0])).toBe(true);
    expect(crossesHalf([0.5, 0.5])).toBe(false);
    expect(crossesHalf([0, 0, 0])).toBe(false);
    expect(crossesHalf([1, 0.9, 0.6])).toBe(false);
    expect(crossesHalf([0.5, 0])).toBe(true);
  });
});

describe("dana2025/exp1.0 figure", () => {
  const experiment = findExperiment("dana2025/exp1.0")!;
  const options: ExperimentOptions = { preset: "smoke", precision: "float64" };

  it("draws no fit and says so when no run succeeds anywhere", () => {
    const rows = [40, 120, 200].flatMap((n) => exp1Rows(n, 10, 24, [false, false]));
    const summary = experiment.summarize(rows, options);
    expect(summary.threshold).toBeNull();
    const [success] = experiment.figures(summary, options);
    expect(JSON.stringify((success.vegaLite.title as Spec).subtitle)).toContain("no transition in range");
    expect(markTypes(success.vegaLite)).not.toContain("rule");
    expect(layersOf(success.vegaLite).filter((layer) => (layer.mark as Spec).strokeDash !== undefined)).toEqual([]);
  });

  it("names the fitted logistic and the threshold rule in the legend when the rates cross 1/2", () => {
    const rows = [...exp1Rows(40, 10, 24, [true, true]), ...exp1Rows(120, 10, 28, [true, false]), ...exp1Rows(200, 10, 29, [false, false])];
    const summary = experiment.summarize(rows, options);
    expect(summary.threshold).toEqual(expect.any(Number));
    const [success] = experiment.figures(summary, options);
    expect(markTypes(success.vegaLite)).toContain("rule");
    expect(layersOf(success.vegaLite).filter((layer) => (layer.encoding as Spec).color !== undefined).length).toBe(4);
    expect(unnamedLines(success.vegaLite)).toEqual([]);
  });
});

describe("soltanolkotabi2019/fig2 figure", () => {
  const experiment = findExperiment("soltanolkotabi2019/fig2")!;
  const options: ExperimentOptions = { preset: "smoke", precision: "float64" };
  const row = (k: number, pass: boolean, rep: number): Row => ({ point: `a,n=20,d=3,k=${k}`, rep, panel: "a", n: 20, d: 3, k, kd: 3 * k, runs: 2, successes: pass ? 2 : 0, pass, worstRelativeLoss: pass ? 0 : 1, meanIterations: 10 });

  it("says 'no transition in range' when every W* fails", () => {
    const summary = experiment.summarize([1, 2, 3].flatMap((k) => [row(k, false, 0), row(k, false, 1)]), options);
    const [figure] = experiment.figures(summary, options);
    expect(String((figure.vegaLite.title as Spec).subtitle)).toContain("no transition in range");
    expect(markTypes(figure.vegaLite)).toEqual(["errorbar", "line"]);
  });

  it("puts the fit and its 1/2 crossing in the legend when outcomes cross", () => {
    const outcomes: [number, boolean[]][] = [[1, [false, false, false]], [2, [false, true, false]], [3, [true, false, true]], [4, [true, true, true]]];
    const summary = experiment.summarize(outcomes.flatMap(([k, passes]) => passes.map((pass, rep) => row(k, pass, rep))), options);
    const [figure] = experiment.figures(summary, options);
    expect(markTypes(figure.vegaLite)).toEqual(["errorbar", "line", "line", "rule"]);
    expect(unnamedLines(figure.vegaLite)).toEqual([]);
  });
});
