import { float32WasmKernel } from "./src/fast/float32WasmKernel.js";
import { wasmKernel } from "./src/fast/wasmKernels.js";
import { toFloat32Instance, float32WorkspaceFor } from "./src/fast/float32Instance.js";
import { toFloatInstance, workspaceFor } from "./src/fast/floatInstance.js";
import { sampleInstance } from "./src/random/sampleInstance.js";
import { time } from "./bench/peer.js";
const k = float32WasmKernel()!; const k64 = wasmKernel()!;
const s = sampleInstance({ n: 2000, d: 100, p: 37, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: "x" });
const i32 = toFloat32Instance(s), w32 = float32WorkspaceFor(i32);
const i64 = toFloatInstance(s), w64 = workspaceFor(i64);
for (let r = 0; r < 3; r++) {
  console.log("f32", time(() => k.lossAndGradient(i32, w32), 40), "f64", time(() => k64.lossAndGradient(i64, w64), 40));
}
