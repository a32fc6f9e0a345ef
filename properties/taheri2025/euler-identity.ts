/**
 * taheri2025/euler-identity — the homogeneity (Euler) identities at every β, behind the "rescaled
 * network" arguments of Taheri, Xie, Lederer (arXiv 2205.04491) Theorems 1–3 (not a numbered result
 * of the paper, whose text was not available to us; derived and proved here):
 *   per neuron  γ_j·∂risk_X/∂γ_j = ⟨Θ_j, ∂risk_X/∂Θ_j⟩,  and in total  ⟨∇_γ risk_X, γ⟩ = −(2/n)⟨e, f_β(X)⟩.
 * The loss is invariant under γ_j → tγ_j, Θ_j → Θ_j/t (t > 0) because φ is positively
 * 1-homogeneous; for relu, z·relu′(z) = relu(z) for every z, so the convention relu′(0) = 0 is harmless.
 *
 * Exact rationals, zero tolerance. Margin: 0 when every identity holds, else −(largest gap)/‖y‖²_n.
 * Vacuous: every side is 0 (f = 0 on the data, e.g. γ = 0 or a dead ReLU layer): 0 = 0 says nothing.
 * Known bad case (assumption `homogeneous-activation` dropped): φ(z) = z², 2-homogeneous, where
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
import { scalarCandidate } from "./lib/candidates.js";

/** Every Euler gap (per neuron, and the total one) and the margin −(largest gap)/‖y‖²_n, over any field. */
function eulerGaps<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  const p = pass(F, c.data, c.params);
  const perNeuron = c.params.gamma.map((g, j) => F.mul(g, p.gradGamma[j]));
  const perNeuronTheta = c.params.theta.map((row, j) => dot(F, row, p.gradTheta[j]));
  const neuronGaps = perNeuron.map((lhs, j) => F.abs(F.sub(lhs, perNeuronTheta[j])));
  const gammaEuler = perNeuron.reduce((t, x) => F.add(t, x), F.zero);
  const minusTwoEF = F.mul(F.fromNumber(-2), innerN(F, p.residual, p.predictions));
  const totalGap = F.abs(F.sub(gammaEuler, minusTwoEF));
  const largest = neuronGaps.reduce((m, x) => F.max(m, x), totalGap);
  const sides = [...perNeuron, ...perNeuronTheta, gammaEuler, minusTwoEF];
  return { neuronGaps, totalGap, gammaEuler, minusTwoEF, sides, margin: identityMarginOver(F, largest, F.zero, squaredNormN(F, c.data.y)) };
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
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: the homogeneity identity behind the 'rescaled network' arguments of Theorems 1–3",
    provenance: "derived and proved here (the paper's text was not available to us); checked in exact arithmetic",
  },
  margin: {
    kind: "identity",
    formula: "−max(max_j |γ_j∂risk/∂γ_j − ⟨Θ_j, ∂risk/∂Θ_j⟩|, |⟨∇_γ risk, γ⟩ + (2/n)⟨e, f⟩|)/‖y‖²_n, exact rationals (unscaled when y = 0)",
  },
  mode: "exact",
  statement: "For every β = (γ, Θ) and data, with risk_X = ‖y − γᵀφ(Θx)‖²_n and φ positively 1-homogeneous: γ_j·∂risk_X/∂γ_j = ⟨Θ_j, ∂risk_X/∂Θ_j⟩ for every neuron j, and ⟨∇_γ risk_X, γ⟩ = ⟨∇_Θ risk_X, Θ⟩ = −(2/n)⟨e, f_β(X)⟩.",
  reading:
    "Pointwise in β, any data, linear, relu and leaky-relu networks, standard scaling (f = γᵀφ(Θx), no 1/p); relu′(0) = 0 (harmless: z·relu′(z) = relu(z) for every z). Exact rational arithmetic, zero tolerance. A candidate on which every side is 0 (f = 0 on the data) is counted as vacuous.",
  assumptions: [homogeneousActivation],
  generate: (dropped) => anyParameter(dropped.has(homogeneousActivation.name) ? ["quadratic"] : ["identity", "relu", "leaky-relu"]),
  evaluate(candidate): Evaluation {
    const g = eulerGaps(Q, exact(candidate));
    const vacuous = g.sides.every((x) => Q.sign(x) === 0) ? "every side of every identity is 0 (e.g. f = 0 on the data)" : undefined;
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
      ...(vacuous ? { vacuous } : {}),
      detail: { worstNeuron, neuronGap: num(worst), totalGap: num(g.totalGap), gammaEuler: num(g.gammaEuler), minusTwoEF: num(g.minusTwoEF) },
    };
  },
  marginOver: (F, candidate, _context, instance) => eulerGaps(F, penalizedOver(F, candidate, instance)).margin,
  knownBad: () => {
    // x = 1, y = 2, Θ = 1, γ = 1, φ(z) = z²: γ∂γ = −2, ⟨Θ, ∂Θ⟩ = −4, margin −2/‖y‖²_n = −1/2.
    const quadratic = scalarCandidate("2", "1", "0.1");
    quadratic.file.model.activation = "quadratic";
    return [{ why: "homogeneous-activation dropped: φ(z) = z² is 2-homogeneous, so ⟨Θ_j, ∂Θ_j⟩ = 2γ_j∂γ_j", candidate: quadratic }];
  },
  defaultRuns: 200,
};
