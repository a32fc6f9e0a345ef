/**
 * The vectorised elementary functions of a loss-gradient WebAssembly module (float64 or float32)
 * called on whole arrays, for the accuracy tests: the two modules export the same three entry
 * points and differ only in element type and lanes per vector.
 */
import type { ActivationSpec } from "../../model/activation.js";

const PAGE_BYTES = 65536;

/** The entry points both modules export for their e^x, log1p and σ, σ' over arrays. */
export interface ElementaryExports {
  memory: WebAssembly.Memory;
  expArray(src: number, dst: number, count: number): void;
  log1pArray(src: number, dst: number, count: number): void;
  activateArray(src: number, value: number, slope: number, count: number, kind: number, alpha: number, oneMinusAlpha: number): void;
}

export interface ElementaryAccess<A> {
  exp(inputs: A): A;
  log1p(inputs: A): A;
  activate(spec: ActivationSpec, inputs: A): { value: A; slope: A };
}

interface FloatArrayType<A> {
  new (buffer: ArrayBufferLike): A;
  readonly BYTES_PER_ELEMENT: number;
}

export function elementaryAccess<A extends Float32Array | Float64Array>(
  exports: ElementaryExports,
  ArrayType: FloatArrayType<A>,
  lanes: number,
  moduleActivation: (spec: ActivationSpec) => { kind: number; alpha: number; oneMinusAlpha: number },
): ElementaryAccess<A> {
  const bytes = ArrayType.BYTES_PER_ELEMENT;
  // Three arrays of a whole number of vectors (the module works in `lanes`) from byte 0 on.
  const place = (inputs: A) => {
    const count = Math.ceil(inputs.length / lanes) * lanes;
    const need = 3 * bytes * count;
    const have = exports.memory.buffer.byteLength;
    if (need > have) exports.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
    const memory = new ArrayType(exports.memory.buffer);
    memory.fill(0, 0, count);
    memory.set(inputs, 0);
    return { count, memory: () => new ArrayType(exports.memory.buffer) };
  };
  return {
    exp(inputs) {
      const { count, memory } = place(inputs);
      exports.expArray(0, bytes * count, count);
      return memory().slice(count, count + inputs.length) as A;
    },
    log1p(inputs) {
      const { count, memory } = place(inputs);
      exports.log1pArray(0, bytes * count, count);
      return memory().slice(count, count + inputs.length) as A;
    },
    activate(spec, inputs) {
      const sigma = moduleActivation(spec);
      const { count, memory } = place(inputs);
      exports.activateArray(0, bytes * count, 2 * bytes * count, count, sigma.kind, sigma.alpha, sigma.oneMinusAlpha);
      const all = memory();
      return { value: all.slice(count, count + inputs.length) as A, slope: all.slice(2 * count, 2 * count + inputs.length) as A };
    },
  };
}
