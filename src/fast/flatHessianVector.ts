/**
 * ∇²L·v over the flat float64 layout, for the kernels without a native product (WebAssembly SIMD
 * and TypeScript): the formulas and products of `hessianVectorProduct` in src/model/network.ts,
 * per row i with z_ij = ⟨w_j, x_i⟩, δ_ij = ⟨V_j, x_i⟩ and s the output scale:
 *   q_i      = s·Σ_j (u_j·σ(z_ij) + (a_j·σ'(z_ij))·δ_ij)
 *   (∇²L v)_a_j += q_i·(s·σ(z_ij)) + (−r_i)·(s·(σ'(z_ij)·δ_ij))
 *   c_ij      = q_i·(s·(a_j·σ'(z_ij))) + (−r_i)·(s·(u_j·σ'(z_ij) + (a_j·σ''(z_ij))·δ_ij))
 *   (∇²L v)_W_j += c_ij·x_i
 * then both parts times 1/n. The products are the generic model's, each rounded once; only the
 * dot products and the sums over i are reordered, which the running error bound of
 * src/field/errorBound.ts covers (test/fast/kernelContract/hessianVector.ts holds each kernel to it).
 * The two O(n·d·p) phases — the dot products with W and V, and Σ_i c_ij·x_i — come from a
 * {@link RowProducts} (the WebAssembly module's or plain loops), a block of rows at a time.
 */
import type { FlatParameters } from "./floatKernel.js";
import type { FloatInstance } from "./floatInstance.js";
import { floatActivation, outputScale } from "./typescriptKernels.js";

/** The O(n·d·p) phases of one product, over blocks of at most `blockRows` rows. */
export interface RowProducts {
  readonly blockRows: number;
  /** After {@link dots}: ⟨w_j, x_{i0+b}⟩ at [b·p + j]. */
  readonly values: Float64Array;
  /** After {@link dots}: ⟨V_j, x_{i0+b}⟩ at [b·p + j]. */
  readonly directionDots: Float64Array;
  /** Written by the caller before {@link accumulate}: c at [b·p + j]. */
  readonly coefficients: Float64Array;
  dots(i0: number, rows: number): void;
  /** sums_j += Σ_b coefficients[b·p + j]·x_{i0+b}. */
  accumulate(i0: number, rows: number): void;
  /** The raw sums Σ_i c_ij·x_i (p×d, row-major) after every block. */
  sums(): Float64Array;
}

/** ∇²L·(direction) into out (overwritten), the two heavy phases run by `products`. */
export function flatHessianVectorProduct(instance: FloatInstance, direction: FlatParameters, out: FlatParameters, products: RowProducts): void {
  const { n, p, a, y } = instance;
  const sigma = floatActivation(instance.model.activation);
  const scale = outputScale(instance);
  const u = direction.a;
  const { values, directionDots, coefficients } = products;
  out.a.fill(0);
  for (let i0 = 0; i0 < n; i0 += products.blockRows) {
    const rows = Math.min(products.blockRows, n - i0);
    products.dots(i0, rows);
    for (let b = 0; b < rows; b++) {
      const base = b * p;
      let total = 0;
      let q = 0;
      for (let j = 0; j < p; j++) {
        const z = values[base + j];
        const s = sigma.value(z);
        const slope = sigma.derivative(z);
        total += a[j] * s;
        q += u[j] * s + a[j] * slope * directionDots[base + j];
      }
      q = scale * q;
      const minusResidual = -(y[i0 + b] - scale * total);
      for (let j = 0; j < p; j++) {
        const z = values[base + j];
        const s = sigma.value(z);
        const slope = sigma.derivative(z);
        const dj = directionDots[base + j];
        out.a[j] += q * (scale * s) + minusResidual * (scale * (slope * dj));
        coefficients[base + j] = q * (scale * (a[j] * slope)) + minusResidual * (scale * (u[j] * slope + a[j] * sigma.secondDerivative(z) * dj));
      }
    }
    products.accumulate(i0, rows);
  }
  const inverseN = 1 / n;
  for (let j = 0; j < p; j++) out.a[j] = out.a[j] * inverseN;
  const sums = products.sums();
  for (let m = 0; m < out.W.length; m++) out.W[m] = sums[m] * inverseN;
}

/** Rows per block of the plain-loop products: their 3·p-wide blocks stay in L1. */
const TYPESCRIPT_BLOCK_ROWS = 16;

/** {@link RowProducts} as plain loops over the instance's arrays (the TypeScript kernel's). */
export function typescriptRowProducts(instance: FloatInstance, direction: FlatParameters): RowProducts {
  const { d, p, X, W } = instance;
  const V = direction.W;
  const block = TYPESCRIPT_BLOCK_ROWS * p;
  const values = new Float64Array(block);
  const directionDots = new Float64Array(block);
  const coefficients = new Float64Array(block);
  const sums = new Float64Array(p * d);
  return {
    blockRows: TYPESCRIPT_BLOCK_ROWS,
    values,
    directionDots,
    coefficients,
    dots(i0, rows) {
      for (let b = 0; b < rows; b++) {
        const xo = (i0 + b) * d;
        for (let j = 0; j < p; j++) {
          const wo = j * d;
          let zw = 0;
          let zv = 0;
          for (let k = 0; k < d; k++) {
            zw += W[wo + k] * X[xo + k];
            zv += V[wo + k] * X[xo + k];
          }
          values[b * p + j] = zw;
          directionDots[b * p + j] = zv;
        }
      }
    },
    accumulate(i0, rows) {
      for (let b = 0; b < rows; b++) {
        const xo = (i0 + b) * d;
        for (let j = 0; j < p; j++) {
          const c = coefficients[b * p + j];
          if (c === 0) continue;
          const wo = j * d;
          for (let k = 0; k < d; k++) sums[wo + k] += c * X[xo + k];
        }
      }
    },
    sums: () => sums,
  };
}

/** The TypeScript kernel's Hessian-vector product. */
export function typescriptHessianVectorProduct(instance: FloatInstance, direction: FlatParameters, out: FlatParameters): void {
  flatHessianVectorProduct(instance, direction, out, typescriptRowProducts(instance, direction));
}
