/**
 * ReLU kink events: the sign pattern of the pre-activations z_ij = ⟨w_j, x_i⟩, locating the
 * step at which a pair crosses its kink, Filippov sliding on kinks that attract from both
 * sides (sliding.ts), and the Zeno guard that gives up kink location when events pile up.
 */
import type { Field, Sign } from "../field/field.js";
import { forward } from "../model/network.js";
import type { FlowSystem } from "./flowSystem.js";
import { type KinkPair, projectOntoKinks, slidingSlopes } from "./sliding.js";
import { withParameters } from "./state.js";
import type { StepResult } from "./steppers.js";

/**
 * Half-width of the band around a kink, relative to max(1, max|⟨w_j, x_i⟩| at the start), inside
 * which a pre-activation counts as on the kink: the resolution of kink location, ~10⁴ ulps.
 */
export const KINK_BAND = 1e-12;
/** Zeno guard: this many kink events within this much flow time stop kink location. */
export const ZENO_EVENTS = 200;
export const ZENO_TIME = 1e-3;

export interface SlidingInterval extends KinkPair {
  start: number;
  /** undefined while still sliding at the end of the run. */
  end: number | undefined;
}

type Signs = (Sign | undefined)[];

/** A trial step that crossed a kink, cut back to just past the first crossing. */
export interface LocatedStep<T> {
  stepSize: number;
  attempt: StepResult<T>;
}

export class KinkTracker<T> {
  /** Locate kinks and step onto them; cleared by the Zeno guard. */
  following: boolean;
  stoppedAt: number | undefined;
  events = 0;
  readonly sliding: KinkPair[] = [];
  readonly slidingIntervals: SlidingInterval[] = [];
  private readonly F: Field<T>;
  private readonly p: number;
  private readonly band: number;
  private signs: Signs;
  private nextSigns: Signs;
  private patternChanges = 0;
  private zenoCheck = { events: 0, time: 0 };

  constructor(
    private readonly system: FlowSystem<T>,
    initial: readonly T[],
    follow: boolean,
    private readonly followSliding: boolean,
    private readonly tolerance: number,
  ) {
    this.F = system.field;
    this.p = system.instance.a.length;
    this.following = follow;
    // Pre-activations within KINK_BAND·max(1, max|z(0)|) of 0 count as on the kink (sign 0), and only
    // a change to the opposite sign is a crossing: a pair approaching its kink asymptotically would
    // otherwise be "reached" by a stage at every step, each event bisected to a vanishing step (Zeno).
    this.band = system.piecewise ? KINK_BAND * Math.max(1, largestMagnitude(this.F, system.switching(initial))) : 0;
    this.signs = system.piecewise ? this.signsOf(initial) : [];
    this.nextSigns = this.signs;
  }

  private signsOf(state: readonly T[]): Signs {
    return this.system.switching(state).map((z) => (Math.abs(this.F.toNumber(z)) <= this.band ? 0 : this.F.sign(z)));
  }

  private isSliding(k: number): boolean {
    return this.sliding.some((pair) => pair.sample * this.p + pair.neuron === k);
  }

  private crossedPairs(after: Signs): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.signs.length; k++) {
      const was = this.signs[k];
      if (was !== 0 && was !== undefined && after[k] === -was && !this.isSliding(k)) out.push(k);
    }
    return out;
  }

  /** Pairs that a trial step puts on the other side of a kink, at its end or at any stage. */
  private straddledPairs(trial: StepResult<T>): number[] {
    const pairs = new Set(this.crossedPairs(this.signsOf(trial.state)));
    for (const stage of trial.stageStates) for (const k of this.crossedPairs(this.signsOf(stage))) pairs.add(k);
    return [...pairs];
  }

  /**
   * Before a trial step is taken: when it straddles a kink, bisect on the step size for the first
   * crossing by the end or a stage and step just past it, so no stage sees a stale pattern for
   * longer than `tolerance` of the step. Returns the step to take instead, or undefined.
   */
  locate(trial: StepResult<T>, stepSize: number, time: number, retake: (stepSize: number) => StepResult<T>): { located?: LocatedStep<T>; slidingChanged: boolean } {
    if (!this.following) return { slidingChanged: false };
    this.nextSigns = this.signsOf(trial.state);
    if (this.straddledPairs(trial).length === 0) return { slidingChanged: false };
    let low = 0;
    let high = 1;
    while (high - low > this.tolerance) {
      const middle = (low + high) / 2;
      if (this.straddledPairs(retake(middle * stepSize)).length > 0) high = middle;
      else low = middle;
    }
    const located = { stepSize: stepSize * high, attempt: retake(stepSize * high) };
    this.nextSigns = this.signsOf(located.attempt.state);
    const reached = this.straddledPairs(located.attempt);
    this.events += reached.length;
    this.zenoGuard(time);
    return { located, slidingChanged: this.enterSliding(reached, located, time) };
  }

  private zenoGuard(time: number): void {
    if (this.events - this.zenoCheck.events < ZENO_EVENTS) return;
    if (time - this.zenoCheck.time < ZENO_TIME) {
      this.following = false;
      this.stoppedAt = time;
    }
    this.zenoCheck = { events: this.events, time };
  }

  private enterSliding(reached: readonly number[], { stepSize, attempt }: LocatedStep<T>, time: number): boolean {
    let changed = false;
    for (const k of reached) {
      const pair = { sample: Math.floor(k / this.p), neuron: k % this.p };
      if (this.followSliding && attractsFromBothSides(this.system, attempt.state, pair, this.sliding)) {
        this.sliding.push(pair);
        this.slidingIntervals.push({ ...pair, start: time + stepSize, end: undefined });
        changed = true;
      } else if (this.nextSigns[k] === this.signs[k]) {
        // A stage crossed but the end has not yet: the pair is on its kink to within the
        // tolerance, so treat it as there; its next sign change is not a new event.
        this.nextSigns[k] = 0;
      }
    }
    return changed;
  }

  /**
   * After a step is accepted at `state` (time `time`): project the sliding pairs back onto their
   * kinks, release those no longer attracted from both sides, and update the sign pattern.
   */
  afterStep(state: T[], time: number): { state: T[]; slidingChanged: boolean } {
    let slidingChanged = false;
    if (this.sliding.length > 0) {
      state = projectState(this.F, this.system, state, this.sliding);
      const releasedKeys: number[] = [];
      for (let index = this.sliding.length - 1; index >= 0; index--) {
        if (attractsFromBothSides(this.system, state, this.sliding[index], this.sliding.filter((_, k) => k !== index))) continue;
        const [released] = this.sliding.splice(index, 1);
        releasedKeys.push(released.sample * this.p + released.neuron);
        const interval = this.slidingIntervals.find((s) => s.sample === released.sample && s.neuron === released.neuron && s.end === undefined);
        if (interval) interval.end = time;
        slidingChanged = true;
      }
      this.nextSigns = this.signsOf(state);
      // A released pair leaves its kink from z = 0 (up to the projection's rounding): its first
      // move off the kink is not a crossing. Without this, the sign of that rounding residue makes
      // the leave look like a crossing back, the pair re-enters and is released again (Zeno).
      for (const k of releasedKeys) this.nextSigns[k] = 0;
    }
    if (this.following) {
      for (let k = 0; k < this.signs.length; k++) if (this.nextSigns[k] !== this.signs[k] && !this.isSliding(k)) this.patternChanges++;
      this.signs = this.nextSigns;
    }
    this.nextSigns = this.signs;
    return { state, slidingChanged };
  }

  /** Sign changes since the previous checkpoint; without kink location, counted now against the last pattern. */
  takePatternChanges(state: readonly T[]): number {
    if (this.system.piecewise && !this.following) {
      const now = this.signsOf(state);
      for (let k = 0; k < this.signs.length; k++) if (now[k] !== this.signs[k]) this.patternChanges++;
      this.signs = now;
    }
    const changes = this.patternChanges;
    this.patternChanges = 0;
    return changes;
  }
}

/** max_k |z_k| by a loop: a spread over n·p values overflows the call stack on large instances. */
function largestMagnitude<T>(F: Field<T>, values: readonly T[]): number {
  let out = 0;
  for (const z of values) out = Math.max(out, Math.abs(F.toNumber(z)));
  return out;
}

function projectState<T>(F: Field<T>, system: FlowSystem<T>, state: readonly T[], pairs: readonly KinkPair[]): T[] {
  const at = withParameters(system.instance, state);
  const W = projectOntoKinks(F, at, pairs);
  const out = at.a.slice();
  for (const row of W) for (const w of row) out.push(w);
  return out;
}

/**
 * Both one-sided fields push z_ij toward 0: with σ'(z_ij) at its left value ż_ij > 0, at its
 * right value ż_ij < 0 (other sliding pairs keep their Filippov slopes).
 */
function attractsFromBothSides<T>(system: FlowSystem<T>, state: readonly T[], pair: KinkPair, others: readonly KinkPair[]): boolean {
  const F = system.field;
  const instance = withParameters(system.instance, state);
  const p = instance.a.length;
  const d = instance.X[0].length;
  const pass = forward(F, instance);
  const otherSlopes = others.length > 0 ? slidingSlopes(F, instance, pass, others) : new Map<number, T>();
  const leftSlope = pass.sigma.derivative(F.neg(F.one));
  const rightSlope = pass.sigma.derivative(F.one);
  const velocity = (slope: T): number => {
    const field = system.rhsWithSlopes(state, (i, j) => (i === pair.sample && j === pair.neuron ? slope : otherSlopes.get(i * p + j)));
    const wVelocity = field.slice(p + pair.neuron * d, p + (pair.neuron + 1) * d);
    let total = F.zero;
    instance.X[pair.sample].forEach((x, k) => {
      total = F.add(total, F.mul(x, wVelocity[k]));
    });
    return F.toNumber(total);
  };
  return velocity(leftSlope) > 0 && velocity(rightSlope) < 0;
}
