/**
 * theorem25-radius, smoke preset called directly (the reproduce runner is built elsewhere): rows
 * are deterministic in the seed, at a small radius every GD step decreases L (worst per-step
 * ratio < 1), and the summary does not depend on the order of rows.
 */
import { describe, expect, it } from "vitest";
import { theorem25Radius } from "../../../experiments/soltanolkotabi2019/theorem25-radius.js";
import type { Row } from "../../../src/reproduce/experiment.js";

const options = { preset: "smoke", precision: "float64" as const };

describe("soltanolkotabi2019/theorem25-radius", () => {
  it("runs the smoke grid deterministically and summarizes it", () => {
    const rows: Row[] = [];
    for (const point of theorem25Radius.grid(options)) {
      for (let rep = 0; rep < theorem25Radius.repetitions(options); rep++) {
        const spec = { point, rep, seed: `${theorem25Radius.id}/smoke/${point.key}/rep${rep}` };
        const row = theorem25Radius.run(spec, options) as Row;
        expect(theorem25Radius.run(spec, options)).toEqual(row);
        rows.push({ ...row, point: point.key, rep });
      }
    }
    const small = rows.find((r) => r.radius === 0.1)!;
    expect(Number(small.worstRatio)).toBeLessThan(1);
    expect(Number(small.LT)).toBeLessThan(Number(small.L0));
    const summary = theorem25Radius.summarize(rows, options) as { sizes: { curve: unknown[] }[] };
    expect(summary.sizes[0].curve).toHaveLength(2);
    expect(theorem25Radius.summarize([...rows].reverse(), options)).toEqual(summary);
    expect(theorem25Radius.figures(summary, options)[0].name).toBe("linear-convergence-vs-radius");
  });
});
