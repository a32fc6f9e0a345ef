/**
 * The fused GD step of {@link ./gdStep.ts} in float32 ARITHMETIC with WebAssembly 128-bit SIMD
 * (src/fast/wasm/gdStepF32.wat): the fast path of dana2025's float32 runs, whose authors
 * computed in float32 (PyTorch).
 *
 * Same model, step and early-stop contract as `gdStep`, but every operation of the step rounds
 * to float32 (unit roundoff 2^-24): the dot products z_ij (4 lanes along k, each lane a running
 * float32 sum, lanes combined as (l0 + l1) + (l2 + l3)), the outputs, residuals, coefficients
 * r_i·a_j, the gradient sums (4 listed rows at a time, added into a float32 row) and the
 * update. The one exception: Σ r_i² (the returned value, for the stop rule and the loss) squares
 * each float32 r_i and sums in double. A reordered float32 evaluation of the generic model's
 * formulas, so the running error bound of src/field/errorBound.ts with unit roundoff 2^-24
 * applies (test/fast/gdStepWasm.test.ts derives the tolerance from it).
 *
 * Layout: the data and parameters are copied once into the module's memory, padded with zeros
 * to n, d multiples of 4 and p a multiple of 2. Zero padding changes no value: a zero row has
 * z = 0, r = 0 − 0 = 0 and is never active; a zero column adds 0·0 terms and gets a zero
 * gradient; a zero neuron (w = 0, a = 0) is never active and its a stays 0. The parameters then
 * live in that memory; `readParameters` copies them out.
 *
 * A platform without WebAssembly SIMD (not Node ≥ 20 on x86-64 or arm64) has
 * {@link wasmSimdAvailable} false; callers fall back to the TypeScript kernel (float32 storage,
 * double arithmetic), whose rows then differ in the last bits.
 */
import type { DenseData, Parameters } from "./gdStep.js";
import { GD_STEP_F32_WASM_BASE64 } from "./wasm/gdStepF32.bytes.js";

type StepExport = (
  X: number, W: number, y: number, a: number, z: number, sumA: number, sumW: number, rows: number, coef: number, count: number,
  nP: number, dP: number, pP: number, scale: number, stepSize: number, stopBelow: number,
) => number;

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(GD_STEP_F32_WASM_BASE64, "base64");
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** Whether this platform runs the SIMD kernel. */
export function wasmSimdAvailable(): boolean {
  return wasmModule() !== null;
}

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;
const PAGE = 65536;

/** A float32 problem and its parameters in WebAssembly memory, stepped in place. */
export class WasmGdStepF32 {
  readonly n: number;
  readonly d: number;
  readonly p: number;
  private readonly nP: number;
  private readonly dP: number;
  private readonly pP: number;
  private readonly offsets: Record<"X" | "W" | "y" | "a" | "z" | "sumA" | "sumW" | "rows" | "coef" | "count", number>;
  private readonly memory: WebAssembly.Memory;
  private readonly stepExport: StepExport;

  constructor(data: DenseData<Float32Array>, params: Parameters<Float32Array>) {
    const module = wasmModule();
    if (module === null) throw new Error("WasmGdStepF32: this platform has no WebAssembly SIMD");
    const { n, d } = data;
    const { p } = params;
    if (data.X.length !== n * d || data.y.length !== n || params.W.length !== p * d || params.a.length !== p) {
      throw new RangeError(`WasmGdStepF32: array lengths do not match (n, d, p) = (${n}, ${d}, ${p})`);
    }
    this.n = n;
    this.d = d;
    this.p = p;
    this.nP = roundUp(n, 4);
    this.dP = roundUp(d, 4);
    this.pP = roundUp(p, 2);
    const sizes = {
      X: this.nP * this.dP,
      W: this.pP * this.dP,
      y: this.nP,
      a: this.pP,
      z: 4 * this.pP,
      sumA: this.pP,
      sumW: this.dP,
      rows: this.pP * this.nP,
      coef: this.pP * this.nP,
      count: this.pP,
    };
    let next = 0;
    const offsets = {} as WasmGdStepF32["offsets"];
    for (const [name, words] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      offsets[name] = next;
      next += roundUp(4 * words, 16);
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

  private view(name: keyof WasmGdStepF32["offsets"], length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.offsets[name], length);
  }

  /** Replaces the parameters (e.g. to restart from an initialization). */
  writeParameters(params: Parameters<Float32Array>): void {
    const { d, p, dP } = this;
    const W = this.view("W", this.pP * dP);
    W.fill(0);
    for (let j = 0; j < p; j++) W.set(params.W.subarray(j * d, (j + 1) * d), j * dP);
    const a = this.view("a", this.pP);
    a.fill(0);
    a.set(params.a);
  }

  /** Copies the current W (p×d) and a into `out`. */
  readParameters(out: Parameters<Float32Array>): void {
    const { d, p, dP } = this;
    const W = this.view("W", this.pP * dP);
    for (let j = 0; j < p; j++) out.W.set(W.subarray(j * dP, j * dP + d), j * d);
    out.a.set(this.view("a", p));
  }

  /** As `gdStep`: Σ r_i² before the step; the step is taken unless that is < stopBelow. */
  step(lr: number, stopBelow = 0): number {
    const o = this.offsets;
    return this.stepExport(
      o.X, o.W, o.y, o.a, o.z, o.sumA, o.sumW, o.rows, o.coef, o.count,
      this.nP, this.dP, this.pP, 1 / this.p, lr / this.n, stopBelow,
    );
  }

  /** Σ r_i² at the current parameters, no step. */
  sumSquaredResiduals(): number {
    return this.step(0, Infinity);
  }
}
