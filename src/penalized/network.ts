/**
 * The shallow network of Taheri, Xie & Lederer (Taheri, Xie & Lederer, arXiv:2205.04491) over any field:
 * f_β(x) = γᵀφ(Θx), β = (γ, Θ), Θ ∈ ℝ^{w×d}, no biases, and the empirical loss
 * risk_X(β) = ‖y − f_β(X)‖²_n with ‖v‖²_n = (1/n)Σv_i² — note: no factor 1/2, unlike the
 * rest of shallowcheck (src/model/network.ts uses (1/2n)Σ), because the identities derived
 * here (gradients, Euler, energy and basic identities, Hölder transfer) are written for it.
 *
 * In an instance file β is `params` (W = Θ, a = γ) under `scaling: "standard"`.
 * φ comes from src/model/activation.ts (relu′(0) = 0; those identities hold for every choice
 * in [0, 1] because z·relu′(z) = relu(z)).
 */
import type { Field } from "../field/field.js";
import { dot } from "../field/field.js";
import { activation as activationOf, type ActivationSpec } from "../model/activation.js";

/** β = (γ, Θ): output weights and first-layer rows. */
export interface NetworkParams<T> {
  gamma: T[];
  theta: T[][];
}

export interface PenalizedData<T> {
  /** n rows of d inputs. */
  X: T[][];
  y: T[];
  activation: ActivationSpec;
}

/** Everything one forward/backward pass gives. */
export interface Pass<T> {
  /** Pre-activations XΘᵀ (n×w). */
  pre: T[][];
  /** Features Z = φ(XΘᵀ) (n×w). */
  features: T[][];
  predictions: T[];
  /** e = y − f_β(X). */
  residual: T[];
  risk: T;
  /** ∇_γ risk_X = −(2/n)Zᵀe. */
  gradGamma: T[];
  /** ∂risk_X/∂Θ_jk = −(2/n)Σ_i e_i γ_j φ′(x_iᵀΘ_j) x_ik. */
  gradTheta: T[][];
}

/** ⟨a, b⟩_n = (1/n)Σa_ib_i. */
export function innerN<T>(F: Field<T>, a: readonly T[], b: readonly T[]): T {
  return F.div(dot(F, a, b), F.fromNumber(a.length));
}

/** ‖v‖²_n. */
export function squaredNormN<T>(F: Field<T>, v: readonly T[]): T {
  return innerN(F, v, v);
}

/** ‖v‖₁. */
export function l1Norm<T>(F: Field<T>, v: readonly T[]): T {
  let total = F.zero;
  for (const x of v) total = F.add(total, F.abs(x));
  return total;
}

/** ‖v‖_∞ (0 for an empty vector). */
export function maxAbs<T>(F: Field<T>, v: readonly T[]): T {
  let best = F.zero;
  for (const x of v) best = F.max(best, F.abs(x));
  return best;
}

/** Features Z = φ(XΘᵀ) and pre-activations. */
export function features<T>(F: Field<T>, data: PenalizedData<T>, theta: readonly (readonly T[])[]): { pre: T[][]; features: T[][] } {
  const phi = activationOf(F, data.activation);
  const pre = data.X.map((x) => theta.map((row) => dot(F, row, x)));
  return { pre, features: pre.map((row) => row.map((z) => phi.value(z))) };
}

/** Z·γ. */
export function matVec<T>(F: Field<T>, Z: readonly (readonly T[])[], v: readonly T[]): T[] {
  return Z.map((row) => dot(F, row, v));
}

/** Zᵀ·v. */
export function transposeVec<T>(F: Field<T>, Z: readonly (readonly T[])[], v: readonly T[]): T[] {
  const columns = Z[0]?.length ?? 0;
  const out = new Array<T>(columns).fill(F.zero);
  Z.forEach((row, i) => row.forEach((z, k) => (out[k] = F.add(out[k], F.mul(z, v[i])))));
  return out;
}

/** f_β(X) for the data's inputs. */
export function predict<T>(F: Field<T>, data: PenalizedData<T>, params: NetworkParams<T>): T[] {
  return matVec(F, features(F, data, params.theta).features, params.gamma);
}

/** The full pass at β: features, predictions, residual, risk and the exact gradient of risk_X. */
export function pass<T>(F: Field<T>, data: PenalizedData<T>, params: NetworkParams<T>): Pass<T> {
  const phi = activationOf(F, data.activation);
  const n = data.X.length;
  const { pre, features: Z } = features(F, data, params.theta);
  const predictions = matVec(F, Z, params.gamma);
  const residual = data.y.map((y, i) => F.sub(y, predictions[i]));
  const minusTwoOverN = F.div(F.fromNumber(-2), F.fromNumber(n));
  const gradGamma = transposeVec(F, Z, residual).map((v) => F.mul(minusTwoOverN, v));
  const gradTheta = params.theta.map((row, j) =>
    row.map((_, k) => {
      let total = F.zero;
      for (let i = 0; i < n; i++) total = F.add(total, F.mul(F.mul(residual[i], phi.derivative(pre[i][j])), data.X[i][k]));
      return F.mul(F.mul(minusTwoOverN, params.gamma[j]), total);
    }),
  );
  return { pre, features: Z, predictions, residual, risk: squaredNormN(F, residual), gradGamma, gradTheta };
}
