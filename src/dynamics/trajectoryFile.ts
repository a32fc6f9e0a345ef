/** A trajectory as a file: JSON with every recorded quantity, or CSV with one row per checkpoint. */
import type { Field } from "../field/field.js";
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../io/atomicWrite.js";
import type { PlUndefined } from "../model/plReading.js";
import type { Trajectory } from "./integrate.js";

type Out = number | string | null;

/** Exact values become decimal strings, float values JSON numbers. */
function trajectoryToJson<T>(F: Field<T>, trajectory: Trajectory<T>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out = (x: T | undefined): Out => (x === undefined ? null : F.name === "decimal" ? F.toString(x) : F.toNumber(x));
  const { summary } = trajectory;
  return {
    ...extra,
    backend: F.name,
    method: trajectory.method,
    summary: { ...summary, finalLoss: out(summary.finalLoss), maxBalanceDrift: out(summary.maxBalanceDrift) },
    checkpoints: trajectory.checkpoints.map((c) => ({
      step: c.step,
      time: c.time,
      loss: out(c.loss),
      pl: out(c.pl),
      ...(c.plUndefined === undefined ? {} : { plUndefined: plUndefinedToJson(c.plUndefined, out) }),
      balanceDrift: out(c.balanceDrift),
      patternChanges: c.patternChanges,
      stepSize: c.stepSize,
      rejectedSteps: c.rejectedSteps,
      kinkEvents: c.kinkEvents,
      slidingPairs: c.slidingPairs,
      residuals: c.residuals.map(out),
      balance: c.balance.map(out),
      parameters: c.parameters.map(out),
    })),
  };
}

/** Why μ is undefined at a checkpoint: the reason, the kink pairs [i, j], and μ's one-sided values. */
function plUndefinedToJson<T>(why: PlUndefined<T>, out: (x: T) => Out): Record<string, unknown> {
  if (why.reason === "zero-loss") return { reason: why.reason };
  return {
    reason: why.reason,
    pairs: why.pairs.map((pair) => [pair.sample, pair.neuron]),
    ...(why.oneSided === undefined ? {} : { oneSided: { lo: out(why.oneSided.lo), hi: out(why.oneSided.hi) } }),
  };
}

/** `pl` is empty where μ is undefined; `plUndefined` says why, `plLo`/`plHi` give its one-sided values at a kink. */
const CSV_COLUMNS = ["step", "time", "loss", "pl", "plUndefined", "plLo", "plHi", "balanceDrift", "patternChanges", "stepSize", "rejectedSteps", "kinkEvents", "slidingPairs"] as const;

function trajectoryToCsv<T>(F: Field<T>, trajectory: Trajectory<T>): string {
  const json = trajectoryToJson(F, trajectory) as { checkpoints: Record<string, unknown>[] };
  const cell = (c: Record<string, unknown>, column: (typeof CSV_COLUMNS)[number]): string => {
    const why = c.plUndefined as { reason: string; oneSided?: { lo: Out; hi: Out } } | undefined;
    const value = column === "plUndefined" ? why?.reason : column === "plLo" ? why?.oneSided?.lo : column === "plHi" ? why?.oneSided?.hi : c[column];
    return value === null || value === undefined ? "" : String(value);
  };
  const rows = json.checkpoints.map((c) => CSV_COLUMNS.map((column) => cell(c, column)).join(","));
  return [CSV_COLUMNS.join(","), ...rows].join("\n") + "\n";
}

/** Written atomically; the format follows the extension (.csv, else JSON). */
export function writeTrajectoryFile<T>(path: string, F: Field<T>, trajectory: Trajectory<T>, extra: Record<string, unknown> = {}): void {
  const content = path.toLowerCase().endsWith(".csv") ? trajectoryToCsv(F, trajectory) : JSON.stringify(trajectoryToJson(F, trajectory, extra)) + "\n";
  writeFileAtomic(path, content);
}

/** Whether `path` holds a trajectory this tool wrote (so `flow --out` may replace it). */
export function isTrajectoryFile(path: string): boolean {
  const head = readFileSync(path, { encoding: "utf8", flag: "r" }).slice(0, 200);
  // "step,time,loss,pl," also matches the header written before the plUndefined columns existed.
  return head.startsWith("step,time,loss,pl,") || /^\{"tool":"shallowcheck /.test(head);
}
