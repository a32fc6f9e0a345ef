/**
 * dana2025's assumptions as named predicates on a candidate, decided in exact arithmetic.
 * Each name is stable: `shallowcheck hunt ID --drop NAME` drops it. Readings of the spec
 * (../shared/papers/dana2025.md) where the paper is unavailable are stated per predicate.
 */
import { Decimal } from "decimal.js";
import { decimalField } from "../../src/field/decimal.js";
import { dot, squaredNorm } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { Instance } from "../../src/model/instance.js";
import type { Assumption, Candidate, EvaluationContext } from "../../src/check/property.js";

/** The candidate over the decimal field of the run's precision. */
export function exactInstance(candidate: Candidate, context: EvaluationContext): Instance<Decimal> {
  return instanceOverField(decimalField({ digits: context.digits }), candidate.file);
}

/** A numeric setting with its default. */
export function setting(candidate: Candidate, name: string, fallback: number): number {
  const value = candidate.settings[name];
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : fallback;
}

/**
 * The data constants the instance itself realizes, as exact decimals: (C_x^-)², (C_x^+)² = min/max
 * ‖x_i‖² (squares, so no root is taken) and C_y^± = min/max |y_i|.
 */
export function dataConstants(instance: Instance<Decimal>, context: EvaluationContext) {
  const F = decimalField({ digits: context.digits });
  const squaredNorms = instance.X.map((x) => squaredNorm(F, x));
  const labels = instance.y.map((y) => F.abs(y));
  return {
    minSquaredNorm: squaredNorms.reduce((m, v) => F.min(m, v)),
    maxSquaredNorm: squaredNorms.reduce((m, v) => F.max(m, v)),
    minLabel: labels.reduce((m, v) => F.min(m, v)),
    maxLabel: labels.reduce((m, v) => F.max(m, v)),
    squaredNorms,
  };
}

/** ρ = max_{i≠k} |⟨x_i, x_k⟩| (dana2025 §1.7), 0 for n = 1. */
export function maxCorrelation(instance: Instance<Decimal>, context: EvaluationContext): Decimal {
  const F = decimalField({ digits: context.digits });
  // Values of the field's own Decimal class, so later arithmetic keeps context.digits.
  let rho = F.zero;
  instance.X.forEach((xi, i) =>
    instance.X.forEach((xk, k) => {
      if (k > i) rho = F.max(rho, F.abs(dot(F, xi, xk)));
    }),
  );
  return rho;
}

const balances = (instance: Instance<Decimal>, context: EvaluationContext) => {
  const F = decimalField({ digits: context.digits });
  return instance.a.map((a, j) => a.times(a).minus(squaredNorm(F, instance.W[j])));
};

export const reluMeanField: Assumption = {
  name: "relu-mean-field",
  description: "the model is dana2025's: ReLU activation, mean-field scaling h = (1/p)Σ a_j σ(⟨w_j, x⟩)",
  holds: (c) => c.file.model.activation === "relu" && c.file.model.scaling === "mean-field",
};

export const assumption1Weak: Assumption = {
  name: "A1-weak",
  description: "Assumption 1, as R-A and R-B state it: |a_j| ≥ ‖w_j‖ for every neuron j",
  holds: (c, context) => balances(exactInstance(c, context), context).every((b) => b.gte(0)),
};

export const assumption1Strict: Assumption = {
  name: "A1-strict",
  description: "Assumption 1 as the authors write it: |a_j| > ‖w_j‖ for every j (gives sign preservation)",
  holds: (c, context) => balances(exactInstance(c, context), context).every((b) => b.gt(0)),
};

export const orthogonalData: Assumption = {
  name: "orthogonal-data",
  description: "⟨x_i, x_k⟩ = 0 for all i ≠ k, exactly",
  holds: (c, context) => maxCorrelation(exactInstance(c, context), context).isZero(),
};

/**
 * Suite encoding of Assumption 2 (the paper's inequality was not found; dana2025 §2.3):
 * (n − 1)·ρ ≤ κ·(C_x^-)² with ρ = max_{i≠k}|⟨x_i, x_k⟩| and κ = setting `kappa`, default 1/2,
 * the value under which §3.5 derives Theorem 1's constant with numeric factor 1.
 */
export const assumption2: Assumption = {
  name: "assumption2",
  description: "suite encoding of Assumption 2: (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ κ·(C_x^-)², κ = settings.kappa (default 1/2)",
  holds: (c, context) => {
    const instance = exactInstance(c, context);
    const F = decimalField({ digits: context.digits });
    const kappa = F.fromNumber(setting(c, "kappa", 0.5));
    const { minSquaredNorm } = dataConstants(instance, context);
    return F.mul(maxCorrelation(instance, context), F.fromNumber(instance.X.length - 1)).lte(F.mul(kappa, minSquaredNorm));
  },
};

/**
 * Data bounds C_x^- ≤ ‖x_i‖ ≤ C_x^+, C_y^- ≤ |y_i| ≤ C_y^+ with C_x^- > 0 and C_y^- > 0 (so r_i/y_i is
 * defined). The constants default to the instance's own extremes; settings cxMin, cxMax,
 * cyMin, cyMax, when given, must bracket them.
 */
export const dataBounds: Assumption = {
  name: "data-bounds",
  description: "C_x^- ≤ ‖x_i‖ ≤ C_x^+ and C_y^- ≤ |y_i| ≤ C_y^+ with C_x^-, C_y^- > 0 (settings cxMin… or the data's own extremes)",
  holds: (c, context) => {
    const { minSquaredNorm, maxSquaredNorm, minLabel, maxLabel } = dataConstants(exactInstance(c, context), context);
    if (!(minSquaredNorm.gt(0) && minLabel.gt(0))) return false;
    const F = decimalField({ digits: context.digits });
    const bound = (name: string) => (typeof c.settings[name] === "number" ? F.fromNumber(c.settings[name] as number) : undefined);
    const cxMin = bound("cxMin");
    const cxMax = bound("cxMax");
    const cyMin = bound("cyMin");
    const cyMax = bound("cyMax");
    return (
      (!cxMin || minSquaredNorm.gte(F.mul(cxMin, cxMin))) &&
      (!cxMax || maxSquaredNorm.lte(F.mul(cxMax, cxMax))) &&
      (!cyMin || minLabel.gte(cyMin)) &&
      (!cyMax || maxLabel.lte(cyMax))
    );
  },
};

/** Theorem 1's width condition p ≥ 4 log(n/ε) (R-A's wording), ε = settings.epsilon (default 0.05). */
export const width: Assumption = {
  name: "width",
  description: "p ≥ 4·log(n/ε), ε = settings.epsilon (default 0.05)",
  holds: (c) => c.file.params.a.length >= 4 * Math.log(c.file.data.X.length / setting(c, "epsilon", 0.05)),
};

/** Lemma 5's good event G: every sample has a neuron with a_j y_i > 0 that is active on it. */
export function goodSamples(instance: Instance<Decimal>, context: EvaluationContext): boolean[] {
  const F = decimalField({ digits: context.digits });
  return instance.X.map((x, i) => instance.W.some((w, j) => instance.a[j].times(instance.y[i]).gt(0) && dot(F, w, x).gt(0)));
}

export const eventG: Assumption = {
  name: "event-G",
  description: "good event G (Lemma 5): ∀i ∃j with a_j·y_i > 0 and ⟨w_j, x_i⟩ > 0",
  holds: (c, context) => goodSamples(exactInstance(c, context), context).every(Boolean),
};
