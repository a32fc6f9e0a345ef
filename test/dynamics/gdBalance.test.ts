/**
 * dana2025, Lemma 1, discrete form (derived here): one gradient-descent step θ' = θ + η·v, v = −c∇L, changes each
 * a_j² − ‖w_j‖² by exactly η²(v_a² − ‖v_w‖²), because a_j·v_a = ⟨w_j, v_w⟩ for a positively
 * 1-homogeneous σ. Zero tolerance: short-decimal instances, 1/n and 1/p terminating, 200 digits.
 */
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { squaredNorm } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { ActivationName } from "../../src/model/activation.js";
import { balance } from "../../src/model/network.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { explicitStep } from "../../src/dynamics/steppers.js";
import { EULER } from "../../src/dynamics/tableaus.js";
import { unpackParameters, withParameters } from "../../src/model/parameters.js";
import { shortDecimalInstance } from "../model/shortDecimalInstances.js";

const F = decimalField({ digits: 200 });
const terminating = fc.constantFrom(1, 2, 4, 5, 8);
const learningRate = fc.constantFrom("1", "0.5", "0.125", "0.01", "2.5");

function balanceChange(file: Parameters<typeof instanceOverField>[1], eta: string) {
  const instance = instanceOverField(F, file);
  const system = gradientFlowSystem(F, instance);
  const state = initialState(instance);
  const velocity = unpackParameters(system.rhs(state), instance.a.length, instance.X[0].length);
  const next = explicitStep(F, EULER, (s) => system.rhs(s), state, F.fromDecimalString(eta)).state;
  const before = balance(F, instance);
  const after = balance(F, withParameters(instance, next));
  const etaSquared = F.mul(F.fromDecimalString(eta), F.fromDecimalString(eta));
  return before.map((b, j) => ({
    actual: F.sub(after[j], b),
    predicted: F.mul(etaSquared, F.sub(F.mul(velocity.a[j], velocity.a[j]), squaredNorm(F, velocity.W[j]))),
  }));
}

describe.each<ActivationName>(["relu", "leaky-relu", "identity"])("GD balance identity for %s", (activation) => {
  it.prop([
    fc.constantFrom("mean-field" as const, "standard" as const).chain((scaling) =>
      shortDecimalInstance({ activation, scaling, n: terminating, d: fc.integer({ min: 1, max: 4 }), p: terminating }),
    ),
    learningRate,
  ])("Δ(a_j² − ‖w_j‖²) = η²(v_a² − ‖v_w‖²) exactly", (file, eta) => {
    for (const { actual, predicted } of balanceChange(file, eta)) expect(actual.toString()).toBe(predicted.toString());
  });
});

describe("the identity needs 1-homogeneity (known bad case)", () => {
  it("quadratic σ breaks it: a·v_a = ⟨w, v_w⟩/2 there", () => {
    const file = {
      model: { activation: "quadratic" as const, scaling: "standard" as const },
      data: { X: [["1", "0.5"]], y: ["2"] },
      params: { W: [["0.5", "-0.25"]], a: ["1"] },
    };
    const [{ actual, predicted }] = balanceChange(file, "0.5");
    expect(actual.eq(predicted)).toBe(false);
  });
});
