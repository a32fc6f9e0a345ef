/**
 * dana2025/theorem1-gd-decay — a discrete-time (gradient-descent) form of Theorem 1 of Dana,
 * Pillaud-Vivien & Bach (arXiv 2502.16977). The authors answer a reviewer that there is "a valid
 * discrete equivalent to Theorem 1, up to a constant depending on s", where "s might need to depend
 * on p, n, d or the constants C"; the statement itself was not available. Our reading:
 *
 *   GD θ_{k+1} = θ_k − η·p∇L(θ_k) (the Euler step of eq. (3), as the authors' code runs it). At every
 *   step with η·tr K(θ_k) ≤ 1/2 (step-size condition; tr K ≥ λ_max(K), K the tangent kernel of
 *   dh/dt = K r):  L(θ_{k+1}) ≤ (1 − (η/2)·B_k)·L(θ_k),  B_k = (C/n)·min_i |h_θk(x_i)/y_i|,
 *
 * Theorem 1's eq. (6) bound at θ_k with the constant halved. Why these constants: to first order a
 * step decreases L by η·μ_k·L_k; on the linearized model the second-order term is at most
 * η·λ_max/2 ≤ 1/4 of it under the condition, so L_{k+1} ≤ (1 − (3/4)ημ_k)L_k there, and μ_k ≥ B_k is
 * eq. (6); the factor 1/2 (not 3/4) leaves the nonlinearity of h in θ (and ReLU kinks crossed within a
 * step) a quarter of the first-order decrease. It is a reading, not a theorem we proved.
 *
 * Checked along GD from Theorem 1's regime (lib/theorem1Regime.ts; n up to 16 by default) with
 * η = f/(2·tr K(θ_0)), f = settings.stepFraction (default 1/2), for settings.steps (default 300)
 * steps or until L ≤ 10⁻¹²·L(θ_0). Per step, A = L_k − L_{k+1} (achieved decrease) and G = (η/2)·B_k·L_k
 * (guaranteed) are enclosed by their allowances — rigorous rounding bounds of L_k, L_{k+1} and B_k at
 * the double iterates (a-priori dot-product bounds), plus an ESTIMATE of the effect of rounding the
 * update, ‖∇L‖·2u·‖θ_{k+1}‖. The step holds when A⁻ ≥ G⁺ (margin (A⁻ − G⁺)/max(|A⁻|, G⁺)), fails when
 * A⁺ < G⁻ (margin (A⁺ − G⁻)/max(|A⁺|, G⁻)), and is not judged in between (a near-tie at the rounding
 * level, as when L barely moves on a dying network). Steps where the condition fails
 * are not judged (counted); a run with none judged is vacuous. With the assumption gd-step-size
 * dropped (stepFraction > 1) every step is judged.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { numberSetting } from "../../src/check/settings.js";
import { gamma } from "../../src/field/errorBound.js";
import { float64Field } from "../../src/field/float64.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { Instance } from "../../src/model/instance.js";
import { assumption1Weak, assumption2, dataBounds, reluMeanField } from "./lib/assumptions.js";
import { absolute, gdPointOnKernels, RELU_MEAN_FIELD, rowSquaredNorms, type GdPoint } from "./lib/floatOnKernels.js";
import { toFloatInstance, workspaceFor, type FloatInstance } from "../../src/fast/floatInstance.js";
import { theorem1RegimeCandidate } from "./lib/theorem1Regime.js";

const u = 2 ** -53;
const DEFAULT_STEPS = 300;
const DEFAULT_MAX_N = 16;

/** The instance in flat arrays with dana2025's model (ReLU, mean-field: the formulas of the reading, whatever the file says). */
function flatReluMeanField(instance: Instance<number>): FloatInstance {
  return { ...toFloatInstance(instance), model: RELU_MEAN_FIELD };
}

/** L, outputs, p∇L and tr K at θ with rigorous bounds on L and on every |h_i|, on the fast kernels (lib/floatOnKernels.ts). */
export function gdPoint(instance: Instance<number>): GdPoint {
  const flat = flatReluMeanField(instance);
  return gdPointOnKernels(flat, workspaceFor(flat), absolute(flat.X), rowSquaredNorms(flat));
}

/** One judged or skipped step. */
export interface GdStepCheck {
  k: number;
  conditionHolds: boolean;
  achieved: number;
  guaranteed: number;
  margin?: number;
  /** The achieved and guaranteed decreases are within their allowances of each other: not judged. */
  unresolved?: boolean;
}

/** Σ v_k². */
function squaredSum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}

/** The run and every step's check (see the file comment). GD runs on the fast kernels, θ updated in place. */
export function gdDecayChecks(candidate: Candidate) {
  const instance = instanceOverField(float64Field, candidate.file);
  const n = instance.X.length;
  const norms = instance.X.map((x) => x.reduce((s, v) => s + v * v, 0));
  const cxMin = Math.sqrt(norms.reduce((m, v) => Math.min(m, v), Infinity));
  const cxMax = Math.sqrt(norms.reduce((m, v) => Math.max(m, v), 0));
  const cyMin = instance.y.reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const C = ((cxMin / cxMax) * cxMin * cyMin);
  // C from double roots and products: ≤ 6u relative (two square roots, a quotient, two products, of norms within γ_d).
  const cUpper = C * (1 + 6 * u + gamma(instance.X[0].length + 1));
  const cLower = C * (1 - 6 * u - gamma(instance.X[0].length + 1));
  const flat = flatReluMeanField(instance);
  const workspace = workspaceFor(flat);
  const absX = absolute(flat.X);
  const squaredNorms = rowSquaredNorms(flat);
  const at = () => gdPointOnKernels(flat, workspace, absX, squaredNorms);
  let point = at();
  const eta = numberSetting(candidate.settings, "stepFraction", 0.5) / (2 * point.trace);
  const steps = Math.floor(numberSetting(candidate.settings, "steps", DEFAULT_STEPS));
  // With the step-size assumption dropped (stepFraction > 1) every step is judged, so a violation shows.
  const judgeEveryStep = numberSetting(candidate.settings, "stepFraction", 0.5) > 1;
  const checks: GdStepCheck[] = [];
  const initialLoss = point.loss;
  for (let k = 0; k < steps && point.loss > 1e-12 * initialLoss; k++) {
    const conditionHolds = judgeEveryStep || eta * point.trace <= 0.5;
    // B_k enclosed: min_i (|h_i| ∓ e_i)/|y_i| times C^∓/n, each end rounded outward by 4u.
    let ratioUp = Infinity;
    let ratioLow = Infinity;
    instance.y.forEach((y, i) => {
      ratioUp = Math.min(ratioUp, (Math.abs(point.outputs[i]) + point.outputErrors[i]) / Math.abs(y));
      ratioLow = Math.min(ratioLow, Math.max(0, Math.abs(point.outputs[i]) - point.outputErrors[i]) / Math.abs(y));
    });
    for (let j = 0; j < flat.p; j++) flat.a[j] -= eta * point.gradA[j];
    for (let m = 0; m < flat.W.length; m++) flat.W[m] -= eta * point.gradW[m];
    const nextPoint = at();
    const gradNorm = Math.sqrt(squaredSum(point.gradA) + squaredSum(point.gradW));
    const parameterNorm = Math.sqrt(squaredSum(flat.a) + squaredSum(flat.W));
    // Estimate of the update's rounding (θ_{k+1} is rounded, ≤ u per coordinate relative, twice): ‖∇L‖·2u·‖θ_{k+1}‖.
    const allowance = point.lossError + nextPoint.lossError + gradNorm * 2 * u * parameterNorm;
    const decrease = point.loss - nextPoint.loss;
    const achievedLow = decrease - allowance;
    const achievedUp = decrease + allowance;
    const guaranteedUp = (eta / 2) * ((cUpper / n) * ratioUp) * (point.loss + point.lossError) * (1 + 8 * u);
    const guaranteedLow = (eta / 2) * ((cLower / n) * ratioLow) * Math.max(0, point.loss - point.lossError) * (1 - 8 * u);
    const check: GdStepCheck = { k, conditionHolds, achieved: decrease, guaranteed: (eta / 2) * ((C / n) * ratioUp) * point.loss };
    // Three-valued: holds when the achieved decrease is certainly ≥ the guaranteed one, fails when
    // certainly below, and a step within the allowances (a near-tie at rounding level) is not judged.
    if (conditionHolds && guaranteedUp > 0) {
      if (achievedLow >= guaranteedUp) check.margin = (achievedLow - guaranteedUp) / Math.max(Math.abs(achievedLow), guaranteedUp);
      else if (achievedUp < guaranteedLow) check.margin = (achievedUp - guaranteedLow) / Math.max(Math.abs(achievedUp), guaranteedLow);
      else check.unresolved = true;
    }
    checks.push(check);
    point = nextPoint;
  }
  return { checks, eta, initialLoss, finalLoss: point.loss, C };
}

function evaluateGdDecay(candidate: Candidate): Evaluation {
  const { checks, eta, initialLoss, finalLoss, C } = gdDecayChecks(candidate);
  const judged = checks.filter((c): c is GdStepCheck & { margin: number } => c.margin !== undefined);
  const facts = { eta, initialLoss, finalLoss, C, steps: checks.length, stepsJudged: judged.length, stepsOutsideCondition: checks.filter((c) => !c.conditionHolds).length, stepsUnresolved: checks.filter((c) => c.unresolved).length };
  if (judged.length === 0) return { margin: 1, vacuous: "no step judged: none met the step-size condition with a positive guaranteed decrease outside the rounding allowances", detail: facts };
  const worst = judged.reduce((w, c) => (c.margin < w.margin ? c : w));
  return {
    margin: worst.margin,
    slack: { observed: worst.achieved, bound: worst.guaranteed },
    detail: { worstStep: worst.k, achievedAtWorst: worst.achieved, guaranteedAtWorst: worst.guaranteed, ...facts },
  };
}

const stepSize: Assumption = {
  name: "gd-step-size",
  description: "η·tr K(θ_0) ≤ 1/2, i.e. settings.stepFraction ≤ 1 (η = stepFraction/(2·tr K(θ_0))); judged again at every step",
  holds: (c) => numberSetting(c.settings, "stepFraction", 0.5) <= 1,
};

function candidates(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const stepFraction = dropped.has(stepSize.name) ? fc.constantFrom(0.5, 4, 8) : fc.constant(0.5);
  return fc
    .tuple(theorem1RegimeCandidate({ maxN: DEFAULT_MAX_N }), stepFraction)
    .map(([c, f]): Candidate => ({ ...c, settings: { ...c.settings, stepFraction: f } }));
}

/** Two orthonormal points, one neuron active on both with a = 1: with η·tr K = 2 (stepFraction 4) the step overshoots. */
export const overshoot: Candidate = {
  file: { model: { activation: "relu", scaling: "mean-field" }, data: { X: [[1, 0], [0, 1]], y: [2, 2] }, params: { W: [[0.5, 0.5]], a: [1] } },
  settings: { stepFraction: 4, steps: 5 },
};

export const theorem1GdDecay: Property = {
  id: "dana2025/theorem1-gd-decay",
  title: "Theorem 1, gradient descent: η·tr K ≤ 1/2 ⇒ L(θ_{k+1}) ≤ (1 − (η/2)(C/n)·min_i|h(x_i)/y_i|)·L(θ_k)",
  reference: {
    paper: "dana2025",
    statement: "Theorem 1, discrete-time form (the authors' rebuttal: 'a valid discrete equivalent to Theorem 1, up to a constant depending on s')",
    provenance: "the existence of a discrete equivalent is the authors' claim in the rebuttal; the step-size condition η·tr K ≤ 1/2 and the constant 1/2 are the suite's reading (first-order argument, file comment)",
  },
  margin: {
    kind: "bound-slack",
    formula: "min over judged steps of (A⁻ − G⁺)/max(|A⁻|, G⁺) where A⁻ ≥ G⁺, else (A⁺ − G⁻)/max(|A⁺|, G⁻) where A⁺ < G⁻; A = L_k − L_{k+1} (achieved decrease), G = (η/2)·(C/n)·min_i|h_i/y_i|·L_k (guaranteed), ± their allowances; steps in between not judged",
    bound: { direction: "lower", observed: "achieved decrease L_k − L_{k+1}", bound: "(η/2)·(C/n)·min_i|h_i/y_i|·L_k" },
  },
  mode: "trajectory",
  statement:
    "Under the Assumption-2 encoding, Assumption 1 at θ_0 and the data bounds, GD θ_{k+1} = θ_k − η·p∇L(θ_k) satisfies L(θ_{k+1}) ≤ (1 − (η/2)·(C/n)·min_i|h_θk(x_i)/y_i|)·L(θ_k) at every step with η·tr K(θ_k) ≤ 1/2, C = (C_x^-/C_x^+)C_x^-C_y^-.",
  reading:
    "The paper's discrete statement was not available; the condition η·tr K ≤ 1/2 (tr K ≥ λ_max of the tangent kernel) and the factor 1/2 are our reading (file comment). η = settings.stepFraction/(2·tr K(θ_0)) (default 1/2), settings.steps (default 300) steps or until L ≤ 10⁻¹²·L(θ_0); C_x^±, C_y^- the instance's own. " +
    `Candidates from Theorem 1's regime: n from 1 to ${DEFAULT_MAX_N} (n ≥ 4 in nine draws of ten), d log-uniform in [n, n²], near-orthogonal data, p = ⌈4 log(n/ε)⌉, asymmetric init. ` +
    "Allowances: rigorous a-priori rounding bounds of L and h at the double iterates, and an ESTIMATE ‖∇L‖·2u·‖θ‖ of the update's rounding. Steps where the condition fails, or where A and G are within their allowances of each other, are not judged; a run without judged steps is vacuous.",
  assumptions: [reluMeanField, assumption2, assumption1Weak, dataBounds, stepSize],
  generate: candidates,
  evaluate: evaluateGdDecay,
  knownBad: () => [{ why: "step-size condition dropped: η·tr K(θ_0) = 2 on two orthonormal points, the step overshoots and L grows", candidate: overshoot }],
  defaultRuns: 30,
};
