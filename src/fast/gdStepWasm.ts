/**
 * The fused GD step of {@link ./gdStep.ts} with WebAssembly 128-bit SIMD, in float32 ARITHMETIC
 * (src/fast/wasm/gdStepF32.wat: the fast path of dana2025's float32 runs, whose authors computed
 * in float32 with PyTorch) or in float64 (gdStepF64.wat: the same kernel on 2 lanes of f64, every
 * operation a double operation as in the TypeScript kernel, only the summation order differs).
 *
 * float32: same model, step and early-stop contract as `gdStep`, but every operation of the
 * step rounds to float32 (unit roundoff 2^-24): the dot products z_ij (lanes along j: 4 neurons
 * per vector, each lane a running float32 sum along k over Wᵀ, which the kernel rebuilds from W
 * at the start of each step), the outputs Σ_j a_j·max(z_ij, 0) (4 lanes along j, combined as
 * (l0 + l1) + (l2 + l3)), residuals, coefficients r_i·a_j, the gradient sums (per neuron, the
 * rows with a nonzero coefficient, 4 per pass over the columns, each added in turn into a
 * float32 row: a chain of multiply-adds) and the update. The one exception: Σ r_i² (the returned value, for the stop rule and the
 * loss) squares each float32 r_i and sums in double. A reordered float32 evaluation of the
 * generic model's formulas, so the running error bound of src/field/errorBound.ts with unit
 * roundoff 2^-24 applies (test/fast/gdStepWasm.test.ts derives the tolerance from it). float64:
 * the same with unit roundoff 2^-53 and 2 lanes. The relaxed kernel (see {@link WasmKernel})
 * may fuse each multiply-add into one rounding; the bound covers both.
 *
 * Layout: the data and parameters are copied once into the module's memory, padded with zeros
 * to n a multiple of 4, d a multiple of the lane count and p a multiple of 4. Zero padding
 * changes no value: a zero row has z = 0, r = 0 − 0 = 0 and is never active; a zero column adds
 * 0·0 terms and gets a zero gradient; a zero neuron (w = 0, a = 0) is never active and its a stays 0. The parameters then
 * live in that memory; `readParameters` copies them out.
 *
 * A platform without WebAssembly SIMD (not Node ≥ 20 on x86-64 or arm64) has
 * {@link wasmSimdAvailable} false; callers fall back to the TypeScript kernel (float32 storage,
 * double arithmetic), whose rows then differ in the last bits.
 */
import { setFlagsFromString } from "node:v8";
import type { DenseData, FloatArray, Parameters } from "./gdStep.js";
import {
  GD_STEP_F32_RELAXED_WASM_BASE64,
  GD_STEP_F32_WASM_BASE64,
  GD_STEP_F64_RELAXED_WASM_BASE64,
  GD_STEP_F64_WASM_BASE64,
} from "./wasm/gdStep.bytes.js";

export type WasmPrecision = "float32" | "float64";
/**
 * "relaxed": the relaxed-SIMD build, each multiply-add one `relaxed_madd` (fused on CPUs with
 * FMA, so one rounding instead of two: results differ in the last bits between such CPUs and
 * others); "simd": plain 128-bit SIMD, the same on every platform.
 */
export type WasmKernel = "relaxed" | "simd";

type StepExport = (
  X: number, W: number, y: number, a: number, z: number, sumA: number, Wt: number, coef: number, listRows: number, listCoef: number,
  nP: number, dP: number, pP: number, scale: number, stepSize: number, stopBelow: number,
) => number;

const BASE64: Record<WasmKernel, Record<WasmPrecision, string>> = {
  simd: { float32: GD_STEP_F32_WASM_BASE64, float64: GD_STEP_F64_WASM_BASE64 },
  relaxed: { float32: GD_STEP_F32_RELAXED_WASM_BASE64, float64: GD_STEP_F64_RELAXED_WASM_BASE64 },
};

const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * Node 20 (V8 11.3) ships relaxed SIMD behind --experimental-wasm-relaxed-simd. The flag is set
 * here, at most once per process, only if the relaxed kernel does not validate without it. V8
 * flags are per process, so worker threads see it too (src/reproduce needs no execArgv). Setting
 * flags after V8 starts is not officially supported; this one only lets the decoder accept the
 * relaxed opcodes, and test/fast/gdStepWasm.test.ts checks the relaxed kernel against the
 * generic model and, in a worker thread, against the main thread bitwise.
 */
let flagTried = false;

function validates(bytes: BufferSource, kernel: WasmKernel): boolean {
  if (WebAssembly.validate(bytes)) return true;
  if (kernel !== "relaxed" || flagTried) return false;
  flagTried = true;
  try {
    setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    return false;
  }
  return WebAssembly.validate(bytes);
}

function wasmModule(precision: WasmPrecision, kernel: WasmKernel): WebAssembly.Module | null {
  const key = `${kernel}/${precision}`;
  let module = compiled.get(key);
  if (module === undefined) {
    const bytes = Buffer.from(BASE64[kernel][precision], "base64");
    module = validates(bytes, kernel) ? new WebAssembly.Module(bytes) : null;
    compiled.set(key, module);
  }
  return module;
}

/** Whether this platform runs the `kernel` build in both precisions. */
export function wasmKernelAvailable(kernel: WasmKernel): boolean {
  return wasmModule("float32", kernel) !== null && wasmModule("float64", kernel) !== null;
}

/** Whether this platform runs the SIMD kernels (at least the plain ones). */
export function wasmSimdAvailable(): boolean {
  return wasmKernelAvailable("simd");
}

/** The kernel `WasmGdStep` uses by default: relaxed SIMD where available, else plain SIMD. */
export function defaultWasmKernel(): WasmKernel {
  return wasmKernelAvailable("relaxed") ? "relaxed" : "simd";
}

function precisionOf(array: FloatArray): WasmPrecision {
  return array instanceof Float32Array ? "float32" : "float64";
}

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;
const PAGE = 65536;

/**
 * A problem and its parameters in WebAssembly memory, stepped in place; float32 arithmetic for
 * Float32Array data, float64 for Float64Array.
 */
export class WasmGdStep<A extends FloatArray = FloatArray> {
  readonly precision: WasmPrecision;
  readonly kernel: WasmKernel;
  readonly n: number;
  readonly d: number;
  readonly p: number;
  private readonly nP: number;
  private readonly dP: number;
  private readonly pP: number;
  private readonly offsets: Record<"X" | "W" | "y" | "a" | "z" | "sumA" | "Wt" | "coef" | "listRows" | "listCoef", number>;
  private readonly memory: WebAssembly.Memory;
  private readonly stepExport: StepExport;
  private readonly bytesPerValue: number;

  constructor(data: DenseData<A>, params: Parameters<A>, kernel: WasmKernel = defaultWasmKernel()) {
    const precision = precisionOf(data.X);
    if (precisionOf(data.y) !== precision || precisionOf(params.W) !== precision || precisionOf(params.a) !== precision) {
      throw new TypeError("WasmGdStep: data and parameters must all be Float32Array or all Float64Array");
    }
    const module = wasmModule(precision, kernel);
    if (module === null) throw new Error(`WasmGdStep: this platform cannot run the ${kernel} WebAssembly kernel`);
    const { n, d } = data;
    const { p } = params;
    if (data.X.length !== n * d || data.y.length !== n || params.W.length !== p * d || params.a.length !== p) {
      throw new RangeError(`WasmGdStep: array lengths do not match (n, d, p) = (${n}, ${d}, ${p})`);
    }
    this.precision = precision;
    this.kernel = kernel;
    this.bytesPerValue = precision === "float32" ? 4 : 8;
    this.n = n;
    this.d = d;
    this.p = p;
    this.nP = roundUp(n, 4);
    this.dP = roundUp(d, 16 / this.bytesPerValue);
    this.pP = roundUp(p, 4);
    const sizes = {
      X: this.nP * this.dP,
      W: this.pP * this.dP,
      y: this.nP,
      a: this.pP,
      z: 4 * this.pP,
      sumA: this.pP,
      // Wᵀ, then one neuron's gradient row.
      Wt: this.dP * this.pP + this.dP,
      coef: this.nP * this.pP,
      listRows: this.nP,
      listCoef: this.nP,
    };
    let next = 0;
    const offsets = {} as WasmGdStep["offsets"];
    for (const [name, words] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      offsets[name] = next;
      // listRows holds i32 byte offsets in either precision.
      next += roundUp((name === "listRows" ? 4 : this.bytesPerValue) * words, 16);
    }
    this.offsets = offsets;
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(next / PAGE)) });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.stepExport = instance.exports.step as StepExport;
    const X = this.view("X", sizes.X);
    for (let i = 0; i < n; i++) X.set(data.X.subarray(i * d, (i + 1) * d), i * this.dP);
    this.view("y", n).set(data.y);
    this.writeParameters(params);
  }

  private view(name: keyof WasmGdStep["offsets"], length: number): FloatArray {
    return this.precision === "float32"
      ? new Float32Array(this.memory.buffer, this.offsets[name], length)
      : new Float64Array(this.memory.buffer, this.offsets[name], length);
  }

  /** Replaces the parameters (e.g. to restart from an initialization). */
  writeParameters(params: Parameters<A>): void {
    const { d, p, dP } = this;
    const W = this.view("W", this.pP * dP);
    W.fill(0);
    for (let j = 0; j < p; j++) W.set(params.W.subarray(j * d, (j + 1) * d), j * dP);
    const a = this.view("a", this.pP);
    a.fill(0);
    a.set(params.a);
  }

  /** Copies the current W (p×d) and a into `out`. */
  readParameters(out: Parameters<A>): void {
    const { d, p, dP } = this;
    const W = this.view("W", this.pP * dP);
    for (let j = 0; j < p; j++) out.W.set(W.subarray(j * dP, j * dP + d), j * d);
    out.a.set(this.view("a", p));
  }

  /** As `gdStep`: Σ r_i² before the step; the step is taken unless that is < stopBelow. */
  step(lr: number, stopBelow = 0): number {
    const o = this.offsets;
    return this.stepExport(
      o.X, o.W, o.y, o.a, o.z, o.sumA, o.Wt, o.coef, o.listRows, o.listCoef,
      this.nP, this.dP, this.pP, 1 / this.p, lr / this.n, stopBelow,
    );
  }

  /** Σ r_i² at the current parameters, no step. */
  sumSquaredResiduals(): number {
    return this.step(0, Infinity);
  }
}
