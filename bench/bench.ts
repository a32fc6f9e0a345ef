/**
 * `npm run bench`: throughput of the float fast path (src/fast/kernels.ts) against the generic
 * reference path (src/model/network.ts) measured in the same run, and of exact evaluation.
 *
 * Rows:
 * - fast lossAndGradient (Float64Array kernels) at (n,d,p) = (2000,100,37) and (3500,2000,32);
 * - generic `evaluate` over float64Field at the same sizes (the baseline; the ratio column is
 *   fast/generic evaluations per second);
 * - generic `evaluate` over decimalField({digits: 50}) at (10,20,8).
 * - fused GD steps per second at (1700,100,37) in float32 and float64 storage (bench/gdStep.ts);
 * - shallowcheck against numpy at its best, in the same run (bench/peer.ts), and the whole
 *   dana2025 Exp 1.0 preset against its numpy baseline (bench/experimentPeer.ts);
 * - the exact path's field overhead against raw decimal.js (bench/exactOverhead.ts);
 * - µs per evaluation of every kernel on small problems (bench/smallProblems.ts).
 * GFLOP/s counts 4·n·d·p flops per gradient evaluation (2ndp for the pre-activations, 2ndp
 * for the gradient of W), the dominant term.
 *
 * Instances: ReLU, mean-field scaling, `sampleInstance` with Gaussian data and initialization
 * (x_ik, w_jk ~ N(0, 1/d), a_j ~ N(0, 1), |y_i| ∈ [1, 2]) from fixed seeds, so every run
 * measures the same doubles. The whole run takes a few minutes (the Exp 1.0 rounds most of it).
 */
import { Bench } from "tinybench";
import { measureDynamics, printDynamics } from "./dynamics.js";
import { measureGdStep, printGdStep } from "./gdStep.js";
import { measureCertifyMinimum, printCertifyMinimum } from "./certifyMinimum.js";
import { measurePeer, printPeer } from "./peer.js";
import { measureExperimentPeer, printExperimentPeer } from "./experimentPeer.js";
import { measureExactOverhead, printExactOverhead } from "./exactOverhead.js";
import { measureSmallProblems, printSmallProblems } from "./smallProblems.js";
import { decimalField } from "../src/field/decimal.js";
import { float64Field } from "../src/field/float64.js";
import { toFloatInstance, workspaceFor } from "../src/fast/floatInstance.js";
import { fastKernelName, lossAndGradient } from "../src/fast/kernels.js";
import { sampleInstance } from "../src/random/sampleInstance.js";
import type { Instance, ModelSpec } from "../src/model/instance.js";
import { mapInstance } from "../src/model/instance.js";
import { evaluate } from "../src/model/network.js";

const MODEL: ModelSpec = { activation: { name: "relu" }, scaling: "mean-field" };

interface Size {
  n: number;
  d: number;
  p: number;
}

/** A seeded Gaussian instance (ReLU, mean-field) from the project's sampler. */
function gaussianInstance({ n, d, p }: Size, seed: string): Instance<number> {
  return sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: MODEL, seed });
}

interface Row {
  label: string;
  size: Size;
  evalsPerSecond: number;
  samples: number;
  rme: number;
  gflops?: number;
  ratio?: string;
}

/** Runs one task and returns evaluations per second (1000 / mean latency in ms). */
async function measure(
  name: string,
  fn: () => void,
  options: { time: number; iterations: number; warmupIterations: number },
): Promise<{ evalsPerSecond: number; samples: number; rme: number }> {
  const bench = new Bench({
    name,
    time: options.time,
    iterations: options.iterations,
    warmupTime: 0,
    warmupIterations: options.warmupIterations,
    throws: true,
  });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== "completed") throw new Error(`${name}: ${result.state}`);
  return { evalsPerSecond: 1000 / result.latency.mean, samples: result.latency.samplesCount, rme: result.latency.rme };
}

let sink = 0;

async function main(): Promise<void> {
  const peer = measurePeer();
  const experimentPeer = measureExperimentPeer();
  const rows: Row[] = [];
  const floatSizes: { size: Size; fast: { time: number; iterations: number }; generic: { time: number; iterations: number } }[] = [
    { size: { n: 2000, d: 100, p: 37 }, fast: { time: 3000, iterations: 50 }, generic: { time: 3000, iterations: 5 } },
    { size: { n: 3500, d: 2000, p: 32 }, fast: { time: 4000, iterations: 10 }, generic: { time: 0, iterations: 3 } },
  ];
  for (const { size, fast, generic } of floatSizes) {
    const { n, d, p } = size;
    const tag = `(${n},${d},${p})`;
    process.stderr.write(`measuring ${tag} …\n`);
    const instance = gaussianInstance(size, `bench/${n}x${d}x${p}`);
    const floatInstance = toFloatInstance(instance);
    const workspace = workspaceFor(floatInstance);
    const flops = 4 * n * d * p;
    const fastResult = await measure(`fast ${tag}`, () => {
      sink += lossAndGradient(floatInstance, workspace);
    }, { ...fast, warmupIterations: 3 });
    const genericResult = await measure(`generic ${tag}`, () => {
      sink += evaluate(float64Field, instance).loss;
    }, { ...generic, warmupIterations: 1 });
    rows.push({
      label: `fast lossAndGradient (float64, ${fastKernelName()})`,
      size,
      ...fastResult,
      gflops: (fastResult.evalsPerSecond * flops) / 1e9,
      ratio: `${(fastResult.evalsPerSecond / genericResult.evalsPerSecond).toFixed(1)}×`,
    });
    rows.push({ label: "generic evaluate (float64Field)", size, ...genericResult, gflops: (genericResult.evalsPerSecond * flops) / 1e9, ratio: "1×" });
  }

  const exactSize: Size = { n: 10, d: 20, p: 8 };
  process.stderr.write(`measuring exact (10,20,8) …\n`);
  const D = decimalField({ digits: 50 });
  const exactInstance = mapInstance(gaussianInstance(exactSize, "bench/exact/10x20x8"), D.fromNumber);
  const exactResult = await measure("exact", () => {
    sink += D.toNumber(evaluate(D, exactInstance).loss);
  }, { time: 3000, iterations: 10, warmupIterations: 3 });
  rows.push({ label: "generic evaluate (decimal, 50 digits)", size: exactSize, ...exactResult });

  const header = ["evaluation", "(n, d, p)", "evals/s", "±rme", "samples", "GFLOP/s", "fast/generic"];
  const table = rows.map((row) => [
    row.label,
    `(${row.size.n}, ${row.size.d}, ${row.size.p})`,
    row.evalsPerSecond >= 100 ? row.evalsPerSecond.toFixed(0) : row.evalsPerSecond.toPrecision(3),
    `${row.rme.toFixed(1)}%`,
    String(row.samples),
    row.gflops === undefined ? "" : row.gflops.toFixed(3),
    row.ratio ?? "",
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  console.log(`shallowcheck bench — node ${process.version}, ReLU, mean-field, seeded Gaussian instances`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of table) console.log(line(cells));
  if (!Number.isFinite(sink)) console.log("(non-finite checksum)");
  printPeer(peer);
  printExperimentPeer(experimentPeer);
  printExactOverhead(measureExactOverhead());
  printDynamics(measureDynamics());
  printGdStep(measureGdStep());
  printCertifyMinimum(measureCertifyMinimum());
  printSmallProblems(measureSmallProblems());
}

await main();
