/** `shallowcheck eval FILE [--exact] [--digits N] [--interval] [--precision float64|float32]`: every per-instance quantity as one JSON object. */
import type { Command } from "commander";
import { decimalField, DEFAULT_DIGITS } from "../field/decimal.js";
import type { Field } from "../field/field.js";
import { float64Field } from "../field/float64.js";
import { DEFAULT_INTERVAL_DIGITS, intervalField, type Interval } from "../field/interval.js";
import { instanceOverField, readInstanceFile } from "../io/instanceFile.js";
import { InputError } from "../io/inputError.js";
import { dimensions, type Instance } from "../model/instance.js";
import { type Evaluation, evaluate, forward } from "../model/network.js";
import { plReading, roundingKinkTest } from "../model/plReading.js";
import { evaluateOnKernels } from "../fast/evaluateOnKernels.js";
import { evaluateOnFloat32Kernels, PRECISIONS } from "../fast/float32Evaluate.js";
import { float32Field } from "../fast/float32Field.js";
import { kernelUsage, kernelsUsedSince } from "../fast/kernels.js";
import { parseChoice, parseDigits } from "./parseOptions.js";

export interface EvalReport<V> {
  backend: string;
  /** The float kernel that computed the values (float64 and float32), e.g. "native-avx2" or "native-avx2-float32". */
  kernel?: string;
  digits?: number;
  n: number;
  d: number;
  p: number;
  loss: V;
  residuals: V[];
  gradient: { a: V[]; W: V[][] };
  balance: V[];
  /** μ = c‖∇L‖²/L; null where undefined, and then `plUndefined` says why. */
  pl: V | null;
  plUndefined?: { reason: "zero-loss" } | { reason: "kink"; pairs: [number, number][]; oneSided?: { lo: V; hi: V } };
}

/** An interval value as its two outward-rounded ends. */
export interface IntervalValue {
  lo: string;
  hi: string;
}

/** The float fields, whose quantities come from the fast kernels and print as JSON numbers. */
function isFloat<T>(F: Field<T>): boolean {
  return F.name === "float64" || F.name === "float32";
}

function floatEvaluation(precision: string, instance: Instance<number>): Evaluation<number> {
  return precision === "float32" ? evaluateOnFloat32Kernels(instance) : evaluateOnKernels(instance);
}

/**
 * Exact values print as decimal strings (all their digits), float values as JSON numbers,
 * interval values as { lo, hi } decimal strings.
 */
export function evalReport<T>(F: Field<T>, file: ReturnType<typeof readInstanceFile>): EvalReport<number | string | IntervalValue> {
  const instance = instanceOverField(F, file);
  const kernelsBefore = kernelUsage();
  const float = isFloat(F);
  const result = float ? (floatEvaluation(F.name, instance as Instance<number>) as unknown as Evaluation<T>) : evaluate(F, instance);
  const reading = plReading(F, instance, forward(F, instance), result.loss, result.gradient, roundingKinkTest(F, instance));
  const why = reading.undefined;
  const out = (x: T): number | string | IntervalValue => {
    if (float) return F.toNumber(x);
    if (F.name === "interval") {
      const { lo, hi } = x as unknown as Interval;
      return { lo: lo.toString(), hi: hi.toString() };
    }
    return F.toString(x);
  };
  return {
    backend: F.name,
    ...("digits" in F ? { digits: (F as { digits: number }).digits } : {}),
    ...(float ? { kernel: kernelsUsedSince(kernelsBefore).join(" + ") } : {}),
    ...dimensions(instance),
    loss: out(result.loss),
    residuals: result.residuals.map(out),
    gradient: { a: result.gradient.a.map(out), W: result.gradient.W.map((row) => row.map(out)) },
    balance: result.balance.map(out),
    pl: reading.value === undefined ? null : out(reading.value),
    ...(why === undefined
      ? {}
      : {
          plUndefined:
            why.reason === "zero-loss"
              ? { reason: why.reason }
              : {
                  reason: why.reason,
                  pairs: why.pairs.map((pair): [number, number] => [pair.sample, pair.neuron]),
                  ...(why.oneSided === undefined ? {} : { oneSided: { lo: out(why.oneSided.lo), hi: out(why.oneSided.hi) } }),
                },
        }),
  };
}

export { parseDigits } from "./parseOptions.js";

/** A float report with an infinite or NaN quantity: the instance's arithmetic overflows its float format. */
function refuseOverflow(report: EvalReport<number>): void {
  const quantities: [string, readonly number[]][] = [
    ["loss", [report.loss]],
    ["residuals", report.residuals],
    ["gradient.a", report.gradient.a],
    ["gradient.W", report.gradient.W.flat()],
    ["balance", report.balance],
    ["pl", report.pl === null ? [] : [report.pl]],
    ["pl one-sided values", report.plUndefined?.reason === "kink" && report.plUndefined.oneSided ? [report.plUndefined.oneSided.lo, report.plUndefined.oneSided.hi] : []],
  ];
  for (const [name, values] of quantities) {
    const bad = values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw new InputError(`the ${report.backend} path overflows on this instance (${name} is ${bad}); use --exact or --interval`);
  }
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("evaluate loss, residuals, gradient, balance and PL curvature of an instance file")
    .argument("<file>", "instance file (JSON)")
    .option("--exact", "use the exact decimal reference path instead of float64")
    .option("--digits <n>", `significant digits of the exact path (default ${DEFAULT_DIGITS}; ${DEFAULT_INTERVAL_DIGITS} with --interval); implies --exact unless --interval`)
    .option("--interval", "outward-rounded interval arithmetic: each quantity as { lo, hi } enclosing its exact value")
    .option("--precision <p>", `float path precision, one of ${PRECISIONS.join(", ")} (float32: inputs rounded to float32 once, every operation in float32)`)
    .action((file: string, options: { exact?: boolean; digits?: string; interval?: boolean; precision?: string }) => {
      const precision = options.precision === undefined ? "float64" : parseChoice("--precision", options.precision, PRECISIONS, "precision");
      const instanceFile = readInstanceFile(file);
      if (options.interval && options.exact) throw new InputError("--interval: cannot be combined with --exact");
      const exact = options.exact === true || options.digits !== undefined;
      if (options.precision !== undefined && (exact || options.interval)) throw new InputError("--precision: sets the float path's precision; cannot be combined with --exact, --digits or --interval");
      const report = options.interval
        ? evalReport(intervalField({ digits: options.digits === undefined ? DEFAULT_INTERVAL_DIGITS : parseDigits(options.digits) }), instanceFile)
        : exact
        ? evalReport(decimalField({ digits: options.digits === undefined ? DEFAULT_DIGITS : parseDigits(options.digits) }), instanceFile)
        : evalReport(precision === "float32" ? float32Field : float64Field, instanceFile);
      if (report.backend === "float64" || report.backend === "float32") refuseOverflow(report as EvalReport<number>);
      process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    });
}
