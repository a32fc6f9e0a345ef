/**
 * The README's two-neuron instance, worked by hand (in decimal strings, so the decimal path
 * must reproduce every digit):
 *   z = [[0.1, −1], [1, 0.05]], h = [0.0005, 0.00475], r = [0.9995, −1.00475],
 *   L = (0.9995² + 1.00475²)/4 = 0.502130703125,
 *   ∂L/∂a = −(1/4)[Σ r_i σ(z_i1), Σ r_i σ(z_i2)] = [0.2262, 0.012559375],
 *   ∂L/∂w_1 = −(1/4)(0.01)(0.9995·x_1 − 1.00475·x_2) = [−0.00249875, 0.0012559375],
 *   ∂L/∂w_2 = −(1/4)(−0.01)(−1.00475·x_2) = [0, −0.0012559375]  (x_1 is inactive for w_2),
 *   balance = [0.0001 − 4.01, 0.0001 − 1.01].
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { parseInstanceFile } from "../../src/io/instanceSchema.js";
import { activationPattern, evaluate, parameterSquaredNorm } from "../../src/model/network.js";

const file = parseInstanceFile({
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [["1", "0"], ["0", "0.5"]], y: ["1", "-1"] },
  params: { W: [["0.1", "2"], ["-1", "0.1"]], a: ["0.01", "-0.01"] },
});

describe("two-neuron instance, by hand", () => {
  const F = decimalField();
  const instance = instanceOverField(F, file);
  const result = evaluate(F, instance);
  const strings = (values: { toString(): string }[]) => values.map(String);

  it("outputs, residuals and loss", () => {
    expect(strings(result.outputs)).toEqual(["0.0005", "0.00475"]);
    expect(strings(result.residuals)).toEqual(["0.9995", "-1.00475"]);
    expect(result.loss.toString()).toBe("0.502130703125");
  });

  it("gradient", () => {
    expect(strings(result.gradient.a)).toEqual(["0.2262", "0.012559375"]);
    expect(result.gradient.W.map(strings)).toEqual([["-0.00249875", "0.0012559375"], ["0", "-0.0012559375"]]);
  });

  it("balance and activation pattern", () => {
    expect(strings(result.balance)).toEqual(["-4.0099", "-1.0099"]);
    expect(activationPattern(F, instance)).toEqual([[1, -1], [1, 1]]);
  });

  it("μ = p‖∇L‖²/L under mean-field scaling, ‖∇L‖²/L under standard", () => {
    const squaredGradient = parameterSquaredNorm(F, result.gradient);
    expect(result.pl?.toString()).toBe(F.div(F.mul(F.fromNumber(2), squaredGradient), result.loss).toString());
    const standard = evaluate(F, { ...instance, model: { ...instance.model, scaling: "standard" } });
    expect(standard.pl?.toString()).toBe(F.div(parameterSquaredNorm(F, standard.gradient), standard.loss).toString());
  });

  it("μ is undefined at zero loss", () => {
    const fitted = evaluate(F, { ...instance, y: result.outputs });
    expect(fitted.loss.isZero()).toBe(true);
    expect(fitted.pl).toBeUndefined();
  });

  it("the pre-activation exactly on the kink gets no gradient (σ'(0) = 0)", () => {
    const onKink = instanceOverField(F, { ...file, params: { W: [["0", "2"], ["-1", "0.1"]], a: ["0.01", "-0.01"] } });
    // z_11 = ⟨(0, 2), (1, 0)⟩ = 0 exactly: x_1 contributes nothing to ∂L/∂w_1.
    const onKinkResult = evaluate(F, onKink);
    expect(activationPattern(F, onKink)[0][0]).toBe(0);
    expect(onKinkResult.gradient.W[0][0].isZero()).toBe(true);
  });
});
