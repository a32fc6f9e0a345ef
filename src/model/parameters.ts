/**
 * The parameter θ = (a, W) as one flat vector [a_0 … a_{p−1}, w_00 … w_{p−1,d−1}]: the layout the
 * integrators move, the Hessian is indexed by, and certificates enclose.
 */
import type { Instance, ParameterVector } from "./instance.js";

export function packParameters<T>(v: ParameterVector<T>): T[] {
  const out = v.a.slice();
  for (const row of v.W) for (const x of row) out.push(x);
  return out;
}

export function unpackParameters<T>(state: readonly T[], p: number, d: number): ParameterVector<T> {
  const a = state.slice(0, p);
  const W: T[][] = [];
  for (let j = 0; j < p; j++) W.push(state.slice(p + j * d, p + (j + 1) * d));
  return { a, W };
}

export function withParameters<T>(instance: Instance<T>, state: readonly T[]): Instance<T> {
  const { a, W } = unpackParameters(state, instance.a.length, instance.X[0].length);
  return { ...instance, a, W };
}
