/**
 * An enclosure of the Hessian ∇²L over a parameter box, column by column from interval
 * Hessian-vector products (src/model/network.ts) on unit vectors. Valid — every ∇²L(θ), θ in the
 * box, lies in it entrywise — where L is C² on the box: always for smooth σ; for ReLU-type σ only
 * when every pre-activation's sign is decided on the box (one activation pattern, on which L is a
 * polynomial and the HVP is its exact Hessian); otherwise `undefined`. Used by certified GD's
 * mean-value form; a local-minimum certificate (issue 9 item 4) can use it for second-order
 * conditions (e.g. Gershgorin or an interval Cholesky on the enclosure).
 */
import type { Interval, IntervalField } from "../field/interval.js";
import type { Instance } from "../model/instance.js";
import { forward, hessianVectorProduct, type ForwardPass } from "../model/network.js";
import { packParameters, unpackParameters } from "../model/parameters.js";

/** Whether ∇²L from the HVP encloses the Hessian on the whole box (see the file comment). */
export function hessianValidOnBox(F: IntervalField, box: Instance<Interval>, pass: ForwardPass<Interval> = forward(F, box)): boolean {
  const piecewise = box.model.activation.name === "relu" || box.model.activation.name === "leaky-relu";
  return !piecewise || pass.preactivations.every((row) => row.every((z) => F.sign(z) !== undefined));
}

/** Column k of the Hessian enclosure over the box, in the packed [a, W] order of src/model/parameters.ts. */
export function hessianColumn(F: IntervalField, box: Instance<Interval>, k: number, pass: ForwardPass<Interval> = forward(F, box)): Interval[] {
  const p = box.a.length;
  const d = box.X[0].length;
  const unit = Array.from({ length: p * (d + 1) }, (_, i) => (i === k ? F.one : F.zero));
  return packParameters(hessianVectorProduct(F, box, unpackParameters(unit, p, d), pass));
}

/** The whole enclosure (columns), or undefined where the box crosses a ReLU kink. */
export function hessianEnclosure(F: IntervalField, box: Instance<Interval>): Interval[][] | undefined {
  const pass = forward(F, box);
  if (!hessianValidOnBox(F, box, pass)) return undefined;
  const size = box.a.length * (box.X[0].length + 1);
  return Array.from({ length: size }, (_, k) => hessianColumn(F, box, k, pass));
}
