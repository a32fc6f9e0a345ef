/**
 * taheri2025/theorem2-transfer — from stationary points to the points nearby (Theorem 2 under the
 * value-based definition D1; spec taheri2025.md §3.5, a deterministic transfer inequality [D]).
 *
 * For pen = ‖γ‖₁ (variants A and C), y = f* + u, any β and β̃ with τ := obj(β) − obj(β̃) (so β is
 * a τ-approximate point of β̃ in the D1 sense) and r ≥ max(r_orc(Θ), r_orc(Θ̃)),
 * r_orc(Θ) = 2‖φ(XΘᵀ)ᵀu‖_∞/n:
 *   ‖f* − f_β‖²_n ≤ ‖f* − f_β̃‖²_n + τ + 2r‖γ̃‖₁.
 * Proof: the basic identity (§3.4) and the Hölder bound 2|⟨u, Zγ⟩_n| ≤ r_orc(Θ)‖γ‖₁. Stationarity of
 * β̃ is not used (Reviewer 1: boundedness, not stationarity, drives the argument); candidates take
 * β̃ an exact stationary point (`reference`) and β a perturbation of it (`params`).
 *
 * Margin (bound − error)/max(bound, error), exact. The detail reports the slack share
 * (error(β) − error(β̃) − τ)/(2r‖γ̃‖₁), the smallest multiple of 2r‖γ̃‖₁ the instance needs.
 * Bad case (`r-above-oracle` dropped): r below the oracle value, where noise fitting can win.
 */
import fc from "fast-check";
import type { Assumption, Candidate, Evaluation, Property } from "../../src/check/property.js";
import { l1Norm, pass } from "../../src/penalized/network.js";
import { gammaPenalty, numericAssumption, oracleTuningOver, regressionModel, standardModel } from "./lib/assumptions.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { all, nonNegative } from "../../src/field/decide.js";
import { stationaryCandidate } from "./lib/candidates.js";
import { withExtraField } from "../../src/penalized/penalizedCandidate.js";
import { exact, inSampleError, marginNumber, num, penalizedOver, Q, relativeSlackOver } from "./lib/common.js";

const oracleAtBoth: Assumption = numericAssumption("r-above-oracle", "r ≥ max(r_orc(Θ), r_orc(Θ̃)), r_orc(Θ) = 2‖φ(XΘᵀ)ᵀu‖_∞/n", (F, c, _context, instance) => {
  const e = penalizedOver(F, c, instance);
  if (!e.truth || !e.reference) return false;
  return all([nonNegative(F, F.sub(e.r, oracleTuningOver(F, c, instance))), nonNegative(F, F.sub(e.r, oracleTuningOver(F, c, instance, e.reference.theta)))]);
});

/** The transfer inequality's terms and margin, over any field. */
function transfer<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  if (!c.reference) throw new Error("taheri2025/theorem2-transfer needs a `reference` field (the stationary point β̃)");
  const obj = (params: typeof c.params) => F.add(pass(F, c.data, params).risk, F.mul(c.r, l1Norm(F, params.gamma)));
  const tau = F.sub(obj(c.params), obj(c.reference));
  const error = inSampleError(F, c).error;
  const referenceError = inSampleError(F, c, c.reference).error;
  const allowance = F.mul(F.fromNumber(2), F.mul(c.r, l1Norm(F, c.reference.gamma)));
  const bound = F.add(F.add(referenceError, tau), allowance);
  return { tau, error, referenceError, allowance, margin: relativeSlackOver(F, bound, error) };
}

const hundredths = (k: number) => (k / 100).toFixed(2);

/** β̃ stationary (linear A or ReLU/C) as `reference`; β = β̃ + entries of size ≤ 0.2 as `params`. */
function nearby(tuning: [number, number]): fc.Arbitrary<Candidate> {
  return fc.oneof(stationaryCandidate("linear-A", { tuning }), stationaryCandidate("relu-gamma", { tuning })).chain((c) => {
    const w = c.file.params.a.length;
    const d = c.file.data.X[0].length;
    const step = fc.integer({ min: -20, max: 20 });
    return fc.record({ dW: fc.array(fc.array(step, { minLength: d, maxLength: d }), { minLength: w, maxLength: w }), da: fc.array(step, { minLength: w, maxLength: w }) }).map(({ dW, da }) => {
      const copy = withExtraField(structuredClone(c), "reference", { W: c.file.params.W, a: c.file.params.a });
      const add = (v: string | number, k: number) => Q.toString(Q.add(Q.fromDecimalString(String(v)), Q.fromDecimalString(hundredths(k))));
      copy.file.params = { W: c.file.params.W.map((row, j) => row.map((v, k) => add(v, dW[j][k]))), a: c.file.params.a.map((v, j) => add(v, da[j])) };
      return copy;
    });
  });
}

export const theorem2Transfer: Property = {
  id: "taheri2025/theorem2-transfer",
  title: "Theorem 2 (D1 transfer): ‖f* − f_β‖²_n ≤ ‖f* − f_β̃‖²_n + τ + 2r‖γ̃‖₁ for obj(β) = obj(β̃) + τ",
  reference: { paper: "taheri2025", statement: "Theorem 2 (approximate stationary points; reconstructed)", spec: "taheri2025.md §2.2, §3.5", provenance: "[V] D1 definition (Reviewer 1); [R] form; [D] inequality" },
  mode: "exact",
  statement: "With pen = ‖γ‖₁, y = f* + u, τ = obj(β) − obj(β̃) and r ≥ max(r_orc(Θ), r_orc(Θ̃)): ‖f* − f_β‖²_n ≤ ‖f* − f_β̃‖²_n + τ + 2r‖γ̃‖₁.",
  reading: "D1 (value-based approximate stationarity, Reviewer 1's reading of the paper) with τ the realized objective gap; penalty variants A and C (γ-only penalty); linear and ReLU features; β̃ = the `reference` field.",
  assumptions: [standardModel, gammaPenalty, oracleAtBoth, regressionModel],
  generate: (dropped) => nearby(dropped.has(oracleAtBoth.name) ? [0.02, 0.3] : [1.5, 3]),
  evaluate(candidate): Evaluation {
    const { tau, error, referenceError, allowance, margin } = transfer(Q, exact(candidate));
    const used = Q.sub(Q.sub(error, referenceError), tau);
    return {
      margin: marginNumber(margin),
      detail: { error: num(error), referenceError: num(referenceError), tau: num(tau), allowance: num(allowance), slackShare: Q.sign(allowance) === 0 ? null : num(Q.div(used, allowance)) },
    };
  },
  marginOver: (F, candidate, _context, instance) => transfer(F, penalizedOver(F, candidate, instance)).margin,
  defaultRuns: 25,
};
