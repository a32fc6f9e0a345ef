/**
 * Filippov sliding on ReLU kinks.
 *
 * When both one-sided vector fields push a pre-activation z_ij = ⟨w_j, x_i⟩ toward 0 — on the
 * negative side ż_ij > 0, on the positive side ż_ij < 0 — the trajectory cannot leave the kink:
 * naive stepping chatters across it with collapsing steps. The motion that the limit of
 * vanishing step (gradient descent with η → 0 chattering around z_ij = 0) converges to is
 * Filippov's: the convex combination of the two one-sided fields that is tangent to the
 * surface. Since σ(0) = 0, the two fields differ only in σ'(z_ij), so the sliding motion is the
 * flow with an *effective slope* α_ij ∈ [σ'(0−), σ'(0+)] in place of σ'(z_ij), chosen so that
 * ż_ij = 0. Off the sliding set the convention σ'(0) = 0 (relu) / α (leaky-relu) is unchanged.
 *
 * For neuron j with sliding samples S_j, ẇ_j ∝ a_j Σ_k r_k σ'_kj x_k, so ż_ij = 0 for i ∈ S_j is
 * the Gram system Σ_{k∈S_j} (r_k α_k) ⟨x_k, x_i⟩ = −Σ_{k∉S_j} r_k σ'_kj ⟨x_k, x_i⟩.
 */
import { type Field, dot } from "../field/field.js";
import type { Instance } from "../model/instance.js";
import type { ForwardPass } from "../model/network.js";
import { solveLinearSystem } from "./linearSolve.js";

export interface KinkPair {
  sample: number;
  neuron: number;
}

function groupByNeuron(pairs: readonly KinkPair[]): Map<number, number[]> {
  const byNeuron = new Map<number, number[]>();
  for (const { sample, neuron } of pairs) {
    const samples = byNeuron.get(neuron) ?? [];
    samples.push(sample);
    byNeuron.set(neuron, samples);
  }
  return byNeuron;
}

/** Effective slopes α_ij of the sliding pairs at the current forward pass, keyed by i·p + j. */
export function slidingSlopes<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T>, pairs: readonly KinkPair[]): Map<number, T> {
  const p = instance.a.length;
  const slopes = new Map<number, T>();
  const lowSlope = pass.sigma.derivative(F.neg(F.one));
  for (const [neuron, samples] of groupByNeuron(pairs)) {
    const sliding = new Set(samples);
    const gram = samples.map((i) => samples.map((k) => dot(F, instance.X[k], instance.X[i])));
    const rightHandSide = samples.map((i) => {
      let total = F.zero;
      instance.X.forEach((x, k) => {
        if (sliding.has(k)) return;
        const slope = pass.sigma.derivative(pass.preactivations[k][neuron]);
        total = F.add(total, F.mul(F.mul(pass.residuals[k], slope), dot(F, x, instance.X[i])));
      });
      return F.neg(total);
    });
    const weighted = solveLinearSystem(F, gram, rightHandSide);
    samples.forEach((i, index) => {
      const residual = pass.residuals[i];
      // r_i = 0 (or a degenerate Gram matrix): x_i exerts no force on w_j, any slope will do.
      const slope = weighted && F.sign(residual) !== 0 ? F.div(weighted[index], residual) : lowSlope;
      slopes.set(i * p + neuron, slope);
    });
  }
  return slopes;
}

/**
 * Project each w_j onto {w : ⟨w, x_i⟩ = 0 for its sliding samples i}: removes the drift off the
 * sliding surface that rounding and integration error accumulate.
 */
export function projectOntoKinks<T>(F: Field<T>, instance: Instance<T>, pairs: readonly KinkPair[]): T[][] {
  const W = instance.W.map((row) => row.slice());
  for (const [neuron, samples] of groupByNeuron(pairs)) {
    const gram = samples.map((i) => samples.map((k) => dot(F, instance.X[k], instance.X[i])));
    const offsets = samples.map((i) => dot(F, W[neuron], instance.X[i]));
    const coefficients = solveLinearSystem(F, gram, offsets);
    if (!coefficients) continue;
    samples.forEach((k, index) => {
      const x = instance.X[k];
      for (let m = 0; m < x.length; m++) W[neuron][m] = F.sub(W[neuron][m], F.mul(coefficients[index], x[m]));
    });
  }
  return W;
}
