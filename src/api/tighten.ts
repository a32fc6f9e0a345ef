/**
 * `tighten` as a library call: how far a bound's constant can move before the bound fails on an
 * instance that meets every assumption — the targeted search of a hunt (src/check/hunt.ts:
 * sampling, (1+1)-ES climbing, restarts) run on the slack ratio r = observed/bound instead of
 * the margin, the best witness shrunk (src/check/shrink.ts), and r certified in interval
 * arithmetic through the entry's `slackOver`.
 *
 * Direction. A lower bound observed ≥ B = c·g is tight where r is smallest: on the witness,
 * observed = r·c·g, so the constant cannot be raised above c·r (the certified HIGH end of r is the
 * claim, since the true r may sit anywhere in the enclosure). An upper bound observed ≤ c·g is
 * tight where r is largest: the constant cannot be lowered below c·r (the certified LOW end).
 * The search minimizes the "slack factor" s = r (lower) or 1/r (upper), so both read alike.
 *
 * An entry with several bounds (a sandwich: margin.bound and margin.moreBounds) is tightened one
 * bound at a time: {@link boundView} shows the search and the certificate the named bound as if it
 * were the entry's only one.
 *
 * Vacuous runs (the entry says the conclusion holds trivially, or gives no slack) never count:
 * their objective is +∞. Shrinking keeps a candidate while s ≤ s_best·(1 + tolerance), tolerance
 * {@link TIGHTEN_SHRINK_TOLERANCE} by default: a simpler witness may give up that much tightness.
 */
import { hunt, type TracePoint } from "../check/hunt.js";
import type { BoundSpec, Candidate, Evaluation, EvaluationContext, Property } from "../check/property.js";
import { shrink } from "../check/shrink.js";
import { decideAssumptions, type AssumptionDecision } from "../certify/certify.js";
import { intervalField, type Interval } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import { InputError } from "../io/inputError.js";
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";

/** Relative loss of tightness a shrinking step may accept (s may grow from s_best to s_best·(1 + 1e-3)). */
export const TIGHTEN_SHRINK_TOLERANCE = 1e-3;

export interface TightenOptions {
  /** Objective evaluations of the search (sampling and climbing). */
  budget: number;
  seed: string;
  /** Which bound: a name of margin.moreBounds; undefined: margin.bound. */
  bound?: string;
  /** Significant digits of the exact path and of the interval certificate. */
  digits: number;
  /** Evaluations for shrinking the best witness (default 1000; 0: do not shrink). */
  shrinkBudget?: number;
  /** Relative tolerance of shrinking (default {@link TIGHTEN_SHRINK_TOLERANCE}). */
  tolerance?: number;
  onProgress?(progress: { evaluations: number; budget: number; bestRatio: number; restarts: number }): void;
}

export interface RatioCertificate {
  /** certified: every assumption decided true and r enclosed; otherwise why not. */
  verdict: "certified" | "undecided" | "not-applicable" | "unsupported";
  method: "interval" | null;
  digits: number;
  /** Enclosure of r = observed/bound, or null. */
  ratio: { lo: string; hi: string } | null;
  assumptions: AssumptionDecision[];
  hint?: string;
}

export interface TightenResult {
  id: string;
  /** The name of the bound tightened (margin.moreBounds), or null for margin.bound. */
  boundName: string | null;
  direction: "lower" | "upper";
  observed: string;
  bound: string;
  seed: string;
  budget: number;
  /** The witness (shrunk) and its float ratio r = observed/bound; null when no effective candidate was seen. */
  witness: Candidate | null;
  ratio: number | null;
  /** r of the best candidate before shrinking. */
  searchRatio: number | null;
  evaluation: Evaluation | null;
  certificate: RatioCertificate;
  /**
   * The claim in the entry's terms, from the certificate: the factor by which the constant can
   * move at most (lower: "cannot be raised above factor × c"; upper: "cannot be lowered below").
   */
  constantFactor: { value: string; certified: boolean } | null;
  evaluations: number;
  restarts: number;
  samples: number;
  skipped: number;
  /** Best ratio so far, each time it improved. */
  trace: { evaluations: number; ratio: number }[];
  shrink: { evaluations: number; steps: string[]; complete: boolean } | null;
  tolerance: number;
  errors: number;
  firstError?: string;
  /**
   * The float64 kernels (src/fast/kernels.ts) the search, the shrinking and the witness's evaluation
   * ran on, most used first and joined by " + ", as `check` reports them; null when every evaluation
   * was exact or on the generic model (the certificate is always interval arithmetic).
   */
  kernel: string | null;
}

/** Throws an InputError (one line) when the entry declares no bound to tighten, or no bound of that name. */
export function boundOf(property: Property, name?: string): BoundSpec {
  if (name !== undefined) {
    const named = property.margin?.moreBounds?.find((b) => b.name === name);
    const names = (property.margin?.moreBounds ?? []).map((b) => b.name);
    if (!named) throw new InputError(`--bound: ${property.id} has no bound named "${name}" (${names.length > 0 ? `its further bounds: ${names.join(", ")}` : "it declares only margin.bound; leave --bound out"})`);
    return named;
  }
  const bound = property.margin?.bound;
  if (!bound) throw new InputError(`tighten: ${property.id} declares no bound (margin.bound with a direction): nothing to tighten`);
  return bound;
}

/**
 * The entry as seen when tightening its bound `name` (margin.moreBounds): that bound as
 * margin.bound, its sides (Evaluation.slacks[name]) as the slack, slackOver asked for it.
 * Without a name, the entry itself.
 */
export function boundView(property: Property, name?: string): Property {
  if (name === undefined) return property;
  const bound = boundOf(property, name);
  const evaluate: Property["evaluate"] = (candidate, context) => {
    const { slack: _primary, slacks, ...rest } = property.evaluate(candidate, context);
    const sides = slacks?.[name];
    return sides ? { ...rest, slack: sides } : { ...rest, vacuous: rest.vacuous ?? `the bound "${name}" is vacuous here` };
  };
  const slackOver: Property["slackOver"] = property.slackOver && ((F, candidate, context, instance) => property.slackOver!(F, candidate, context, instance, name));
  return Object.create(property, {
    margin: { value: { ...property.margin!, bound } },
    evaluate: { value: evaluate },
    slackOver: { value: slackOver },
  }) as Property;
}

/** The float ratio r = observed/bound of an effective evaluation; undefined when vacuous or without slack. */
export function ratioOf(evaluation: Evaluation): number | undefined {
  if (evaluation.vacuous !== undefined || evaluation.detail?.vacuous === true || !evaluation.slack) return undefined;
  const r = evaluation.slack.observed / evaluation.slack.bound;
  return Number.isNaN(r) ? undefined : r;
}

/**
 * s = r (lower) or 1/r (upper): the quantity the search minimizes; +∞ for a vacuous run. An
 * upper bound with r ≤ 0 (observed ≤ 0 < bound) is as far from tight as it gets: +∞, not the
 * negative 1/r that would otherwise win the minimization.
 */
function slackFactor(direction: "lower" | "upper", evaluation: Evaluation): number {
  const r = ratioOf(evaluation);
  if (r === undefined) return Infinity;
  if (direction === "lower") return r;
  return r > 0 ? 1 / r : Infinity;
}

const fromFactor = (direction: "lower" | "upper", s: number) => (direction === "lower" ? s : 1 / s);

/** The entry seen by the hunt and the shrinker: the same candidates and assumptions, another objective as its margin. */
function withObjective(property: Property, objective: (evaluation: Evaluation) => number): Property {
  const evaluate: Property["evaluate"] = (candidate, context) => {
    const evaluation = property.evaluate(candidate, context);
    return { margin: objective(evaluation), detail: evaluation.detail };
  };
  // A descriptor, not an assignment: defineProperty freezes entries, and a frozen prototype's
  // `evaluate` would make `wrapped.evaluate = …` throw.
  return Object.create(property, { evaluate: { value: evaluate } }) as Property;
}

export function tighten(entry: Property, options: TightenOptions): TightenResult {
  const property = boundView(entry, options.bound);
  const { direction, observed, bound } = boundOf(property);
  const tolerance = options.tolerance ?? TIGHTEN_SHRINK_TOLERANCE;
  const search = withObjective(property, (evaluation) => slackFactor(direction, evaluation));
  const kernelsBefore = kernelUsage();
  const found = hunt(search, {
    budget: options.budget,
    seed: options.seed,
    digits: options.digits,
    shrink: false,
    polish: 0,
    onProgress: options.onProgress && ((p) => options.onProgress!({ evaluations: p.evaluations, budget: p.budget, bestRatio: fromFactor(direction, p.bestMargin), restarts: p.restarts })),
  });
  const context: EvaluationContext = { digits: options.digits };
  const effective = found.candidate !== null && Number.isFinite(found.margin);
  let witness = effective ? found.candidate : null;
  let shrinkReport: TightenResult["shrink"] = null;
  if (witness && (options.shrinkBudget ?? 1000) > 0 && found.margin > 0) {
    const limit = found.margin * (1 + tolerance);
    const keep = withObjective(property, (evaluation) => (slackFactor(direction, evaluation) <= limit ? -1 : 1));
    const shrunk = shrink(keep, witness, { digits: options.digits, budget: options.shrinkBudget ?? 1000, settings: new Set(found.mutableSettings) });
    witness = shrunk.candidate;
    shrinkReport = { evaluations: shrunk.evaluations, steps: shrunk.steps, complete: shrunk.complete };
  }
  const evaluation = witness ? property.evaluate(witness, context) : null;
  const ratio = evaluation ? (ratioOf(evaluation) ?? null) : null;
  const kernel = kernelsUsedSince(kernelsBefore).join(" + ") || null;
  const certificate = witness ? certifyRatio(property, witness, options.digits) : { verdict: "unsupported" as const, method: null, digits: options.digits, ratio: null, assumptions: [], hint: "no effective candidate met the assumptions" };
  return {
    id: property.id,
    boundName: options.bound ?? null,
    direction,
    observed,
    bound,
    seed: options.seed,
    budget: options.budget,
    witness,
    ratio,
    searchRatio: effective ? fromFactor(direction, found.margin) : null,
    evaluation,
    certificate,
    constantFactor: constantFactor(direction, certificate, ratio),
    evaluations: found.evaluations,
    restarts: found.restarts,
    samples: found.samples,
    skipped: found.skipped,
    trace: found.trace.filter((point: TracePoint) => Number.isFinite(point.margin)).map((point) => ({ evaluations: point.evaluations, ratio: fromFactor(direction, point.margin) })),
    shrink: shrinkReport,
    tolerance,
    errors: found.errors,
    ...(found.firstError !== undefined ? { firstError: found.firstError } : {}),
    kernel,
  };
}

/** Lower: the certified high end of r; upper: the certified low end; else the float ratio, uncertified. */
function constantFactor(direction: "lower" | "upper", certificate: RatioCertificate, ratio: number | null): TightenResult["constantFactor"] {
  if (certificate.verdict === "certified" && certificate.ratio) return { value: direction === "lower" ? certificate.ratio.hi : certificate.ratio.lo, certified: true };
  return ratio === null ? null : { value: String(ratio), certified: false };
}

/** r = observed/bound (of margin.bound, or of the named further bound) enclosed over intervals via slackOver, the assumptions decided over the same field. */
export function certifyRatio(entry: Property, candidate: Candidate, digits: number, boundName?: string): RatioCertificate {
  const property = boundView(entry, boundName);
  const base = { digits, method: null, ratio: null, assumptions: [] as AssumptionDecision[] };
  if (!property.slackOver) return { ...base, verdict: "unsupported", hint: "the entry has no field-generic slack (slackOver): the ratio is a float estimate, not certified" };
  const I = intervalField({ digits });
  const context: EvaluationContext = { digits };
  const instance = instanceOverField(I, candidate.file);
  const assumptions = decideAssumptions(property, I, candidate, context, instance, new Set());
  let ratio: Interval | undefined;
  let failure: string | undefined;
  try {
    const sides = property.slackOver(I, candidate, context, instance);
    if (sides) ratio = I.div(sides.observed, sides.bound);
    else failure = "the bound is vacuous on this witness over intervals";
  } catch (error) {
    failure = `the ratio could not be enclosed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
  const enclosure = ratio ? { lo: ratio.lo.toString(), hi: ratio.hi.toString() } : null;
  const failing = assumptions.filter((a) => a.holds === false).map((a) => a.name);
  const undecided = assumptions.filter((a) => a.holds === null).map((a) => a.name);
  const result = { ...base, method: enclosure ? ("interval" as const) : null, ratio: enclosure, assumptions };
  if (failing.length > 0) return { ...result, verdict: "not-applicable", hint: `assumption certainly fails: ${failing.join(", ")}` };
  if (undecided.length > 0) return { ...result, verdict: "undecided", hint: `assumption(s) undecided over intervals: ${undecided.join(", ")}` };
  if (!enclosure) return { ...result, verdict: "undecided", hint: failure };
  return { ...result, verdict: "certified" };
}
