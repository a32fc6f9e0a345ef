/**
 * taheri2025's assumptions as named predicates (stable names for `hunt --drop NAME`), decided in
 * exact rationals. The paper's Assumptions 1–2 are not available (spec taheri2025.md §2.1); each
 * predicate says which reconstruction it encodes.
 */
import { decimalField } from "../../src/field/decimal.js";
import type { Assumption, Candidate } from "../../src/check/property.js";
import { features, l1Norm, pass } from "../../src/penalized/network.js";
import { feasible, oracleTuning } from "../../src/penalized/penalties.js";
import { isGammaStationary, isStationary } from "../../src/penalized/stationarity.js";
import { exact, numberSetting, Q } from "./common.js";

export const standardModel: Assumption = {
  name: "taheri-model",
  description: "f = γᵀφ(Θx) with standard scaling (no 1/p) and φ ∈ {identity, relu}",
  holds: (c) => c.file.model.scaling === "standard" && (c.file.model.activation === "identity" || c.file.model.activation === "relu"),
};

export const homogeneousActivation: Assumption = {
  name: "homogeneous-activation",
  description: "standard scaling and φ positively 1-homogeneous (identity, relu, leaky-relu): φ(tz) = tφ(z), t > 0",
  holds: (c) => c.file.model.scaling === "standard" && ["identity", "relu", "leaky-relu"].includes(c.file.model.activation),
};

export const linearNetwork: Assumption = {
  name: "linear-network",
  description: "shallow linear network: φ = identity, standard scaling (Theorems 1–2)",
  holds: (c) => c.file.model.activation === "identity" && c.file.model.scaling === "standard",
};

export const reluNetwork: Assumption = {
  name: "relu-network",
  description: "shallow ReLU network with w = d: φ = relu, standard scaling (Theorem 3)",
  holds: (c) => c.file.model.activation === "relu" && c.file.model.scaling === "standard" && c.file.params.a.length === c.file.data.X[0].length,
};

export const gammaStationary: Assumption = {
  name: "gamma-stationary",
  description: "γ-KKT exactly: (2/n)Zᵀ(y − Zγ̃) ∈ r·∂‖γ̃‖₁ with Z = φ(XΘ̃ᵀ) (every stationary point of every penalty variant meets it; §3.3)",
  holds: (c) => {
    const e = exact(c);
    return isGammaStationary(Q, e.data, e.r, e.params);
  },
};

export const stationary: Assumption = {
  name: "stationary",
  description: "0 ∈ ∂obj(β̃) exactly for the candidate's penalty variant (Clarke subdifferential; normal cone of ‖Θ_j‖₁ ≤ 1 under A)",
  holds: (c) => {
    const e = exact(c);
    return isStationary(Q, e.data, e.variant, e.r, e.params);
  },
};

export const regressionModel: Assumption = {
  name: "regression-model",
  description: "the labels follow the model: y = f*(X) + u exactly, with the target network and noise of the `truth` field",
  holds: (c) => {
    const e = exact(c);
    if (!e.truth) return false;
    const f = pass(Q, e.data, e.truth.params).predictions;
    return e.data.y.every((y, i) => Q.sign(Q.sub(y, Q.add(f[i], e.truth!.noise[i]))) === 0);
  },
};

/**
 * "Reasonable" (spec §1.3): ‖γ̃‖₁ ≤ η, η = settings.eta, default √(log n) [S]. With the default the
 * comparison ‖γ̃‖₁² ≤ log n is decided in decimal at context.digits (log n is irrational).
 */
export const reasonable: Assumption = {
  name: "reasonable",
  description: "‖γ̃‖₁ ≤ η, η = settings.eta (default √log n, the LLM review's reading [S])",
  holds: (c, context) => {
    const norm = l1Norm(Q, exact(c).params.gamma);
    if (c.settings.eta !== undefined) return Q.sign(Q.sub(Q.fromDecimalString(String(c.settings.eta)), norm)) !== -1;
    const D = decimalField({ digits: context.digits });
    const value = D.fromDecimalString(Q.toNumber(norm) === 0 ? "0" : decimalOf(norm, context.digits + 5));
    return value.times(value).lte(D.log(D.fromNumber(c.file.data.X.length)));
  },
};

/** A rational as a decimal string with `digits` significant digits (enough for a decimal comparison at fewer digits). */
function decimalOf(x: { num: bigint; den: bigint }, digits: number): string {
  const D = decimalField({ digits });
  return D.div(D.fromDecimalString(x.num.toString()), D.fromDecimalString(x.den.toString())).toString();
}

export const nondegenerate: Assumption = {
  name: "nondegenerate",
  description: "γ̃ ≠ 0 (excludes the origin and other f̃ = 0 stationary points, §3.10)",
  holds: (c) => exact(c).params.gamma.some((g) => Q.sign(g) !== 0),
};

export const gammaPenalty: Assumption = {
  name: "gamma-penalty",
  description: "pen = ‖γ‖₁ (penalty variant A or C; §3.5's transfer needs the penalty to be on γ only)",
  holds: (c) => c.settings.penalty === "A" || c.settings.penalty === "C",
};

export const variantAFeasible: Assumption = {
  name: "coercive-penalty",
  description: "penalty variant A (‖γ‖₁ with ‖Θ_j‖₁ ≤ 1), whose infimum is attained at a stationary point; β feasible",
  holds: (c) => {
    const e = exact(c);
    return e.variant === "A" && feasible(Q, "A", e.params);
  },
};

/** r_orc(Θ) = 2‖φ(XΘᵀ)ᵀu‖_∞/n for the candidate's data and noise. */
export function oracleTuningAt(c: Candidate, theta = exact(c).params.theta) {
  const e = exact(c);
  if (!e.truth) throw new Error("this entry needs a `truth` field (target network and noise)");
  return oracleTuning(Q, features(Q, e.data, theta).features, e.truth.noise);
}

export const oracleAtStationary: Assumption = {
  name: "r-above-oracle",
  description: "r ≥ r_orc(Θ̃) = 2‖φ(XΘ̃ᵀ)ᵀu‖_∞/n (the oracle tuning parameter of §3.5–§3.6, in the stationary point's features)",
  holds: (c) => Q.sign(Q.sub(exact(c).r, oracleTuningAt(c))) !== -1,
};

/** Numeric setting with default, re-exported for entries. */
export { numberSetting };
