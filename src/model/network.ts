/**
 * The shallow network written once over a {@link Field}: forward pass, loss, residuals, exact
 * gradient, Hessian-vector product, per-neuron balance, activation pattern and local PL
 * curvature. This is the reference path; `src/fast/` holds the Float64Array kernels.
 *
 * With z_ij = ⟨w_j, x_i⟩, h_i = s Σ_j a_j σ(z_ij), r_i = y_i − h_i, L = (1/2n) Σ_i r_i²:
 *   ∂L/∂a_j = −(s/n) Σ_i r_i σ(z_ij)
 *   ∂L/∂w_j = −(s/n) Σ_i r_i a_j σ'(z_ij) x_i
 */
import { type Field, type Sign, dot, squaredNorm, sum } from "../field/field.js";
import { activation as makeActivation, type Activation } from "./activation.js";
import type { Instance, ParameterVector } from "./instance.js";

/** Pre-activations, activations and outputs at one parameter value, shared by every quantity below. */
export interface ForwardPass<T> {
  /** s: 1/p (mean-field) or 1 (standard). */
  scale: T;
  /** z[i][j] = ⟨w_j, x_i⟩. */
  preactivations: T[][];
  /** h(x_i). */
  outputs: T[];
  /** r_i = y_i − h(x_i). */
  residuals: T[];
  sigma: Activation<T>;
}

export function outputScale<T>(F: Field<T>, instance: Instance<T>): T {
  return instance.model.scaling === "mean-field" ? F.div(F.one, F.fromNumber(instance.a.length)) : F.one;
}

export function forward<T>(F: Field<T>, instance: Instance<T>): ForwardPass<T> {
  const sigma = makeActivation(F, instance.model.activation);
  const scale = outputScale(F, instance);
  const preactivations = instance.X.map((x) => instance.W.map((w) => dot(F, w, x)));
  const outputs = preactivations.map((zRow) =>
    F.mul(scale, sum(F, zRow.map((z, j) => F.mul(instance.a[j], sigma.value(z))))),
  );
  const residuals = outputs.map((h, i) => F.sub(instance.y[i], h));
  return { scale, preactivations, outputs, residuals, sigma };
}

/** L = (1/2n) Σ_i r_i². */
export function lossFromResiduals<T>(F: Field<T>, residuals: readonly T[]): T {
  return F.div(squaredNorm(F, residuals), F.fromNumber(2 * residuals.length));
}

export function loss<T>(F: Field<T>, instance: Instance<T>): T {
  return lossFromResiduals(F, forward(F, instance).residuals);
}

/**
 * ∇L with respect to (a, W), from closed formulas. `slopeOverride(i, j)` may replace σ'(z_ij)
 * on chosen pairs — the effective slope in [0, 1] of a ReLU pair sliding on its kink.
 */
export function gradient<T>(
  F: Field<T>,
  instance: Instance<T>,
  pass: ForwardPass<T> = forward(F, instance),
  slopeOverride?: (sample: number, neuron: number) => T | undefined,
): ParameterVector<T> {
  const n = instance.X.length;
  const d = instance.X[0].length;
  const factor = F.neg(F.div(pass.scale, F.fromNumber(n)));
  const a: T[] = [];
  const W: T[][] = [];
  instance.W.forEach((_, j) => {
    let gradA = F.zero;
    const gradW: T[] = new Array<T>(d).fill(F.zero);
    pass.preactivations.forEach((zRow, i) => {
      const r = pass.residuals[i];
      gradA = F.add(gradA, F.mul(r, pass.sigma.value(zRow[j])));
      const slope = slopeOverride?.(i, j) ?? pass.sigma.derivative(zRow[j]);
      const coefficient = F.mul(F.mul(r, instance.a[j]), slope);
      const x = instance.X[i];
      for (let k = 0; k < d; k++) gradW[k] = F.add(gradW[k], F.mul(coefficient, x[k]));
    });
    a.push(F.mul(factor, gradA));
    W.push(gradW.map((g) => F.mul(factor, g)));
  });
  return { a, W };
}

/** ‖v‖² of a parameter-shaped vector. */
export function parameterSquaredNorm<T>(F: Field<T>, v: ParameterVector<T>): T {
  return F.add(squaredNorm(F, v.a), sum(F, v.W.map((row) => squaredNorm(F, row))));
}

/**
 * Hessian-vector product ∇²L · v, exact for smooth σ (a.e. Hessian for ReLU-type σ).
 *
 * ∇²L = (1/n) Σ_i [∇h_i ∇h_iᵀ − r_i ∇²h_i]; with v = (u, V) and q_i = ⟨∇h_i, v⟩:
 *   (∇²h_i v)_{a_j} = s σ'(z_ij) ⟨V_j, x_i⟩
 *   (∇²h_i v)_{w_j} = s [u_j σ'(z_ij) + a_j σ''(z_ij) ⟨V_j, x_i⟩] x_i
 */
export function hessianVectorProduct<T>(
  F: Field<T>,
  instance: Instance<T>,
  direction: ParameterVector<T>,
  pass: ForwardPass<T> = forward(F, instance),
): ParameterVector<T> {
  const n = instance.X.length;
  const d = instance.X[0].length;
  const p = instance.a.length;
  const { scale, sigma } = pass;
  const a: T[] = new Array<T>(p).fill(F.zero);
  const W: T[][] = Array.from({ length: p }, () => new Array<T>(d).fill(F.zero));
  instance.X.forEach((x, i) => {
    const z = pass.preactivations[i];
    const values = z.map((zij) => sigma.value(zij));
    const slopes = z.map((zij) => sigma.derivative(zij));
    const directionDotX = direction.W.map((row) => dot(F, row, x));
    // q_i = s Σ_j [u_j σ(z_ij) + a_j σ'(z_ij) ⟨V_j, x_i⟩]
    let q = F.zero;
    for (let j = 0; j < p; j++) {
      q = F.add(q, F.add(F.mul(direction.a[j], values[j]), F.mul(F.mul(instance.a[j], slopes[j]), directionDotX[j])));
    }
    q = F.mul(scale, q);
    const minusResidual = F.neg(pass.residuals[i]);
    for (let j = 0; j < p; j++) {
      // a-component: q_i ∂h_i/∂a_j + e_i (∇²h_i v)_{a_j}, with e_i = −r_i
      const gaussNewtonA = F.mul(q, F.mul(scale, values[j]));
      const curvatureA = F.mul(minusResidual, F.mul(scale, F.mul(slopes[j], directionDotX[j])));
      a[j] = F.add(a[j], F.add(gaussNewtonA, curvatureA));
      // w-component is a multiple of x_i
      const gaussNewtonW = F.mul(q, F.mul(scale, F.mul(instance.a[j], slopes[j])));
      const curvatureW = F.mul(
        minusResidual,
        F.mul(
          scale,
          F.add(F.mul(direction.a[j], slopes[j]), F.mul(F.mul(instance.a[j], sigma.secondDerivative(z[j])), directionDotX[j])),
        ),
      );
      const coefficient = F.add(gaussNewtonW, curvatureW);
      const row = W[j];
      for (let k = 0; k < d; k++) row[k] = F.add(row[k], F.mul(coefficient, x[k]));
    }
  });
  const inverseN = F.div(F.one, F.fromNumber(n));
  return { a: a.map((v) => F.mul(v, inverseN)), W: W.map((row) => row.map((v) => F.mul(v, inverseN))) };
}

/** a_j² − ‖w_j‖² per neuron: conserved by the gradient flow of a 1-homogeneous network (dana2025 Lemma 1). */
export function balance<T>(F: Field<T>, instance: Instance<T>): T[] {
  return instance.a.map((aj, j) => F.sub(F.mul(aj, aj), squaredNorm(F, instance.W[j])));
}

/**
 * pattern[i][j] = sign ⟨w_j, x_i⟩ (1 active, 0 on the kink, −1 inactive), or `undefined` where
 * the field cannot decide the sign.
 */
export function activationPattern<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T> = forward(F, instance)): (Sign | undefined)[][] {
  return pass.preactivations.map((row) => row.map((z) => F.sign(z)));
}

/**
 * Local PL curvature μ = −d log L/dt along the model's gradient flow dθ/dt = −c∇L:
 * c = p under mean-field scaling (dana2025 eq. (3)), 1 under standard scaling, so
 * μ = c‖∇L‖²/L. `undefined` at L = 0, where μ is not defined. Over intervals, `undefined` only
 * when L is certainly 0; an enclosure of L that reaches 0 gives an enclosure of μ for every L > 0
 * in it (unbounded above), never a silent choice.
 */
export function plCurvature<T>(F: Field<T>, instance: Instance<T>, lossValue: T, gradientValue: ParameterVector<T>): T | undefined {
  if (F.sign(lossValue) === 0) return undefined;
  const flowFactor = instance.model.scaling === "mean-field" ? F.fromNumber(instance.a.length) : F.one;
  return F.div(F.mul(flowFactor, parameterSquaredNorm(F, gradientValue)), lossValue);
}

export interface Evaluation<T> {
  loss: T;
  residuals: T[];
  outputs: T[];
  gradient: ParameterVector<T>;
  balance: T[];
  /** μ, or undefined at L = 0. */
  pl: T | undefined;
}

/** Every per-instance quantity from one forward pass. */
export function evaluate<T>(F: Field<T>, instance: Instance<T>): Evaluation<T> {
  const pass = forward(F, instance);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const gradientValue = gradient(F, instance, pass);
  return {
    loss: lossValue,
    residuals: pass.residuals,
    outputs: pass.outputs,
    gradient: gradientValue,
    balance: balance(F, instance),
    pl: plCurvature(F, instance, lossValue, gradientValue),
  };
}
