/**
 * The WebAssembly SIMD float64 kernel (src/fast/wasmKernels.ts) per activation, ms of CPU per
 * lossAndGradient, at the sizes the peer rows use and a small-d one where the O(n·p) activation
 * work weighs most:
 *   npm run build && node dist/bench/wasmKernel.js [--compare OTHER_DIST] [--rounds R]
 * With --compare, the wasm kernel of another build (e.g. a copy of dist/ made before a change)
 * is timed in the same process, interleaved round by round with this build's, so the two columns
 * share the machine's load. "JS σ share" is the time of the scalar JavaScript σ/σ'/coefficient
 * loop (typescriptKernels.ts finishRows) over the same rows, as a share of the compared build's
 * call: what moving that loop into WebAssembly can save at most.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { time, type Timing } from "./peer.js";
import type { FloatKernel } from "../src/fast/floatKernel.js";
import { toFloatInstance, workspaceFor, type FloatInstance } from "../src/fast/floatInstance.js";
import { finishRows, floatActivation, outputScale } from "../src/fast/typescriptKernels.js";
import { preactivations } from "../src/fast/typescriptKernels.js";
import { wasmKernel } from "../src/fast/wasmKernels.js";
import type { ActivationName } from "../src/model/activation.js";
import { sampleInstance } from "../src/random/sampleInstance.js";

const ACTIVATIONS: ActivationName[] = ["relu", "tanh", "sigmoid", "softplus"];
const SIZES = [
  { n: 2000, d: 100, p: 37, reps: 40 },
  { n: 500, d: 10, p: 37, reps: 200 },
];

function fail(message: string): never {
  process.stderr.write(`wasmKernel bench: ${message}\n`);
  process.exit(2);
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined) fail(`${name} needs a value`);
  return value;
}

function instanceFor(name: ActivationName, n: number, d: number, p: number): FloatInstance {
  return toFloatInstance(
    sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling: "mean-field" }, seed: `bench/wasmKernel/${n}x${d}x${p}` }),
  );
}

/** The scalar σ loop alone over every row, on pre-activations computed once. */
function sigmaLoopTiming(instance: FloatInstance, reps: number): Timing {
  const { n, p } = instance;
  const z = preactivations(instance);
  const values = new Float64Array(n * p);
  const coefficients = new Float64Array(n * p);
  const workspace = workspaceFor(instance);
  const sigma = floatActivation(instance.model.activation);
  const scale = outputScale(instance);
  return time(() => {
    values.set(z);
    finishRows(instance, sigma, scale, 0, n, values, coefficients, workspace);
  }, reps);
}

async function otherKernel(dist: string): Promise<FloatKernel> {
  const url = pathToFileURL(resolve(dist, "src/fast/wasmKernels.js")).href;
  const kernel = ((await import(url)) as { wasmKernel(): FloatKernel | undefined }).wasmKernel();
  if (kernel === undefined) fail(`${dist}: no WebAssembly SIMD kernel`);
  return kernel;
}

const ms = (t: Timing | undefined) => (t === undefined ? "—" : `${t.medianMs.toFixed(3)} (${t.bestMs.toFixed(3)})`);
const better = (a: Timing | undefined, b: Timing): Timing => (a === undefined || b.medianMs < a.medianMs ? b : a);

const compareDist = option("--compare");
const rounds = Number(option("--rounds") ?? "3");
if (!Number.isSafeInteger(rounds) || rounds < 1) fail("--rounds must be a positive integer");
const current = wasmKernel() ?? fail("this platform has no WebAssembly SIMD");
const other = compareDist === undefined ? undefined : await otherKernel(compareDist);

const best = new Map<string, Timing>();
const keep = (key: string, t: Timing) => best.set(key, better(best.get(key), t));
for (let round = 0; round < rounds; round++) {
  for (const { n, d, p, reps } of SIZES) {
    for (const name of ACTIVATIONS) {
      process.stderr.write(`round ${round + 1}/${rounds}: ${name} (${n}, ${d}, ${p}) …\n`);
      const instance = instanceFor(name, n, d, p);
      const workspace = workspaceFor(instance);
      const key = `${name} ${n}`;
      keep(`current ${key}`, time(() => current.lossAndGradient(instance, workspace), reps));
      if (other !== undefined) keep(`other ${key}`, time(() => other.lossAndGradient(instance, workspace), reps));
      keep(`sigma ${key}`, sigmaLoopTiming(instance, reps));
    }
  }
}

const header = ["activation", "(n, d, p)", "this build ms", ...(other ? ["compared build ms", "ratio"] : []), "JS σ loop ms", "JS σ share"];
console.log(`ms of CPU per lossAndGradient, median (best) of the best round of ${rounds}; kernel ${current.name}`);
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const { n, d, p } of SIZES) {
  for (const name of ACTIVATIONS) {
    const key = `${name} ${n}`;
    const mine = best.get(`current ${key}`)!;
    const theirs = best.get(`other ${key}`);
    const sigma = best.get(`sigma ${key}`)!;
    const reference = theirs ?? mine;
    const cells = [name, `(${n}, ${d}, ${p})`, ms(mine)];
    if (theirs !== undefined) cells.push(ms(theirs), (mine.medianMs / theirs.medianMs).toFixed(2));
    cells.push(ms(sigma), `${((100 * sigma.medianMs) / reference.medianMs).toFixed(0)} %`);
    console.log(`| ${cells.join(" | ")} |`);
  }
}
