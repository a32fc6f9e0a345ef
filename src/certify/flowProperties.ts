/**
 * Catalogue entries certified along a validated flow enclosure (flowEnclosure.ts): each entry's
 * {@link Property.alongFlow} decides its conclusion on every step's tube; its assumptions are
 * decided at t = 0 over the interval field first. Verdict per entry:
 * `certified on [0, t]` / `consistent on [0, t]` (an identity) through the last step of an unbroken
 * run from 0, `undecided from t = …` at the first step that is not, `refuted at t = …`,
 * `not-applicable` (an assumption certainly fails at t = 0), or `unsupported` (no alongFlow).
 */
import type { AlongFlowVerdict, Candidate, Property } from "../check/property.js";
import type { Interval, IntervalField } from "../field/interval.js";
import type { FlowStepEnclosure } from "./flowEnclosure.js";

export interface FlowPropertyOutcome {
  id: string;
  verdict: "certified" | "consistent" | "undecided" | "refuted" | "not-applicable" | "unsupported";
  /** End of the unbroken run of certified (or consistent) steps from t = 0. */
  through: string;
  /** Start of the first step that is not certified (undecided or refuted), if any. */
  firstOpen?: string;
  note?: string;
}

export interface FlowPropertyWatch {
  onStep(step: FlowStepEnclosure): void;
  /** The outcomes once the enclosure has run (`horizon`: where it ended). */
  outcomes(): FlowPropertyOutcome[];
}

export function watchAlongFlow(F: IntervalField, candidate: Candidate, properties: readonly Property[], initial: readonly Interval[], digits: number): FlowPropertyWatch {
  const watched = properties.map((property) => {
    const outcome: FlowPropertyOutcome = { id: property.id, verdict: "certified", through: "0" };
    if (!property.alongFlow) return { outcome: { ...outcome, verdict: "unsupported" as const, note: "the entry has no alongFlow hook" }, tracker: undefined };
    for (const assumption of property.assumptions) {
      const decided = assumption.decide?.(F, candidate, { digits });
      if (decided === false) return { outcome: { ...outcome, verdict: "not-applicable" as const, note: `assumption ${assumption.name} certainly fails at t = 0` }, tracker: undefined };
      if (decided === undefined) return { outcome: { ...outcome, verdict: "undecided" as const, firstOpen: "0", note: `assumption ${assumption.name} undecided at t = 0` }, tracker: undefined };
    }
    return { outcome, tracker: property.alongFlow(F, candidate) };
  });
  let identityOnly = new Map<string, boolean>();
  return {
    onStep(step) {
      const view = { from: step.from.toString(), to: step.to.toString(), tube: step.tube, end: step.end, initial };
      for (const w of watched) {
        if (!w.tracker || w.outcome.verdict === "refuted") continue;
        const verdict: AlongFlowVerdict = w.tracker(view);
        if (verdict === "refuted") {
          w.outcome.verdict = "refuted";
          w.outcome.firstOpen ??= view.from;
          w.outcome.note = `certainly false at t = ${view.to}`;
        } else if (verdict === "undecided") {
          w.outcome.firstOpen ??= view.from;
        } else if (w.outcome.firstOpen === undefined) {
          w.outcome.through = view.to;
          if (verdict === "consistent") identityOnly.set(w.outcome.id, true);
        }
      }
    },
    outcomes() {
      const out = watched.map((w) => {
        const o = { ...w.outcome };
        if (o.verdict === "certified" && o.firstOpen !== undefined) o.verdict = "undecided";
        if (o.verdict === "certified" && identityOnly.get(o.id)) o.verdict = "consistent";
        return o;
      });
      identityOnly = new Map();
      return out;
    },
  };
}
