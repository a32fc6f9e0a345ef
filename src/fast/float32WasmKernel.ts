/**
 * The float32 loss / residuals / gradient kernel in WebAssembly 128-bit SIMD ("wasm-simd-float32"):
 * where the native addon is absent (not built, SHALLOWCHECK_NATIVE=0) the fastest float32 kernel
 * left. Everything runs in ./wasm/lossGradientF32.wat on f32x4, every operation in float32, a
 * block of {@link BLOCK_ROWS} rows at a time: the pre-activations z_ij = Σ_k w_jk·x_ik, then σ,
 * σ', residuals, coefficients (r_i·a_j)·σ'(z_ij) and ∂L/∂a, then the gradient sums Σ_i c_ij·x_ik.
 * Same products as ./float32TypescriptKernel.ts, each rounded once; only sums are reordered, which
 * the float32 contract's bound covers. exp, tanh and log1p (on [0, 1], all softplus needs) are the
 * module's own, within {@link WASM_F32_ELEMENTARY_ULPS} float32 ulps (derived in
 * ./wasm/elementaryAccuracy.ts, checked by test/fast/wasmElementaryF32.test.ts);
 * test/fast/float32KernelContract.test.ts holds the kernel to the float32 bound with them charged
 * that many ulps.
 *
 * X and the parameters are copied into the module's memory at every call (n·d + p·d floats,
 * against 4·n·d·p flops), so nothing can go stale; rows, columns and neurons are padded with zeros
 * to multiples of 4 on the way, so the module works in whole vectors only (2.1 → 1.4 ms at
 * (2000, 100, 37) against the same loops with scalar tails and one neuron at a time).
 */
import { DEFAULT_LEAKY_ALPHA, type ActivationSpec } from "../model/activation.js";
import { type Float32Instance, type Float32Workspace, requireFloat32Workspace } from "./float32Instance.js";
import type { Float32Kernel } from "./float32Kernels.js";
import { float32OutputScale } from "./float32TypescriptKernel.js";
import { elementaryAccess, type ElementaryAccess } from "./wasm/elementaryAccess.js";
import { WASM_F32_ELEMENTARY_ULPS } from "./wasm/elementaryAccuracy.js";
import { LOSS_GRADIENT_F32_WASM_BASE64 } from "./wasm/lossGradientF32.bytes.js";
import { lazyModule } from "./wasm/lazyModule.js";

/** Rows per call into WebAssembly: their z and coefficients (2·64·p floats) stay in L1 between the phases. */
const BLOCK_ROWS = 64;
const PAGE_BYTES = 65536;
const f = Math.fround;

interface Exports {
  memory: WebAssembly.Memory;
  dots(x: number, w: number, z: number, rows: number, dP: number, p: number, pP: number): void;
  accumulate(x: number, c: number, g: number, rows: number, dP: number, pP: number): void;
  finish(
    z: number, c: number, a: number, y: number, out: number, res: number, ga: number,
    rows: number, pP: number, scale: number, kind: number, alpha: number, oneMinusAlpha: number, gradients: number,
  ): number;
  expArray(src: number, dst: number, count: number): void;
  log1pArray(src: number, dst: number, count: number): void;
  activateArray(src: number, value: number, slope: number, count: number, kind: number, alpha: number, oneMinusAlpha: number): void;
}

const KINDS = { identity: 0, relu: 1, "leaky-relu": 2, quadratic: 3, tanh: 4, sigmoid: 5, softplus: 6 } as const;

/**
 * σ as the module computes it, with leaky-relu's α and 1 − α the float32 values the TypeScript
 * kernel uses (activation() over float32Field: fl(α) via the nearest double, then fl(1 − fl(α))).
 */
function moduleActivation(spec: ActivationSpec): { kind: number; alpha: number; oneMinusAlpha: number } {
  if (spec.name !== "leaky-relu") return { kind: KINDS[spec.name], alpha: 0, oneMinusAlpha: 0 };
  const alpha = f(Number(spec.alpha ?? DEFAULT_LEAKY_ALPHA));
  return { kind: KINDS["leaky-relu"], alpha, oneMinusAlpha: f(1 - alpha) };
}

/** The module, or undefined where this platform has no WebAssembly SIMD. */
const wasm = lazyModule<Exports>(LOSS_GRADIENT_F32_WASM_BASE64);

/**
 * Byte offsets (each 16-aligned) of X (n rounded up to 4 rows of dP), W and G (pP rows of dP), the
 * z and coefficient blocks, a, y, h, r and ∂L/∂a sums.
 */
interface Layout {
  x: number;
  w: number;
  g: number;
  z: number;
  c: number;
  a: number;
  y: number;
  out: number;
  res: number;
  ga: number;
}

const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Rounded up to a multiple of 4: the module's rows, columns and neurons come in whole vectors. */
const padded = (count: number) => Math.ceil(count / 4) * 4;

function layout(exports: Exports, { n, d, p }: Float32Instance): Layout {
  const [nP, dP, pP] = [padded(n), padded(d), padded(p)];
  const sizes = { x: nP * dP, w: pP * dP, g: pP * dP, z: BLOCK_ROWS * pP, c: BLOCK_ROWS * pP, a: pP, y: n, out: n, res: n, ga: pP };
  const at = {} as Layout;
  let end = 0;
  for (const [name, floats] of Object.entries(sizes) as [keyof Layout, number][]) {
    at[name] = end;
    end += aligned(4 * floats);
  }
  const have = exports.memory.buffer.byteLength;
  if (end > have) exports.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  return at;
}

/** rows×cols row-major `source` into `target` with rows of `stride` ≥ cols, the padding (and any rows beyond) zero. */
function setPadded(target: Float32Array, source: Float32Array, rows: number, cols: number, stride: number): void {
  if (stride === cols) {
    target.set(source);
    target.fill(0, source.length);
    return;
  }
  target.fill(0);
  for (let i = 0; i < rows; i++) target.set(source.subarray(i * cols, (i + 1) * cols), i * stride);
}

/** Every phase in the module; fills the workspace (gradients scaled by −fl(scale/n)) and returns L. */
function run(instance: Float32Instance, workspace: Float32Workspace, gradients: boolean): number {
  requireFloat32Workspace(instance, workspace);
  const exports = wasm()!;
  const { n, d, p } = instance;
  const [nP, dP, pP] = [padded(n), padded(d), padded(p)];
  const sigma = moduleActivation(instance.model.activation);
  const at = layout(exports, instance);
  const memory = new Float32Array(exports.memory.buffer);
  const floats = (offset: number, length: number) => memory.subarray(offset / 4, offset / 4 + length);
  setPadded(floats(at.x, nP * dP), instance.X, n, d, dP);
  setPadded(floats(at.w, pP * dP), instance.W, p, d, dP);
  setPadded(floats(at.a, pP), instance.a, 1, p, p);
  memory.set(instance.y, at.y / 4);
  if (gradients) {
    floats(at.g, pP * dP).fill(0);
    floats(at.ga, pP).fill(0);
  }
  const scale = float32OutputScale(instance);
  let squares = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    const xBlock = at.x + 4 * i0 * dP;
    exports.dots(xBlock, at.w, at.z, padded(rows), dP, p, pP);
    const row = 4 * i0;
    const blockSquares = exports.finish(at.z, at.c, at.a, at.y + row, at.out + row, at.res + row, at.ga, rows, pP, scale, sigma.kind, sigma.alpha, sigma.oneMinusAlpha, gradients ? 1 : 0);
    squares = f(squares + blockSquares);
    if (!gradients) continue;
    // The padding rows' coefficients: 0 (they hold the previous block's).
    floats(at.c + 4 * rows * pP, (padded(rows) - rows) * pP).fill(0);
    exports.accumulate(xBlock, at.c, at.g, padded(rows), dP, pP);
  }
  workspace.outputs.set(floats(at.out, n));
  workspace.residuals.set(floats(at.res, n));
  if (gradients) {
    // As the other float32 kernels: each sum times −fl(scale/n), one float32 rounding (Float32Array stores).
    const factor = -f(scale / n);
    const sumsA = floats(at.ga, p);
    for (let j = 0; j < p; j++) workspace.gradA[j] = factor * sumsA[j]!;
    const sums = floats(at.g, pP * dP);
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < d; k++) workspace.gradW[j * d + k] = factor * sums[j * dP + k]!;
    }
  }
  return f(squares / (2 * n));
}

/** The WebAssembly float32 kernel, or undefined without WebAssembly SIMD. */
export function float32WasmKernel(): Float32Kernel | undefined {
  if (wasm() === undefined) return undefined;
  return {
    name: "wasm-simd-float32",
    elementaryUlps: WASM_F32_ELEMENTARY_ULPS,
    loss: (instance, workspace) => run(instance, workspace, false),
    lossAndGradient: (instance, workspace) => run(instance, workspace, true),
  };
}

/** The module's vectorised e^x, log1p, σ and σ' over `inputs` (for the accuracy tests), or undefined without WebAssembly SIMD. */
export function float32WasmElementary(): ElementaryAccess<Float32Array> | undefined {
  const exports = wasm();
  return exports === undefined ? undefined : elementaryAccess(exports, Float32Array, 4, moduleActivation);
}
