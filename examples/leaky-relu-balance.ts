/**
 * A user's own lemma, checked by shallowcheck without touching its source: for leaky-ReLU
 * mean-field networks, δ_j = a_j² − ‖w_j‖² is conserved along the gradient flow dθ/dt = −p∇L
 * (σ is positively homogeneous, σ'(z)·z = σ(z), so d(a_j²)/dt = d‖w_j‖²/dt).
 *
 *   npx shallowcheck check --catalogue examples/leaky-relu-balance.ts
 *   npx shallowcheck hunt examples/leaky-balance --catalogue examples/leaky-relu-balance.ts --drop homogeneous
 */
import { candidateArbitrary, defineProperty, fc, float64Field, gradientFlowSystem, initialState, instanceOverField, integrate } from "shallowcheck";

const U = 2 ** -53; // unit roundoff of float64
const gamma = (k: number) => (k * U) / (1 - k * U); // Higham's γ_k

export const leakyBalance = defineProperty({
  id: "examples/leaky-balance",
  title: "a_j² − ‖w_j‖² is conserved along the gradient flow of a leaky-ReLU network",
  citation: "Folklore (positive homogeneity); cf. Du, Hu & Lee, NeurIPS 2018, Theorem 2.1",
  statement: "Along dθ/dt = −p∇L with σ(z) = αz + (1−α)max(z, 0), δ_j(t) = δ_j(0) for every neuron j and t ≥ 0.",
  reading: "Checked at every accepted step of a Dormand–Prince run (rtol 1e-9, atol 1e-12) to t = 2. The allowance is 2S_jE + (d+1)E² + 2γ_{d+1}·(a_j² + ‖w_j‖²), E the integrator's global error estimate, S_j = |a_j| + ‖w_j‖₁.",
  mode: "trajectory",
  margin: { kind: "budget-fraction", formula: "min over j and t of 1 − |δ_j(t) − δ_j(0)| / allowance_j(t)" },
  assumptions: [{ name: "homogeneous", description: "σ is leaky-ReLU (positively homogeneous)", holds: (c) => c.file.model.activation === "leaky-relu" }],
  generate: (dropped) =>
    dropped.has("homogeneous")
      ? fc.constantFrom("tanh" as const, "softplus" as const).chain((activation) => candidateArbitrary({ activation, n: { max: 4 }, d: { max: 3 }, p: { max: 3 }, data: { law: "gaussian" }, init: { law: "gaussian" } }))
      : candidateArbitrary({ activation: "leaky-relu", alpha: "0.2", n: { max: 4 }, d: { max: 3 }, p: { max: 3 }, data: { law: "gaussian" }, init: { law: "gaussian" } }),
  evaluate(candidate) {
    const instance = instanceOverField(float64Field, candidate.file);
    const run = integrate(gradientFlowSystem(float64Field, instance), initialState(instance), { method: "dopri", rtol: 1e-9, atol: 1e-12, horizon: 2, maxSteps: 20_000, checkpoints: { kind: "every", steps: 1 } });
    const E = run.summary.globalErrorEstimate ?? 0;
    const [p, d] = [instance.a.length, instance.X[0].length];
    const start = run.checkpoints[0].balance;
    let margin = Infinity;
    for (const c of run.checkpoints.slice(1)) {
      for (let j = 0; j < p; j++) {
        const w = c.parameters.slice(p + j * d, p + (j + 1) * d);
        const size = Math.abs(c.parameters[j]) + w.reduce((t, v) => t + Math.abs(v), 0);
        const allowance = 2 * size * E + (d + 1) * E * E + 2 * gamma(d + 1) * (c.parameters[j] ** 2 + w.reduce((t, v) => t + v * v, 0));
        margin = Math.min(margin, 1 - Math.abs(c.balance[j] - start[j]) / allowance);
      }
    }
    if (margin === Infinity) return { margin: 1, vacuous: "the run took no step" };
    return { margin, detail: { errorEstimate: E, steps: run.summary.steps } };
  },
  knownBad: () => [
    {
      why: "tanh is not homogeneous: the balance drifts",
      candidate: { settings: {}, file: { model: { activation: "tanh", scaling: "mean-field" }, data: { X: [[1, 0.5], [-0.3, 1]], y: [1, -1] }, params: { W: [[0.8, -0.2]], a: [1.5] } } },
    },
  ],
  defaultRuns: 40,
});
