/**
 * The fused GD step of {@link ./gdStep.ts} with WebAssembly 128-bit SIMD, in float32 ARITHMETIC
 * (src/fast/wasm/gdStepF32.wat: the fast path of dana2025's float32 runs, whose authors computed
 * in float32 with PyTorch) or in float64 (gdStepF64.wat: the same kernel on 2 lanes of f64, every
 * operation a double operation as in the TypeScript kernel, only the summation order differs).
 *
 * float32: same model, step and early-stop contract as `gdStep`, but every operation of the
 * step rounds to float32 (unit roundoff 2^-24): the dot products z_ij (4 lanes along k, each
 * lane a running float32 sum, lanes combined as (l0 + l1) + (l2 + l3)), the outputs Σ_j
 * a_j·max(z_ij, 0) (4 lanes along j), residuals, coefficients r_i·a_j, the gradient sums (rows
 * with a nonzero coefficient, 4 at a time, added into a float32 row) and the update. The one exception: Σ r_i² (the returned value, for the stop rule and the loss) squares
 * each float32 r_i and sums in double. A reordered float32 evaluation of the generic model's
 * formulas, so the running error bound of src/field/errorBound.ts with unit roundoff 2^-24
 * applies (test/fast/gdStepWasm.test.ts derives the tolerance from it). float64: the same
 * with unit roundoff 2^-53 and 2 lanes along k.
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
import type { DenseData, FloatArray, Parameters } from "./gdStep.js";
import { GD_STEP_F32_WASM_BASE64, GD_STEP_F64_WASM_BASE64 } from "./wasm/gdStep.bytes.js";

export type WasmPrecision = "float32" | "float64";

type StepExport = (
  X: number, W: number, y: number, a: number, z: number, sumA: number, sumW: number, coef: number, listRows: number, listCoef: number,
  nP: number, dP: number, pP: number, scale: number, stepSize: number, stopBelow: number,
) => number;

const compiled: Partial<Record<WasmPrecision, WebAssembly.Module | null>> = {};

function wasmModule(precision: WasmPrecision): WebAssembly.Module | null {
  let module = compiled[precision];
  if (module === undefined) {
    const bytes = Buffer.from(precision === "float32" ? GD_STEP_F32_WASM_BASE64 : GD_STEP_F64_WASM_BASE64, "base64");
    module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled[precision] = module;
  }
  return module;
}

/** Whether this platform runs the SIMD kernels. */
export function wasmSimdAvailable(): boolean {
  return wasmModule("float32") !== null && wasmModule("float64") !== null;
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
  readonly n: number;
  readonly d: number;
  readonly p: number;
  private readonly nP: number;
  private readonly dP: number;
  private readonly pP: number;
  private readonly offsets: Record<"X" | "W" | "y" | "a" | "z" | "sumA" | "sumW" | "coef" | "listRows" | "listCoef", number>;
  private readonly memory: WebAssembly.Memory;
  private readonly stepExport: StepExport;
  private readonly bytesPerValue: number;

  constructor(data: DenseData<A>, params: Parameters<A>) {
    const precision = precisionOf(data.X);
    if (precisionOf(data.y) !== precision || precisionOf(params.W) !== precision || precisionOf(params.a) !== precision) {
      throw new TypeError("WasmGdStep: data and parameters must all be Float32Array or all Float64Array");
    }
    const module = wasmModule(precision);
    if (module === null) throw new Error("WasmGdStep: this platform has no WebAssembly SIMD");
    const { n, d } = data;
    const { p } = params;
    if (data.X.length !== n * d || data.y.length !== n || params.W.length !== p * d || params.a.length !== p) {
      throw new RangeError(`WasmGdStep: array lengths do not match (n, d, p) = (${n}, ${d}, ${p})`);
    }
    this.precision = precision;
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
      sumW: this.dP,
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
      o.X, o.W, o.y, o.a, o.z, o.sumA, o.sumW, o.coef, o.listRows, o.listCoef,
      this.nP, this.dP, this.pP, 1 / this.p, lr / this.n, stopBelow,
    );
  }

  /** Σ r_i² at the current parameters, no step. */
  sumSquaredResiduals(): number {
    return this.step(0, Infinity);
  }
}
