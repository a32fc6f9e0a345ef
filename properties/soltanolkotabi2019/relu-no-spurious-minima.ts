/**
 * soltanolkotabi2019/relu-no-spurious-minima — the landscape claim "gradient descent on the ReLU
 * teacher–student population loss never ends at a spurious local minimum", which Safran & Shamir
 * (2018) refute for 6 ≤ k ≤ 20 (spec soltanolkotabi2019.md §6.1; Soltanolkotabi et al. cite it
 * as the reason over-parameterization matters).
 *
 * Candidate encoding (our reading; an instance file has no slot for a population teacher):
 * `data.X` holds the k teacher rows v_j (here e_j, d = k) and `data.y` zeros; `params.W` holds the
 * n student rows of the Xavier initialization W₀ (N(0,1)/√d entries) and `params.a` ones (the
 * fixed output layer). Model `relu`, scaling `standard`. Settings: `k`, `n` (targets, students;
 * the generator's sizes, default 4 and 4 — a regime where Safran & Shamir's 1000 runs found no
 * spurious point, so the default `check` is expected to pass), `step` (0.1), `maxIterations`.
 *
 * Evaluation: the spec's protocol (spuriousMinimum.ts `gradientDescent`: step 0.1, stop at
 * max_i‖∂F/∂w_i‖ ≤ 1e-9, halve the step on divergence) from W₀, plus an early stop once F ≤ 1e-4
 * (a monotone descent cannot end at F ≥ 1e-3 from there; it spares the slow tail of n > k runs);
 * an end point with F ≥ 1e-3 is Newton-refined at 40 digits and certified (`refineAndCertify`). Margin:
 *   1e-3 − F > 0 when the run reaches the global minimum's basin (F < 1e-3);
 *   0 when the end point is bad but not certified a minimum (saddle, not refined, non-smooth);
 *   −F < 0 when it is a certified spurious local minimum: ‖∇F‖ ~ 10⁻³⁹, H ≻ (λ̂/2)I proved by
 *   positive decimal LDLᵀ pivots. Not proved: the third-derivative bound that places an exact
 *   critical point within ‖∇F‖/λ (see spuriousMinimum.ts).
 * `hunt soltanolkotabi2019/relu-no-spurious-minima --k 6 --n 6` samples initializations and finds
 * such a point; stored certified minima are in fixtures/soltanolkotabi2019/.
 */
import fc from "fast-check";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Assumption, Candidate, Property, Settings } from "../../src/check/property.js";
import { BAD_LOSS_THRESHOLD, gradientDescent, orthonormalTeacher, refineAndCertify, xavierInit } from "../../src/population/spuriousMinimum.js";
import { seededRandom } from "../../src/random/rng.js";
import { numberSetting } from "./settings.js";

export const DEFAULT_TARGETS = 4;

const teacherOf = (candidate: Candidate) => candidate.file.data.X.map((row) => row.map(Number));
const studentOf = (candidate: Candidate) => candidate.file.params.W.map((row) => row.map(Number));

export const orthonormalTeacherAssumption: Assumption = {
  name: "orthonormal-teacher",
  description: "the teacher rows (data.X) are e_1..e_k in R^k, exactly (Safran & Shamir's target)",
  holds: (c) => {
    const X = c.file.data.X;
    return X.every((row, j) => row.length === X.length && row.every((x, i) => Number(x) === (i === j ? 1 : 0)));
  },
};

export const enoughStudents: Assumption = {
  name: "enough-students",
  description: "n ≥ k student rows (params.W), so the global minimum F = 0 is attainable and F ≥ 1e-3 means spurious",
  holds: (c) => c.file.params.W.length >= c.file.data.X.length && c.file.params.W.every((row) => row.length === c.file.data.X.length),
};

export const unitOutputWeights: Assumption = {
  name: "unit-output-weights",
  description: "params.a is all ones: the student's output layer is fixed to 1, as the teacher's",
  holds: (c) => c.file.params.a.every((a) => Number(a) === 1),
};

function reluCandidate(k: number, n: number, settings: Settings): fc.Arbitrary<Candidate> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed): Candidate => {
    const W0 = xavierInit(seededRandom(`soltanolkotabi2019/relu-no-spurious-minima/init/${seed}`), n, k);
    const file = {
      model: { activation: "relu", scaling: "standard" },
      data: { X: orthonormalTeacher(k), y: new Array<number>(k).fill(0) },
      params: { W: W0, a: new Array<number>(n).fill(1) },
    } as InstanceFile;
    return { file, settings: { k, n, ...settings } };
  });
}

function makeProperty(configured: Settings): Property {
  const k = numberSetting(configured, "k", DEFAULT_TARGETS);
  const n = numberSetting(configured, "n", k);
  if (!(Number.isInteger(k) && k >= 1 && Number.isInteger(n) && n >= 1)) throw new RangeError(`relu-no-spurious-minima: k and n must be positive integers, got k = ${k}, n = ${n}`);
  return {
    id: "soltanolkotabi2019/relu-no-spurious-minima",
    title: "ReLU teacher–student (Gaussian population loss): gradient descent from Xavier init ends at no spurious local minimum",
    reference: {
      paper: "soltanolkotabi2019",
      statement: "Safran & Shamir 2018 (cited as [42] in §4): spurious local minima for 6 ≤ k ≤ 20",
      spec: "soltanolkotabi2019.md §6.1",
      provenance: "[code: ItaySafran/OneLayerGDconvergence; certificate DERIVED here]",
    },
    mode: "trajectory",
    statement:
      "For F(W) = ½E_{x~N(0,I)}[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨e_j,x⟩))²], gradient descent from a Xavier initialization does not end at a local minimum with F ≥ 1e-3. False for k = n ≥ 6: hunt certifies counterexamples.",
    reading:
      "Teacher rows in data.X, Xavier init in params.W (settings k targets, n students; default k = n = 4). End points with F ≥ 1e-3 are Newton-refined at 40 digits; a certified minimum has ‖∇F‖ ≲ 1e-20 and H ≻ (λ̂/2)I by positive decimal LDLᵀ pivots (no third-derivative bound: numerical certificate, not an interval proof).",
    assumptions: [orthonormalTeacherAssumption, enoughStudents, unitOutputWeights],
    generate: () => reluCandidate(k, n, {}),
    evaluate(candidate) {
      const V = teacherOf(candidate);
      const W0 = studentOf(candidate);
      const run = gradientDescent(W0, V, {
        step: numberSetting(candidate.settings, "step", 0.1),
        maxIterations: numberSetting(candidate.settings, "maxIterations", 200_000),
        stopBelowLoss: BAD_LOSS_THRESHOLD / 10,
      });
      const base = { iterations: run.iterations, converged: run.converged, stoppedBelowLoss: run.stoppedBelowLoss, monotone: run.monotone, floatLoss: run.loss, maxRowGradient: run.maxRowGradient };
      if (run.loss < BAD_LOSS_THRESHOLD) return { margin: BAD_LOSS_THRESHOLD - run.loss, detail: { ...base, verdict: "global" } };
      const certificate = refineAndCertify(run.W, V, { digits: 40 });
      const detail = {
        ...base,
        verdict: certificate.verdict,
        loss: certificate.loss,
        gradientNorm: certificate.gradientNorm,
        lambdaMinEstimate: certificate.lambdaEstimate,
        lambdaMinLower: certificate.lambdaLower,
        distanceEstimate: certificate.distanceEstimate,
        newtonSteps: certificate.newtonSteps,
      };
      return { margin: certificate.verdict === "spurious-minimum" ? -Number(certificate.loss) : 0, detail };
    },
    configure: (settings) => makeProperty({ ...configured, ...settings }),
    defaultRuns: 20,
  };
}

export const reluNoSpuriousMinima: Property = makeProperty({});
