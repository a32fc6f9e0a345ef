/**
 * Where the TypeScript kernel beats the others: CPU µs per lossAndGradient for every available
 * kernel on small instances of ReLU (σ a compare), quadratic (a multiply) and tanh (a
 * transcendental function, which the SIMD kernels vectorise and TypeScript calls per entry); a
 * native or WebAssembly call has a fixed cost of argument checks, copies and scratch. The kernels
 * take turns within each round, so a burst of load from other processes hits them alike; CPU
 * time, so time slices given to other processes do not count. src/fast/kernels.ts's SizeDispatch
 * thresholds are read off this table; its last column names the kernel the dispatch picks.
 */
import type { ActivationName } from "../src/model/activation.js";
import { createWorkspace, type FloatInstance } from "../src/fast/floatInstance.js";
import { availableKernels, fastKernelName } from "../src/fast/kernels.js";

const SIZES: readonly [number, number, number][] = [[3, 3, 3], [4, 4, 4], [5, 5, 5], [6, 6, 6], [7, 7, 7], [8, 8, 8], [10, 10, 10], [12, 12, 12], [16, 16, 16]];
const ACTIVATIONS: readonly ActivationName[] = ["relu", "quadratic", "tanh"];
/** Multiply-adds timed per kernel and size: enough for ~10 ms on the native kernel at every size. */
const WORK_PER_MEASUREMENT = 2e7;

function instanceOf(activation: ActivationName, n: number, d: number, p: number): FloatInstance {
  const values = (count: number, shift: number) => Float64Array.from({ length: count }, (_, m) => Math.sin(m * 1.7 + shift));
  return { model: { activation: { name: activation }, scaling: "mean-field" }, n, d, p, X: values(n * d, 0), y: values(n, 1), W: values(p * d, 2), a: values(p, 3) };
}

export interface SmallProblemRow {
  activation: ActivationName;
  size: [number, number, number];
  /** The kernel the size dispatch runs for this problem. */
  dispatched: string;
  /** CPU µs per evaluation, by kernel name: the best of 3 rounds. */
  micros: Record<string, number>;
}

export function measureSmallProblems(): SmallProblemRow[] {
  const kernels = availableKernels();
  return ACTIVATIONS.flatMap((activation) => SIZES.map(([n, d, p]): SmallProblemRow => {
    const instance = instanceOf(activation, n, d, p);
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
    return { activation, size: [n, d, p], dispatched: fastKernelName(instance), micros };
  }));
}

export function printSmallProblems(rows: readonly SmallProblemRow[]): void {
  const names = Object.keys(rows[0]?.micros ?? {});
  console.log("\nsmall problems: CPU µs per lossAndGradient (best of 3), and the kernel the size dispatch runs");
  console.log(["σ".padEnd(10), "(n, d, p)".padEnd(14), "n·d·p".padStart(6), ...names.map((name) => name.padStart(16)), "  runs on"].join("  "));
  for (const { activation, size, dispatched, micros } of rows) {
    const work = size[0] * size[1] * size[2];
    console.log([activation.padEnd(10), `(${size.join(", ")})`.padEnd(14), String(work).padStart(6), ...names.map((name) => micros[name]!.toFixed(2).padStart(16)), `  ${dispatched}`].join("  "));
  }
}
