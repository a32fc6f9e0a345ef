/**
 * ReLU kinks along a validated flow enclosure (flowEnclosure.ts). With u_ij = s_ij·⟨w_j, x_i⟩
 * (s_ij = +1 on the active side of the pattern, −1 on the inactive one) u > 0 means "still on
 * the pattern's side". Along any trajectory in a box B, u̇_ij = s_ij·⟨ẇ_j, x_i⟩ ∈ s_ij·⟨f(B)_{w_j}, x_i⟩
 * (almost everywhere; f(B) over the interval field is the Filippov hull where B crosses a kink).
 * From the set's hull X and a box B holding the trajectories on [0, h]:
 * - u(s) ≥ u_lo(X) + s·u̇_lo: no trajectory can reach the kink before u_lo/(−u̇_lo) ({@link kinkWindows});
 * - if u̇_hi < 0 on B the crossing is transversal — u strictly decreasing, so it crosses once
 *   and cannot slide — and every trajectory has crossed by u_hi/(−u̇_hi); the crossing time lies
 *   in [u_lo/(−u̇_lo), u_hi/(−u̇_hi)] ({@link crossKinks});
 * - if u̇ may vanish on B, the pair may touch the kink tangentially or slide on it: undecided.
 */
import { Decimal } from "decimal.js";
import type { Interval, IntervalField } from "../field/interval.js";
import { preactivations, type ActivationPattern, type FlowData } from "./patternFlow.js";
import { aprioriEnclosure } from "./flowTaylor.js";

export interface PairWindow {
  sample: number;
  neuron: number;
  /** u on the hull X (> 0 on the pattern's side). */
  u: Interval;
  /** u̇ enclosed on B. */
  rate: Interval;
  /** No trajectory reaches the kink before this time (Infinity when u̇ ≥ 0 on B). */
  earliest: Decimal;
}

export interface KinkCrossing {
  sample: number;
  neuron: number;
  /** The pattern bit after the crossing. */
  to: 0 | 1;
  /** t* ∈ [lo, hi] for every trajectory of the set (decimal strings). */
  time: { lo: string; hi: string };
}

export type CrossingOutcome =
  | { kind: "crossed"; step: Decimal; box: Interval[]; tube: Interval[]; pattern: (0 | 1)[][]; crossings: KinkCrossing[] }
  | { kind: "undecided"; reason: string; window: Decimal };

const side = (bit: 0 | 1) => (bit === 1 ? 1 : -1);

/** u and u̇ per pair; `undefined` pair list when the pattern itself is undecided on X (named). */
export function kinkWindows(F: IntervalField, data: FlowData<Interval>, X: readonly Interval[], velocityOnB: readonly Interval[], pattern: ActivationPattern): PairWindow[] | { undecidedPair: [number, number] } {
  const z = preactivations(F, data, X);
  const zRate = preactivations(F, data, velocityOnB);
  const out: PairWindow[] = [];
  for (let i = 0; i < z.length; i++) {
    for (let j = 0; j < z[i].length; j++) {
      const s = F.fromNumber(side(pattern[i][j]));
      const u = F.mul(s, z[i][j]);
      if (!u.lo.gt(0)) return { undecidedPair: [i, j] };
      const rate = F.mul(s, zRate[i][j]);
      const earliest = rate.lo.lt(0) ? F.div(F.interval(u.lo, u.lo), F.neg(F.interval(rate.lo, rate.lo))).lo : new Decimal(Infinity);
      out.push({ sample: i, neuron: j, u, rate, earliest });
    }
  }
  return out;
}

/** How many doublings of the crossing step are tried before giving up. */
const CROSSING_ATTEMPTS = 8;

/**
 * One step across the kinks that the pairs in `near` approach, of length h ≥ their latest
 * crossing time: the end box X + h·f(B₂) (B₂ the a priori box across the kink under the Filippov
 * hull `filippov`), the new pattern and each crossing's time enclosure. Undecided when a pair's u̇
 * may vanish on B₂ (tangency or sliding possible) or no a priori box is found.
 */
export function crossKinks(
  F: IntervalField,
  data: FlowData<Interval>,
  X: readonly Interval[],
  pattern: ActivationPattern,
  firstGuess: Decimal,
  filippov: (box: readonly Interval[]) => Interval[],
): CrossingOutcome {
  let step = firstGuess;
  for (let attempt = 0; attempt < CROSSING_ATTEMPTS; attempt++, step = step.times(2)) {
    const enclosure = aprioriEnclosure(F, X, step, filippov);
    if (!enclosure) return { kind: "undecided", reason: `no a priori enclosure across the kink on a step of ${step.toSignificantDigits(3)}`, window: step };
    const velocity = filippov(enclosure.box);
    const windows = kinkWindows(F, data, X, velocity, pattern);
    if (!Array.isArray(windows)) return { kind: "undecided", reason: `pair (${windows.undecidedPair.join(", ")}): pattern undecided on the set`, window: step };
    const span = F.interval(0, step);
    const at = F.interval(step, step);
    const crossing: PairWindow[] = [];
    let allCrossed = true;
    for (const w of windows) {
      if (F.add(w.u, F.mul(span, w.rate)).lo.gt(0)) continue; // stays on its side throughout
      if (!w.rate.hi.lt(0)) {
        return { kind: "undecided", reason: `pair (${w.sample}, ${w.neuron}): derivative may vanish (u̇ ∈ [${w.rate.lo.toSignificantDigits(3)}, ${w.rate.hi.toSignificantDigits(3)}])`, window: step };
      }
      crossing.push(w);
      if (!F.add(w.u, F.mul(at, w.rate)).hi.lt(0)) allCrossed = false;
    }
    if (crossing.length === 0) return { kind: "undecided", reason: "no pair reaches its kink on the crossing step (internal: the window said one would)", window: step };
    if (!allCrossed) continue;
    const box = X.map((x, i) => F.intersect(F.add(x, F.mul(at, velocity[i])), enclosure.tight[i]));
    const next = pattern.map((row) => row.slice());
    for (const w of crossing) next[w.sample][w.neuron] = pattern[w.sample][w.neuron] === 1 ? 0 : 1;
    const after = kinkWindows(F, data, box, velocity, next);
    if (!Array.isArray(after)) continue; // the end box still touches a kink: cross further
    const crossings = crossing.map<KinkCrossing>((w) => ({
      sample: w.sample,
      neuron: w.neuron,
      to: next[w.sample][w.neuron],
      time: {
        lo: F.div(F.interval(w.u.lo, w.u.lo), F.neg(F.interval(w.rate.lo, w.rate.lo))).lo.toString(),
        hi: F.div(F.interval(w.u.hi, w.u.hi), F.neg(F.interval(w.rate.hi, w.rate.hi))).hi.toString(),
      },
    }));
    return { kind: "crossed", step, box, tube: enclosure.tight, pattern: next, crossings };
  }
  return { kind: "undecided", reason: `the set does not clear the kink within ${CROSSING_ATTEMPTS} doublings of the crossing step`, window: step };
}
