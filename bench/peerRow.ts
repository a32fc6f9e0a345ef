/**
 * shallowcheck's side of one numpy peer row as a whole process, for timing from outside
 * (e.g. `/usr/bin/time -v`) against `python3 scripts/baselines/numpyPeer.py ROW N D P --reps R`:
 *   node dist/bench/peerRow.js lossgrad64 N D P --reps R   float64 loss + gradient (dispatched kernel)
 *   node dist/bench/peerRow.js lossgrad32 N D P --reps R   float32 loss + gradient (dispatched float32 kernel)
 *   node dist/bench/peerRow.js gdstep32 N D P --reps R     float32 fused GD step (native, else WebAssembly)
 * Same instances' laws and sizes as bench/peer.ts; prints the kernel that ran and a checksum. It runs
 * no numpy itself: numpyPeer.py removes OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for its own process
 * before importing numpy, so the peer it is timed against runs at its best.
 */
import { exp1Instance } from "../experiments/dana2025/protocol.js";
import { toFloatInstance, workspaceFor } from "../src/fast/floatInstance.js";
import { fastKernelName, lossAndGradient } from "../src/fast/kernels.js";
import { NativeGdStep, nativeGdStepAvailable, nativeVariant } from "../src/fast/gdStepNative.js";
import { WasmGdStep } from "../src/fast/gdStepWasm.js";
import { sampleInstance } from "../src/random/sampleInstance.js";
import { float32KernelName, lossAndGradientFloat32 } from "../src/fast/float32Kernels.js";
import { float32WorkspaceFor, toFloat32Instance } from "../src/fast/float32Instance.js";

function fail(message: string): never {
  process.stderr.write(`peerRow: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 50;
const [row, ...sizes] = args;
const [n, d, p] = sizes.map(Number);
if (!Number.isSafeInteger(reps) || reps < 1) fail("--reps must be a positive integer");
if (sizes.length !== 3 || ![n, d, p].every((v) => Number.isSafeInteger(v) && v! >= 1)) fail("expected ROW N D P with positive integers N, D, P");

let checksum = 0;
if (row === "lossgrad64") {
  const instance = toFloatInstance(
    sampleInstance({ n: n!, d: d!, p: p!, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: `bench/peer/${n}x${d}x${p}` }),
  );
  const workspace = workspaceFor(instance);
  for (let r = 0; r < reps + 3; r++) checksum += lossAndGradient(instance, workspace);
  console.log(`lossgrad64 (${n},${d},${p}) ×${reps + 3} on ${fastKernelName()}: checksum ${checksum}`);
} else if (row === "lossgrad32") {
  const instance = toFloat32Instance(
    sampleInstance({ n: n!, d: d!, p: p!, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: `bench/peer/${n}x${d}x${p}` }),
  );
  const workspace = float32WorkspaceFor(instance);
  for (let r = 0; r < reps + 3; r++) checksum += lossAndGradientFloat32(instance, workspace);
  console.log(`lossgrad32 (${n},${d},${p}) ×${reps + 3} on ${float32KernelName(instance)}: checksum ${checksum}`);
} else if (row === "gdstep32") {
  const { data, params } = exp1Instance(`bench/peer/gdStep/${n}x${d}x${p}`, n!, d!, p!, "float32");
  const kernel = nativeGdStepAvailable() ? new NativeGdStep(data, params) : new WasmGdStep(data, params);
  for (let r = 0; r < reps + 3; r++) checksum += kernel.step(1, 0);
  console.log(`gdstep32 (${n},${d},${p}) ×${reps + 3} on ${nativeGdStepAvailable() ? `native ${nativeVariant()}` : "WebAssembly"}: checksum ${checksum}`);
} else {
  fail(`unknown row ${JSON.stringify(row)} (expected lossgrad64, lossgrad32 or gdstep32)`);
}
