/** The vector arithmetic the integrators need on the flat parameter state, over any field. */
import type { Field } from "../field/field.js";

// integrate.ts is being split on another branch; it imports withParameters from here until that
// branch switches to src/model/parameters.ts, then this line goes.
export { withParameters } from "../model/parameters.js";

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
