/**
 * Lohner/QR certified gradient descent (src/certify/lohner.ts, qr.ts): the enclosure of a nearly
 * orthogonal basis's inverse really contains it, every Lohner set contains the exact GD iterate
 * (decimal at 3× the digits), and the set no longer grows geometrically where the box forms do.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { theorem1PlBound } from "../../properties/dana2025/theorem1-pl-bound.js";
import { certifyGradientDescent, type GdForm } from "../../src/certify/gd.js";
import { matrixProduct, nearlyOrthogonalInverse, orthogonalFactor } from "../../src/certify/qr.js";
import type { Candidate } from "../../src/check/property.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField, type Interval } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";

const file = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/examples/certify-gd.json"), "utf8")) as InstanceFile;
const example: Candidate = { file, settings: {} };

/** Decimal GD at high precision: the reference each box must contain. */
function referenceIterates(candidate: Candidate, lr: string, steps: number, digits: number) {
  const D = decimalField({ digits });
  const instance = instanceOverField(D, candidate.file);
  const system = gradientFlowSystem(D, instance);
  const eta = D.fromDecimalString(lr);
  const iterates = [initialState(instance)];
  for (let k = 0; k < steps; k++) {
    const v = system.rhs(iterates[k]);
    iterates.push(iterates[k].map((x, i) => D.add(x, D.mul(eta, v[i]))));
  }
  return iterates;
}

describe("enclosing the inverse of a nearly orthogonal basis", () => {
  const F = intervalField({ digits: 30 });
  const A = [
    [2, -1, 0.5, 3],
    [0.1, 4, -2, 1],
    [1, 1, 1, -1],
    [0.3, -0.7, 5, 2],
  ];
  const Q = orthogonalFactor(F, A, [1, 1, 1, 1]);
  const identityIn = (M: Interval[][]) => M.every((row, i) => row.every((x, j) => F.contains(x, i === j ? 1 : 0)));

  it("Q·[Q⁻¹] contains the identity, while Q·Qᵀ (float64 orthogonality, not widened) does not", () => {
    const inverse = nearlyOrthogonalInverse(F, Q)!;
    expect(identityIn(matrixProduct(F, Q, inverse))).toBe(true);
    const transpose = Q.map((_, i) => Q.map((row) => row[i]));
    expect(identityIn(matrixProduct(F, Q, transpose))).toBe(false);
  });

  it("refuses a basis far from orthogonal (‖BᵀB − I‖_∞ ≥ 1/2)", () => {
    const B = A.map((row) => row.map((x) => F.fromNumber(x)));
    expect(nearlyOrthogonalInverse(F, B)).toBeUndefined();
  });
});

describe("Lohner/QR certified gradient descent", () => {
  const containment = (candidate: Candidate, lr: string, steps: number, digits: number) => {
    const reference = referenceIterates(candidate, lr, steps, 3 * digits);
    const I = intervalField({ digits });
    const misses: string[] = [];
    const result = certifyGradientDescent(candidate, {
      steps,
      lr,
      digits,
      properties: [],
      onIterate: (k, box) => box.forEach((x, i) => !I.contains(x, reference[k][i]) && misses.push(`step ${k} coordinate ${i}`)),
    });
    return { misses, result };
  };

  it("every iterate's enclosure contains the GD iterate computed in decimal at 3× the digits (ReLU, every step a Lohner step)", () => {
    const { misses, result } = containment(example, "1", 25, 20);
    expect(misses).toEqual([]);
    expect(result.lohnerSteps).toBe(25);
  }, 600_000);

  it("the same on a tanh network (smooth: the mean-value form needs no activation pattern)", () => {
    const tanh: Candidate = { file: { ...file, model: { activation: "tanh", scaling: "mean-field" } }, settings: {} };
    const { misses, result } = containment(tanh, "0.5", 15, 20);
    expect(misses).toEqual([]);
    expect(result.lohnerSteps).toBe(15);
  }, 600_000);

  it("widths grow additively (rounding of g(c) per step), not geometrically as in the box forms", () => {
    const widths = (form: GdForm) => certifyGradientDescent(example, { steps: 30, lr: "1", digits: 20, properties: [], form }).steps.map((s) => Number(s.parameterWidth));
    const lohner = widths("lohner");
    const meanValue = widths("mean-value");
    // Carried, not amplified: w(k) ≈ w(10) + (k − 10)·δ with δ ≤ w(10)/10 (the rounding of g(c),
    // about the same every step; the first steps, where the loss is large, add more), so
    // w(30)/w(10) ≤ 3. The mean-value box grows ≈ ×1.8 per step (docs/certify.md): ×10⁴ over 20 steps.
    expect(lohner[30] / lohner[10]).toBeLessThan(3);
    expect(meanValue[30] / meanValue[10]).toBeGreaterThan(1e4);
  }, 600_000);

  it("certifies the PL bound for more steps than the mean-value box at the same digits", () => {
    const through = (form: GdForm) =>
      certifyGradientDescent(example, { steps: 45, lr: "1", digits: 20, properties: [theorem1PlBound], form }).checks.find((c) => c.name === theorem1PlBound.id)!.lastCertified;
    const [lohner, meanValue] = [through("lohner"), through("mean-value")];
    expect(meanValue).toBeLessThan(45);
    expect(lohner).toBe(45);
  }, 600_000);
});
