/**
 * Newton refinement of a critical point of the ReLU teacher–student population loss in
 * high-precision decimal arithmetic, so that the certifier starts from a point whose gradient is
 * tiny (the local-minimum criterion needs 25‖∇F‖B ≤ 9λ², and the radius r ≈ 25‖∇F‖/(12λ)).
 *
 * The gradient is computed in the decimal field, the Hessian in float64 at the point rounded to
 * doubles (decimal.js's arccos makes a decimal Hessian several times dearer than a gradient).
 * Far from the critical point this is Newton's method; near it, a simplified Newton iteration
 * whose error contracts each step by about ‖I − H_float⁻¹H‖ ≈ cond(H)·2⁻⁵³, i.e. ~14 digits per
 * step for the spurious minima of fixtures/soltanolkotabi2019 (cond ≈ 10²).
 *
 * Newton finds the nearest critical point of any kind; whether it is a minimum is for the
 * certifier to decide. Safeguard: a step is kept only if it lowers ‖∇F‖, halving it up to
 * {@link MAX_HALVINGS} times; when no step does (or F is not twice differentiable at the point),
 * the refinement ends at the last good point.
 * Nothing here is a proof: it only chooses W₀.
 */
import type { Decimal } from "decimal.js";
import { Matrix, solve } from "ml-matrix";
import { decimalField } from "../field/decimal.js";
import { float64Field } from "../field/float64.js";
import type { RefinementStop } from "../io/teacherStudentMinimumFile.js";
import { populationGradient, populationHessian } from "./reluTeacherStudent.js";

/** Step halvings tried before the refinement gives up. */
export const MAX_HALVINGS = 10;

export interface NewtonOptions {
  /** Working significant digits of the decimal field. */
  digits: number;
  /** Stop once ‖∇F‖_F ≤ this (a decimal string such as "1e-60"). */
  tolerance: string;
  maxSteps: number;
}

export interface NewtonResult {
  /** The refined student rows, as exact decimal strings (the working precision's digits). */
  W: string[][];
  steps: number;
  /** ‖∇F‖_F at the refined point in the working precision (an estimate, not a bound). */
  gradientNorm: string;
  /** Why the refinement stopped. */
  stopped: RefinementStop;
}

export function newtonRefine(W: readonly (readonly string[])[], V: readonly (readonly string[])[], options: NewtonOptions): NewtonResult {
  const D = decimalField({ digits: options.digits });
  const tolerance = D.fromDecimalString(options.tolerance);
  const teacher = V.map((row) => row.map((x) => D.fromDecimalString(x)));
  let current = W.map((row) => row.map((x) => D.fromDecimalString(x)));
  const floatTeacher = teacher.map((row) => row.map((x) => x.toNumber()));
  const gradientOf = (M: Decimal[][]): Decimal[] | undefined => {
    try {
      return populationGradient(D, M, teacher).flat();
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  };
  const normOf = (G: Decimal[] | undefined) => (G === undefined ? undefined : D.sqrt(G.reduce((s, g) => D.add(s, D.mul(g, g)), D.zero)));
  let gradient = gradientOf(current);
  let norm = normOf(gradient);
  const done = (steps: number, stopped: NewtonResult["stopped"]): NewtonResult => ({
    W: current.map((row) => row.map((x) => D.toString(x))),
    steps,
    gradientNorm: norm === undefined ? "NaN" : D.toString(norm),
    stopped,
  });
  if (gradient === undefined || norm === undefined) return done(0, "not-twice-differentiable");
  const d = current[0].length;
  for (let step = 0; step < options.maxSteps; step++) {
    if (norm.lte(tolerance)) return done(step, "tolerance");
    let H: number[][];
    try {
      H = populationHessian(float64Field, current.map((row) => row.map((x) => x.toNumber())), floatTeacher);
    } catch (error) {
      if (error instanceof RangeError) return done(step, "not-twice-differentiable");
      throw error;
    }
    let delta: number[];
    try {
      delta = solve(new Matrix(H), Matrix.columnVector(gradient.map((g) => g.toNumber()))).getColumn(0);
    } catch {
      return done(step, "singular-hessian");
    }
    if (!delta.every(Number.isFinite)) return done(step, "singular-hessian");
    // Backtracking on ‖∇F‖: the full step first, then halves, so a far start still converges.
    let accepted = false;
    for (let halvings = 0; halvings <= MAX_HALVINGS && !accepted; halvings++) {
      const t = 2 ** -halvings;
      const next = current.map((row, i) => row.map((x, c) => D.sub(x, D.fromNumber(t * delta[i * d + c]))));
      const nextGradient = gradientOf(next);
      const nextNorm = normOf(nextGradient);
      if (nextGradient === undefined || nextNorm === undefined || nextNorm.gte(norm)) continue;
      current = next;
      gradient = nextGradient;
      norm = nextNorm;
      accepted = true;
    }
    if (!accepted) return done(step, "no-progress");
  }
  return done(options.maxSteps, norm.lte(tolerance) ? "tolerance" : "max-steps");
}
