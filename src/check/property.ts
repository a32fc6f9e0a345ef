/**
 * A catalogue entry as data: what a paper states, under which named assumptions, and a signed
 * margin that is ≥ 0 exactly when the conclusion holds on an instance. The runner
 * (runner.ts) draws candidates, skips those that miss an active assumption, and shrinks a
 * negative margin to a small counterexample. Entries live in `properties/`, one file each.
 */
import type fc from "fast-check";
import type { InstanceFile } from "../io/instanceSchema.js";
import type { Field } from "../field/field.js";
import type { Rational } from "../field/rational.js";
import type { Instance } from "../model/instance.js";
import type { Interval, IntervalField } from "../field/interval.js";

/**
 * - `exact`: pointwise in θ, evaluated in decimal arithmetic;
 * - `trajectory`: along a float run of the dynamics, with integration error accounted for;
 * - `monte-carlo`: a probability, estimated with a confidence interval.
 */
export type Mode = "exact" | "trajectory" | "monte-carlo";

/** Where a built-in entry's statement comes from: a paper of docs/references.md and the paper's own numbering. */
export interface PaperReference {
  /** Bibliography key (properties/references.ts), e.g. "dana2025". */
  paper: string;
  /** The paper's own name for the statement, e.g. "Theorem 1, eq. (6)". */
  statement: string;
  /** How sure the wording is, e.g. "constant from the authors' rebuttal; condition derived". */
  provenance?: string;
  /** @deprecated a pointer into the developers' notes; being replaced by the paper's own numbering. */
  spec?: string;
}

/**
 * What a margin measures, so that reports can say it and margins of different entries are not
 * compared as if they were one quantity:
 * - `identity`: minus a residual, −|lhs − rhs| (or relative); 0 is the best possible value;
 * - `bound-slack`: the relative slack of an inequality, (bound side − observed side)/scale;
 * - `budget-fraction`: 1 − used/allowed, the share of a drift or error budget left;
 * - `decision`: the signed output of an exact decision procedure (its size is not a distance);
 * - `probability`: a confidence bound minus the claimed probability.
 */
export const MARGIN_KINDS = ["identity", "bound-slack", "budget-fraction", "decision", "probability"] as const;
export type MarginKind = (typeof MARGIN_KINDS)[number];

export interface MarginSpec {
  kind: MarginKind;
  /** The formula in words and symbols, e.g. "(μ − B)/max(μ, B), B = (C/n)·min_i |h(x_i)/y_i|". */
  formula: string;
  /**
   * For a conclusion that is a bound: which side is observed and which is the bound. `lower`:
   * observed ≥ bound (e.g. μ ≥ B), `upper`: observed ≤ bound. Evaluations then report
   * {@link Evaluation.slack}, and `check` the worst slack ratio observed/bound over effective runs.
   */
  bound?: BoundSpec;
  /**
   * Further bounds of the same conclusion, by name (a sandwich's other side): `tighten --bound
   * NAME` tightens one. Evaluations report their sides in {@link Evaluation.slacks}[name], and
   * {@link Property.slackOver} gives them over a field when called with the name.
   */
  moreBounds?: readonly NamedBound[];
}

/** Which side of a bound is observed and which is the bound (see {@link MarginSpec.bound}). */
export interface BoundSpec {
  direction: "lower" | "upper";
  observed: string;
  bound: string;
}

/** A further bound of an entry ({@link MarginSpec.moreBounds}); `name` is what `tighten --bound` takes. */
export interface NamedBound extends BoundSpec {
  name: string;
}

/** A candidate on which the entry must fail (its margin < 0), and why: the catalogue contract checks it. */
export interface KnownBadCase {
  /** What makes it fail, e.g. "Assumption 1 dropped: |a_1| < ‖w_1‖ on orthogonal data". */
  why: string;
  candidate: Candidate;
}

/** Settings that travel with a candidate: a learning rate, a horizon, a Monte Carlo size, … */
export type Settings = Record<string, number | string | boolean>;

/** What a property is checked on: an instance file (exact numbers kept) and its settings. */
export interface Candidate {
  file: InstanceFile;
  settings: Settings;
}

export interface Assumption {
  /** Stable name, used by `hunt --drop NAME`. */
  name: string;
  description: string;
  holds(candidate: Candidate, context: EvaluationContext): boolean;
  /**
   * The same predicate over any field, three-valued (optional; `shallowcheck certify` needs it):
   * true or false when F decides it, `undefined` when it cannot (an interval straddling the
   * boundary). `instance` is the candidate over F when the caller has it already (a parameter
   * box along a certified GD run); by default instanceOverField(F, candidate.file).
   */
  decide?<T>(F: Field<T>, candidate: Candidate, context: EvaluationContext, instance?: Instance<T>): boolean | undefined;
}

export interface EvaluationContext {
  /** Significant digits of the exact path. */
  digits: number;
}

export interface Evaluation {
  /** ≥ 0 exactly when the conclusion holds; its size says how close the instance came to failing. */
  margin: number;
  /**
   * Set when the conclusion holds trivially on this candidate (a dead network, L = 0, t = 0, a
   * bound equal to 0, a stopping rule that decided the outcome): why. Such a run is counted as
   * vacuous, never in the minimum margin or the slack ratio.
   */
  vacuous?: string;
  /** For an entry whose {@link MarginSpec.bound} is declared: the two sides, for the slack ratio observed/bound. */
  slack?: { observed: number; bound: number };
  /** The sides of each of {@link MarginSpec.moreBounds}, by name; a name left out is vacuous on this candidate. */
  slacks?: Record<string, { observed: number; bound: number }>;
  /** Named quantities behind the margin, reported with counterexamples. */
  detail?: Record<string, number | string | boolean | null>;
}

/** One step of a chained proof on a candidate: ≥ 0 exactly when the step's inequality holds. */
export interface StepMargin {
  /** The step's name in the entry's proof chain, e.g. "Step 2: PL lower bound". */
  name: string;
  margin: number;
}

export interface Property {
  /** Stable id, `paper/short-name` (built-in: also the file name under properties/). */
  id: string;
  title: string;
  /** Built-in entries: the paper and its numbering. */
  reference?: PaperReference;
  /** Free-form citation (user entries), e.g. "Our note, Lemma 3". Built-in entries give {@link reference}. */
  citation?: string;
  /** What the margin measures (required of built-in entries by the catalogue contract). */
  margin?: MarginSpec;
  /** Candidates on which the entry must fail; the catalogue contract checks each one. */
  knownBad?(): KnownBadCase[];
  /**
   * Proofs that the statement is false as stated (optional): a certified counterexample that
   * meets every assumption. `check` re-checks each and reports the entry `refuted` with the file,
   * whatever its random instances show. Each returns the file and a one-line summary, or throws.
   */
  refutations?(): Refutation[];
  mode: Mode;
  /** The conclusion checked, in one or two sentences with the formula. */
  statement: string;
  /** Our precise reading where the paper is ambiguous or unavailable, and its knobs. */
  reading?: string;
  assumptions: readonly Assumption[];
  /**
   * Candidates. The generator aims at instances meeting every assumption not in `dropped`; the
   * runner still checks each assumption and skips misses, so a generator need not be perfect.
   */
  generate(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate>;
  evaluate(candidate: Candidate, context: EvaluationContext): Evaluation;
  /**
   * Proof-step localization, for an entry whose conclusion is the end of a chain of steps (optional).
   * Returns each step's margin on the candidate in the proof's order, with the same sign
   * convention as {@link Property.evaluate}; `replay` and `hunt` report the first step whose
   * margin is negative (or NaN) as where the proof breaks on that instance. It is evaluated only
   * on reported counterexamples, never during a search, so it may be slower than `evaluate`.
   */
  steps?(candidate: Candidate, context: EvaluationContext): StepMargin[];
  /**
   * The margin as a field value, for an `exact` entry (optional; `shallowcheck certify` needs it):
   * the same formula {@link Property.evaluate} computes, written once over any field, so over the
   * interval field it returns an enclosure of the exact margin (src/certify/). Its sign is the
   * margin's sign; its size may differ from `evaluate`'s double only by rounding. `instance` is
   * the candidate over F when the caller has it already (a parameter box along a certified GD
   * run); by default instanceOverField(F, candidate.file). Branches on field values go through
   * src/field/decide.ts so that an undecided comparison takes every branch, never one silently.
   */
  marginOver?<T>(F: Field<T>, candidate: Candidate, context: EvaluationContext, instance?: Instance<T>): T;
  /**
   * The two sides of a declared bound over any field (optional; `shallowcheck tighten` needs it
   * to certify a worst ratio observed/bound in interval arithmetic): the same quantities
   * {@link Evaluation.slack} reports as doubles. undefined where the bound is vacuous. With
   * `bound`, the sides of that one of {@link MarginSpec.moreBounds} ({@link Evaluation.slacks}).
   */
  slackOver?<T>(F: Field<T>, candidate: Candidate, context: EvaluationContext, instance?: Instance<T>, bound?: string): { observed: T; bound: T } | undefined;
  /**
   * The margin as an exact rational, for an `exact` entry whose margin comes out of an exact
   * decision procedure — rank by elimination, null vectors, LDLᵀ pivots, a search for a witness —
   * that needs every sign decided and so cannot run over intervals (optional; `shallowcheck
   * certify` uses it for an entry without {@link Property.marginOver}). Computed on the candidate's
   * own numbers in the rational field, where nothing rounds, its sign is a proof; `evaluate` must
   * take its margin from it (one formula). Certify encloses it as a point, decides the assumptions
   * in the rational field, and reports method "rational"; it cannot follow a parameter box.
   */
  rationalMargin?(candidate: Candidate, context: EvaluationContext): Rational;
  /**
   * A copy of the entry whose generator honours these settings (optional): `hunt --setting
   * key=value` and its spellings such as `--k K --n N`. Entries without it take no settings.
   */
  configure?(settings: Settings): Property;
  /**
   * How `hunt` stores a counterexample of this entry (optional), for an entry whose proof does not
   * fit the failure corpus's instance format: it proves the counterexample in the entry's own
   * way and writes a file of its own format into `dir` (the entry's default directory when
   * undefined) — only when the proof succeeds. Without it, `hunt` certifies with
   * src/certify/certify.ts and stores in the corpus.
   */
  storeCounterexample?(candidate: Candidate, options: StoreOptions): StoredCounterexample;
  /**
   * The sample size n of a candidate, for run statistics (optional): the runner reports the largest
   * over effective runs ({@link PropertyResult.largestN}), so a reader sees which sizes a verdict
   * rests on. Default: the number of data points of the candidate's file. A Monte Carlo entry whose
   * file is one instance among many draws gives the n its draws have.
   */
  size?(candidate: Candidate): number;
  /**
   * The conclusion along a validated enclosure of the gradient flow (optional; `shallowcheck
   * certify FILE --flow T --property ID` needs it, src/certify/flowEnclosure.ts). Called once per
   * run; the returned function is called with each step in time order and decides the conclusion
   * on that step over the interval field: `certified` for every t in [from, to] (decided on the
   * tube), `consistent` (an identity whose enclosures agree: intervals never prove an equality),
   * `refuted` (certainly false at a point of the exact trajectory: decided on `end` or `initial`),
   * or `undecided`.
   */
  alongFlow?(F: IntervalField, candidate: Candidate): (step: FlowStepView) => AlongFlowVerdict;
  /**
   * A limit the conclusion asserts along the dynamics (optional), e.g. "L(θ(t)) → 0 along the
   * gradient flow": no finite run can check it, so `check --instance FILE --certify` tries to
   * prove it on the instance (certify --converges --flow, src/api/convergenceClaim.ts) and says
   * what came of it.
   */
  convergenceClaim?: { dynamics: "gradient-flow"; statement: string };
  /** Runs of the default `shallowcheck check`, sized so the whole catalogue takes < 2 minutes. */
  defaultRuns: number;
}

/** One step of a validated flow enclosure, as {@link Property.alongFlow} sees it (times as decimal strings). */
export interface FlowStepView {
  from: string;
  to: string;
  /** Holds θ(s) for every s in [from, to]. */
  tube: readonly Interval[];
  /** Holds θ(to). */
  end: readonly Interval[];
  /** θ(0), as point intervals. */
  initial: readonly Interval[];
}

export type AlongFlowVerdict = "certified" | "consistent" | "undecided" | "refuted";

/** A stored proof that an entry's statement is false (see {@link Property.refutations}). */
export interface Refutation {
  file: string;
  /** Re-checks the proof; true when it still holds (e.g. the interval certificate is re-derived). */
  verify(): boolean;
  summary: string;
}

export interface StoreOptions {
  /** Directory to write into; undefined: the entry's default. */
  dir?: string;
  /** The hunt's named seed, kept as provenance. */
  seed: string;
  /** Progress notes for long proofs. */
  onProgress?: (note: string) => void;
}

/** What {@link Property.storeCounterexample} did: the file written, or why nothing was. */
export type StoredCounterexample =
  | { stored: true; path: string; created: boolean; summary: string; certificate: Record<string, unknown> }
  | { stored: false; summary: string };
