/**
 * The float64 loss / residuals / gradient kernel in WebAssembly 128-bit SIMD: where the native
 * addon is absent (not built, SHALLOWCHECK_NATIVE=0) the fastest kernel left. Everything runs in
 * ./wasm/lossGradientF64.wat on f64x2, a block of {@link BLOCK_ROWS} rows at a time: the
 * pre-activations z_ij = Σ_k w_jk·x_ik, then σ, σ', residuals, coefficients (r_i·a_j)·σ'(z_ij)
 * and ∂L/∂a, then the gradient sums Σ_i c_ij·x_ik. Every product is the generic model's, rounded
 * once, and σ, σ' are the formulas of src/model/activation.ts; only sums are reordered, which the
 * running error bound of src/field/errorBound.ts covers. exp, tanh and log1p (on [0, 1], all
 * softplus needs) are the module's own, vectorised, within {@link WASM_ELEMENTARY_ULPS} ulps
 * (derived in ./wasm/elementaryAccuracy.ts, checked by test/fast/wasmElementary.test.ts);
 * test/fast/kernelContract.test.ts holds the kernel to the error bound with them charged that
 * many ulps.
 *
 * X and the parameters are copied into the module's memory at every call (n·d + p·d doubles,
 * against 4·n·d·p flops: with p ≥ 8 the copy is a few percent), so nothing can go stale.
 * The Hessian-vector product runs its dot products and sums here too (./flatHessianVector.ts),
 * its σ, σ', σ'' in scalar JavaScript.
 */
import type { FloatInstance, FloatWorkspace } from "./floatInstance.js";
import type { FlatParameters, FloatKernel } from "./floatKernel.js";
import { flatHessianVectorProduct, type RowProducts } from "./flatHessianVector.js";
import { outputScale, requireWorkspace } from "./typescriptKernels.js";
import { elementaryAccess, type ElementaryAccess } from "./wasm/elementaryAccess.js";
import { WASM_ELEMENTARY_ULPS } from "./wasm/elementaryAccuracy.js";
import { LOSS_GRADIENT_F64_WASM_BASE64 } from "./wasm/lossGradient.bytes.js";
import { lazyModule } from "./wasm/lazyModule.js";
import { float64Field } from "../field/float64.js";
import { DEFAULT_LEAKY_ALPHA, type ActivationSpec } from "../model/activation.js";

export { WASM_ELEMENTARY_ULPS } from "./wasm/elementaryAccuracy.js";

/** Rows per call into WebAssembly: their z and coefficients (2·64·p doubles) stay in L1/L2 between the phases. */
const BLOCK_ROWS = 64;
const PAGE_BYTES = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  dots(x: number, w: number, z: number, rows: number, d: number, p: number): void;
  accumulate(x: number, c: number, g: number, rows: number, d: number, p: number): void;
  finish(
    z: number, c: number, a: number, y: number, out: number, res: number, ga: number,
    rows: number, p: number, scale: number, kind: number, alpha: number, oneMinusAlpha: number, gradients: number,
  ): number;
  expArray(src: number, dst: number, count: number): void;
  log1pArray(src: number, dst: number, count: number): void;
  activateArray(src: number, value: number, slope: number, count: number, kind: number, alpha: number, oneMinusAlpha: number): void;
}

/** The module's code for σ (see $activate in the .wat), with leaky-relu's α and 1 − α. */
export interface ModuleActivation {
  kind: number;
  alpha: number;
  oneMinusAlpha: number;
}

const KINDS = { identity: 0, relu: 1, "leaky-relu": 2, quadratic: 3, tanh: 4, sigmoid: 5, softplus: 6 } as const;

/** σ as the module computes it. */
export function moduleActivation(spec: ActivationSpec): ModuleActivation {
  if (spec.name !== "leaky-relu") return { kind: KINDS[spec.name], alpha: 0, oneMinusAlpha: 0 };
  // As activation() in src/model/activation.ts does over float64Field.
  const input = spec.alpha ?? DEFAULT_LEAKY_ALPHA;
  const alpha = typeof input === "string" ? float64Field.fromDecimalString(input) : float64Field.fromNumber(input);
  return { kind: KINDS["leaky-relu"], alpha, oneMinusAlpha: 1 - alpha };
}

/** The module, or undefined where this platform has no WebAssembly SIMD. */
const wasm = lazyModule<Exports>(LOSS_GRADIENT_F64_WASM_BASE64);

interface Layout {
  x: number;
  w: number;
  g: number;
  z: number;
  c: number;
  /** Hessian-vector products only: the direction's V and the block's ⟨V_j, x_i⟩. */
  v: number;
  dv: number;
  /** a, y, and the outputs, residuals and ∂L/∂a sums the module writes. */
  a: number;
  y: number;
  out: number;
  res: number;
  ga: number;
}

/** Byte offsets of X, W, G (gradient sums), z and coefficient blocks, V and its dots, a, y, h, r and ∂L/∂a sums; grows the memory to fit. */
function layout(exports: Exports, { n, d, p }: FloatInstance): Layout {
  const x = 0;
  const w = x + 8 * n * d;
  const g = w + 8 * p * d;
  const z = g + 8 * p * d;
  const c = z + 8 * BLOCK_ROWS * p;
  const v = c + 8 * BLOCK_ROWS * p;
  const dv = v + 8 * p * d;
  const a = dv + 8 * BLOCK_ROWS * p;
  const y = a + 8 * p;
  const out = y + 8 * n;
  const res = out + 8 * n;
  const ga = res + 8 * n;
  const end = ga + 8 * p;
  const have = exports.memory.buffer.byteLength;
  if (end > have) exports.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  return { x, w, g, z, c, v, dv, a, y, out, res, ga };
}

/** The module with X and W copied into its memory at a layout that fits the instance. */
function loaded(instance: FloatInstance): { exports: Exports; at: Layout; memory: Float64Array } {
  const exports = wasm()!;
  const at = layout(exports, instance);
  const memory = new Float64Array(exports.memory.buffer);
  memory.set(instance.X, at.x / 8);
  memory.set(instance.W, at.w / 8);
  return { exports, at, memory };
}

function run(instance: FloatInstance, workspace: FloatWorkspace, gradients: boolean): number {
  requireWorkspace(instance, workspace);
  const squares = runInModule(instance, workspace, gradients);
  if (gradients) scaleGradient(instance, workspace);
  return squares / (2 * instance.n);
}

/** Every phase in the module: returns Σ r_i², leaves the raw gradient sums in workspace.gradA and module memory. */
function runInModule(instance: FloatInstance, workspace: FloatWorkspace, gradients: boolean): number {
  const { n, d, p } = instance;
  const sigma = moduleActivation(instance.model.activation);
  const { exports, at, memory } = loaded(instance);
  memory.set(instance.a, at.a / 8);
  memory.set(instance.y, at.y / 8);
  if (gradients) {
    memory.fill(0, at.g / 8, at.g / 8 + p * d);
    memory.fill(0, at.ga / 8, at.ga / 8 + p);
  }
  const scale = outputScale(instance);
  let squares = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    const xBlock = at.x + 8 * i0 * d;
    exports.dots(xBlock, at.w, at.z, rows, d, p);
    const row = 8 * i0;
    squares += exports.finish(at.z, at.c, at.a, at.y + row, at.out + row, at.res + row, at.ga, rows, p, scale, sigma.kind, sigma.alpha, sigma.oneMinusAlpha, gradients ? 1 : 0);
    if (gradients) exports.accumulate(xBlock, at.c, at.g, rows, d, p);
  }
  workspace.outputs.set(memory.subarray(at.out / 8, at.out / 8 + n));
  workspace.residuals.set(memory.subarray(at.res / 8, at.res / 8 + n));
  if (gradients) workspace.gradA.set(memory.subarray(at.ga / 8, at.ga / 8 + p));
  return squares;
}

/** ∂L/∂a and ∂L/∂W from the raw sums (gradA in the workspace, Σ_i c_ij·x_i in the module): times −scale/n. */
function scaleGradient(instance: FloatInstance, workspace: FloatWorkspace): void {
  const { n, d, p } = instance;
  const exports = wasm()!;
  const at = layout(exports, instance);
  const factor = -(outputScale(instance) / n);
  const { gradA, gradW } = workspace;
  for (let j = 0; j < p; j++) gradA[j] = factor * gradA[j];
  const sums = new Float64Array(exports.memory.buffer, at.g, p * d);
  for (let m = 0; m < p * d; m++) gradW[m] = factor * sums[m];
}

function preactivations(instance: FloatInstance, out: Float64Array): void {
  const { n, d, p } = instance;
  const { exports, at, memory } = loaded(instance);
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    exports.dots(at.x + 8 * i0 * d, at.w, at.z, rows, d, p);
    out.set(memory.subarray(at.z / 8, at.z / 8 + rows * p), i0 * p);
  }
}

/** ∇²L·v with both dot products and the sums Σ_i c_ij·x_i in the module (./flatHessianVector.ts). */
function hessianVectorProduct(instance: FloatInstance, direction: FlatParameters, out: FlatParameters): void {
  const { d, p } = instance;
  const { exports, at, memory } = loaded(instance);
  memory.set(direction.W, at.v / 8);
  memory.fill(0, at.g / 8, at.g / 8 + p * d);
  const view = (offset: number, length: number) => new Float64Array(exports.memory.buffer, offset, length);
  const products: RowProducts = {
    blockRows: BLOCK_ROWS,
    values: view(at.z, BLOCK_ROWS * p),
    directionDots: view(at.dv, BLOCK_ROWS * p),
    coefficients: view(at.c, BLOCK_ROWS * p),
    dots(i0, rows) {
      exports.dots(at.x + 8 * i0 * d, at.w, at.z, rows, d, p);
      exports.dots(at.x + 8 * i0 * d, at.v, at.dv, rows, d, p);
    },
    accumulate: (i0, rows) => exports.accumulate(at.x + 8 * i0 * d, at.c, at.g, rows, d, p),
    sums: () => view(at.g, p * d),
  };
  flatHessianVectorProduct(instance, direction, out, products);
}

/** The WebAssembly kernel, or undefined without WebAssembly SIMD. */
export function wasmKernel(): FloatKernel | undefined {
  if (wasm() === undefined) return undefined;
  return {
    name: "wasm-simd",
    elementaryUlps: WASM_ELEMENTARY_ULPS,
    loss: (instance, workspace) => run(instance, workspace, false),
    lossAndGradient: (instance, workspace) => run(instance, workspace, true),
    hessianVectorProduct,
    preactivations,
  };
}

/**
 * The module's vectorised e^x, σ and σ' over `inputs` (for the accuracy tests), or undefined
 * without WebAssembly SIMD.
 */
export function wasmElementary(): ElementaryAccess<Float64Array> | undefined {
  const exports = wasm();
  return exports === undefined ? undefined : elementaryAccess(exports, Float64Array, 2, moduleActivation);
}
