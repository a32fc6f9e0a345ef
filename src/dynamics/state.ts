/**
 * The parameter θ = (a, W) as one flat vector [a_0 … a_{p−1}, w_00 … w_{p−1,d−1}], the state
 * every integrator moves; and the vector arithmetic the integrators need, over any field.
 */
import type { Field } from "../field/field.js";
import type { Instance, ParameterVector } from "../model/instance.js";

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

/** y + Σ_k c_k·v_k, the one combination every Runge–Kutta stage is made of. */
export function linearCombination<T>(F: Field<T>, y: readonly T[], coefficients: readonly T[], vectors: readonly (readonly T[])[]): T[] {
  const out = y.slice();
  for (let k = 0; k < vectors.length; k++) {
    const c = coefficients[k];
    if (F.sign(c) === 0) continue;
    const v = vectors[k];
    for (let i = 0; i < out.length; i++) out[i] = F.add(out[i], F.mul(c, v[i]));
  }
  return out;
}
