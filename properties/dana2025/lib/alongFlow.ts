/**
 * dana2025's flow conclusions decided along a validated enclosure of the gradient flow
 * (Property.alongFlow; src/certify/flowEnclosure.ts gives per step a tube ∋ θ(s), s ∈ [from, to],
 * and an end box ∋ θ(to)). Each returns a per-step verdict over the interval field:
 * `certified` for every t of the step, `refuted` only when false at a point of the exact
 * trajectory (decided on the end box), else `undecided`. Shared by the five flow entries.
 */
import { Decimal } from "decimal.js";
import type { AlongFlowVerdict, Candidate, FlowStepView } from "../../../src/check/property.js";
import type { Interval, IntervalField } from "../../../src/field/interval.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import type { Instance } from "../../../src/model/instance.js";
import { balance, forward, gradient, lossFromResiduals } from "../../../src/model/network.js";
import { packParameters, withParameters } from "../../../src/model/parameters.js";
import { gradientFlowSystem } from "../../../src/dynamics/flowSystem.js";
import { plLowerBound, theorem1Constant, theorem1DataConstants } from "./plBound.js";

type Tracker = (step: FlowStepView) => AlongFlowVerdict;

/** sign a_j(t) = sign a_j(0) on the tube: s_j·a_j > 0 for every j. */
export function signKeptAlongFlow(F: IntervalField, candidate: Candidate): Tracker {
  const p = candidate.file.params.a.length;
  return (step) => {
    const signs = step.initial.slice(0, p).map((a) => F.sign(a));
    if (signs.some((s) => s === 0 || s === undefined)) return "undecided";
    const signed = (box: readonly Interval[], j: number) => F.mul(F.fromNumber(signs[j]!), box[j]);
    if (signs.some((_, j) => signed(step.end, j).hi.lt(0))) return "refuted";
    return signs.every((_, j) => signed(step.tube, j).lo.gt(0)) ? "certified" : "undecided";
  };
}

/** δ_j(to) = δ_j(0): the end box's enclosure of δ_j must meet the exact δ_j(0) (an identity: `consistent` at best). */
export function balanceAlongFlow(F: IntervalField, candidate: Candidate): Tracker {
  const instance = instanceOverField(F, candidate.file);
  const initial = balance(F, instance);
  return (step) => {
    const now = balance(F, withParameters(instance, step.end));
    return now.every((d, j) => !(d.hi.lt(initial[j].lo) || d.lo.gt(initial[j].hi))) ? "consistent" : "refuted";
  };
}

/**
 * dL/dt = ⟨∇L, θ'⟩ ≤ 0 on the tube (θ' = −c∇L, each factor enclosed on the tube: certified when
 * every product is decided ≤ 0); refuted when L(to) certainly exceeds L at the previous step's end.
 */
export function lossNonIncreasingAlongFlow(F: IntervalField, candidate: Candidate): Tracker {
  const instance = instanceOverField(F, candidate.file);
  const system = gradientFlowSystem(F, instance);
  let previous = lossOn(F, instance, packParameters(instance));
  return (step) => {
    // ∇L and θ' enclosed separately on the tube (θ' by the flow's own right-hand side, a Filippov
    // hull where the tube crosses a ReLU kink), so the sign of their product is computed, not assumed.
    const g = packParameters(gradient(F, withParameters(instance, step.tube)));
    const velocity = system.rhs(step.tube);
    const rate = g.reduce((total, gi, i) => F.add(total, F.mul(gi, velocity[i])), F.zero);
    const end = lossOn(F, instance, step.end);
    const increased = end.lo.gt(previous.hi);
    previous = end;
    if (increased) return "refuted";
    return rate.hi.lte(0) ? "certified" : "undecided";
  };
}

/**
 * Theorem 1, eq. (6), on the tube: μ = c‖∇L‖²/L ≥ B = (C/n)·min_i |h_i/y_i| with μ's lower end
 * and B's upper end; refuted when μ(end) < B(end) certainly.
 */
export function plBoundAlongFlow(F: IntervalField, candidate: Candidate): Tracker {
  const instance = instanceOverField(F, candidate.file);
  return (step) => {
    const onTube = plSides(F, candidate, instance, step.tube);
    const onEnd = plSides(F, candidate, instance, step.end);
    if (onEnd.mu.hi.lt(onEnd.bound.lo)) return "refuted";
    return onTube.mu.lo.gte(onTube.bound.hi) ? "certified" : "undecided";
  };
}

/**
 * The decay L(t) ≤ L(0)·exp(−G(t)), G(t) = (C/n)∫₀ᵗ m, through the exponents D(t) = log L(0) −
 * log L(t) and G. Carried from step to step: D⁻ (a lower bound of D at the step's start) and G⁺
 * (an upper bound of G there). On a step with μ⁻ ≥ B⁺ on the tube, for every t in it
 * D(t) ≥ D⁻ + (t − from)·μ⁻ ≥ G⁺ + (t − from)·B⁺ ≥ G(t) once D⁻ ≥ G⁺ (dD/dt = μ, dG/dt = B):
 * certified. D⁻ at the end is the larger of that sum and the end box's own log L(0) − log L(to).
 * Refuted when L(to) certainly exceeds L(0)·exp(−G⁻(to)).
 */
export function lossDecayAlongFlow(F: IntervalField, candidate: Candidate): Tracker {
  const instance = instanceOverField(F, candidate.file);
  const logL0 = F.log(lossOn(F, instance, packParameters(instance)));
  let dLow = F.zero;
  let gHigh = F.zero;
  let gLow = F.zero;
  return (step) => {
    const h = F.sub(F.fromDecimalString(step.to), F.fromDecimalString(step.from));
    const tube = plSides(F, candidate, instance, step.tube);
    const startOk = dLow.lo.gte(gHigh.hi);
    const stepOk = tube.mu.lo.gte(tube.bound.hi);
    const point = (v: Decimal) => F.interval(v, v);
    const integrated = F.add(dLow, F.mul(h, point(tube.mu.lo)));
    const direct = F.sub(logL0, F.log(lossOn(F, instance, step.end)));
    dLow = point(Decimal.max(integrated.lo, direct.lo));
    gHigh = point(F.add(gHigh, F.mul(h, point(tube.bound.hi))).hi);
    gLow = point(F.add(gLow, F.mul(h, point(Decimal.max(tube.bound.lo, 0)))).lo);
    if (direct.hi.lt(gLow.lo)) return "refuted";
    return startOk && stepOk ? "certified" : "undecided";
  };
}

function lossOn(F: IntervalField, instance: Instance<Interval>, state: readonly Interval[]): Interval {
  return lossFromResiduals(F, forward(F, withParameters(instance, state)).residuals);
}

/** μ = c‖∇L‖²/L (dana2025's μ = −d log L/dt) and B = (C/n)·min_i |h_i/y_i| over a box. */
function plSides(F: IntervalField, candidate: Candidate, instance: Instance<Interval>, state: readonly Interval[]): { mu: Interval; bound: Interval } {
  const at = withParameters(instance, state);
  const pass = forward(F, at);
  const c = instance.model.scaling === "mean-field" ? F.fromNumber(instance.a.length) : F.one;
  const g = packParameters(gradient(F, at, pass));
  const squared = g.reduce((total, gi) => F.add(total, F.mul(gi, gi)), F.zero);
  const L = lossFromResiduals(F, pass.residuals);
  const mu = F.div(F.mul(c, squared), L);
  const C = theorem1Constant(F, theorem1DataConstants(F, candidate, at));
  return { mu, bound: plLowerBound(F, C, instance.X.length, pass.outputs, instance.y) };
}
