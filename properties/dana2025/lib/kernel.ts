/**
 * The neural tangent kernel K of dana2025's flow, eq. (3) (dh/dt = K r, our derivation), and the per-sample energies E_i, over any field:
 * shared by the kernel identity and the PL bounds built on it.
 */
import { dot, sum, type Field } from "../../../src/field/field.js";
import type { Instance } from "../../../src/model/instance.js";
import { forward, type ForwardPass } from "../../../src/model/network.js";

/** K_ik = (1/(np)) Σ_j [σ(⟨w_j,x_i⟩)σ(⟨w_j,x_k⟩) + a_j² 1_ij 1_kj ⟨x_i,x_k⟩], with the ReLU of the paper (not the instance's activation). */
export function tangentKernel<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T> = forward(F, instance)): T[][] {
  const n = instance.X.length;
  const p = instance.a.length;
  const inverse = F.div(F.one, F.fromNumber(n * p));
  const z = pass.preactivations;
  const aSquared = instance.a.map((a) => F.mul(a, a));
  return instance.X.map((xi, i) =>
    instance.X.map((xk, k) => {
      const gram = dot(F, xi, xk);
      let total = F.zero;
      for (let j = 0; j < p; j++) {
        const features = F.mul(F.positivePart(z[i][j]), F.positivePart(z[k][j]));
        const tangents = F.mul(F.mul(aSquared[j], F.mul(F.indicatorPositive(z[i][j]), F.indicatorPositive(z[k][j]))), gram);
        total = F.add(total, F.add(features, tangents));
      }
      return F.mul(inverse, total);
    }),
  );
}

/** vᵀMv. */
export function quadraticForm<T>(F: Field<T>, M: readonly (readonly T[])[], v: readonly T[]): T {
  return sum(
    F,
    M.map((row, i) => F.mul(v[i], dot(F, row, v))),
  );
}

/** E_i = (1/p) Σ_j a_j² 1{⟨w_j, x_i⟩ > 0}, the per-sample energy (`energies` in the authors' code for dana2025, Section 5). */
export function energies<T>(F: Field<T>, instance: Instance<T>, pass: ForwardPass<T> = forward(F, instance)): T[] {
  const inverseP = F.div(F.one, F.fromNumber(instance.a.length));
  return pass.preactivations.map((row) => F.mul(inverseP, sum(F, row.map((z, j) => F.mul(F.mul(instance.a[j], instance.a[j]), F.indicatorPositive(z))))));
}
