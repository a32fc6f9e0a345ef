/**
 * Certified gradient descent: each box contains the exact GD iterate (decimal at 3× the digits),
 * the per-step checks are certified on an instance meeting Theorem 1's assumptions, a GD step
 * that increases the loss is refuted as monotone, and more digits certify more steps.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { theorem1PlBound } from "../../properties/dana2025/theorem1-pl-bound.js";
import { certifyGradientDescent } from "../../src/certify/gd.js";
import type { Candidate } from "../../src/check/property.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField, type Interval } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";

const file = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/examples/certify-gd.json"), "utf8")) as InstanceFile;
const example: Candidate = { file, settings: {} };
const check = (result: ReturnType<typeof certifyGradientDescent>, name: string) => result.checks.find((c) => c.name === name)!;

describe("certified gradient descent", () => {
  it("every box Θ_k contains the GD iterate computed in decimal at 3× the digits", () => {
    const digits = 20;
    const steps = 12;
    const D = decimalField({ digits: 3 * digits });
    const instance = instanceOverField(D, file);
    const system = gradientFlowSystem(D, instance);
    const eta = D.fromDecimalString("0.5");
    const reference = [initialState(instance)];
    for (let k = 0; k < steps; k++) reference.push(reference[k].map((x, i, all) => D.add(x, D.mul(eta, system.rhs(all)[i]))));
    const I = intervalField({ digits });
    const misses: string[] = [];
    certifyGradientDescent(example, {
      steps,
      lr: "0.5",
      digits,
      properties: [],
      onIterate: (k, box: readonly Interval[]) => box.forEach((x, i) => !I.contains(x, reference[k][i]) && misses.push(`step ${k} coordinate ${i}`)),
    });
    expect(misses).toEqual([]);
  });

  it("on an instance meeting Theorem 1's assumptions, A1, monotone loss and the PL bound are certified for the first steps", () => {
    const result = certifyGradientDescent(example, { steps: 15, lr: "1", digits: 30, properties: [theorem1PlBound] });
    expect(result.stepsTaken).toBe(15);
    expect(check(result, "balance-identity").lastCertified).toBe(15);
    expect(check(result, "A1-weak").lastCertified).toBe(15);
    expect(check(result, "monotone-loss").lastCertified).toBe(15);
    expect(check(result, theorem1PlBound.id).lastCertified).toBe(15);
    expect(Number(result.steps[15].parameterWidth)).toBeGreaterThan(Number(result.steps[1].parameterWidth));
  });

  it("more digits certify the PL bound for more steps (20 < 30 digits; docs/certify.md: 33 and 52)", () => {
    const through = (digits: number) => check(certifyGradientDescent(example, { steps: 60, lr: "1", digits, properties: [theorem1PlBound] }), theorem1PlBound.id).lastCertified;
    const [low, high] = [through(20), through(30)];
    expect(low).toBeGreaterThan(5);
    expect(high).toBeGreaterThan(low);
  });

  it("a learning rate far too large: the loss increase is refuted as monotone at step 1", () => {
    const result = certifyGradientDescent(example, { steps: 2, lr: "50", digits: 30, properties: [] });
    expect(check(result, "monotone-loss").firstRefuted).toBe(1);
    expect(check(result, "monotone-loss").lastCertified).toBe(0);
  });
});

describe("certified gradient descent off the identity's reach", () => {
  it("a tanh network (σ'(z)z ≠ σ(z)): the balance identity is not applicable, A1 comes from the box alone", () => {
    const tanh: Candidate = { file: { ...file, model: { activation: "tanh", scaling: "mean-field" } }, settings: {} };
    const result = certifyGradientDescent(tanh, { steps: 5, lr: "0.5", digits: 30, properties: [] });
    expect(check(result, "balance-identity").verdicts.every((v) => v === "not-applicable")).toBe(true);
    expect(result.steps.every((s) => s.balanceTightening === null)).toBe(true);
    expect(check(result, "A1-weak").lastCertified).toBe(5);
  });
});
