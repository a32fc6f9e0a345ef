/**
 * taheri2025's assumptions as named predicates (stable names for `hunt --drop NAME`). The paper's
 * Assumptions 1–2 are not available (Taheri, Xie & Lederer, arXiv:2205.04491); each predicate says which
 * reconstruction it encodes.
 *
 * Each has a three-valued `decide` over any field (`shallowcheck certify` needs it) and `holds` is
 * that decision in exact rationals. Inequalities and structural tests are written once over
 * Field<T> (src/field/decide.ts). The exact KKT conditions (`gamma-stationary`, `stationary`,
 * `d2-approximate`) are decided in exact rationals on the candidate's own numbers whatever the
 * field ({@link exactOnFile}): an equality no rounding can confirm, with sign branches on every
 * coordinate (src/penalized/stationarity.ts); for a parameter box they stay undecided.
 */
import type { Field } from "../../../src/field/field.js";
import { intervalField, isIntervalField } from "../../../src/field/interval.js";
import type { Assumption, Candidate, EvaluationContext } from "../../../src/check/property.js";
import type { Instance } from "../../../src/model/instance.js";
import { all, any, atMost, isZero, nonNegative, type Maybe } from "../../../src/field/decide.js";
import { features, l1Norm, pass } from "../../../src/penalized/network.js";
import { oracleTuning } from "../../../src/penalized/penalties.js";
import { isGammaStationary, isStationary } from "../../../src/penalized/stationarity.js";
import { fieldSetting } from "../../../src/check/settings.js";
import { exact, exactOnFile, nonZero, onFileNumbers, penalizedOver, Q } from "./common.js";

type Decide = <T>(F: Field<T>, candidate: Candidate, context: EvaluationContext, instance?: Instance<T>) => Maybe;

/** An assumption written once over any field; `holds` is its decision in exact rationals (always decided there). */
export function numericAssumption(name: string, description: string, decide: Decide): Assumption {
  return { name, description, holds: (c, context) => decide(Q, c, context) === true, decide };
}

/** An assumption on the model or settings alone (no numbers): decided the same way in every field. */
export function structuralAssumption(name: string, description: string, holds: (c: Candidate) => boolean): Assumption {
  return { name, description, holds: (c) => holds(c), decide: (_F, c) => holds(c) };
}

/** An exact-KKT assumption: decided in exact rationals on the file's numbers (see the file comment). */
function exactAssumption(name: string, description: string, holds: (c: Candidate) => boolean): Assumption {
  return { name, description, holds: (c) => holds(c), decide: (F, c, _context, instance) => exactOnFile(F, c, instance, holds) };
}

export const standardModel = structuralAssumption(
  "taheri-model",
  "f = γᵀφ(Θx) with standard scaling (no 1/p) and φ ∈ {identity, relu}",
  (c) => c.file.model.scaling === "standard" && (c.file.model.activation === "identity" || c.file.model.activation === "relu"),
);

export const homogeneousActivation = structuralAssumption(
  "homogeneous-activation",
  "standard scaling and φ positively 1-homogeneous (identity, relu, leaky-relu): φ(tz) = tφ(z), t > 0",
  (c) => c.file.model.scaling === "standard" && ["identity", "relu", "leaky-relu"].includes(c.file.model.activation),
);

export const linearNetwork = structuralAssumption(
  "linear-network",
  "shallow linear network: φ = identity, standard scaling (Theorems 1–2)",
  (c) => c.file.model.activation === "identity" && c.file.model.scaling === "standard",
);

export const reluNetwork = structuralAssumption(
  "relu-network",
  "shallow ReLU network with w = d: φ = relu, standard scaling (Theorem 3)",
  (c) => c.file.model.activation === "relu" && c.file.model.scaling === "standard" && c.file.params.a.length === c.file.data.X[0].length,
);

export const gammaStationary = exactAssumption(
  "gamma-stationary",
  "γ-KKT exactly: (2/n)Zᵀ(y − Zγ̃) ∈ r·∂‖γ̃‖₁ with Z = φ(XΘ̃ᵀ) (every stationary point of every penalty variant meets it)",
  (c) => {
    const e = exact(c);
    return isGammaStationary(Q, e.data, e.r, e.params);
  },
);

export const stationary = exactAssumption(
  "stationary",
  "0 ∈ ∂obj(β̃) exactly for the candidate's penalty variant (Clarke subdifferential; normal cone of ‖Θ_j‖₁ ≤ 1 under A)",
  (c) => {
    const e = exact(c);
    return isStationary(Q, e.data, e.variant, e.r, e.params);
  },
);

export const regressionModel = numericAssumption(
  "regression-model",
  "the labels follow the model: y = f*(X) + u exactly, with the target network and noise of the `truth` field",
  (F, c, _context, instance) => {
    const e = penalizedOver(F, c, instance);
    if (!e.truth) return false;
    const f = pass(F, e.data, e.truth.params).predictions;
    return all(e.data.y.map((y, i) => isZero(F, F.sub(y, F.add(f[i], e.truth!.noise[i])))));
  },
);

/**
 * "Reasonable" (our reading of taheri2025's "reasonable stationary point": bounded weights, with
 * the bound public reviews quote): ‖γ̃‖₁ ≤ η, η = settings.eta, default √(log n). With the default,
 * ‖γ̃‖₁² ≤ log n is decided in the interval field (log n is irrational): F itself when it is the
 * interval field, else one at context.digits on the file's numbers (exact inputs, so the decision
 * is a proof; undefined for other numbers over F).
 */
export const reasonable: Assumption = numericAssumption(
  "reasonable",
  "‖γ̃‖₁ ≤ η, η = settings.eta (default √log n, a secondhand reading of 'reasonable')",
  (F, c, context, instance) => {
    if (c.settings.eta !== undefined) {
      const e = penalizedOver(F, c, instance);
      return atMost(F, l1Norm(F, e.params.gamma), fieldSetting(F, c.settings, "eta"));
    }
    const decideOver = <T>(I: Field<T>, over?: Instance<T>) => {
      const norm = l1Norm(I, penalizedOver(I, c, over).params.gamma);
      return atMost(I, I.mul(norm, norm), I.log(I.fromNumber(c.file.data.X.length)));
    };
    if (isIntervalField(F)) return decideOver(F, instance);
    return onFileNumbers(F, c, instance) ? decideOver(intervalField({ digits: Math.max(context.digits, 20) })) : undefined;
  },
);

export const nondegenerate = numericAssumption("nondegenerate", "γ̃ ≠ 0 (excludes the origin and other f̃ = 0 stationary points)", (F, c, _context, instance) =>
  any(penalizedOver(F, c, instance).params.gamma.map((g) => nonZero(F, g))),
);

export const gammaPenalty = structuralAssumption(
  "gamma-penalty",
  "pen = ‖γ‖₁ (penalty variant A or C; the transfer inequality needs the penalty to be on γ only)",
  (c) => c.settings.penalty === "A" || c.settings.penalty === "C",
);

export const variantAFeasible = numericAssumption(
  "coercive-penalty",
  "penalty variant A (‖γ‖₁ with ‖Θ_j‖₁ ≤ 1), whose infimum is attained at a stationary point; β feasible",
  (F, c, _context, instance) => {
    const e = penalizedOver(F, c, instance);
    return e.variant === "A" && all(e.params.theta.map((row) => atMost(F, l1Norm(F, row), F.one)));
  },
);

/** r_orc(Θ) = 2‖φ(XΘᵀ)ᵀu‖_∞/n for the candidate's data and noise, over any field (Θ = the candidate's Θ̃ by default). */
export function oracleTuningOver<T>(F: Field<T>, c: Candidate, instance?: Instance<T>, theta?: T[][]): T {
  const e = penalizedOver(F, c, instance);
  if (!e.truth) throw new Error("this entry needs a `truth` field (target network and noise)");
  return oracleTuning(F, features(F, e.data, theta ?? e.params.theta).features, e.truth.noise);
}

export const oracleAtStationary = numericAssumption(
  "r-above-oracle",
  "r ≥ r_orc(Θ̃) = 2‖φ(XΘ̃ᵀ)ᵀu‖_∞/n (the oracle tuning parameter, in the stationary point's features)",
  (F, c, _context, instance) => nonNegative(F, F.sub(penalizedOver(F, c, instance).r, oracleTuningOver(F, c, instance))),
);
