/**
 * `shallowcheck flow FILE --method {gd,rk4,dopri,midpoint} …`: run gradient descent or the
 * gradient flow of an instance, write the trajectory, print a one-line summary.
 */
import type { Command } from "commander";
import { decimalField, DEFAULT_DIGITS } from "../field/decimal.js";
import type { Field } from "../field/field.js";
import { float64Field } from "../field/float64.js";
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";
import { instanceOverField, readInstanceFile } from "../io/instanceFile.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import { describePlUndefined } from "../model/plReading.js";
import { InputError } from "../io/inputError.js";
import { fastGradientFlowSystem } from "../dynamics/fastFlowSystem.js";
import { float32GradientFlowSystem } from "../dynamics/float32FlowSystem.js";
import { float32Field } from "../fast/float32Field.js";
import { PRECISIONS, type Precision } from "../fast/float32Evaluate.js";
import { type FlowSystem, gradientFlowSystem, initialState } from "../dynamics/flowSystem.js";
import type { Instance } from "../model/instance.js";
import { integrate, METHODS, type CheckpointSchedule, type IntegrateOptions, type Method, type Trajectory } from "../dynamics/integrate.js";
import { replayExact } from "../dynamics/replay.js";
import { isTrajectoryFile, writeTrajectoryFile } from "../dynamics/trajectoryFile.js";
import { VERSION } from "../version.js";
import { GUARD_EXIT_CODES, isGuardStop } from "../dynamics/stoppingRules.js";
import { refuseForeignFile, refuseInputAsOutput } from "../io/outputPath.js";
import { parseChoice, parseDigits, parsePositiveInteger, parsePositiveNumber } from "./parseOptions.js";
import { progressOnStderr } from "../io/progress.js";

interface FlowCommandOptions {
  method: string;
  lr?: string;
  h?: string;
  rtol?: string;
  atol?: string;
  t?: string;
  steps?: string;
  untilLoss?: string;
  wallClock?: string;
  checkpoints?: string;
  kinkTolerance?: string;
  sliding: boolean;
  kinks: boolean;
  exact?: boolean;
  digits?: string;
  out?: string;
  replayExact?: string;
  precision?: string;
}

/** "every:K", "log:N" (N per decade of steps) or "times:t1,t2,…". */
export function parseCheckpoints(text: string): CheckpointSchedule {
  const [kind, value = ""] = text.split(":", 2);
  switch (kind) {
    case "every":
      return { kind: "every", steps: parsePositiveInteger("--checkpoints every", value) };
    case "log":
      return { kind: "log", perDecade: parsePositiveInteger("--checkpoints log", value, 1000) };
    case "times": {
      const times = value.split(",").map((t) => parsePositiveNumber("--checkpoints times", t));
      if (times.some((t, k) => t <= 0 || (k > 0 && t <= times[k - 1]))) throw new InputError("--checkpoints times: must be positive and increasing");
      return { kind: "times", times };
    }
    default:
      throw new InputError(`--checkpoints: expected every:K, log:N or times:t1,t2,…, got "${text}"`);
  }
}

function integrateOptions(raw: FlowCommandOptions): IntegrateOptions {
  const method: Method = parseChoice("--method", raw.method, METHODS, "method");
  if (raw.lr !== undefined && raw.h !== undefined) throw new InputError("--lr and --h are the same step; give one");
  const stepText = raw.lr ?? raw.h;
  if (method === "dopri" && stepText !== undefined) throw new InputError("--lr/--h: dopri chooses its own steps; set --rtol and --atol instead");
  if (method !== "dopri" && (raw.rtol !== undefined || raw.atol !== undefined)) throw new InputError(`--rtol/--atol: only used by --method dopri, not ${method}`);
  const optional = (flag: string, text: string | undefined) => (text === undefined ? undefined : parsePositiveNumber(flag, text));
  const wallClock = optional("--wall-clock", raw.wallClock);
  return {
    method,
    step: optional(raw.lr !== undefined ? "--lr" : "--h", stepText),
    rtol: optional("--rtol", raw.rtol),
    atol: optional("--atol", raw.atol),
    horizon: optional("--t", raw.t),
    maxSteps: raw.steps === undefined ? undefined : parsePositiveInteger("--steps", raw.steps),
    untilLoss: optional("--until-loss", raw.untilLoss),
    wallClockMs: wallClock === undefined ? undefined : wallClock * 1000,
    checkpoints: raw.checkpoints === undefined ? undefined : parseCheckpoints(raw.checkpoints),
    kinkTolerance: optional("--kink-tolerance", raw.kinkTolerance),
    sliding: raw.sliding,
    kinks: raw.kinks,
  };
}

function format(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(8);
}

/** A run a guard ended: its reason on stderr, and the guard's exit code (README, Commands). */
function reportGuard<T>(trajectory: Trajectory<T>): void {
  const { stopReason, guard } = trajectory.summary;
  if (!isGuardStop(stopReason)) return;
  process.stderr.write(`shallowcheck: flow stopped (${stopReason}): ${guard}\n`);
  process.exitCode = GUARD_EXIT_CODES[stopReason];
}

function runFlow<T>(F: Field<T>, file: InstanceFile, options: IntegrateOptions, out: string | undefined): { summary: string; trajectory: Trajectory<T> } {
  const instance = instanceOverField(F, file);
  const progress = progressOnStderr(`flow ${options.method}`);
  const kernelsBefore = kernelUsage();
  // float64 and float32 run on the fast kernels; other fields on the generic model.
  const system =
    F === (float64Field as unknown)
      ? (fastGradientFlowSystem(instance as Instance<number>) as unknown as FlowSystem<T>)
      : F === (float32Field as unknown)
        ? (float32GradientFlowSystem(instance as Instance<number>) as unknown as FlowSystem<T>)
        : gradientFlowSystem(F, instance);
  const trajectory = integrate(system, initialState(instance), {
    ...options,
    onProgress: ({ time, steps }) => {
      const fraction =
        options.horizon !== undefined ? time / options.horizon : options.maxSteps !== undefined ? steps / options.maxSteps : undefined;
      progress.update(fraction, `t = ${format(time)}, ${steps} steps`);
    },
  });
  progress.stop();
  if (out) writeTrajectoryFile(out, F, trajectory, { tool: `shallowcheck ${VERSION}`, options: { ...options, onProgress: undefined } });
  reportGuard(trajectory);
  const s = trajectory.summary;
  const show = (x: T) => (F.name === "decimal" ? F.toString(x) : format(F.toNumber(x)));
  const last = trajectory.checkpoints[trajectory.checkpoints.length - 1];
  const parts = [
    `final loss ${show(s.finalLoss)}`,
    `final μ ${last.plUndefined !== undefined ? describePlUndefined(last.plUndefined, show) : last.pl === undefined ? "undefined" : show(last.pl)}`,
    `t = ${format(s.time)}`,
    `${s.steps} steps`,
    `${s.rejectedSteps} rejected`,
    `${s.kinkEvents} kink events`,
    `${s.slidingIntervals.length} sliding intervals`,
    `max balance drift ${format(F.toNumber(s.maxBalanceDrift))}`,
    `${s.rhsEvaluations} gradient evaluations`,
    ...(s.globalErrorEstimate !== undefined ? [`global error estimate ${format(s.globalErrorEstimate)}`] : []),
    `stopped by ${s.stopReason}`,
    `kernel ${kernelsUsedSince(kernelsBefore).join(" + ") || `generic ${F.name}`}`,
  ];
  return { summary: parts.join(", "), trajectory };
}

/** The smallest --rtol a float32 run takes: 10 units of float32 roundoff (2^-23), as MIN_RTOL is for float64 (stoppingRules.ts). */
const FLOAT32_MIN_RTOL = 10 * 2 ** -23;

/** dopri's float32 defaults where the user gave none: the float64 defaults (1e-8, 1e-10) are below float32's resolution. */
function float32DopriDefaults(options: IntegrateOptions): Pick<IntegrateOptions, "rtol" | "atol"> {
  if (options.method !== "dopri") return {};
  return { rtol: options.rtol ?? 1e-5, atol: options.atol ?? 1e-7 };
}

function refuseBelowFloat32Resolution(options: IntegrateOptions): void {
  if (options.rtol !== undefined && options.rtol < FLOAT32_MIN_RTOL) {
    throw new InputError(`--rtol must be at least 10 units of float32 roundoff (${FLOAT32_MIN_RTOL.toPrecision(3)}) with --precision float32, got ${options.rtol}`);
  }
}

export function registerFlow(program: Command): void {
  program
    .command("flow")
    .description("run gradient descent or the gradient flow dθ/dt = −c∇L of an instance and record its trajectory")
    .argument("<file>", "instance file (JSON)")
    .option("--method <method>", `one of ${METHODS.join(", ")}`, "dopri")
    .option("--lr <eta>", "step: the learning rate of gd, the fixed step of rk4 and midpoint")
    .option("--h <step>", "same as --lr")
    .option("--rtol <r>", "dopri relative tolerance (default 1e-8)")
    .option("--atol <a>", "dopri absolute tolerance (default 1e-10)")
    .option("--t <time>", "stop at this flow time (gd: time = steps·η)")
    .option("--steps <k>", "stop after this many accepted steps")
    .option("--until-loss <eps>", "stop once L ≤ eps")
    .option("--wall-clock <seconds>", "stop after this much wall-clock time")
    .option("--checkpoints <spec>", "every:K, log:N (N per decade of steps, the default 10) or times:t1,t2,…")
    .option("--kink-tolerance <fraction>", "locate ReLU kinks to this fraction of a step (default 1e-9)")
    .option("--no-sliding", "do not follow Filippov sliding on kinks (shows the chattering it prevents)")
    .option("--no-kinks", "do not locate ReLU kinks (large instances, where thousands of pairs cross)")
    .option("--exact", "run in decimal arithmetic (short horizons)")
    .option("--digits <n>", `significant digits of --exact (default ${DEFAULT_DIGITS}); implies --exact`)
    .option("--out <file>", "write the trajectory: .csv (one row per checkpoint) or JSON")
    .option("--precision <p>", `float precision, one of ${PRECISIONS.join(", ")} (float32: instance rounded to float32 once, gradient and integrator in float32)`)
    .option("--replay-exact <k>", "replay the first k steps of a float run in decimal arithmetic and check the float parameters lie within their rigorous rounding bound")
    .action((path: string, raw: FlowCommandOptions) => {
      if (raw.out !== undefined) {
        refuseInputAsOutput("--out", raw.out, [path]);
        refuseForeignFile("--out", raw.out, isTrajectoryFile, "a trajectory file");
      }
      const precision: Precision = raw.precision === undefined ? "float64" : parseChoice("--precision", raw.precision, PRECISIONS, "precision");
      const file = readInstanceFile(path);
      const options = integrateOptions(raw);
      const exact = raw.exact === true || raw.digits !== undefined;
      if (exact && raw.replayExact !== undefined) throw new InputError("--replay-exact: checks a float run; drop --exact");
      if (exact && raw.precision !== undefined) throw new InputError("--precision: sets the float path's precision; cannot be combined with --exact or --digits");
      if (precision === "float32") {
        if (raw.replayExact !== undefined) throw new InputError("--replay-exact: replays a float64 run; drop --precision float32");
        refuseBelowFloat32Resolution(options);
        process.stdout.write(runFlow(float32Field, file, { ...options, ...float32DopriDefaults(options) }, raw.out).summary + "\n");
        return;
      }
      const replaySteps = raw.replayExact === undefined ? undefined : parsePositiveInteger("--replay-exact", raw.replayExact);
      if (exact) {
        const digits = raw.digits === undefined ? DEFAULT_DIGITS : parseDigits(raw.digits);
        process.stdout.write(runFlow(decimalField({ digits }), file, options, raw.out).summary + "\n");
        return;
      }
      const { summary, trajectory } = runFlow(float64Field, file, options, raw.out);
      process.stdout.write(summary + "\n");
      if (replaySteps !== undefined && process.exitCode === undefined) {
        const report = replayExact(file, options.method, trajectory, replaySteps);
        if (report.notComparable) {
          process.stdout.write(`exact replay: not comparable (${report.notComparable})\n`);
          return;
        }
        process.stdout.write(
          `exact replay of ${report.steps} steps at ${report.digits} digits: max |float − exact| = ${format(report.maxDeviation)}, ` +
            `rounding bound ${format(report.maxBound)}: ${report.agrees ? "agrees" : "DISAGREES"}\n`,
        );
        if (!report.agrees) process.exitCode = 1;
      }
    });
}
