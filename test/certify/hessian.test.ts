/**
 * The Hessian enclosure over a box (src/certify/hessian.ts): it contains the exact Hessian at
 * points of the box, and refuses a box that crosses a ReLU kink.
 */
import { describe, expect, it } from "vitest";
import { hessianEnclosure } from "../../src/certify/hessian.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { hessianVectorProduct } from "../../src/model/network.js";
import { packParameters, unpackParameters } from "../../src/model/parameters.js";

const file: InstanceFile = {
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [["1", "0.5"], ["-0.5", "1"]], y: ["1", "-0.5"] },
  params: { W: [["0.8", "0.3"], ["-0.2", "0.9"]], a: ["1.2", "-0.7"] },
};

describe("Hessian enclosure over a box", () => {
  const I = intervalField({ digits: 30 });
  const radius = "0.001";

  it("contains the exact Hessian at the corners and centre of a box on one activation pattern", () => {
    const centre = instanceOverField(I, file);
    const widen = (x: (typeof centre.a)[number]) => I.add(x, I.interval(`-${radius}`, radius));
    const box = { ...centre, a: centre.a.map(widen), W: centre.W.map((r) => r.map(widen)) };
    const H = hessianEnclosure(I, box);
    expect(H).toBeDefined();
    const D = decimalField({ digits: 90 });
    const size = 6;
    for (const shift of ["0", radius, `-${radius}`]) {
      const point = instanceOverField(D, file);
      const moved = { ...point, a: point.a.map((v) => D.add(v, D.fromDecimalString(shift))), W: point.W.map((r) => r.map((v) => D.sub(v, D.fromDecimalString(shift)))) };
      for (let k = 0; k < size; k++) {
        const unit = Array.from({ length: size }, (_, i) => (i === k ? D.one : D.zero));
        const column = packParameters(hessianVectorProduct(D, moved, unpackParameters(unit, 2, 2)));
        column.forEach((v, i) => expect(I.contains(H![k][i], v)).toBe(true));
      }
    }
  });

  it("is undefined when the box crosses a kink (a pre-activation's sign undecided)", () => {
    const centre = instanceOverField(I, { ...file, params: { ...file.params, W: [["0.5", "-1"], ["-0.2", "0.9"]] } }); // ⟨w_0, x_0⟩ = 0
    const widen = (x: (typeof centre.a)[number]) => I.add(x, I.interval(`-${radius}`, radius));
    expect(hessianEnclosure(I, { ...centre, W: centre.W.map((r) => r.map(widen)) })).toBeUndefined();
  });
});
