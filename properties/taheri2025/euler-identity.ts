/**
 * taheri2025/euler-identity — the homogeneity (Euler) identities at every β (spec taheri2025.md §3.2):
 *   per neuron  γ_j·∂risk_X/∂γ_j = ⟨Θ_j, ∂risk_X/∂Θ_j⟩,  and in total  ⟨∇_γ risk_X, γ⟩ = −(2/n)⟨e, f_β(X)⟩.
 * The loss is invariant under γ_j → tγ_j, Θ_j → Θ_j/t (t > 0) because φ is positively
 * 1-homogeneous; for relu, z·relu′(z) = relu(z) for every z, so the convention relu′(0) = 0 is harmless.
 *
 * Exact rationals, zero tolerance. Margin: 0 when every identity holds, else −(largest gap)/‖y‖²_n.
 * Bad case (assumption `homogeneous-activation` dropped): φ(z) = z², 2-homogeneous, where
 * ⟨Θ_j, ∂Θ_j⟩ = 2γ_j∂γ_j instead.
 */
import fc from "fast-check";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { dot, type Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { innerN, pass, squaredNormN } from "../../src/penalized/network.js";
import { homogeneousActivation } from "./lib/assumptions.js";
import { exact, identityMarginOver, marginNumber, num, penalizedOver, Q } from "./lib/common.js";

/** Every Euler gap (per neuron, and the total one) and the margin −(largest gap)/‖y‖²_n, over any field. */
function eulerGaps<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  const p = pass(F, c.data, c.params);
  const perNeuron = c.params.gamma.map((g, j) => F.mul(g, p.gradGamma[j]));
  const neuronGaps = perNeuron.map((lhs, j) => F.abs(F.sub(lhs, dot(F, c.params.theta[j], p.gradTheta[j]))));
  const gammaEuler = perNeuron.reduce((t, x) => F.add(t, x), F.zero);
  const minusTwoEF = F.mul(F.fromNumber(-2), innerN(F, p.residual, p.predictions));
  const totalGap = F.abs(F.sub(gammaEuler, minusTwoEF));
  const largest = neuronGaps.reduce((m, x) => F.max(m, x), totalGap);
  return { neuronGaps, totalGap, gammaEuler, minusTwoEF, margin: identityMarginOver(F, largest, F.zero, squaredNormN(F, c.data.y)) };
}

const tenths = (k: number) => (k / 10).toFixed(1);
const matrix = (rows: number, columns: number) => fc.array(fc.array(fc.integer({ min: -20, max: 20 }).map(tenths), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });

function anyParameter(activations: readonly ("identity" | "relu" | "leaky-relu" | "quadratic")[]): fc.Arbitrary<Candidate> {
  return fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...activations))
    .chain(([n, d, w, activation]) =>
      fc.record({ X: matrix(n, d), y: matrix(1, n), W: matrix(w, d), a: matrix(1, w) }).map(
        ({ X, y, W, a }): Candidate => ({
          file: { model: { activation, scaling: "standard" }, data: { X, y: y[0] }, params: { W, a: a[0] } } as InstanceFile,
          settings: { r: "0.1", penalty: "B" },
        }),
      ),
    );
}

export const eulerIdentity: Property = {
  id: "taheri2025/euler-identity",
  title: "Euler identities: γ_j∂_{γ_j}risk = ⟨Θ_j, ∂_{Θ_j}risk⟩ and ⟨∇_γ risk, γ⟩ = −(2/n)⟨e, f⟩ at every β",
  reference: { paper: "taheri2025", statement: "proof technique ('scaling tricks, rescaled networks'); not quoted from the paper", spec: "taheri2025.md §3.1–§3.2", provenance: "[D]" },
  mode: "exact",
  statement: "For every β = (γ, Θ) and data, with risk_X = ‖y − γᵀφ(Θx)‖²_n and φ positively 1-homogeneous: γ_j·∂risk_X/∂γ_j = ⟨Θ_j, ∂risk_X/∂Θ_j⟩ for every neuron j, and ⟨∇_γ risk_X, γ⟩ = ⟨∇_Θ risk_X, Θ⟩ = −(2/n)⟨e, f_β(X)⟩.",
  reading: "Pointwise in β, any data, linear, relu and leaky-relu networks, standard scaling; relu′(0) = 0. Exact rational arithmetic, zero tolerance.",
  assumptions: [homogeneousActivation],
  generate: (dropped) => anyParameter(dropped.has(homogeneousActivation.name) ? ["quadratic"] : ["identity", "relu", "leaky-relu"]),
  evaluate(candidate): Evaluation {
    const g = eulerGaps(Q, exact(candidate));
    let worst = Q.zero;
    let worstNeuron = -1;
    g.neuronGaps.forEach((gap, j) => {
      if (Q.sign(Q.sub(gap, worst)) === 1) {
        worst = gap;
        worstNeuron = j;
      }
    });
    return {
      margin: marginNumber(g.margin),
      detail: { worstNeuron, neuronGap: num(worst), totalGap: num(g.totalGap), gammaEuler: num(g.gammaEuler), minusTwoEF: num(g.minusTwoEF) },
    };
  },
  marginOver: (F, candidate, _context, instance) => eulerGaps(F, penalizedOver(F, candidate, instance)).margin,
  defaultRuns: 200,
};
