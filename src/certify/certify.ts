/**
 * Certification of a catalogue entry on one candidate: its margin enclosed in the interval field
 * (src/field/interval.ts), its assumptions decided three-valued, and a verdict that is a proof.
 *
 * The margin convention (src/check/property.ts) is "margin ≥ 0 exactly when the conclusion
 * holds", ties included (an identity's margin −|gap| is 0 when it holds). So:
 * Assumptions first (every one kept, i.e. not dropped by a hunt, decided three-valued by its
 * `decide` over the same field, then — where the intervals cannot and the exact fallback is on —
 * in exact rationals), before any work on the margin:
 * - `not-applicable`: some kept assumption certainly fails (named); the margin is not evaluated —
 *   on an instance outside the statement it may be costly and proves nothing;
 * - `undecided`: some kept assumption cannot be decided (or has no `decide`), named; the margin is
 *   not evaluated either;
 * then, with every kept assumption certainly met, the margin:
 * - `certified`: lo ≥ 0 — the exact margin is ≥ 0, the conclusion holds (lo ≥ 0, not lo > 0:
 *   a margin of exactly 0 is a tie that holds, e.g. an identity);
 * - `refuted`: hi < 0 — a proved counterexample;
 * - `undecided`: the enclosure straddles 0. The hint says why: pre-activations on (or within
 *   rounding of) a ReLU kink, a width that more digits would shrink, or an equality (hi = 0) that
 *   rounding can never confirm.
 * - `unsupported`: the entry has no field-generic margin (`marginOver`) or is not pointwise.
 *
 * An entry whose margin is an exact decision procedure (rank, null vectors, LDLᵀ: every sign must
 * be decided, so it cannot run over intervals) gives `rationalMargin` instead of `marginOver`: its
 * exact rational margin on the candidate's own numbers, whose sign is a proof. It is certified in
 * the rational field directly (method "rational"), never over a parameter box, and not under
 * `exactFallback: false` (intervals only).
 *
 * Exact fallback: an undecided enclosure is re-decided in the rational field when the entry's
 * formula is rational there (no √ of a non-square, no exp): exact fractions decide every sign, so
 * identities (margin −|gap|, never provable by rounding) are certified exactly. `method` says which.
 * Work budget: with `deadline`, every field operation of the assumptions and the margin checks
 * the clock (every {@link BUDGET_CHECK_EVERY} operations), and a certification past it ends as
 * `undecided` with a hint starting "budget (…)". An entry's own `rationalMargin` computes in its
 * own field, so it is checked only before it starts.
 * Item for later (issue 9 item 4): a `certified local minimum` verdict would be one more Verdict,
 * produced by a separate checker fed the same {@link IntervalField}; nothing here assumes the
 * verdict set is closed beyond the {@link Verdict} union.
 */
import type { Decimal } from "decimal.js";
import type { Candidate, EvaluationContext, Property } from "../check/property.js";
import type { Field } from "../field/field.js";
import { intervalField, type Interval, type IntervalField } from "../field/interval.js";
import { rationalField, type Rational } from "../field/rational.js";
import { instanceOverField } from "../io/instanceFile.js";
import type { Instance } from "../model/instance.js";
import { forward } from "../model/network.js";

const VERDICTS = ["certified", "refuted", "undecided", "not-applicable", "unsupported"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface MarginInterval {
  lo: string;
  hi: string;
}

export interface AssumptionDecision {
  name: string;
  /** true / false when decided; null when undecided or the assumption cannot be decided over fields. */
  holds: boolean | null;
  dropped?: boolean;
}

export interface Certificate {
  id: string;
  verdict: Verdict;
  /** Enclosure of the exact margin; null when it could not be computed. */
  margin: MarginInterval | null;
  /** Significant digits of the interval ends. */
  digits: number;
  /** How the verdict was reached: outward-rounded intervals, or exact rationals (fallback). */
  method: "interval" | "rational" | null;
  /** hi − lo of the interval margin, 3 significant digits. */
  width: string | null;
  assumptions: AssumptionDecision[];
  /** Pre-activations whose sign the intervals could not decide (ReLU-type models). */
  undecidedActivations: number;
  /** Why the verdict is not certified/refuted, or what it rests on. */
  hint?: string;
}

export interface CertifyOptions {
  digits: number;
  /** Assumptions dropped (a hunt's): neither needed for `refuted` nor able to make it not-applicable. */
  dropped?: ReadonlySet<string>;
  /** Try exact rationals when the intervals cannot decide (default true). */
  exactFallback?: boolean;
  /** Date.now() past which the work stops with an `undecided` "budget (…)" verdict (default: none). */
  deadline?: number;
  /** How the budget is named in that hint, e.g. "60 s, --budget-seconds" (default "the time budget"). */
  budgetName?: string;
}

/** Field operations between two looks at the clock under a deadline. */
export const BUDGET_CHECK_EVERY = 256;

/** Thrown through an entry's code when the deadline passes; certify turns it into a verdict. */
class BudgetExhausted extends Error {}

/** F whose every operation looks at the clock now and then and throws {@link BudgetExhausted} past `deadline`. */
function budgeted<F extends Field<unknown>>(field: F, deadline: number | undefined): F {
  if (deadline === undefined) return field;
  let operations = 0;
  return new Proxy(field, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (++operations % BUDGET_CHECK_EVERY === 0 && Date.now() > deadline) throw new BudgetExhausted();
        return value.apply(target, args);
      };
    },
  });
}

const isBudget = (error: unknown) => error instanceof BudgetExhausted;

const formatEnd = (d: Decimal) => d.toString();
const marginInterval = (x: Interval): MarginInterval => ({ lo: formatEnd(x.lo), hi: formatEnd(x.hi) });

/** Pre-activations of a ReLU-type model whose sign the field cannot decide. */
export function undecidedActivations<T>(F: Field<T>, instance: Instance<T>): number {
  const name = instance.model.activation.name;
  if (name !== "relu" && name !== "leaky-relu") return 0;
  return forward(F, instance)
    .preactivations.flat()
    .filter((z) => F.sign(z) === undefined).length;
}

export function decideAssumptions<T>(
  property: Property,
  F: Field<T>,
  candidate: Candidate,
  context: EvaluationContext,
  instance: Instance<T> | undefined,
  dropped: ReadonlySet<string>,
): AssumptionDecision[] {
  return property.assumptions.map((a) => {
    let holds: boolean | null = null;
    if (a.decide) {
      try {
        holds = a.decide(F, candidate, context, instance) ?? null;
      } catch (error) {
        if (isBudget(error)) throw error;
        holds = null;
      }
    }
    return { name: a.name, holds, ...(dropped.has(a.name) ? { dropped: true } : {}) };
  });
}

/** The verdict from a margin's sign class and the kept assumptions' decisions (see the file comment). */
function verdictOf(marginClass: "nonnegative" | "negative" | "unknown", assumptions: readonly AssumptionDecision[]): Verdict {
  const kept = assumptions.filter((a) => !a.dropped);
  if (kept.some((a) => a.holds === false)) return "not-applicable";
  if (kept.some((a) => a.holds !== true)) return "undecided";
  return marginClass === "nonnegative" ? "certified" : marginClass === "negative" ? "refuted" : "undecided";
}

function classOf(I: IntervalField, x: Interval): "nonnegative" | "negative" | "unknown" {
  if (x.lo.gte(0)) return "nonnegative";
  if (x.hi.lt(0)) return "negative";
  return "unknown";
}

/**
 * The margin of `property` on `candidate` over the interval field, as a certificate; `instance`
 * replaces the candidate's own numbers (a parameter box along a certified GD run).
 */
export function certify(property: Property, candidate: Candidate, options: CertifyOptions, instance?: Instance<Interval>): Certificate {
  const base = { id: property.id, digits: options.digits, undecidedActivations: 0 };
  try {
    return certifyWithinBudget(property, candidate, options, instance);
  } catch (error) {
    if (!isBudget(error)) throw error;
    const hint = `budget (${options.budgetName ?? "the time budget"}) used up before a verdict`;
    return { ...base, verdict: "undecided", margin: null, method: null, width: null, assumptions: [], hint };
  }
}

function certifyWithinBudget(property: Property, candidate: Candidate, options: CertifyOptions, instance?: Instance<Interval>): Certificate {
  const { digits, deadline } = options;
  const dropped = options.dropped ?? new Set<string>();
  const base = { id: property.id, digits, undecidedActivations: 0 };
  if (property.mode !== "exact") {
    return { ...base, verdict: "unsupported", margin: null, method: null, width: null, assumptions: [], hint: `a ${property.mode} entry: certify covers pointwise (exact) entries` };
  }
  if (!property.marginOver && property.rationalMargin) {
    const reason =
      instance !== undefined
        ? "an exact rational margin (rank/elimination decisions) describes the candidate's own numbers, not a parameter box"
        : options.exactFallback === false
          ? "only an exact rational margin (rank/elimination decisions); intervals alone cannot decide it (drop --no-exact)"
          : undefined;
    if (reason) return { ...base, verdict: "unsupported", margin: null, method: null, width: null, assumptions: [], hint: reason };
    return certifyRationalMargin(property, candidate, { digits }, dropped, deadline);
  }
  if (!property.marginOver) {
    return { ...base, verdict: "unsupported", margin: null, method: null, width: null, assumptions: [], hint: "no field-generic margin (marginOver) yet" };
  }
  const I = budgeted(intervalField({ digits }), deadline);
  const context: EvaluationContext = { digits };
  const over = instance ?? instanceOverField(I, candidate.file);
  const rationalAllowed = options.exactFallback !== false && instance === undefined;
  const assumptions = decideKeptFirst(property, I, candidate, context, over, dropped, rationalAllowed ? budgeted(rationalField, deadline) : undefined);
  const gate = assumptionGate(assumptions);
  if (gate) return withHint({ ...base, verdict: gate, margin: null, method: null, width: null, assumptions }, undefined, undefined);

  const activations = undecidedActivations(I, over);
  let margin: Interval | undefined;
  let failure: string | undefined;
  try {
    margin = property.marginOver(I, candidate, context, over);
  } catch (error) {
    if (isBudget(error)) throw error;
    failure = error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  const intervalVerdict = verdictOf(margin ? classOf(I, margin) : "unknown", assumptions);
  const certificate: Certificate = {
    ...base,
    undecidedActivations: activations,
    verdict: intervalVerdict,
    margin: margin ? marginInterval(margin) : null,
    method: margin ? "interval" : null,
    width: margin ? I.width(margin).toSignificantDigits(3).toString() : null,
    assumptions,
  };
  if (intervalVerdict !== "undecided") return withHint(certificate, margin, failure);

  // Exact fallback, only on the candidate's own numbers (a box has no rational point value).
  if (rationalAllowed) {
    const Q = budgeted(rationalField, deadline);
    const exact = exactVerdict(property, candidate, context, dropped, I, Q, () => property.marginOver!(Q, candidate, context));
    if (exact && exact.verdict !== "undecided") return { ...certificate, ...exact, method: "rational", hint: "decided in exact rationals (the intervals could not)" };
  }
  return withHint(certificate, margin, failure);
}

/**
 * The assumptions decided over the intervals; where a kept one stays undecided there and `Q` is
 * given (the exact fallback applies), all of them again in exact rationals.
 */
function decideKeptFirst<T>(
  property: Property,
  I: Field<T>,
  candidate: Candidate,
  context: EvaluationContext,
  over: Instance<T>,
  dropped: ReadonlySet<string>,
  Q: Field<Rational> | undefined,
): AssumptionDecision[] {
  const overIntervals = decideAssumptions(property, I, candidate, context, over, dropped);
  if (!Q || assumptionGate(overIntervals) !== "undecided") return overIntervals;
  const exact = decideAssumptions(property, Q, candidate, context, undefined, dropped);
  return assumptionGate(exact) === "undecided" ? overIntervals : exact;
}

/** What the kept assumptions settle before any margin: not-applicable, undecided, or nothing (all hold). */
function assumptionGate(assumptions: readonly AssumptionDecision[]): "not-applicable" | "undecided" | undefined {
  const kept = assumptions.filter((a) => !a.dropped);
  if (kept.some((a) => a.holds === false)) return "not-applicable";
  if (kept.some((a) => a.holds !== true)) return "undecided";
  return undefined;
}

/** An entry's exact rational margin on the candidate's own numbers, its assumptions decided in the rational field first. */
function certifyRationalMargin(property: Property, candidate: Candidate, context: EvaluationContext, dropped: ReadonlySet<string>, deadline: number | undefined): Certificate {
  const Q = rationalField;
  const I = intervalField({ digits: context.digits });
  const assumptions = decideAssumptions(property, budgeted(Q, deadline), candidate, context, undefined, dropped);
  const base = { id: property.id, digits: context.digits, undecidedActivations: 0, assumptions };
  const gate = assumptionGate(assumptions);
  if (gate) return withHint({ ...base, verdict: gate, margin: null, method: null, width: null }, undefined, undefined);
  // The entry computes in its own rational field: the clock is looked at before, not during.
  if (deadline !== undefined && Date.now() > deadline) throw new BudgetExhausted();
  let value: Rational | undefined;
  let failure: string | undefined;
  try {
    value = property.rationalMargin!(candidate, context);
  } catch (error) {
    failure = error instanceof Error ? error.message.split("\n")[0] : String(error);
  }
  const enclosure = value === undefined ? undefined : I.div(I.fromDecimalString(value.num.toString()), I.fromDecimalString(value.den.toString()));
  const sign = value === undefined ? undefined : Q.sign(value);
  const verdict = verdictOf(sign === undefined ? "unknown" : sign >= 0 ? "nonnegative" : "negative", assumptions);
  const certificate: Certificate = {
    ...base,
    verdict,
    margin: enclosure ? marginInterval(enclosure) : null,
    method: enclosure ? "rational" : null,
    width: enclosure ? I.width(enclosure).toSignificantDigits(3).toString() : null,
  };
  return withHint(certificate, enclosure, failure);
}

/** The rational field decides every sign; undefined when the formula leaves it (√ of a non-square, exp, …). */
function exactVerdict(property: Property, candidate: Candidate, context: EvaluationContext, dropped: ReadonlySet<string>, I: IntervalField, Q: Field<Rational>, margin: () => Rational) {
  try {
    const value = margin();
    const assumptions = decideAssumptions(property, Q, candidate, context, undefined, dropped);
    const sign = Q.sign(value);
    const verdict = verdictOf(sign === undefined ? "unknown" : sign >= 0 ? "nonnegative" : "negative", assumptions);
    // The exact fraction as an outward-rounded decimal interval (the point itself when it is 0).
    const enclosure = I.div(I.fromDecimalString(value.num.toString()), I.fromDecimalString(value.den.toString()));
    return { verdict, assumptions, margin: marginInterval(enclosure), width: I.width(enclosure).toSignificantDigits(3).toString() };
  } catch (error) {
    if (isBudget(error)) throw error;
    return undefined;
  }
}

function withHint(c: Certificate, margin: Interval | undefined, failure: string | undefined): Certificate {
  const undecided = c.assumptions.filter((a) => !a.dropped && a.holds === null).map((a) => a.name);
  const failing = c.assumptions.filter((a) => !a.dropped && a.holds === false).map((a) => a.name);
  let hint: string | undefined;
  const marginAlone = margin ? (margin.lo.gte(0) ? "the conclusion itself is certified" : margin.hi.lt(0) ? "the conclusion itself certainly fails" : undefined) : undefined;
  const notEvaluated = margin === undefined && c.margin === null ? "; the margin was not evaluated" : "";
  if (c.verdict === "not-applicable") hint = `assumption certainly fails: ${failing.join(", ")}${marginAlone ? ` (${marginAlone})` : notEvaluated}`;
  else if (c.verdict === "undecided" && undecided.length > 0) {
    hint = `assumption(s) undecided: ${undecided.join(", ")}${marginAlone ? ` (${marginAlone})` : notEvaluated}`;
  } else if (c.verdict === "undecided") {
    const reasons: string[] = [];
    if (failure) reasons.push(`the margin could not be enclosed: ${failure}`);
    if (c.undecidedActivations > 0) {
      reasons.push(`${c.undecidedActivations} pre-activation(s) straddle the ReLU kink (undecided activation pattern; more digits help only if they are not exactly on it)`);
    }
    if (margin && margin.hi.isZero() && margin.lo.lt(0)) reasons.push("the margin may be exactly 0 (an identity or a tie): rounding can never confirm an equality, and the exact rational fallback does not apply");
    else if (margin && !margin.lo.gte(0) && !margin.hi.lt(0)) reasons.push(`width ${c.width} at ${c.digits} digits: try more digits (--digits)`);
    hint = reasons.join("; ");
  }
  return hint ? { ...c, hint } : c;
}
