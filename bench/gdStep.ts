/**
 * Steps per second of the fused GD step at (n, d, p) = (1700, 100, 37), a dana2025 Exp 1.0 size:
 * float32 and float64 on the native addon (src/fast/gdStepNative.ts: AVX-512, AVX2 or portable C
 * as the CPU allows; what the experiments' runs use when it was built) and on the WebAssembly kernels (src/fast/gdStepWasm.ts; the relaxed-SIMD
 * build with fused multiply-adds is what the experiments' runs use where available, the plain
 * SIMD build is their fallback), float32 storage and float64 on the TypeScript kernel
 * (src/fast/gdStep.ts), against two baselines measured in the same run on the same instance:
 * - "fast": gradient descent through `integrate` on the Float64Array kernels
 *   (src/fast/kernels.ts via fastGradientFlowSystem), the flow command's GD;
 * - "generic": the same through the generic model over float64Field.
 * Instance: Exp 1 laws (shell data, asymmetric init, seed "bench/gdStep/1700x100x37"). Each
 * measurement starts from a fresh copy of the initialization and takes the best of 3 rounds,
 * interleaved across the variants, so a burst of load from other processes on a shared machine
 * hits all variants alike.
 */
import { exp1Instance } from "../experiments/dana2025/protocol.js";
import { fastGradientFlowSystem } from "../src/dynamics/fastFlowSystem.js";
import { gradientFlowSystem, initialState, type FlowSystem } from "../src/dynamics/flowSystem.js";
import { integrate } from "../src/dynamics/integrate.js";
import { createGdWorkspace, gdStep, type DenseData, type FloatArray, type Parameters } from "../src/fast/gdStep.js";
import { NativeGdStep, nativeGdStepAvailable, nativeVariant } from "../src/fast/gdStepNative.js";
import { WasmGdStep, wasmKernelAvailable, wasmSimdAvailable, type WasmKernel } from "../src/fast/gdStepWasm.js";
import { float64Field } from "../src/field/float64.js";
import type { Instance } from "../src/model/instance.js";

const SIZE = { n: 1700, d: 100, p: 37 };
const SEED = "bench/gdStep/1700x100x37";

export interface GdStepFigures {
  size: string;
  /** The native addon's variant (undefined when not built) and its float32 / float64 steps/s; NaN when unavailable. */
  nativeVariant: string | undefined;
  nativeFloat32: number;
  nativeFloat64: number;
  /** WebAssembly relaxed SIMD (FMA) and plain SIMD, float32 / float64 arithmetic; NaN where unavailable. */
  relaxedFloat32: number;
  relaxedFloat64: number;
  wasmFloat32: number;
  wasmFloat64: number;
  float32: number;
  float64: number;
  fast: number;
  generic: number;
}

function copy(params: Parameters): Parameters {
  return { p: params.p, W: params.W.slice() as FloatArray, a: params.a.slice() as FloatArray };
}

function kernelStepsPerSecond(data: DenseData, initial: Parameters, steps: number): number {
  const params = copy(initial);
  const ws = createGdWorkspace(data.n, data.d, params.p);
  gdStep(data, params, 1, ws, 0);
  const started = performance.now();
  for (let k = 0; k < steps; k++) gdStep(data, params, 1, ws, 0);
  return steps / ((performance.now() - started) / 1000);
}

function wasmStepsPerSecond(data: DenseData, initial: Parameters, steps: number, kernelName: WasmKernel): number {
  const kernel = new WasmGdStep(data, copy(initial), kernelName);
  kernel.step(1, 0);
  const started = performance.now();
  for (let k = 0; k < steps; k++) kernel.step(1, 0);
  return steps / ((performance.now() - started) / 1000);
}

function nativeStepsPerSecond(data: DenseData, initial: Parameters, steps: number): number {
  const kernel = new NativeGdStep(data, copy(initial));
  kernel.step(1, 0);
  const started = performance.now();
  for (let k = 0; k < steps; k++) kernel.step(1, 0);
  return steps / ((performance.now() - started) / 1000);
}

function integrateStepsPerSecond(system: FlowSystem<number>, instance: Instance<number>, steps: number): number {
  const started = performance.now();
  integrate(system, initialState(instance), { method: "gd", step: 1, maxSteps: steps, checkpoints: { kind: "every", steps } });
  return steps / ((performance.now() - started) / 1000);
}

function toInstance(data: DenseData, params: Parameters): Instance<number> {
  const { n, d } = data;
  const { p } = params;
  return {
    model: { activation: { name: "relu" }, scaling: "mean-field" },
    X: Array.from({ length: n }, (_, i) => Array.from(data.X.subarray(i * d, (i + 1) * d))),
    y: Array.from(data.y),
    W: Array.from({ length: p }, (_, j) => Array.from(params.W.subarray(j * d, (j + 1) * d))),
    a: Array.from(params.a),
  };
}

export function measureGdStep(): GdStepFigures {
  const { n, d, p } = SIZE;
  const f32 = exp1Instance(SEED, n, d, p, "float32");
  const f64 = exp1Instance(SEED, n, d, p, "float64");
  const instance = toInstance(f64.data, f64.params);
  const fastSystem = fastGradientFlowSystem(instance);
  const genericSystem = gradientFlowSystem(float64Field, instance);
  process.stderr.write(`measuring GD steps per second at (${n},${d},${p}): fused float32 / float64, integrate on fast kernels, generic …\n`);
  const simd = wasmSimdAvailable() ? 0 : Number.NaN;
  const relaxed = wasmKernelAvailable("relaxed") ? 0 : Number.NaN;
  const native = nativeGdStepAvailable() ? 0 : Number.NaN;
  const best = { nativeFloat32: native, nativeFloat64: native, relaxedFloat32: relaxed, relaxedFloat64: relaxed, wasmFloat32: simd, wasmFloat64: simd, float32: 0, float64: 0, fast: 0, generic: 0 };
  for (let round = 0; round < 3; round++) {
    if (nativeGdStepAvailable()) {
      best.nativeFloat32 = Math.max(best.nativeFloat32, nativeStepsPerSecond(f32.data, f32.params, 300));
      best.nativeFloat64 = Math.max(best.nativeFloat64, nativeStepsPerSecond(f64.data, f64.params, 200));
    }
    if (wasmKernelAvailable("relaxed")) {
      best.relaxedFloat32 = Math.max(best.relaxedFloat32, wasmStepsPerSecond(f32.data, f32.params, 300, "relaxed"));
      best.relaxedFloat64 = Math.max(best.relaxedFloat64, wasmStepsPerSecond(f64.data, f64.params, 200, "relaxed"));
    }
    if (wasmSimdAvailable()) {
      best.wasmFloat32 = Math.max(best.wasmFloat32, wasmStepsPerSecond(f32.data, f32.params, 300, "simd"));
      best.wasmFloat64 = Math.max(best.wasmFloat64, wasmStepsPerSecond(f64.data, f64.params, 200, "simd"));
    }
    best.float32 = Math.max(best.float32, kernelStepsPerSecond(f32.data, f32.params, 100));
    best.float64 = Math.max(best.float64, kernelStepsPerSecond(f64.data, f64.params, 100));
    best.fast = Math.max(best.fast, integrateStepsPerSecond(fastSystem, instance, 50));
    if (round === 0) best.generic = integrateStepsPerSecond(genericSystem, instance, 3);
  }
  return { size: `(${n}, ${d}, ${p})`, nativeVariant: nativeVariant(), ...best };
}

export function printGdStep(figures: GdStepFigures): void {
  const { size, nativeVariant: variant, nativeFloat32, nativeFloat64, relaxedFloat32, relaxedFloat64, wasmFloat32, wasmFloat64, float32, float64, fast, generic } = figures;
  console.log("");
  console.log(`fused GD step ${size} (dana2025 Exp 1.0 size), steps/s; ratios against the baselines measured in this run:`);
  const rows: [string, number][] = [
    [`fused step, float32, native ${variant ?? "(not built)"}`, nativeFloat32],
    [`fused step, float64, native ${variant ?? "(not built)"}`, nativeFloat64],
    ["fused step, float32, WebAssembly relaxed SIMD", relaxedFloat32],
    ["fused step, float64, WebAssembly relaxed SIMD", relaxedFloat64],
    ["fused step, float32, WebAssembly SIMD", wasmFloat32],
    ["fused step, float64, WebAssembly SIMD", wasmFloat64],
    ["fused gdStep, float32 storage (TypeScript)", float32],
    ["fused gdStep, float64 (TypeScript)", float64],
    ["GD via integrate, fast kernels (float64)", fast],
    ["GD via integrate, generic model (float64Field)", generic],
  ];
  for (const [label, value] of rows) {
    console.log(`  ${label.padEnd(48)} ${value.toFixed(value >= 10 ? 1 : 3).padStart(9)}  ×${(value / fast).toFixed(2)} fast  ×${(value / generic).toFixed(1)} generic`);
  }
}
