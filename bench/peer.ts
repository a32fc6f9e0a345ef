/**
 * shallowcheck against numpy at its best, one core each, in one run (issue 19's targets):
 * - float64 loss + gradient, ReLU mean-field, at (n, d, p) = (2000, 100, 37) and (3500, 2000, 32):
 *   the dispatched kernel (src/fast/kernels.ts, named in the row), the WebAssembly SIMD kernel (what
 *   runs without the native addon) and the TypeScript kernel (the "before") against numpy (scripts/baselines/numpyPeer.py); target: no slower than numpy;
 * - float32 loss + gradient at (2000, 100, 37): the dispatched float32 kernel (src/fast/float32Kernels.ts,
 *   named in the row) and the WebAssembly SIMD float32 kernel (what runs without the native addon)
 *   against numpy in float32 (sgemm), same formulas;
 * - the float32 fused GD step of dana2025 Exp 1 at (1700, 100, 37): the native step
 *   (src/fast/gdStepNative.ts) against numpy's step; target: at most 0.8× numpy's time.
 * numpy runs in its own process (python3) with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed and
 * one BLAS thread; it prints the OpenBLAS core it chose, echoed here. Both sides: 3 warm-ups, then
 * per-evaluation CPU times of the process (both single-threaded: the time one core spent, which
 * other processes taking turns on a shared machine do not inflate as they do wall time), best and
 * median quoted; the ratio column is shallowcheck/numpy of the
 * medians (< 1: shallowcheck faster). Rounds alternate numpy and shallowcheck, and each side
 * keeps its best round, so a burst of load from other processes on a shared machine hits both.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { exp1Instance } from "../experiments/dana2025/protocol.js";
import { toFloatInstance, workspaceFor } from "../src/fast/floatInstance.js";
import { availableKernels, fastKernelName, typescriptKernel, type FloatKernel } from "../src/fast/kernels.js";
import { NativeGdStep, nativeGdStepAvailable, nativeVariant } from "../src/fast/gdStepNative.js";
import { nativeVectorMath } from "../src/fast/nativeKernels.js";
import { sampleInstance } from "../src/random/sampleInstance.js";
import { availableFloat32Kernels, type Float32Kernel } from "../src/fast/float32Kernels.js";
import { float32WorkspaceFor, toFloat32Instance } from "../src/fast/float32Instance.js";

export interface Timing {
  bestMs: number;
  medianMs: number;
}

interface PeerRow extends Timing {
  row: string;
  n: number;
  d: number;
  p: number;
}

/** The repository root, from bench/ (sources) or dist/bench/ (compiled). */
const ROOT = [resolve(dirname(fileURLToPath(import.meta.url)), ".."), resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")].find((dir) =>
  existsSync(join(dir, "scripts/baselines/numpyPeer.py")),
);

/** Runs numpy's rows; undefined (with the reason on stderr) when python3 or numpy is missing. */
function numpyPeer(rows: [string, number, number, number][], reps: number): { peer: unknown; rows: PeerRow[] } | undefined {
  if (ROOT === undefined) return undefined;
  const args = [join(ROOT, "scripts/baselines/numpyPeer.py"), ...rows.flatMap((r) => r.map(String)), "--reps", String(reps)];
  // The peer at its best: this machine's OpenBLAS pins are removed for numpy's process alone
  // (numpyPeer.py also drops them before numpy loads, and prints the core OpenBLAS chose).
  const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2size, ...env } = process.env;
  const result = spawnSync("python3", args, { encoding: "utf8", timeout: 600_000, env });
  if (result.status !== 0) {
    process.stderr.write(`numpy peer unavailable: ${result.error?.message ?? result.stderr.trim().split("\n").at(-1)}\n`);
    return undefined;
  }
  const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    peer: lines[0]!.peer,
    rows: lines.slice(1).map((o) => ({ row: o.row as string, n: o.n as number, d: o.d as number, p: o.p as number, bestMs: o.best_ms as number, medianMs: o.median_ms as number })),
  };
}

/** Per-call CPU times of `fn` after 3 warm-ups: best and median of `reps`. */
export function time(fn: () => void, reps: number): Timing {
  for (let w = 0; w < 3; w++) fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const started = process.cpuUsage();
    fn();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((x, y) => x - y);
  return { bestMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]! };
}

const better = (a: Timing | undefined, b: Timing): Timing => (a === undefined || b.medianMs < a.medianMs ? b : a);

function lossGradientTiming(kernel: FloatKernel, n: number, d: number, p: number, reps: number): Timing {
  const instance = toFloatInstance(
    sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: `bench/peer/${n}x${d}x${p}` }),
  );
  const workspace = workspaceFor(instance);
  return time(() => kernel.lossAndGradient(instance, workspace), reps);
}

function float32LossGradientTiming(kernel: Float32Kernel, n: number, d: number, p: number, reps: number): Timing {
  const instance = toFloat32Instance(
    sampleInstance({ n, d, p, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: `bench/peer/${n}x${d}x${p}` }),
  );
  const workspace = float32WorkspaceFor(instance);
  return time(() => kernel.lossAndGradient(instance, workspace), reps);
}

function gdStepTiming(n: number, d: number, p: number, reps: number): Timing | undefined {
  if (!nativeGdStepAvailable()) return undefined;
  const { data, params } = exp1Instance(`bench/peer/gdStep/${n}x${d}x${p}`, n, d, p, "float32");
  const kernel = new NativeGdStep(data, params);
  return time(() => kernel.step(1, 0), reps);
}

const SIZES = [
  { n: 2000, d: 100, p: 37, reps: 60 },
  { n: 3500, d: 2000, p: 32, reps: 8 },
];
const GD = { n: 1700, d: 100, p: 37, reps: 300 };
const FLOAT32 = { n: 2000, d: 100, p: 37, reps: 120 };
const ROUNDS = 2;

export interface PeerFigures {
  peer: unknown;
  rows: { label: string; size: string; ours: Timing | undefined; numpy: Timing | undefined }[];
}

export function measurePeer(): PeerFigures {
  const kernels = availableKernels();
  const fastest = kernels[0]!;
  // The WebAssembly kernel, what runs without the native addon, measured too when it is not the fastest.
  const wasm = kernels.find((kernel) => kernel.name === "wasm-simd" && kernel !== fastest);
  const float32Kernels = availableFloat32Kernels();
  const fastestFloat32 = float32Kernels[0]!;
  const wasmFloat32 = float32Kernels.find((kernel) => kernel.name === "wasm-simd-float32" && kernel !== fastestFloat32);
  const numpyRows: [string, number, number, number][] = [...SIZES.map(({ n, d, p }) => ["lossgrad64", n, d, p] as [string, number, number, number]), ["lossgrad32", FLOAT32.n, FLOAT32.d, FLOAT32.p], ["gdstep32", GD.n, GD.d, GD.p]];
  const best = new Map<string, Timing>();
  let peer: unknown;
  const keep = (key: string, timing: Timing | undefined) => timing && best.set(key, better(best.get(key), timing));
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`peer round ${round + 1}/${ROUNDS}: numpy …\n`);
    const numpy = numpyPeer(numpyRows, 20);
    peer = numpy?.peer ?? peer;
    for (const row of numpy?.rows ?? []) keep(`numpy ${row.row} ${row.n}`, row);
    for (const { n, d, p, reps } of SIZES) {
      process.stderr.write(`peer round ${round + 1}/${ROUNDS}: shallowcheck loss+gradient (${n},${d},${p}) …\n`);
      keep(`ours ${n}`, lossGradientTiming(fastest, n, d, p, reps));
      if (fastest !== typescriptKernel) keep(`typescript ${n}`, lossGradientTiming(typescriptKernel, n, d, p, Math.max(3, Math.floor(reps / 4))));
      if (wasm !== undefined) keep(`wasm ${n}`, lossGradientTiming(wasm, n, d, p, Math.max(3, Math.floor(reps / 4))));
    }
    process.stderr.write(`peer round ${round + 1}/${ROUNDS}: shallowcheck float32 loss+gradient (${FLOAT32.n},${FLOAT32.d},${FLOAT32.p}) …\n`);
    keep("ours float32", float32LossGradientTiming(fastestFloat32, FLOAT32.n, FLOAT32.d, FLOAT32.p, FLOAT32.reps));
    if (wasmFloat32 !== undefined) keep("wasm float32", float32LossGradientTiming(wasmFloat32, FLOAT32.n, FLOAT32.d, FLOAT32.p, Math.floor(FLOAT32.reps / 4)));
    keep(`ours gd`, gdStepTiming(GD.n, GD.d, GD.p, GD.reps));
  }
  const rows: PeerFigures["rows"] = [];
  for (const { n, d, p } of SIZES) {
    const size = `(${n}, ${d}, ${p})`;
    rows.push({ label: `float64 loss+gradient, ${fastKernelName()}`, size, ours: best.get(`ours ${n}`), numpy: best.get(`numpy lossgrad64 ${n}`) });
    if (wasm !== undefined) rows.push({ label: "float64 loss+gradient, wasm-simd (no native addon)", size, ours: best.get(`wasm ${n}`), numpy: best.get(`numpy lossgrad64 ${n}`) });
    if (fastest !== typescriptKernel) rows.push({ label: "float64 loss+gradient, typescript (before)", size, ours: best.get(`typescript ${n}`), numpy: best.get(`numpy lossgrad64 ${n}`) });
  }
  const float32Size = `(${FLOAT32.n}, ${FLOAT32.d}, ${FLOAT32.p})`;
  rows.push({ label: `float32 loss+gradient, ${fastestFloat32.name}`, size: float32Size, ours: best.get("ours float32"), numpy: best.get(`numpy lossgrad32 ${FLOAT32.n}`) });
  if (wasmFloat32 !== undefined) rows.push({ label: "float32 loss+gradient, wasm-simd-float32 (no native addon)", size: float32Size, ours: best.get("wasm float32"), numpy: best.get(`numpy lossgrad32 ${FLOAT32.n}`) });
  rows.push({ label: `float32 fused GD step, native ${nativeVariant() ?? "(not built)"}`, size: `(${GD.n}, ${GD.d}, ${GD.p})`, ours: best.get("ours gd"), numpy: best.get(`numpy gdstep32 ${GD.n}`) });
  return { peer, rows };
}

export function printPeer({ peer, rows }: PeerFigures): void {
  const ms = (t: Timing | undefined) => (t === undefined ? "—" : `${t.medianMs.toFixed(3)} (${t.bestMs.toFixed(3)})`);
  console.log("");
  console.log(`shallowcheck vs numpy at its best, one core each; CPU ms per evaluation, median (best); ratio = shallowcheck/numpy of medians`);
  console.log(`  numpy: ${JSON.stringify(peer ?? "unavailable")}`);
  console.log(`  native smooth activations: tanh/exp/log1p from ${nativeVectorMath() ?? "(no native kernels)"}`);
  const header = ["row", "(n, d, p)", "shallowcheck", "numpy", "ratio"];
  const table = rows.map((r) => [r.label, r.size, ms(r.ours), ms(r.numpy), r.ours && r.numpy ? `${(r.ours.medianMs / r.numpy.medianMs).toFixed(2)}×` : "—"]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c]!.length)));
  const line = (cells: string[]) => "  " + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
}
