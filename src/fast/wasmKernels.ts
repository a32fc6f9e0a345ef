/**
 * The float64 loss / residuals / gradient kernel in WebAssembly 128-bit SIMD: where the native
 * addon is absent (not built, SHALLOWCHECK_NATIVE=0) the fastest kernel left. The two O(n·d·p)
 * phases run in ./wasm/lossGradientF64.wat — the pre-activations z_ij = Σ_k w_jk·x_ik and the
 * gradient sums Σ_i c_ij·x_ik — a block of {@link BLOCK_ROWS} rows at a time; between them the
 * O(n·p) part (σ, σ', residuals, coefficients (r_i·a_j)·σ'(z_ij), ∂L/∂a) is the TypeScript
 * kernel's own code (./typescriptKernels.ts finishRows), so σ is V8's (< 1 ulp) and every product
 * is the generic model's, rounded once: only sums are reordered, which the running error bound of
 * src/field/errorBound.ts covers (test/fast/kernelContract.ts holds this kernel to it).
 *
 * X and the parameters are copied into the module's memory at every call (n·d + p·d doubles,
 * against 4·n·d·p flops: with p ≥ 8 the copy is a few percent), so nothing can go stale.
 * The Hessian-vector product runs its dot products and sums here too (./flatHessianVector.ts).
 */
import type { FloatInstance, FloatWorkspace } from "./floatInstance.js";
import type { FlatParameters, FloatKernel } from "./floatKernel.js";
import { flatHessianVectorProduct, type RowProducts } from "./flatHessianVector.js";
import { finishRows, floatActivation, outputScale, requireWorkspace } from "./typescriptKernels.js";
import { LOSS_GRADIENT_F64_WASM_BASE64 } from "./wasm/lossGradient.bytes.js";

/** Rows per call into WebAssembly: their z and coefficients (2·64·p doubles) stay in L1/L2 between the phases. */
const BLOCK_ROWS = 64;
const PAGE_BYTES = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  dots(x: number, w: number, z: number, rows: number, d: number, p: number): void;
  accumulate(x: number, c: number, g: number, rows: number, d: number, p: number): void;
}

function instantiate(): Exports | undefined {
  const bytes = Buffer.from(LOSS_GRADIENT_F64_WASM_BASE64, "base64");
  if (!WebAssembly.validate(bytes)) return undefined;
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
}

let module: Exports | undefined | null = null;

/** The module, or undefined where this platform has no WebAssembly SIMD. */
function wasm(): Exports | undefined {
  if (module === null) module = instantiate();
  return module;
}

interface Layout {
  x: number;
  w: number;
  g: number;
  z: number;
  c: number;
  /** Hessian-vector products only: the direction's V and the block's ⟨V_j, x_i⟩. */
  v: number;
  dv: number;
}

/** Byte offsets of X, W, G (gradient sums), z and coefficient blocks, V and its dots; grows the memory to fit. */
function layout(exports: Exports, { n, d, p }: FloatInstance): Layout {
  const x = 0;
  const w = x + 8 * n * d;
  const g = w + 8 * p * d;
  const z = g + 8 * p * d;
  const c = z + 8 * BLOCK_ROWS * p;
  const v = c + 8 * BLOCK_ROWS * p;
  const dv = v + 8 * p * d;
  const end = dv + 8 * BLOCK_ROWS * p;
  const have = exports.memory.buffer.byteLength;
  if (end > have) exports.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  return { x, w, g, z, c, v, dv };
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
  const { n, d, p } = instance;
  const { exports, at, memory } = loaded(instance);
  if (gradients) memory.fill(0, at.g / 8, at.g / 8 + p * d);
  const sigma = floatActivation(instance.model.activation);
  const scale = outputScale(instance);
  const values = new Float64Array(exports.memory.buffer, at.z, BLOCK_ROWS * p);
  const coefficients = new Float64Array(exports.memory.buffer, at.c, BLOCK_ROWS * p);
  const { residuals, gradA } = workspace;
  if (gradients) gradA.fill(0);
  let squares = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    const xBlock = at.x + 8 * i0 * d;
    exports.dots(xBlock, at.w, at.z, rows, d, p);
    squares += finishRows(instance, sigma, scale, i0, rows, values, gradients ? coefficients : undefined, workspace);
    if (!gradients) continue;
    for (let b = 0; b < rows; b++) {
      const r = residuals[i0 + b];
      for (let j = 0; j < p; j++) gradA[j] += r * values[b * p + j];
    }
    exports.accumulate(xBlock, at.c, at.g, rows, d, p);
  }
  if (gradients) {
    const factor = -(scale / n);
    for (let j = 0; j < p; j++) gradA[j] = factor * gradA[j];
    const sums = new Float64Array(exports.memory.buffer, at.g, p * d);
    const { gradW } = workspace;
    for (let m = 0; m < p * d; m++) gradW[m] = factor * sums[m];
  }
  return squares / (2 * n);
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
    elementaryUlps: 1,
    loss: (instance, workspace) => run(instance, workspace, false),
    lossAndGradient: (instance, workspace) => run(instance, workspace, true),
    hessianVectorProduct,
    preactivations,
  };
}
