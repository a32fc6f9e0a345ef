/**
 * `--precision float32` on `eval` and `flow` (issue 19 item 2): the report says float32 and the
 * float32 kernel that ran, its values are float32 values within the derived float32 bound of
 * exact arithmetic, and bad input is one line with exit 2.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { errorBound, errorBoundField, exactValue } from "../../src/field/errorBound.js";
import { integrate } from "../../src/dynamics/integrate.js";
import { initialState } from "../../src/dynamics/flowSystem.js";
import { float32GradientFlowSystem } from "../../src/dynamics/float32FlowSystem.js";
import { float32Field } from "../../src/fast/float32Field.js";
import { instanceOverField, readInstanceFile } from "../../src/io/instanceFile.js";
import { mapInstance } from "../../src/model/instance.js";
import { evaluate } from "../../src/model/network.js";
import { float32Bound } from "../fast/float32KernelContract.js";
import { expectUsageError, runCli } from "../cliRun.js";

const EXAMPLE = join(import.meta.dirname, "../../fixtures/examples/two-neuron.json");
const run = (...args: string[]) => runCli(args);
const scratch = mkdtempSync(join(tmpdir(), "shallowcheck-precision-"));
const isFloat32 = (x: number) => Math.fround(x) === x;

describe("eval --precision float32", () => {
  it("reports float32 values from a float32 kernel, within the float32 bound of exact arithmetic on the rounded instance", () => {
    const result = run("eval", EXAMPLE, "--precision", "float32");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.backend).toBe("float32");
    expect(report.kernel).toMatch(/-float32$/);
    const values: number[] = [report.loss, ...report.residuals, ...report.gradient.a, ...report.gradient.W.flat(), ...report.balance];
    expect(values.filter((v) => !isFloat32(v))).toEqual([]);

    const instance = instanceOverField(float32Field, readInstanceFile(EXAMPLE));
    const D = decimalField({ digits: 50 });
    const exact = evaluate(D, mapInstance(instance, D.fromNumber));
    const bounded = evaluate(errorBoundField, mapInstance(instance, exactValue));
    const chain = instance.X.length + instance.X[0].length + instance.a.length + 16;
    const within = (value: number, exactValue: ReturnType<typeof D.fromNumber>, b: Parameters<typeof errorBound>[0]) =>
      D.abs(D.sub(D.fromNumber(value), exactValue)).toNumber() <= float32Bound(errorBound(b), chain);
    expect(within(report.loss, exact.loss, bounded.loss)).toBe(true);
    expect(report.gradient.W.flat().every((g: number, m: number) => within(g, exact.gradient.W.flat()[m], bounded.gradient.W.flat()[m]))).toBe(true);
  });

  it("refuses an unknown precision, and --precision with --exact or --interval, in one line with exit 2", () => {
    expectUsageError(run("eval", EXAMPLE, "--precision", "float16"), "--precision", "float16");
    expectUsageError(run("eval", EXAMPLE, "--precision", "float32", "--exact"), "--precision");
    expectUsageError(run("eval", EXAMPLE, "--precision", "float64", "--interval"), "--precision");
  });
});

describe("flow --precision float32", () => {
  it("runs gradient descent in float32 on a float32 kernel: the trajectory says float32 and matches the library's float32 system", () => {
    const out = join(scratch, "gd.json");
    const result = run("flow", EXAMPLE, "--precision", "float32", "--method", "gd", "--lr", "0.1", "--steps", "5", "--out", out);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/kernel \S*-float32/);
    const trajectory = JSON.parse(readFileSync(out, "utf8"));
    expect(trajectory.backend).toBe("float32");
    const losses: number[] = trajectory.checkpoints.map((c: { loss: number }) => c.loss);
    expect(losses.filter((v) => !isFloat32(v))).toEqual([]);

    const instance = instanceOverField(float32Field, readInstanceFile(EXAMPLE));
    const library = integrate(float32GradientFlowSystem(instance), initialState(instance), { method: "gd", step: 0.1, maxSteps: 5 });
    expect(trajectory.summary.finalLoss).toBe(library.summary.finalLoss);
  });

  it("refuses a bad precision, --rtol below float32's resolution and --replay-exact, in one line with exit 2", () => {
    expectUsageError(run("flow", EXAMPLE, "--precision", "float16", "--t", "1"), "--precision", "float16");
    expectUsageError(run("flow", EXAMPLE, "--precision", "float32", "--t", "1", "--rtol", "1e-9"), "--rtol");
    expectUsageError(run("flow", EXAMPLE, "--precision", "float32", "--method", "gd", "--lr", "0.1", "--steps", "3", "--replay-exact", "2"), "--replay-exact");
    expectUsageError(run("flow", EXAMPLE, "--precision", "float32", "--exact", "--t", "1"), "--precision");
  });
});
