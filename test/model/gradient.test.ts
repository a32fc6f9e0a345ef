/**
 * The closed-form gradient and Hessian-vector product against central differences computed in
 * exact (60-digit decimal) arithmetic.
 *
 * Tolerance, derived: for a central difference D(h), the truncation error of D(h/2) is about
 * |D(h) − D(h/2)|/3 (Richardson), so |D(h) − D(h/2)| bounds it with a factor 3 to spare; the
 * rounding of the two loss values adds at most 2ε_L/h, with ε_L the loss's running error bound
 * rescaled from float64's unit roundoff to the decimal field's; the closed form has its own
 * rounding error, bounded the same way.
 *
 * ReLU-type activations: a difference across a kink measures a one-sided slope, not σ'(0) = 0,
 * so an instance with a pre-activation within h·max|x| of 0 is counted and not compared; the
 * test requires most instances to be compared.
 */
import { fc, it } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { UNIT_ROUNDOFF, errorBound, errorBoundField } from "../../src/field/errorBound.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../src/model/activation.js";
import type { Instance, ParameterVector } from "../../src/model/instance.js";
import { forward, gradient, hessianVectorProduct, loss } from "../../src/model/network.js";
import { shortDecimal, shortDecimalInstance } from "./shortDecimalInstances.js";

const F = decimalField({ digits: 60 });
type D = ReturnType<typeof F.fromNumber>;
const rescale = F.unitRoundoff / UNIT_ROUNDOFF;
const STEP = F.fromDecimalString("1e-20");
const HALF_STEP = F.fromDecimalString("5e-21");

/** Every parameter coordinate as (get, set) on a copy. */
function coordinates(instance: Instance<D>): { label: string; shift: (delta: D) => Instance<D> }[] {
  const out: { label: string; shift: (delta: D) => Instance<D> }[] = [];
  instance.a.forEach((_, j) =>
    out.push({ label: `a[${j}]`, shift: (delta) => ({ ...instance, a: instance.a.map((v, k) => (k === j ? F.add(v, delta) : v)) }) }),
  );
  instance.W.forEach((row, j) =>
    row.forEach((_, k) =>
      out.push({
        label: `W[${j}][${k}]`,
        shift: (delta) => ({ ...instance, W: instance.W.map((r, jj) => (jj === j ? r.map((v, kk) => (kk === k ? F.add(v, delta) : v)) : r)) }),
      }),
    ),
  );
  return out;
}

function centralDifference(f: (delta: D) => D, h: D): D {
  return F.div(F.sub(f(h), f(F.neg(h))), F.mul(F.fromNumber(2), h));
}

function flatten<T>(v: ParameterVector<T>): T[] {
  return [...v.a, ...v.W.flat()];
}

/** Running error bounds of loss and gradient, rescaled to the decimal field. */
function decimalErrorBounds(file: InstanceFile): { loss: number; gradient: number[] } {
  const bounded = instanceOverField(errorBoundField, file);
  return {
    loss: errorBound(loss(errorBoundField, bounded)) * rescale,
    gradient: flatten(gradient(errorBoundField, bounded)).map((g) => errorBound(g) * rescale),
  };
}

function nearKink(instance: Instance<D>): boolean {
  const largestInput = Math.max(...instance.X.flat().map((x) => Math.abs(F.toNumber(x))), 1);
  const margin = 2 * 1e-20 * largestInput;
  return forward(F, instance).preactivations.flat().some((z) => Math.abs(F.toNumber(z)) <= margin);
}

const piecewise = (activation: ActivationName) => activation === "relu" || activation === "leaky-relu";
const dims = { n: fc.integer({ min: 1, max: 4 }), d: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 1, max: 3 }) };
const scaling = fc.constantFrom("mean-field" as const, "standard" as const);

describe.each(ACTIVATION_NAMES)("gradient of L for %s", (activation) => {
  let compared = 0;
  let skippedAtKinks = 0;

  it.prop([scaling.chain((s) => shortDecimalInstance({ activation, scaling: s, ...dims }))], { numRuns: 40 })(
    "closed form = central difference (Richardson-bounded)",
    (file) => {
      const instance = instanceOverField(F, file);
      if (piecewise(activation) && nearKink(instance)) {
        skippedAtKinks++;
        return;
      }
      compared++;
      const closedForm = flatten(gradient(F, instance));
      const bounds = decimalErrorBounds(file);
      coordinates(instance).forEach(({ label, shift }, index) => {
        const along = (delta: D) => loss(F, shift(delta));
        const coarse = centralDifference(along, STEP);
        const fine = centralDifference(along, HALF_STEP);
        const tolerance =
          Math.abs(F.toNumber(F.sub(coarse, fine))) + (2 * bounds.loss) / 5e-21 + bounds.gradient[index];
        const error = Math.abs(F.toNumber(F.sub(closedForm[index], fine)));
        expect(error, `${label}: closed ${closedForm[index]} vs difference ${fine}`).toBeLessThanOrEqual(tolerance);
      });
    },
  );

  it("compared most instances (kinks are rare on this grid)", () => {
    expect(compared).toBeGreaterThan(skippedAtKinks);
  });
});

describe.each(ACTIVATION_NAMES.filter((a) => !piecewise(a)))("Hessian-vector product for %s", (activation) => {
  const withDirection = (file: InstanceFile) =>
    fc.record({
      a: fc.array(shortDecimal, { minLength: file.params.a.length, maxLength: file.params.a.length }),
      W: fc.array(fc.array(shortDecimal, { minLength: file.data.X[0].length, maxLength: file.data.X[0].length }), {
        minLength: file.params.a.length,
        maxLength: file.params.a.length,
      }),
    }).map((direction) => ({ file, direction }));

  it.prop([scaling.chain((s) => shortDecimalInstance({ activation, scaling: s, ...dims })).chain(withDirection)], { numRuns: 40 })(
    "∇²L·v = central difference of ∇L along v (Richardson-bounded)",
    ({ file, direction }) => {
      const instance = instanceOverField(F, file);
      const v: ParameterVector<D> = {
        a: direction.a.map((x) => F.fromDecimalString(x)),
        W: direction.W.map((row) => row.map((x) => F.fromDecimalString(x))),
      };
      const moved = (t: D): Instance<D> => ({
        ...instance,
        a: instance.a.map((x, j) => F.add(x, F.mul(t, v.a[j]))),
        W: instance.W.map((row, j) => row.map((x, k) => F.add(x, F.mul(t, v.W[j][k])))),
      });
      const hvp = flatten(hessianVectorProduct(F, instance, v));
      const bounds = decimalErrorBounds(file);
      const gradientBound = Math.max(...bounds.gradient);
      hvp.forEach((value, index) => {
        const component = (t: D) => flatten(gradient(F, moved(t)))[index];
        const coarse = centralDifference(component, STEP);
        const fine = centralDifference(component, HALF_STEP);
        const tolerance = Math.abs(F.toNumber(F.sub(coarse, fine))) + (2 * gradientBound) / 5e-21 + gradientBound;
        expect(Math.abs(F.toNumber(F.sub(value, fine)))).toBeLessThanOrEqual(tolerance);
      });
    },
  );
});

describe("a wrong gradient is caught", () => {
  it("a sign error in ∂L/∂a is far outside the tolerance", () => {
    const file: InstanceFile = {
      model: { activation: "tanh", scaling: "standard" },
      data: { X: [["0.5", "-1"]], y: ["1"] },
      params: { W: [["0.25", "0.75"]], a: ["1.5"] },
    };
    const instance = instanceOverField(F, file);
    const [{ shift }] = coordinates(instance);
    const fine = centralDifference((delta) => loss(F, shift(delta)), HALF_STEP);
    const coarse = centralDifference((delta) => loss(F, shift(delta)), STEP);
    const wrong = F.neg(gradient(F, instance).a[0]);
    const bounds = decimalErrorBounds(file);
    const tolerance = Math.abs(F.toNumber(F.sub(coarse, fine))) + (2 * bounds.loss) / 5e-21 + bounds.gradient[0];
    expect(Math.abs(F.toNumber(F.sub(wrong, fine)))).toBeGreaterThan(tolerance);
  });
});
