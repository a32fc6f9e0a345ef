/**
 * dana2025's equivalence with the standard parametrization (stated in the authors' rebuttal; derived here): for a positively 1-homogeneous σ, the mean-field network at θ and the standard
 * network at θ̃ = θ/√p are the same function with the same loss, and the flows correspond:
 * dθ/dt = −p∇L(θ) ⇔ dθ̃/dt = −∇L̃(θ̃), i.e. ∇L̃(θ̃) = √p·∇L(θ); μ is the same number.
 * Checked with zero tolerance: short-decimal inputs, n and p chosen so that 1/n, 1/p and 1/√p
 * terminate, and 120 digits, so the decimal path rounds nothing but the final division by L, which it
 * rounds identically in both scalings.
 */
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import type { Field } from "../../src/field/field.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { ActivationName } from "../../src/model/activation.js";
import type { Instance } from "../../src/model/instance.js";
import { evaluate, forward } from "../../src/model/network.js";
import { shortDecimalInstance } from "./shortDecimalInstances.js";

// Squared gradient entries of such instances carry up to ~66 significant digits; 120 leaves room.
const F = decimalField({ digits: 120 });
const terminatingDivisor = fc.constantFrom(1, 2, 4, 5, 8);
const squareWidth = fc.constantFrom(1, 4, 16, 25);

function toStandardScaling<T>(G: Field<T>, instance: Instance<T>): Instance<T> {
  const root = G.sqrt(G.fromNumber(instance.a.length));
  const shrink = (x: T) => G.div(x, root);
  return {
    ...instance,
    model: { ...instance.model, scaling: "standard" },
    W: instance.W.map((row) => row.map(shrink)),
    a: instance.a.map(shrink),
  };
}

describe.each<ActivationName>(["relu", "leaky-relu", "identity"])("mean-field θ ≡ standard θ/√p for %s", (activation) => {
  it.prop([shortDecimalInstance({ activation, scaling: "mean-field", n: terminatingDivisor, d: fc.integer({ min: 1, max: 5 }), p: squareWidth })])(
    "same outputs, same loss, gradients related by √p, same μ",
    (file) => {
      const meanField = instanceOverField(F, file);
      const standard = toStandardScaling(F, meanField);
      const root = F.sqrt(F.fromNumber(meanField.a.length));
      const mf = evaluate(F, meanField);
      const st = evaluate(F, standard);
      expect(st.outputs.map(String)).toEqual(mf.outputs.map(String));
      expect(st.loss.toString()).toBe(mf.loss.toString());
      expect(st.gradient.a.map(String)).toEqual(mf.gradient.a.map((g) => F.mul(root, g).toString()));
      expect(st.gradient.W.map((r) => r.map(String))).toEqual(mf.gradient.W.map((r) => r.map((g) => F.mul(root, g).toString())));
      expect(st.pl?.toString()).toBe(mf.pl?.toString());
    },
  );
});

describe("the equivalence needs 1-homogeneity (known bad cases)", () => {
  it.each<ActivationName>(["tanh", "quadratic"])("%s: outputs differ", (activation) => {
    const file = {
      model: { activation, scaling: "mean-field" as const },
      data: { X: [["1", "0.5"]], y: ["1"] },
      params: { W: [["0.5", "1"], ["-1", "0.25"], ["0.75", "0.5"], ["1", "1"]], a: ["1", "-0.5", "2", "1"] },
    };
    const meanField = instanceOverField(F, file);
    const standard = toStandardScaling(F, meanField);
    expect(forward(F, standard).outputs[0].eq(forward(F, meanField).outputs[0])).toBe(false);
  });
});
