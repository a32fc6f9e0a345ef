/**
 * A validated enclosure of the gradient flow θ' = −c∇L(θ) on [0, T] (dana2025 eq. (3)): at
 * every step a set that provably contains the exact trajectory from the instance's θ(0). Per step
 * of length h, from the set S = {c + B·r : r ∈ R} (lohner.ts) with hull X:
 * 1. a priori box B ⊇ θ([t, t+h]) for every θ(t) ∈ X by the Picard test (flowTaylor.ts);
 * 2. the centre's trajectory by its Taylor polynomial of order K (coefficients by automatic
 *    differentiation over intervals) plus the Lagrange remainder h^{K+1}·θ_{K+1}(B_c), B_c the a
 *    priori box of the centre's own trajectory;
 * 3. the rest of the set in mean-value form φ_h(S) ⊆ φ_h(c) + [V]·(S − c), with the variational
 *    matrix V(h) = I + ∫₀ʰ Df(θ(s))V(s)ds enclosed by three Picard terms and a Grönwall tail
 *    (variationalEnclosure);
 * 4. the Lohner/QR update of the set, its hull intersected with X + h·f(B).
 * ReLU-type activations follow a fixed activation pattern (patternFlow.ts) between certified kink
 * crossings: a step is taken only when no trajectory of the set can reach a kink in it
 * (kinkCrossing.ts); near a kink the set is stepped up to the earliest possible crossing time
 * (each approach squares the remaining distance, down to the set's own width), then one step of
 * the Filippov hull carries it across, the crossing proved transversal and its time enclosed.
 * The run stops at T, or earlier with the reason the enclosure could not be continued.
 */
import { Decimal } from "decimal.js";
import type { Candidate } from "../check/property.js";
import { intervalField, type Interval, type IntervalField } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import { gradientFlowSystem, initialState } from "../dynamics/flowSystem.js";
import { isPiecewise, preactivations, type ActivationPattern, type FlowData } from "./patternFlow.js";
import { aprioriEnclosure, flowJacobian, flowTaylorCoefficients, rhsOverBox } from "./flowTaylor.js";
import { lohnerAdvance, lohnerFromBox, lohnerHull, type LohnerSet } from "./lohner.js";
import { crossKinks, kinkWindows, type KinkCrossing } from "./kinkCrossing.js";
import { matrixProduct, matrixVector } from "./qr.js";

export interface FlowEnclosureOptions {
  /** T as a decimal string. */
  horizon: string;
  digits: number;
  /** K: Taylor order of the centre's step. */
  order: number;
  /** First step length (decimal string); default min(T, 1/16). */
  firstStep?: string;
  /** Stop after this many steps (the horizon reached so far is still certified). */
  maxSteps?: number;
  onProgress?: (time: number, steps: number) => void;
  /**
   * Every step's enclosures: `tube` holds θ(s) for s in [from, to], `end` holds θ(to) — what a
   * property certified along the flow is evaluated on.
   */
  onStep?: (step: FlowStepEnclosure) => void;
  /** Asked after every step: true ends the run there (e.g. a convergence trap closed); `stoppedBy` says why. */
  stop?: () => string | undefined;
}

export interface FlowStepEnclosure {
  from: Decimal;
  to: Decimal;
  tube: readonly Interval[];
  end: readonly Interval[];
  kind: StepKind;
}

export type StepKind = "taylor" | "approach" | "crossing";

export interface FlowTraceEntry {
  t: string;
  h: string;
  kind: StepKind;
  /** Largest width of the parameter hull at t + h (3 significant digits). */
  width: string;
}

export interface FlowEnclosureResult {
  horizon: string;
  digits: number;
  order: number;
  /** The end of the last certified step (= horizon when `complete`). */
  certifiedUntil: string;
  complete: boolean;
  /** Set when `stop` ended the run before T (the enclosure up to `certifiedUntil` is complete and sound). */
  stoppedBy?: string;
  /** Why the enclosure stops before T, and from where. */
  undecided?: { from: string; reason: string };
  steps: number;
  crossings: KinkCrossing[];
  /** The enclosure of θ(certifiedUntil), [a, W] packed as src/model/parameters.ts. */
  final: { lo: string; hi: string }[];
  finalWidth: string;
  trace: FlowTraceEntry[];
  milliseconds: number;
}

/** Time arithmetic: sums of step lengths, kept exact. */
const Time = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });
/** Step lengths carry few digits, so times stay short. */
const STEP_DIGITS = 4;
const MAX_HALVINGS = 40;
/** Approach steps toward one kink before crossing anyway. */
const MAX_APPROACHES = 24;
/** Cross once the set is within this many of its own widths (in u) of the kink. */
const NEAR_IN_WIDTHS = 4;
/** A regular step whose remainder is this many times over the target is redone shorter. */
const REJECT_FACTOR = 100;

const three = (d: Decimal) => (d.isFinite() ? d.toSignificantDigits(3).toString() : d.toString());

interface Context {
  F: IntervalField;
  data: FlowData<Interval>;
  order: number;
  /** Target width of one step's remainder term. */
  tolerance: Decimal;
}

export function certifyFlow(candidate: Candidate, options: FlowEnclosureOptions): FlowEnclosureResult {
  const started = Date.now();
  const F = intervalField({ digits: options.digits });
  const instance = instanceOverField(F, candidate.file);
  const data: FlowData<Interval> = { model: instance.model, X: instance.X, y: instance.y, p: instance.a.length };
  const context: Context = { F, data, order: options.order, tolerance: new Decimal(10).pow(-options.digits + 2) };
  const filippovSystem = gradientFlowSystem(F, instance);
  const filippov = (box: readonly Interval[]) => filippovSystem.rhs(box);
  const T = new Time(options.horizon);
  const piecewise = isPiecewise(instance.model);
  // Absolute floor of a pair's margin to its kink: a few units in the last place of O(1) numbers.
  const kinkFloor = new Decimal(10).pow(-options.digits + 3);

  let set = lohnerFromBox(F, initialState(instance));
  let hull = lohnerHull(F, set);
  let pattern: (0 | 1)[][] | undefined;
  let undecided: FlowEnclosureResult["undecided"];
  if (piecewise) {
    const z = preactivations(F, data, hull);
    const unsure = z.flatMap((row, i) => row.map((v, j) => [i, j, F.sign(v)] as const)).find(([, , s]) => s === undefined || s === 0);
    if (unsure) undecided = { from: "0", reason: `pair (${unsure[0]}, ${unsure[1]}) starts on its kink (⟨w_j, x_i⟩ = 0 or undecided)` };
    pattern = z.map((row) => row.map((v) => (F.sign(v) === 1 ? 1 : 0)));
  }

  let t = new Time(0);
  let normalStep = new Time(options.firstStep ?? Decimal.min(T, new Decimal(1).div(16)));
  let step = normalStep;
  let approaches = 0;
  const crossings: KinkCrossing[] = [];
  const trace: FlowTraceEntry[] = [];
  const maxSteps = options.maxSteps ?? Infinity;
  const record = (h: Decimal, kind: StepKind, tube: readonly Interval[], end: readonly Interval[]) => {
    options.onStep?.({ from: t, to: t.plus(h), tube, end, kind });
    t = t.plus(h);
    const widest = end.reduce((m, x) => Decimal.max(m, F.width(x)), new Decimal(0));
    trace.push({ t: t.toString(), h: h.toString(), kind, width: three(widest) });
    options.onProgress?.(t.toNumber(), trace.length);
  };

  let stoppedBy: string | undefined;
  while (!undecided && t.lt(T) && trace.length < maxSteps && !(stoppedBy = options.stop?.())) {
    step = Decimal.min(step, T.minus(t));
    const velocity = (box: readonly Interval[]) => rhsOverBox(F, data, box, pattern);
    const regular = step.eq(normalStep) || step.eq(T.minus(t));
    let enclosure = aprioriEnclosure(F, hull, step, velocity);
    for (let halvings = 0; !enclosure && halvings < MAX_HALVINGS; halvings++) {
      step = shortened(step.div(2));
      enclosure = aprioriEnclosure(F, hull, step, velocity);
      if (regular) normalStep = step;
    }
    if (!enclosure) {
      undecided = { from: t.toString(), reason: `no a priori enclosure (Picard test) even for a step of ${three(step)}` };
      break;
    }
    let kind: StepKind = "taylor";
    if (pattern) {
      const windows = kinkWindows(F, data, hull, velocity(enclosure.box), pattern);
      if (!Array.isArray(windows)) {
        undecided = { from: t.toString(), reason: `pair (${windows.undecidedPair.join(", ")}): activation pattern undecided on the set` };
        break;
      }
      const earliest = windows.reduce((m, w) => Decimal.min(m, w.earliest), new Decimal(Infinity));
      if (earliest.lte(step)) {
        // Approach only up to NEAR_IN_WIDTHS of the set's own width (in u) from the kink: closer,
        // the hull's box evaluation of u would straddle 0 although no trajectory has crossed.
        const margin = (u: Interval) => F.width(u).plus(kinkFloor).times(NEAR_IN_WIDTHS);
        const point = (v: Decimal) => F.interval(v, v);
        const approachTime = windows.reduce((m, w) => {
          if (!w.rate.lo.lt(0)) return m;
          const room = F.sub(point(w.u.lo), point(margin(w.u))).lo;
          return Decimal.min(m, room.gt(0) ? F.div(point(room), point(w.rate.lo.neg())).lo : new Decimal(0));
        }, new Decimal(Infinity));
        const nearest = windows.reduce((best, w) => (w.earliest.lt(best.earliest) ? w : best));
        if (!approachTime.gt(0) || approaches >= MAX_APPROACHES) {
          const rateBound = nearest.rate.hi.lt(0) ? nearest.rate.hi.neg() : undefined;
          const guess = rateBound ? shortened(nearest.u.hi.div(rateBound).times(2)) : shortened(earliest.times(2));
          const outcome = crossKinks(F, data, hull, pattern, guess.gt(0) ? guess : step, filippov);
          if (outcome.kind === "undecided") {
            undecided = { from: t.toString(), reason: `${outcome.reason} within ${three(outcome.window)} after t` };
            break;
          }
          for (const c of outcome.crossings) crossings.push({ ...c, time: { lo: t.plus(c.time.lo).toString(), hi: t.plus(c.time.hi).toString() } });
          pattern = outcome.pattern;
          set = lohnerFromBox(F, outcome.box);
          hull = outcome.box;
          record(outcome.step, "crossing", outcome.tube, hull);
          approaches = 0;
          step = normalStep;
          continue;
        }
        // Up to the margin on the same a priori box (valid for any shorter step).
        step = Decimal.min(step, approachTime.toSignificantDigits(options.digits - 4, Decimal.ROUND_DOWN));
        kind = "approach";
        approaches++;
      }
    }
    const advanced = taylorStep(context, set, hull, step, enclosure, pattern);
    if (regular && kind === "taylor" && advanced.remainderWidth.gt(context.tolerance.times(REJECT_FACTOR)) && trace.length < maxSteps) {
      // Far over the remainder target (typically the first guess): redo the step shorter.
      normalStep = shortened(step.times(Math.max(0.05, context.tolerance.div(advanced.remainderWidth).pow(1 / (context.order + 2)).times(0.9).toNumber())));
      step = normalStep;
      continue;
    }
    set = advanced.set;
    hull = advanced.hull;
    record(step, kind, enclosure.tight, hull);
    if (kind === "approach") {
      // Next window just past the centre's estimated crossing: a short step keeps u̇'s spread on B small.
      step = Decimal.min(normalStep, shortened(centreTimeToKink(F, data, set, pattern!, velocity).times(2)));
    } else {
      // A step shortened by the kink logic says nothing about the right regular step length.
      if (regular) normalStep = adaptedStep(context, step, advanced.remainderWidth);
      step = normalStep;
    }
  }
  const widest = hull.reduce((m, x) => Decimal.max(m, F.width(x)), new Decimal(0));
  if (!undecided && !stoppedBy && t.lt(T)) undecided = { from: t.toString(), reason: `stopped after ${trace.length} steps (maxSteps)` };
  return {
    horizon: T.toString(),
    digits: options.digits,
    order: options.order,
    certifiedUntil: t.toString(),
    complete: !undecided && !stoppedBy,
    stoppedBy,
    undecided,
    steps: trace.length,
    crossings,
    final: hull.map((x) => ({ lo: x.lo.toString(), hi: x.hi.toString() })),
    finalWidth: three(widest),
    trace,
    milliseconds: Date.now() - started,
  };
}

/** A step length with few significant digits, rounded down. */
function shortened(h: Decimal): Decimal {
  return new Time(h).toSignificantDigits(STEP_DIGITS, Decimal.ROUND_DOWN);
}

/** Next step from this one's remainder width, which scales like h^{K+2}: at most ×2, at least ×½. */
function adaptedStep(context: Context, h: Decimal, remainderWidth: Decimal): Decimal {
  if (remainderWidth.isZero()) return shortened(h.times(2));
  const ratio = context.tolerance.div(remainderWidth).pow(1 / (context.order + 2)).times(0.9).toNumber();
  return shortened(h.times(Math.min(2, Math.max(0.5, ratio))));
}

/** min over pairs heading to their kink of u(c)/(−u̇(c)) at the set's centre (an estimate for step sizes only). */
function centreTimeToKink(F: IntervalField, data: FlowData<Interval>, set: LohnerSet, pattern: ActivationPattern, velocity: (box: readonly Interval[]) => Interval[]): Decimal {
  const z = preactivations(F, data, set.center);
  const rate = preactivations(F, data, velocity(set.center));
  let best = new Decimal(Infinity);
  z.forEach((row, i) =>
    row.forEach((v, j) => {
      const s = pattern[i][j] === 1 ? 1 : -1;
      const u = s * F.toNumber(v);
      const du = s * F.toNumber(rate[i][j]);
      if (du < 0 && u > 0) best = Decimal.min(best, new Decimal(u / -du));
    }),
  );
  return best.isFinite() && best.gt(0) ? best : new Decimal(1);
}

/** Steps 2–4 of the file comment (a box in mean-value form where the new basis's inverse cannot be enclosed). */
function taylorStep(
  context: Context,
  set: LohnerSet,
  hull: readonly Interval[],
  h: Decimal,
  enclosure: { box: Interval[]; tight: Interval[] },
  pattern: ActivationPattern | undefined,
): { set: LohnerSet; hull: Interval[]; remainderWidth: Decimal } {
  const { F, data, order } = context;
  const velocity = (box: readonly Interval[]) => rhsOverBox(F, data, box, pattern);
  const hI = F.interval(h, h);
  // The centre's own a priori box; the set's box also holds the centre's trajectory (c ∈ X) when its Picard test fails.
  const centreBox = aprioriEnclosure(F, set.center, h, velocity) ?? enclosure;
  const coefficients = flowTaylorCoefficients(F, data, set.center, order, pattern);
  const remainder = flowTaylorCoefficients(F, data, centreBox.tight, order + 1, pattern)[order + 1];
  let remainderWidth = new Decimal(0);
  let power = F.one;
  for (let k = 0; k <= order; k++) power = F.mul(power, hI);
  const pointImage = remainder.map((r, i) => {
    const term = F.mul(r, power);
    remainderWidth = Decimal.max(remainderWidth, F.width(term));
    // Horner: Σ_{k≤K} θ_k h^k + r·h^{K+1}.
    let total = r;
    for (let k = order; k >= 0; k--) total = F.add(coefficients[k][i], F.mul(hI, total));
    return total;
  });
  const variational = variationalEnclosure(F, flowJacobian(F, data, enclosure.tight, pattern), hI);
  const direct = velocity(enclosure.box).map((v, i) => F.add(hull[i], F.mul(hI, v)));
  const next = lohnerAdvance(F, set, variational, pointImage);
  if (!next) {
    // No enclosable inverse for the new basis: the same mean-value form on the hull as a box, and restart the set there.
    const offsets = hull.map((x, i) => F.sub(x, set.center[i]));
    const box = matrixVector(F, variational, offsets).map((v, i) => F.intersect(F.add(pointImage[i], v), direct[i]));
    return { set: lohnerFromBox(F, box), hull: box, remainderWidth };
  }
  const nextHull = lohnerHull(F, next).map((x, i) => F.intersect(x, direct[i]));
  return { set: next, hull: nextHull, remainderWidth };
}

/** Terms of the Picard series for V(h) kept exactly before the Grönwall tail (see variationalEnclosure). */
const VARIATIONAL_ORDER = 3;

/**
 * [V(h)] ⊇ V(h) for V' = A(s)V, V(0) = I, A(s) ∈ [A] for s ∈ [0, h] (step 3 of the file comment).
 * Iterating V(s) = I + ∫₀ˢ A V gives V(h) = I + Σ_{k<N} ∫…∫ A(s₁)⋯A(s_k) + ∫…∫ A(s₁)⋯A(s_N)V(s_N),
 * the k-fold integral over the simplex of volume h^k/k!; each integrand lies in the interval product
 * [A]^k (resp. [A]^N·Vb) and the integral of a box-valued integrand with positive weight lies in
 * volume × box, so V(h) ∈ I + Σ_{k<N} (h^k/k!)[A]^k + (h^N/N!)[A]^N·Vb, with Vb = I + [−δ, δ],
 * δ = e^{h‖[A]‖∞} − 1 ≥ ‖V(s) − I‖∞ (Grönwall). The sum is kept expanded: the Horner form would be
 * tighter but is not an enclosure (the factors of one term are taken at different times s_k).
 * With N = 1 (the first-order form) the δ term makes [V]'s width O(h²‖A‖²) and widths grow
 * geometrically along the run; with N = 3 the width is dominated by h·width([A]), which shrinks
 * with the flow's speed.
 */
function variationalEnclosure(F: IntervalField, A: Interval[][], h: Interval, order = VARIATIONAL_ORDER): Interval[][] {
  let norm = new Decimal(0);
  for (const row of A) norm = Decimal.max(norm, row.reduce((s, x) => F.add(s, F.abs(x)), F.zero).hi);
  const delta = F.sub(F.exp(F.mul(h, F.interval(norm, norm))), F.one).hi;
  const spread = F.interval(delta.neg(), delta);
  const identity = A.map((_, i) => A.map((__, j) => (i === j ? F.one : F.zero)));
  let total = identity;
  let power = identity; // [A]^k
  let weight = F.one; // h^k/k!
  for (let k = 1; k <= order; k++) {
    power = matrixProduct(F, A, power);
    weight = F.div(F.mul(weight, h), F.fromNumber(k));
    const term = k < order ? power : matrixProduct(F, power, A.map((_, i) => A.map((__, j) => (i === j ? F.add(F.one, spread) : spread))));
    total = total.map((row, i) => row.map((x, j) => F.add(x, F.mul(weight, term[i][j]))));
  }
  return total;
}
