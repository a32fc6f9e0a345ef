import { describe, expect, it } from "vitest";
import { checkRowColumns, resultsCsv } from "../../src/reproduce/csv.js";
import type { GridPoint } from "../../src/reproduce/experiment.js";
import type { RunRecord } from "../../src/reproduce/runLog.js";

describe("results.csv", () => {
  it("has runner columns, then parameters, then row fields, quoting only where needed", () => {
    const points: GridPoint[] = [
      { key: "n=2", params: { n: 2, label: 'a "b", c' } },
      { key: "n=3", params: { n: 3, extra: true } },
    ];
    const records: RunRecord[] = [
      { point: "n=2", rep: 0, seed: "e/q/n=2/rep0", row: { loss: 1e-7, n: 2, note: null }, ms: 0 },
      { point: "n=3", rep: 0, seed: "e/q/n=3/rep0", row: { loss: 0.5, late: "x\ny" }, ms: 0 },
    ];
    expect(resultsCsv("e", points, records)).toBe(
      [
        "experiment,point,rep,seed,n,label,extra,loss,note,late",
        'e,n=2,0,e/q/n=2/rep0,2,"a ""b"", c",,1e-7,,',
        'e,n=3,0,e/q/n=3/rep0,3,,true,0.5,,"x\ny"',
        "",
      ].join("\n"),
    );
  });

  it("rejects rows that reuse runner columns or contradict a grid parameter", () => {
    const point = { key: "n=2", params: { n: 2 } };
    expect(checkRowColumns({ seed: 1 }, point)).toMatch(/reserved/);
    expect(checkRowColumns({ n: 3 }, point)).toMatch(/contradicts/);
    expect(checkRowColumns({ n: 2, loss: 0 }, point)).toBeUndefined();
  });
});
