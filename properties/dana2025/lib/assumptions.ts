/**
 * dana2025's assumptions as named predicates on a candidate, decided in exact arithmetic.
 * Each numeric one is written once over any field (`decide`, three-valued, so that
 * `shallowcheck certify` decides it over intervals); `holds` is that decision in the decimal
 * field at the run's precision.
 * Each name is stable: `shallowcheck hunt ID --drop NAME` drops it. Where the paper's own wording
 * was not available (Assumption 2's inequality), our reading is stated at the predicate.
 */
import type { Decimal } from "decimal.js";
import { decimalField } from "../../../src/field/decimal.js";
import { dot, squaredNorm, type Field } from "../../../src/field/field.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import type { Instance } from "../../../src/model/instance.js";
import { balance } from "../../../src/model/network.js";
import type { Assumption, Candidate, EvaluationContext } from "../../../src/check/property.js";
import { all, any, atMost, isZero, nonNegative, positive, type Maybe } from "../../../src/field/decide.js";
import { numberSetting } from "../../../src/check/settings.js";
import { floatAssumption1Weak, floatAssumption2, floatDataNonzero, floatFacts, type FloatFacts } from "./floatFacts.js";

/** The candidate over the decimal field of the run's precision. */
export function exactInstance(candidate: Candidate, context: EvaluationContext): Instance<Decimal> {
  return instanceOverField(decimalField({ digits: context.digits }), candidate.file);
}

/**
 * The data constants the instance itself realizes, over any field: (C_x^-)², (C_x^+)² = min/max
 * ‖x_i‖² (squares, so no root is taken) and C_y^± = min/max |y_i|.
 */
export function dataConstantsOver<T>(F: Field<T>, instance: Instance<T>) {
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

/** {@link dataConstantsOver} in the decimal field of the run's precision. */
export function dataConstants(instance: Instance<Decimal>, context: EvaluationContext) {
  return dataConstantsOver(decimalField({ digits: context.digits }), instance);
}

/** ρ = max_{i≠k} |⟨x_i, x_k⟩| (our notation; the paper's symbol is not known) over any field, 0 for n = 1. */
export function maxCorrelationOver<T>(F: Field<T>, instance: Instance<T>): T {
  let rho = F.zero;
  instance.X.forEach((xi, i) =>
    instance.X.forEach((xk, k) => {
      if (k > i) rho = F.max(rho, F.abs(dot(F, xi, xk)));
    }),
  );
  return rho;
}

/** ρ in the decimal field of the run's precision (values of that field's own Decimal class, so later arithmetic keeps context.digits). */
export function maxCorrelation(instance: Instance<Decimal>, context: EvaluationContext): Decimal {
  return maxCorrelationOver(decimalField({ digits: context.digits }), instance);
}

/**
 * An assumption written once, three-valued over any field (`decide`), whose `holds` is that
 * decision in the decimal field at the run's precision (which always decides).
 */
function numericAssumption(
  name: string,
  description: string,
  decide: <T>(F: Field<T>, candidate: Candidate, context: EvaluationContext, instance: Instance<T>) => Maybe,
  fast?: (candidate: Candidate, facts: FloatFacts) => boolean | undefined,
): Assumption {
  return {
    name,
    description,
    // The float path (floatFacts.ts) decides first where it can: same predicate, rigorous error
    // bounds, so it agrees with the decimal decision; a near-tie goes to the decimal field.
    holds: (c, context) => {
      const facts = fast ? floatFacts(c) : undefined;
      const quick = facts && fast ? fast(c, facts) : undefined;
      return quick ?? decide(decimalField({ digits: context.digits }), c, context, exactInstance(c, context)) === true;
    },
    decide: (F, c, context, instance) => decide(F, c, context, instance ?? instanceOverField(F, c.file)),
  };
}

/** An assumption on the model alone (no numbers): decided the same way in every field. */
function structuralAssumption(name: string, description: string, holds: (c: Candidate) => boolean): Assumption {
  return { name, description, holds: (c) => holds(c), decide: (_F, c) => holds(c) };
}

export const reluMeanField: Assumption = structuralAssumption(
  "relu-mean-field",
  "the model is dana2025's: ReLU activation, mean-field scaling h = (1/p)Σ a_j σ(⟨w_j, x⟩)",
  (c) => c.file.model.activation === "relu" && c.file.model.scaling === "mean-field",
);

export const assumption1Weak: Assumption = numericAssumption(
  "A1-weak",
  "Assumption 1, as two reviewers state it: |a_j| ≥ ‖w_j‖ for every neuron j",
  (F, _c, _context, instance) => all(balance(F, instance).map((b) => nonNegative(F, b))),
  (_c, facts) => floatAssumption1Weak(facts),
);

export const assumption1Strict: Assumption = numericAssumption(
  "A1-strict",
  "Assumption 1 as the authors write it: |a_j| > ‖w_j‖ for every j (gives sign preservation)",
  (F, _c, _context, instance) => all(balance(F, instance).map((b) => positive(F, b))),
);

export const orthogonalData: Assumption = numericAssumption("orthogonal-data", "⟨x_i, x_k⟩ = 0 for all i ≠ k, exactly", (F, _c, _context, instance) =>
  isZero(F, maxCorrelationOver(F, instance)),
);

/**
 * Suite encoding of Assumption 2 (the paper's inequality was not available to us):
 * (n − 1)·ρ ≤ κ·(C_x^-)² with ρ = max_{i≠k}|⟨x_i, x_k⟩| and κ = setting `kappa`, default 1/2,
 * the value under which our derivation of Theorem 1, eq. (6) gives its constant with numeric factor 1.
 */
export const assumption2: Assumption = numericAssumption(
  "assumption2",
  "suite encoding of Assumption 2: (n−1)·max_{i≠k}|⟨x_i,x_k⟩| ≤ κ·(C_x^-)², κ = settings.kappa (default 1/2)",
  (F, c, _context, instance) => {
    const kappa = F.fromNumber(numberSetting(c.settings, "kappa", 0.5));
    const { minSquaredNorm } = dataConstantsOver(F, instance);
    return atMost(F, F.mul(maxCorrelationOver(F, instance), F.fromNumber(instance.X.length - 1)), F.mul(kappa, minSquaredNorm));
  },
  (c, facts) => floatAssumption2(facts, numberSetting(c.settings, "kappa", 0.5)),
);

/**
 * Data bounds C_x^- ≤ ‖x_i‖ ≤ C_x^+, C_y^- ≤ |y_i| ≤ C_y^+ with C_x^- > 0 and C_y^- > 0 (so r_i/y_i is
 * defined). The constants default to the instance's own extremes; settings cxMin, cxMax,
 * cyMin, cyMax, when given, must bracket them.
 */
export const dataBounds: Assumption = numericAssumption(
  "data-bounds",
  "C_x^- ≤ ‖x_i‖ ≤ C_x^+ and C_y^- ≤ |y_i| ≤ C_y^+ with C_x^-, C_y^- > 0 (settings cxMin… or the data's own extremes)",
  (F, c, _context, instance) => {
    const { minSquaredNorm, maxSquaredNorm, minLabel, maxLabel } = dataConstantsOver(F, instance);
    const bound = (name: string) => (typeof c.settings[name] === "number" ? F.fromNumber(c.settings[name] as number) : undefined);
    const cxMin = bound("cxMin");
    const cxMax = bound("cxMax");
    const cyMin = bound("cyMin");
    const cyMax = bound("cyMax");
    return all([
      positive(F, minSquaredNorm),
      positive(F, minLabel),
      cxMin ? atMost(F, F.mul(cxMin, cxMin), minSquaredNorm) : true,
      cxMax ? atMost(F, maxSquaredNorm, F.mul(cxMax, cxMax)) : true,
      cyMin ? atMost(F, cyMin, minLabel) : true,
      cyMax ? atMost(F, maxLabel, cyMax) : true,
    ]);
  },
  // Without bound settings the predicate is: every ‖x_i‖² > 0 and every y_i ≠ 0.
  (c, facts) => (["cxMin", "cxMax", "cyMin", "cyMax"].some((k) => k in c.settings) ? undefined : floatDataNonzero(facts)),
);

/**
 * Theorem 1's width condition p ≥ 4 log(n/ε) (a reviewer's wording), ε = settings.epsilon (default
 * 0.05, entering as its double), decided in the field (log rounded outward over intervals).
 */
export const width: Assumption = numericAssumption("width", "p ≥ 4·log(n/ε), ε = settings.epsilon (default 0.05)", (F, c, _context, instance) => {
  const ratio = F.div(F.fromNumber(instance.X.length), F.fromNumber(numberSetting(c.settings, "epsilon", 0.05)));
  return atMost(F, F.mul(F.fromNumber(4), F.log(ratio)), F.fromNumber(instance.a.length));
});

/**
 * A dead ReLU network: every pre-activation ⟨w_j, x_i⟩ ≤ 0 (decided in F; an undecided sign counts
 * as possibly active). Then ∇L = 0, the tangent kernel is 0 and h = 0: conclusions about them hold
 * trivially, and entries count such a candidate as vacuous.
 */
export function deadNetwork<T>(F: Field<T>, instance: Instance<T>): boolean {
  return instance.X.every((x) => instance.W.every((w) => F.sign(dot(F, w, x)) === -1 || F.sign(dot(F, w, x)) === 0));
}

/** Lemma 5's event per sample over any field: some neuron has a_j y_i > 0 and is active on x_i. */
export function goodSamplesOver<T>(F: Field<T>, instance: Instance<T>): Maybe[] {
  return instance.X.map((x, i) => any(instance.W.map((w, j) => all([positive(F, F.mul(instance.a[j], instance.y[i])), positive(F, dot(F, w, x))]))));
}

/** Lemma 5's good event G: every sample has a neuron with a_j y_i > 0 that is active on it. */
export function goodSamples(instance: Instance<Decimal>, context: EvaluationContext): boolean[] {
  return goodSamplesOver(decimalField({ digits: context.digits }), instance).map((v) => v === true);
}
