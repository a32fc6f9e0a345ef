/**
 * `shallowcheck certify FILE --flow T [--digits N] [--order K] [--json PROOF]`: a validated
 * enclosure of the exact gradient flow on [0, T] (src/certify/flowEnclosure.ts). Prints the
 * certified horizon, the enclosure's width at its end, the loss there, the steps and kink
 * crossings and the time taken; --json writes the proof object (atomically). Exit 0 when the
 * whole of [0, T] is certified, 1 when the enclosure stops earlier (the reason is printed).
 */
import { Decimal } from "decimal.js";
import type { Candidate } from "../check/property.js";
import { certifyFlow, type FlowEnclosureResult } from "../certify/flowEnclosure.js";
import { intervalField } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { progressOnStderr } from "../io/progress.js";
import { loss } from "../model/network.js";
import { withParameters } from "../model/parameters.js";
import type { Property } from "../check/property.js";
import { initialState } from "../dynamics/flowSystem.js";
import { watchAlongFlow, type FlowPropertyOutcome } from "../certify/flowProperties.js";

/** Defaults of --flow: fewer digits than certify's 50, since steps shrink like 10^(−digits/(K+2)). */
export const FLOW_DEFAULT_DIGITS = 20;
export const FLOW_DEFAULT_ORDER = 10;
export const FLOW_MAX_ORDER = 40;

export interface CertifyFlowOptions {
  horizon: string;
  digits: number;
  order: number;
  json?: string;
  /** Entries decided along the enclosure (Property.alongFlow). */
  properties: readonly Property[];
}

export function runCertifyFlow(file: string, candidate: Candidate, options: CertifyFlowOptions): number {
  const progress = progressOnStderr("certify flow");
  const T = Number(options.horizon);
  const F = intervalField({ digits: options.digits });
  const watch = watchAlongFlow(F, candidate, options.properties, initialState(instanceOverField(F, candidate.file)), options.digits);
  let result: FlowEnclosureResult;
  try {
    result = certifyFlow(candidate, {
      horizon: options.horizon,
      digits: options.digits,
      order: options.order,
      onProgress: (t, steps) => progress.update(t / T, `t = ${t.toPrecision(6)}, ${steps} steps`),
      onStep: (step) => watch.onStep(step),
    });
  } finally {
    progress.stop();
  }
  const entries = watch.outcomes();
  for (const line of formatFlowEnclosure(candidate, result)) process.stdout.write(line + "\n");
  for (const line of formatFlowEntries(entries, result)) process.stdout.write(line + "\n");
  if (options.json) {
    const proof = { kind: "gradient-flow-enclosure", file, instance: candidate.file, enclosure: result, entries };
    writeFileAtomic(options.json, JSON.stringify(proof, null, 2) + "\n");
  }
  const proved = (o: FlowPropertyOutcome) => ((o.verdict === "certified" || o.verdict === "consistent") && o.through === result.certifiedUntil) || o.verdict === "not-applicable";
  return result.complete && entries.every(proved) ? 0 : 1;
}

const shortDown = (text: string) => new Decimal(text).toSignificantDigits(10, Decimal.ROUND_FLOOR).toString();
const shortUp = (text: string) => new Decimal(text).toSignificantDigits(10, Decimal.ROUND_CEIL).toString();

/** One line per entry: its verdict on the enclosure's time span. */
export function formatFlowEntries(entries: readonly FlowPropertyOutcome[], result: FlowEnclosureResult): string[] {
  const width = entries.reduce((m, o) => Math.max(m, o.id.length), 0);
  return entries.map((o) => {
    const what =
      o.verdict === "certified" || o.verdict === "consistent"
        ? `${o.verdict} on [0, ${o.through}]`
        : o.verdict === "undecided"
          ? `certified on [0, ${o.through}], undecided from t = ${o.firstOpen ?? o.through}`
          : o.verdict === "refuted"
            ? `refuted (${o.note})`
            : o.verdict;
    const note = o.note && o.verdict !== "refuted" ? ` (${o.note})` : "";
    return `  ${o.id.padEnd(width)}  ${what}${note}${o.verdict === "certified" && o.through !== result.horizon ? " — the enclosure ends there" : ""}`;
  });
}

export function formatFlowEnclosure(candidate: Candidate, result: FlowEnclosureResult): string[] {
  const model = instanceOverField(intervalField({ digits: 5 }), candidate.file).model;
  const count = (kind: string) => result.trace.filter((s) => s.kind === kind).length;
  const F = intervalField({ digits: result.digits });
  const instance = instanceOverField(F, candidate.file);
  const end = result.final.map((x) => F.interval(x.lo, x.hi));
  const lossAtEnd = loss(F, withParameters(instance, end));
  const lines = [
    result.complete
      ? `gradient flow enclosed: certified on [0, ${result.horizon}]`
      : `gradient flow enclosed on [0, ${result.certifiedUntil}] only (asked: [0, ${result.horizon}])`,
    `  model   ${model.activation.name}, ${model.scaling}; ${end.length} parameters; ${result.digits} digits, Taylor order ${result.order}`,
    `  steps   ${result.steps} (${count("taylor")} Taylor, ${count("approach")} approaching a kink, ${count("crossing")} across a kink)`,
    `  θ(${result.certifiedUntil === result.horizon ? "T" : "t"}) enclosed, largest width ${result.finalWidth}`,
    `  L       ∈ [${shortDown(lossAtEnd.lo.toString())}, ${shortUp(lossAtEnd.hi.toString())}] at t = ${result.certifiedUntil}`,
  ];
  for (const c of result.crossings) {
    lines.push(`  kink    pair (sample ${c.sample}, neuron ${c.neuron}) crosses transversally to ${c.to === 1 ? "active" : "inactive"} at t* ∈ [${shortDown(c.time.lo)}, ${shortUp(c.time.hi)}]`);
  }
  if (result.undecided) lines.push(`  undecided from t = ${result.undecided.from}: ${result.undecided.reason}`);
  lines.push(`  ${(result.milliseconds / 1000).toFixed(1)} s`);
  return lines;
}
