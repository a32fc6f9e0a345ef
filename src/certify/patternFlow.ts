/**
 * The gradient-flow right-hand side f(θ) = −c∇L(θ) written over any field, with ReLU-type
 * activations on a FIXED activation pattern. On the region where every pre-activation
 * z_ij = ⟨w_j, x_i⟩ has the pattern's sign, ReLU's flow equals the flow of one polynomial vector
 * field f_P (σ(z) = P_ij·z, σ' = P_ij; leaky: α where P_ij = 0); a trajectory of f_P that stays in
 * that region is a trajectory of the ReLU flow. f_P is smooth everywhere, so Taylor series and
 * Jacobians of it (taylorSeries.ts) are valid on any box, also one that reaches past a kink —
 * which the region test (flowEnclosure.ts) then rules out for the actual trajectories.
 *
 * Same formulas as src/model/network.ts's gradient (dana2025 eq. (3)): with h_i = s Σ_j a_j σ(z_ij),
 * r_i = y_i − h_i, ∂L/∂a_j = −(s/n) Σ_i r_i σ(z_ij), ∂L/∂w_j = −(s/n) Σ_i r_i a_j σ'(z_ij) x_i; it is
 * written again here only because network.ts decides σ' from z itself, not from a pattern
 * (test/certify/flowEnclosure.test.ts checks that both agree where the pattern holds).
 */
import { dot, type Field } from "../field/field.js";
import { activation, DEFAULT_LEAKY_ALPHA } from "../model/activation.js";
import type { Instance } from "../model/instance.js";
import { unpackParameters } from "../model/parameters.js";

/** P_ij ∈ {0, 1}: whether z_ij = ⟨w_j, x_i⟩ is on the active side; indexed [i][j]. */
export type ActivationPattern = readonly (readonly (0 | 1)[])[];

/** Data and model over some field, without parameters (they are the state). */
export interface FlowData<T> {
  readonly model: Instance<T>["model"];
  readonly X: readonly (readonly T[])[];
  readonly y: readonly T[];
  readonly p: number;
}

export function isPiecewise(model: Instance<unknown>["model"]): boolean {
  return model.activation.name === "relu" || model.activation.name === "leaky-relu";
}

/** f(θ) = −c∇L(θ); for ReLU-type σ the pattern is required and σ follows it, not z's sign. */
export function patternRhs<T>(F: Field<T>, data: FlowData<T>, state: readonly T[], pattern?: ActivationPattern): T[] {
  const n = data.X.length;
  const d = data.X[0].length;
  const p = data.p;
  const { a, W } = unpackParameters(state, p, d);
  const { value, slope } = activationOf(F, data, pattern);
  const meanField = data.model.scaling === "mean-field";
  const z = data.X.map((x) => W.map((w) => dot(F, w, x as T[])));
  const sigma = z.map((row, i) => row.map((zij, j) => value(zij, i, j)));
  const residuals = sigma.map((row, i) => {
    let h = F.zero;
    row.forEach((s, j) => (h = F.add(h, F.mul(a[j], s))));
    return F.sub(data.y[i], meanField ? F.div(h, F.fromNumber(p)) : h);
  });
  // −c∇L = (c·s/n)·(Σ_i r_i σ_ij, Σ_i r_i a_j σ'_ij x_i); c·s = 1 in both scalings (c = p, s = 1/p; or 1, 1).
  const factor = F.div(F.one, F.fromNumber(n));
  const out: T[] = [];
  for (let j = 0; j < p; j++) {
    let total = F.zero;
    for (let i = 0; i < n; i++) total = F.add(total, F.mul(residuals[i], sigma[i][j]));
    out.push(F.mul(factor, total));
  }
  for (let j = 0; j < p; j++) {
    const coefficients = z.map((row, i) => F.mul(F.mul(residuals[i], a[j]), slope(row[j], i, j)));
    for (let k = 0; k < d; k++) {
      let total = F.zero;
      for (let i = 0; i < n; i++) total = F.add(total, F.mul(coefficients[i], data.X[i][k]));
      out.push(F.mul(factor, total));
    }
  }
  return out;
}

/** z_ij = ⟨w_j, x_i⟩ over the field, [i][j]. */
export function preactivations<T>(F: Field<T>, data: FlowData<T>, state: readonly T[]): T[][] {
  const { W } = unpackParameters(state, data.p, data.X[0].length);
  return data.X.map((x) => W.map((w) => dot(F, w, x as T[])));
}

function activationOf<T>(F: Field<T>, data: FlowData<T>, pattern: ActivationPattern | undefined) {
  const spec = data.model.activation;
  if (!isPiecewise(data.model)) {
    const sigma = activation(F, spec);
    return { value: (z: T) => sigma.value(z), slope: (z: T) => sigma.derivative(z) };
  }
  if (!pattern) throw new RangeError(`${spec.name}: the flow of a piecewise activation needs an activation pattern`);
  const alphaInput = spec.alpha ?? DEFAULT_LEAKY_ALPHA;
  // As src/model/activation.ts enters it: a number as its exact binary value, a string exactly.
  const alpha = spec.name !== "leaky-relu" ? F.zero : typeof alphaInput === "string" ? F.fromDecimalString(alphaInput) : F.fromNumber(alphaInput);
  const slopeOf = (i: number, j: number) => (pattern[i][j] === 1 ? F.one : alpha);
  return { value: (z: T, i: number, j: number) => F.mul(slopeOf(i, j), z), slope: (_z: T, i: number, j: number) => slopeOf(i, j) };
}
