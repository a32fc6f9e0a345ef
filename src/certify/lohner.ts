/**
 * Lohner's set representation for certified gradient descent: the iterate θ_k lies in
 * S_k = {c + B·r : r ∈ R}, c a point, B an invertible point matrix, R an interval box. A box
 * (B = I) loses the shape of the set at every step — the wrapping effect: a box rotated by the
 * step map is wrapped in a larger box, so widths grow geometrically even where the map does not
 * expand (docs/certify.md: ×1.8 per step in mean-value form). Carrying B along the map and
 * re-orthogonalising it keeps the set's shape (Lohner 1987; the QR variant as in CAPD/AWA).
 *
 * One step of g(θ) = θ + η·rhs(θ) (rhs = −c∇L), with X = c + B·R (interval hull of S_k):
 * - mean-value form on the convex box X ⊇ S_k: g(θ) ∈ g(c) + [J]·(θ − c) for θ ∈ S_k, with
 *   [J] = I − ηc[∇²L](X) (hessian.ts; for ReLU only on a box with one activation pattern, else
 *   no Lohner step: `undefined`). So g(S_k) ⊆ [g(c)] + [A]·R, [A] = [J]·B.
 * - new basis: B' = Q from the QR of mid([A]) (qr.ts), c' = mid([g(c)]), and
 *   R' = ([B'⁻¹]·[A])·R + [B'⁻¹]·([g(c)] − c') with [B'⁻¹] ⊇ B'⁻¹ proved in qr.ts. Then
 *   g(S_k) ⊆ {c' + B'·r : r ∈ R'} = S_{k+1}.
 * Where the step contracts (|1 − ηcλ| < 1) the set contracts; flat directions (λ ≈ 0) keep their
 * width instead of mixing with the others, so widths grow only by the rounding of g(c) per step.
 */
import type { Interval, IntervalField } from "../field/interval.js";
import type { Instance } from "../model/instance.js";
import { forward } from "../model/network.js";
import type { FlowSystem } from "../dynamics/flowSystem.js";
import { withParameters } from "../model/parameters.js";
import { hessianColumn, hessianValidOnBox } from "./hessian.js";
import { matrixProduct, matrixVector, nearlyOrthogonalInverse, orthogonalFactor } from "./qr.js";

export interface LohnerSet {
  /** c: point intervals. */
  center: Interval[];
  /** B, row-major, point intervals. */
  basis: Interval[][];
  /** R: the box of coefficients. */
  coefficients: Interval[];
}

/** The midpoint of x, rounded to the field's digits and kept inside x, as a point interval. */
export function midpointOf(F: IntervalField, x: Interval): Interval {
  if (x.lo.eq(x.hi)) return x;
  const mid = F.add(F.interval(x.lo, x.lo), F.interval(x.hi, x.hi)).lo.div(2);
  const clamped = mid.lt(x.lo) ? x.lo : mid.gt(x.hi) ? x.hi : mid;
  return F.interval(clamped, clamped);
}

/** A box as a Lohner set: c its midpoint, B = I, R = box − c. */
export function lohnerFromBox(F: IntervalField, box: readonly Interval[]): LohnerSet {
  const center = box.map((x) => midpointOf(F, x));
  const basis = box.map((_, i) => box.map((__, j) => (i === j ? F.one : F.zero)));
  return { center, basis, coefficients: box.map((x, i) => F.sub(x, center[i])) };
}

/** The interval hull c + B·R of the set. */
export function lohnerHull(F: IntervalField, set: LohnerSet): Interval[] {
  return matrixVector(F, set.basis, set.coefficients).map((v, i) => F.add(set.center[i], v));
}

/**
 * One GD step of the set (see the file comment), or undefined where the mean-value form does not
 * apply (a ReLU kink inside the hull) or the new basis's inverse cannot be enclosed.
 */
export function lohnerGdStep(F: IntervalField, instance: Instance<Interval>, system: FlowSystem<Interval>, set: LohnerSet, eta: Interval): LohnerSet | undefined {
  const hull = lohnerHull(F, set);
  const box = withParameters(instance, hull);
  const pass = forward(F, box);
  if (!hessianValidOnBox(F, box, pass)) return undefined;
  const size = hull.length;
  const minusEtaC = F.neg(F.mul(eta, system.flowFactor));
  // [J] = I − ηc[∇²L](X), column by column (the Hessian is symmetric, so column k is row k).
  const jacobian: Interval[][] = Array.from({ length: size }, () => new Array<Interval>(size));
  for (let k = 0; k < size; k++) {
    const column = hessianColumn(F, box, k, pass);
    for (let i = 0; i < size; i++) jacobian[i][k] = F.add(i === k ? F.one : F.zero, F.mul(minusEtaC, column[i]));
  }
  const atCenter = system.rhs(set.center).map((v, i) => F.add(set.center[i], F.mul(eta, v)));
  return lohnerAdvance(F, set, jacobian, atCenter);
}

/**
 * The set carried through a map g with g(S) ⊆ [g(c)] + [J]·(S − c) — `jacobian` encloses the
 * map's derivative on the set's hull, `pointImage` encloses g(c) — re-orthogonalised by QR (see
 * the file comment). Undefined when the new basis's inverse cannot be enclosed.
 */
export function lohnerAdvance(F: IntervalField, set: LohnerSet, jacobian: readonly (readonly Interval[])[], pointImage: readonly Interval[]): LohnerSet | undefined {
  const image = matrixProduct(F, jacobian, set.basis);
  const weights = set.coefficients.map((r) => F.toNumber(F.interval(0, F.width(r))));
  const basis = orthogonalFactor(
    F,
    image.map((row) => row.map((x) => F.toNumber(x))),
    weights,
  );
  const inverse = nearlyOrthogonalInverse(F, basis);
  if (!inverse) return undefined;
  const center = pointImage.map((x) => midpointOf(F, x));
  const carried = matrixVector(F, matrixProduct(F, inverse, image), set.coefficients);
  const rounding = matrixVector(
    F,
    inverse,
    pointImage.map((x, i) => F.sub(x, center[i])),
  );
  return { center, basis, coefficients: carried.map((x, i) => F.add(x, rounding[i])) };
}
