/**
 * Order of accuracy: on a smooth (tanh) network, halving the step divides the error at T = 1 by
 * about 2^q for a method of order q. Errors are measured against a Dormand–Prince run with a
 * step 8× smaller than the finest Dormand–Prince step tested, all in 40-digit decimal arithmetic, so
 * reference and rounding errors are far below the errors measured. The observed order must
 * round to q (|observed − q| < 1/2): the nearest integer separates every pair of orders.
 */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";
import { explicitStep, implicitMidpointStep, type VectorField } from "../../src/dynamics/steppers.js";
import { DORMAND_PRINCE_5_4, EULER, RK4, type ButcherTableau } from "../../src/dynamics/tableaus.js";

const F = decimalField({ digits: 40 });
type D = ReturnType<typeof F.fromNumber>;

const instance = instanceOverField(F, {
  model: { activation: "tanh", scaling: "mean-field" },
  data: { X: [["1", "0.5"], ["-0.5", "1"], ["0.25", "-1"]], y: ["1", "-0.5", "0.75"] },
  params: { W: [["0.8", "-0.3"], ["0.2", "0.9"]], a: ["1.2", "-0.7"] },
});
const system = gradientFlowSystem(F, instance);
const f: VectorField<D> = (s) => system.rhs(s);
const start = initialState(instance);

function run(step: (y: D[], h: D) => D[], stepsPerUnit: number): D[] {
  const h = F.div(F.one, F.fromNumber(stepsPerUnit));
  let y = start;
  for (let k = 0; k < stepsPerUnit; k++) y = step(y, h);
  return y;
}

const explicit = (tableau: ButcherTableau) => (y: D[], h: D) => explicitStep(F, tableau, f, y, h).state;
const midpoint = (y: D[], h: D) => implicitMidpointStep(F, f, y, h, { solverTolerance: 1e-35, maxIterations: 200 }).state;

// 1/128: error ~C·128^-5, below the finest error measured (Dormand–Prince at 1/16, ~C·16^-5) by 8^5.
const reference = run(explicit(DORMAND_PRINCE_5_4), 128);
const maxError = (y: D[]) => Math.max(...y.map((v, i) => Math.abs(F.toNumber(F.sub(v, reference[i])))));

describe.each([
  { name: "gradient descent (Euler)", order: 1, step: explicit(EULER), steps: [16, 32, 64] },
  { name: "implicit midpoint", order: 2, step: midpoint, steps: [8, 16, 32] },
  { name: "RK4", order: 4, step: explicit(RK4), steps: [8, 16, 32] },
  { name: "Dormand–Prince 5th-order solution", order: 5, step: explicit(DORMAND_PRINCE_5_4), steps: [4, 8, 16] },
])("$name", ({ order, step, steps }) => {
  it(`converges with order ${order}`, () => {
    const errors = steps.map((n) => maxError(run(step, n)));
    const observed = errors.slice(1).map((e, k) => Math.log2(errors[k] / e));
    for (const q of observed) expect(Math.abs(q - order), `observed orders ${observed.join(", ")}`).toBeLessThan(0.5);
  });
});
