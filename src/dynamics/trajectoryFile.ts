/** A trajectory as a file: JSON with every recorded quantity, or CSV with one row per checkpoint. */
import type { Field } from "../field/field.js";
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../io/atomicWrite.js";
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

const CSV_COLUMNS = ["step", "time", "loss", "pl", "balanceDrift", "patternChanges", "stepSize", "rejectedSteps", "kinkEvents", "slidingPairs"] as const;

function trajectoryToCsv<T>(F: Field<T>, trajectory: Trajectory<T>): string {
  const json = trajectoryToJson(F, trajectory) as { checkpoints: Record<string, Out>[] };
  const rows = json.checkpoints.map((c) => CSV_COLUMNS.map((column) => (c[column] === null ? "" : String(c[column]))).join(","));
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
  return head.startsWith(CSV_COLUMNS.join(",")) || /^\{"tool":"shallowcheck /.test(head);
}
