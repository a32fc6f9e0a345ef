/**
 * taheri2025/basic-identity — the exact "basic identity" between two parameters, the skeleton of
 * every "stationary/approximate ⇒ prediction bound" argument, Theorems 1–2 of Taheri, Xie, Lederer
 * (arXiv 2205.04491) included (not a numbered result of the paper; derived and proved here):
 *   ‖f* − f_β‖²_n − ‖f* − f_β′‖²_n = [obj(β) − obj(β′)] + 2⟨u, f_β − f_β′⟩_n − r[pen(β) − pen(β′)]
 * for y = f* + u, any β, β′, any penalty variant (pen of the candidate's variant). Pure algebra.
 *
 * β = params, β′ = the `reference` field, f* and u from the `truth` field. Exact rationals, zero
 * tolerance; margin 0 or −|gap|/‖y‖²_n. Vacuous: β = β′ (both sides 0). Known bad case (assumption
 * `regression-model` dropped): labels that are not f*(X) + u (the stated noise altered).
 */
import fc from "fast-check";
import type { Candidate, Evaluation, Property } from "../../src/check/property.js";
import type { Field } from "../../src/field/field.js";
import type { PenalizedCandidate } from "../../src/penalized/penalizedCandidate.js";
import { innerN, pass, squaredNormN } from "../../src/penalized/network.js";
import { penalty } from "../../src/penalized/penalties.js";
import { regressionModel, standardModel } from "./lib/assumptions.js";
import { anyStationaryCandidate, scalarCandidate } from "./lib/candidates.js";
import { extraField, withExtraField, type TruthFile } from "../../src/penalized/penalizedCandidate.js";
import { exact, identityMarginOver, inSampleError, marginNumber, num, penalizedOver, Q, type Rational } from "./lib/common.js";

const tenths = (k: number) => (k / 10).toFixed(1);

/** β from a stationary candidate, β′ a random parameter of the same shape, any variant. */
function pairs(alterNoise: boolean): fc.Arbitrary<Candidate> {
  return anyStationaryCandidate().chain((c) => {
    const w = c.file.params.a.length;
    const d = c.file.data.X[0].length;
    const entry = fc.integer({ min: -20, max: 20 }).map(tenths);
    return fc
      .record({
        W: fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: w, maxLength: w }),
        a: fc.array(entry, { minLength: w, maxLength: w }),
        variant: fc.constantFrom("A", "B", "C"),
        i: fc.integer({ min: 0, max: c.file.data.X.length - 1 }),
        k: fc.integer({ min: 1, max: 50 }),
      })
      .map(({ W, a, variant, i, k }) => {
        const truth = structuredClone(extraField(c, "truth")) as TruthFile;
        if (alterNoise) truth.noise[i] = Q.toString(Q.add(Q.fromDecimalString(String(truth.noise[i])), Q.fromDecimalString(tenths(k))));
        const withReference = withExtraField({ file: c.file, settings: { ...c.settings, penalty: variant } }, "reference", { W, a });
        return withExtraField(withReference, "truth", truth);
      });
  });
}

/** Both sides of the basic identity and its margin, over any field. */
function basicIdentitySides<T>(F: Field<T>, c: PenalizedCandidate<T>) {
  if (!c.reference) throw new Error("taheri2025/basic-identity needs a `reference` field (the second parameter β′)");
  const objective = (params: typeof c.params) => {
    const p = pass(F, c.data, params);
    const pen = penalty(F, c.variant, params);
    return { obj: F.add(p.risk, F.mul(c.r, pen)), f: p.predictions, pen };
  };
  const at = objective(c.params);
  const ref = objective(c.reference);
  const lhs = F.sub(inSampleError(F, c).error, inSampleError(F, c, c.reference).error);
  const noiseTerm = F.mul(F.fromNumber(2), innerN(F, c.truth!.noise, at.f.map((f, i) => F.sub(f, ref.f[i]))));
  const objectiveGap = F.sub(at.obj, ref.obj);
  const rhs = F.sub(F.add(objectiveGap, noiseTerm), F.mul(c.r, F.sub(at.pen, ref.pen)));
  return { lhs, rhs, objectiveGap, noiseTerm, margin: identityMarginOver(F, lhs, rhs, squaredNormN(F, c.data.y)) };
}

export const basicIdentity: Property = {
  id: "taheri2025/basic-identity",
  title: "Basic identity: ‖f*−f_β‖²_n − ‖f*−f_β′‖²_n = Δobj + 2⟨u, f_β − f_β′⟩_n − rΔpen",
  reference: {
    paper: "taheri2025",
    statement: "not a numbered result: the algebraic skeleton of the proofs of Theorems 1–2",
    provenance: "derived and proved here (pure algebra from y = f* + u; the paper's text was not available to us)",
  },
  margin: { kind: "identity", formula: "−|lhs − rhs|/‖y‖²_n with lhs = ‖f* − f_β‖²_n − ‖f* − f_β′‖²_n, rhs = Δobj + 2⟨u, f_β − f_β′⟩_n − rΔpen; exact rationals" },
  mode: "exact",
  statement: "For y = f*(X) + u and any two parameters β, β′: ‖f* − f_β‖²_n − ‖f* − f_β′‖²_n = [obj(β) − obj(β′)] + 2⟨u, f_β − f_β′⟩_n − r[pen(β) − pen(β′)].",
  reading:
    "Any β, β′ and any penalty variant (A: ‖γ‖₁ with ‖Θ_j‖₁ ≤ 1, B: ‖γ‖₁ + ‖Θ‖₁, C: ‖γ‖₁; A's constraint plays no role); f* and u from the candidate's `truth` field, β′ from its `reference` field. Exact rationals, zero tolerance. β = β′ is counted as vacuous.",
  assumptions: [standardModel, regressionModel],
  generate: (dropped) => pairs(dropped.has(regressionModel.name)),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const s = basicIdentitySides(Q, c);
    const same = (a: readonly Rational[], b: readonly Rational[]) => a.every((x, k) => Q.sign(Q.sub(x, b[k])) === 0);
    const identical = c.reference !== undefined && same(c.params.gamma, c.reference.gamma) && c.params.theta.every((row, j) => same(row, c.reference!.theta[j]));
    return { margin: marginNumber(s.margin), ...(identical ? { vacuous: "β = β′: both sides are 0" } : {}), detail: { lhs: num(s.lhs), rhs: num(s.rhs), objectiveGap: num(s.objectiveGap), noiseTerm: num(s.noiseTerm) } };
  },
  marginOver: (F, candidate, _context, instance) => basicIdentitySides(F, penalizedOver(F, candidate, instance)).margin,
  knownBad: () => {
    // x = 1, y = 1, γ = 1/2, γ′ = 0, f* = x, stated noise 1/2 while y − f* = 0: lhs = −3/4, rhs = −1/4.
    const base = withExtraField(scalarCandidate("1", "0.5", "1"), "reference", { W: [["1"]], a: ["0"] });
    return [{ why: "regression-model dropped: the stated noise u = 1/2 but y − f*(x) = 0", candidate: withExtraField(base, "truth", { W: [["1"]], a: ["1"], noise: ["0.5"] }) }];
  },
  defaultRuns: 30,
};
