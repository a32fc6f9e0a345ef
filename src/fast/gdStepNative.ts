/**
 * The fused GD step of {@link ./gdStepWasm.ts} as an optional native N-API addon
 * (native/gdStep.c, built by scripts/buildNative.mjs at install): the same model, step,
 * early-stop and arithmetic contract (float32 arithmetic for Float32Array problems, float64 for
 * Float64Array; Σ r² squared and summed in double), with 512-, 256- or 128-bit vectors chosen at
 * load time from the CPU: "avx512" (AVX-512F/VL/DQ + FMA), "avx2" (AVX2 + FMA), or "generic"
 * (portable C, no FMA on x86-64). Only the summation order and the fusing of multiply-adds differ
 * between variants and from the WebAssembly kernel, so rows record which variant computed them.
 *
 * The addon is optional: when it was not built (no compiler at install), does not load, or fails
 * its load-time self-check, {@link nativeGdStepAvailable} is false and callers use the
 * WebAssembly kernel. Each worker thread loads its own instance (the addon is context-aware).
 */
import type { DenseData, FloatArray, Parameters } from "./gdStep.js";
import { lazyAddon } from "./nativeAddon.js";

export type NativeVariant = "avx512" | "avx2" | "generic";
export type NativePrecision = "float32" | "float64";

interface Addon {
  variant(): NativeVariant;
  supported(): NativeVariant[];
  create(X: FloatArray, y: FloatArray, W: FloatArray, a: FloatArray, n: number, d: number, p: number, variant?: NativeVariant): object;
  step(handle: object, scale: number, stepSize: number, stopBelow: number): number;
  writeParameters(handle: object, W: FloatArray, a: FloatArray): void;
  readParameters(handle: object, W: FloatArray, a: FloatArray): void;
}

/**
 * One tiny problem stepped once, compared with the same step in double arithmetic: catches an
 * addon that loads but computes garbage (a stale or foreign build). Tolerance: float32 has unit
 * roundoff 2^-24 and these few-term sums (n = 3, d = 2, p = 2, values ≤ 2) stay within 2^-16
 * of the double values; anything wrong in indexing or layout is off by O(1).
 */
function selfCheck(addon: Addon): boolean {
  for (const variant of addon.supported())
  for (const make of [(v: number[]) => Float32Array.from(v), (v: number[]) => Float64Array.from(v)]) {
    const X = make([1, 0.5, -0.25, 1, 2, -1]);
    const y = make([1, -0.5, 0.75]);
    const W = make([0.5, 1, 1, -0.5]);
    const a = make([1, -1]);
    const handle = addon.create(X, y, W, a, 3, 2, 2, variant);
    const squares = addon.step(handle, 0.5, 1 / 3, 0);
    const outW = make([0, 0, 0, 0]);
    const outA = make([0, 0]);
    addon.readParameters(handle, outW, outA);
    const expected = referenceStep([1, 0.5, -0.25, 1, 2, -1], [1, -0.5, 0.75], [0.5, 1, 1, -0.5], [1, -1], 3, 2, 2);
    const close = (x: number, e: number) => Math.abs(x - e) <= 2 ** -16 * (1 + Math.abs(e));
    if (!close(squares, expected.squares)) return false;
    if (![...outW].every((v, i) => close(v, expected.W[i]!)) || ![...outA].every((v, i) => close(v, expected.a[i]!))) return false;
  }
  return true;
}

/** The step in double arithmetic, the plain formulas (for the self-check only). */
function referenceStep(X: number[], y: number[], W: number[], a: number[], n: number, d: number, p: number) {
  const gW = new Array<number>(p * d).fill(0);
  const ga = new Array<number>(p).fill(0);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: p }, (_, j) => X.slice(i * d, i * d + d).reduce((s, x, k) => s + x * W[j * d + k]!, 0));
    const r = y[i]! - z.reduce((s, zj, j) => s + a[j]! * Math.max(zj, 0), 0) / p;
    squares += r * r;
    for (let j = 0; j < p; j++) {
      ga[j]! += r * Math.max(z[j]!, 0);
      if (z[j]! > 0) for (let k = 0; k < d; k++) gW[j * d + k]! += r * a[j]! * X[i * d + k]!;
    }
  }
  const step = 1 / n;
  return { squares, W: W.map((w, k) => w + step * gW[k]!), a: a.map((v, j) => v + step * ga[j]!) };
}

const gdStepAddon = lazyAddon<Addon>("shallowcheck_gdstep", selfCheck);
const addon = gdStepAddon.addon;

/** Whether the native addon is built, loads, and passes its self-check. */
export function nativeGdStepAvailable(): boolean {
  return addon() !== null;
}

/** Why the addon is unavailable (undefined when it is available). */
export function nativeLoadError(): string | undefined {
  return gdStepAddon.error();
}

/** The vector width the addon chose for this CPU, or undefined when unavailable. */
export function nativeVariant(): NativeVariant | undefined {
  return addon()?.variant();
}

/** The variants this CPU runs, best first (empty when the addon is unavailable). */
export function nativeVariants(): NativeVariant[] {
  return addon()?.supported() ?? [];
}

/**
 * The same interface and semantics as WasmGdStep; the kernel argument is the vector width, by
 * default the widest this CPU runs (one it does not run is refused).
 */
export class NativeGdStep<A extends FloatArray = FloatArray> {
  readonly precision: NativePrecision;
  readonly variant: NativeVariant;
  readonly n: number;
  readonly d: number;
  readonly p: number;
  private readonly addon: Addon;
  private readonly handle: object;

  constructor(data: DenseData<A>, params: Parameters<A>, variant?: NativeVariant) {
    const native = addon();
    if (native === null) throw new Error(`NativeGdStep: the native addon is unavailable: ${gdStepAddon.error()}`);
    const precision: NativePrecision = data.X instanceof Float32Array ? "float32" : "float64";
    const same = (array: FloatArray) => (array instanceof Float32Array) === (precision === "float32");
    if (!same(data.y) || !same(params.W) || !same(params.a)) {
      throw new TypeError("NativeGdStep: data and parameters must all be Float32Array or all Float64Array");
    }
    const { n, d } = data;
    const { p } = params;
    if (data.X.length !== n * d || data.y.length !== n || params.W.length !== p * d || params.a.length !== p) {
      throw new RangeError(`NativeGdStep: array lengths do not match (n, d, p) = (${n}, ${d}, ${p})`);
    }
    this.addon = native;
    this.precision = precision;
    this.variant = variant ?? native.variant();
    if (!native.supported().includes(this.variant)) throw new Error(`NativeGdStep: this CPU does not run the ${this.variant} variant`);
    this.n = n;
    this.d = d;
    this.p = p;
    this.handle = native.create(data.X, data.y, params.W, params.a, n, d, p, this.variant);
  }

  /** Replaces the parameters (e.g. to restart from an initialization). */
  writeParameters(params: Parameters<A>): void {
    this.addon.writeParameters(this.handle, params.W, params.a);
  }

  /** Copies the current W (p×d) and a into `out`. */
  readParameters(out: Parameters<A>): void {
    this.addon.readParameters(this.handle, out.W, out.a);
  }

  /** As `gdStep`: Σ r_i² before the step; the step is taken unless that is < stopBelow. */
  step(lr: number, stopBelow = 0): number {
    return this.addon.step(this.handle, 1 / this.p, lr / this.n, stopBelow);
  }

  /** Σ r_i² at the current parameters, no step. */
  sumSquaredResiduals(): number {
    return this.step(0, Infinity);
  }
}
