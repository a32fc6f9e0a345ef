/**
 * Theorem 1's PL lower bound, eq. (6) of Dana, Pillaud-Vivien & Bach (arXiv 2502.16977), as one
 * formula every dana2025 entry shares:
 *
 *   B(θ) = f·(C/n)·min_i |h_θ(x_i)/y_i|,   C = (C_x^-/C_x^+)·C_x^-·C_y^- = (C_x^-)²·C_y^-/C_x^+,
 *
 * with f = 1 (the rebuttal's form; our derivation of eq. (6) gives f = 1 under the Assumption-2 encoding
 * (n−1)ρ ≤ (C_x^-)²/2, and 2(1−κ) for (n−1)ρ ≤ κ(C_x^-)²). Here min_i |h/y| = min_i |1 − r_i/y_i|.
 *
 * The data constants are read as assumptions.ts `dataBounds` reads them: settings cxMin, cxMax,
 * cyMin (numbers) when given — dataBounds checks that they bracket the data — otherwise the
 * instance's own extremes, (C_x^∓)² = min/max_i ‖x_i‖² (squares, so no root until C) and
 * C_y^- = min_i |y_i|. Everything is generic over the field: exact decimals or rationals for the
 * pointwise entry, the error-bounded float field along trajectories.
 */
import type { Field } from "../../../src/field/field.js";
import { squaredNorm } from "../../../src/field/field.js";
import type { Candidate } from "../../../src/check/property.js";
import type { Instance } from "../../../src/model/instance.js";

export interface Theorem1DataConstants<T> {
  /** (C_x^-)². */
  cxMinSquared: T;
  /** (C_x^+)². */
  cxMaxSquared: T;
  /** C_y^-. */
  cyMin: T;
}

/** A data-bound setting, read as dataBounds reads it (numbers only), as an exact decimal string. */
function boundSetting(candidate: Candidate, name: string): string | undefined {
  const value = candidate.settings[name];
  return typeof value === "number" ? String(value) : undefined;
}

/** (C_x^-)², (C_x^+)², C_y^- of Theorem 1 for this candidate, over F (see the file comment). */
export function theorem1DataConstants<T>(F: Field<T>, candidate: Candidate, instance: Instance<T>): Theorem1DataConstants<T> {
  const fromSetting = (name: string): T | undefined => {
    const text = boundSetting(candidate, name);
    return text === undefined ? undefined : F.fromDecimalString(text);
  };
  const squaredNorms = instance.X.map((x) => squaredNorm(F, x));
  const cxMin = fromSetting("cxMin");
  const cxMax = fromSetting("cxMax");
  return {
    cxMinSquared: cxMin ? F.mul(cxMin, cxMin) : squaredNorms.reduce((m, v) => F.min(m, v)),
    cxMaxSquared: cxMax ? F.mul(cxMax, cxMax) : squaredNorms.reduce((m, v) => F.max(m, v)),
    cyMin: fromSetting("cyMin") ?? instance.y.map((y) => F.abs(y)).reduce((m, v) => F.min(m, v)),
  };
}

/** C = (C_x^-)²·C_y^-/C_x^+ (one square root, of (C_x^+)²). */
export function theorem1Constant<T>(F: Field<T>, constants: Theorem1DataConstants<T>): T {
  return F.div(F.mul(constants.cxMinSquared, constants.cyMin), F.sqrt(constants.cxMaxSquared));
}

/**
 * min_i |h_i/y_i|, with an index attaining it. The minimum is taken with F.min, so a field that
 * carries error bounds (errorBoundField: the bound of a min is the largest of the bounds) bounds
 * the true minimum, not only the selected sample's ratio.
 */
export function minOutputRatio<T>(F: Field<T>, outputs: readonly T[], labels: readonly T[]): { value: T; index: number } {
  const ratios = outputs.map((h, i) => F.abs(F.div(h, labels[i])));
  let index = 0;
  for (let i = 1; i < ratios.length; i++) if (F.sign(F.sub(ratios[i], ratios[index])) === -1) index = i;
  return { value: ratios.reduce((m, v) => F.min(m, v)), index };
}

/** B = f·(C/n)·min_i |h_i/y_i| (Theorem 1, eq. (6)); f defaults to 1. */
export function plLowerBound<T>(F: Field<T>, C: T, n: number, outputs: readonly T[], labels: readonly T[], factor: T = F.one): T {
  return F.div(F.mul(F.mul(factor, C), minOutputRatio(F, outputs, labels).value), F.fromNumber(n));
}
