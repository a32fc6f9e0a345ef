/**
 * Where the TypeScript kernel beats the native one: CPU µs per lossAndGradient for every available
 * kernel on small ReLU instances (a native call has a fixed cost of argument checks and scratch
 * allocation). The kernels take turns within each round, so a burst of load from other processes
 * hits them alike; CPU time, so time slices given to other processes do not count.
 * src/fast/kernels.ts's SMALL_PROBLEM_WORK is read off this table.
 */
import { createWorkspace, type FloatInstance } from "../src/fast/floatInstance.js";
import { SMALL_PROBLEM_WORK, availableKernels } from "../src/fast/kernels.js";

const SIZES: readonly [number, number, number][] = [[3, 2, 2], [5, 4, 3], [6, 6, 6], [8, 8, 8], [9, 9, 9], [10, 10, 10], [12, 12, 12], [16, 16, 16]];
/** Multiply-adds timed per kernel and size: enough for ~10 ms on the native kernel at every size. */
const WORK_PER_MEASUREMENT = 2e7;

function instanceOf(n: number, d: number, p: number): FloatInstance {
  const values = (count: number, shift: number) => Float64Array.from({ length: count }, (_, m) => Math.sin(m * 1.7 + shift));
  return { model: { activation: { name: "relu" }, scaling: "mean-field" }, n, d, p, X: values(n * d, 0), y: values(n, 1), W: values(p * d, 2), a: values(p, 3) };
}

export interface SmallProblemRow {
  size: [number, number, number];
  /** CPU µs per evaluation, by kernel name: the best of 3 rounds. */
  micros: Record<string, number>;
}

export function measureSmallProblems(): SmallProblemRow[] {
  const kernels = availableKernels();
  return SIZES.map(([n, d, p]) => {
    const instance = instanceOf(n, d, p);
    const workspace = createWorkspace(n, d, p);
    const repetitions = Math.max(20_000, Math.floor(WORK_PER_MEASUREMENT / (n * d * p)));
    const micros: Record<string, number> = Object.fromEntries(kernels.map((kernel) => [kernel.name, Infinity]));
    for (let round = 0; round < 3; round++) {
      for (const kernel of kernels) {
        const start = process.cpuUsage();
        for (let r = 0; r < repetitions; r++) kernel.lossAndGradient(instance, workspace);
        const used = process.cpuUsage(start);
        micros[kernel.name] = Math.min(micros[kernel.name]!, (used.user + used.system) / repetitions);
      }
    }
    return { size: [n, d, p], micros };
  });
}

export function printSmallProblems(rows: readonly SmallProblemRow[]): void {
  const names = Object.keys(rows[0]?.micros ?? {});
  console.log(`\nsmall problems: CPU µs per lossAndGradient (best of 3); n·d·p ≤ ${SMALL_PROBLEM_WORK} runs on the TypeScript kernel`);
  console.log(["(n, d, p)".padEnd(14), "n·d·p".padStart(6), ...names.map((name) => name.padStart(16))].join("  "));
  for (const { size, micros } of rows) {
    console.log([`(${size.join(", ")})`.padEnd(14), String(size[0] * size[1] * size[2]).padStart(6), ...names.map((name) => micros[name]!.toFixed(2).padStart(16))].join("  "));
  }
}
