/**
 * One step of each method, over any field. A step never decides whether it is accepted: the
 * driver (integrate.ts) does, from the error estimate, kink events and solver convergence.
 */
import type { Field } from "../field/field.js";
import type { ButcherTableau, Rational } from "./tableaus.js";
import { linearCombination } from "./state.js";

export type VectorField<T> = (state: readonly T[]) => T[];

export interface StepResult<T> {
  state: T[];
  /** Local error estimate per component (embedded pairs only). */
  errorEstimate?: T[];
  /** The states other than the start at which f was evaluated (kink checks look at them too). */
  stageStates: T[][];
  /** f at the new state, when the method computed it anyway (FSAL). */
  derivativeAtEnd?: T[];
  /** False when an implicit solve did not converge; the driver retries with a smaller step. */
  converged: boolean;
}

const coefficientCache = new WeakMap<Field<unknown>, Map<string, unknown>>();

/** The field's value of a rational coefficient, computed once per field. */
function coefficient<T>(F: Field<T>, [numerator, denominator]: Rational): T {
  let cache = coefficientCache.get(F as Field<unknown>) as Map<string, T> | undefined;
  if (!cache) {
    cache = new Map();
    coefficientCache.set(F as Field<unknown>, cache as Map<string, unknown>);
  }
  const key = `${numerator}/${denominator}`;
  let value = cache.get(key);
  if (value === undefined) {
    value = denominator === 1 ? F.fromNumber(numerator) : F.div(F.fromNumber(numerator), F.fromNumber(denominator));
    cache.set(key, value);
  }
  return value;
}

/** An explicit Runge–Kutta step of size h; `derivativeAtStart` saves one evaluation after an FSAL step. */
export function explicitStep<T>(
  F: Field<T>,
  tableau: ButcherTableau,
  f: VectorField<T>,
  y: readonly T[],
  h: T,
  derivativeAtStart?: T[],
): StepResult<T> {
  const stages: T[][] = [];
  const stageStates: T[][] = [];
  for (let s = 0; s < tableau.b.length; s++) {
    if (s === 0) {
      stages.push(derivativeAtStart ?? f(y));
      continue;
    }
    const weights = tableau.a[s].map((a) => F.mul(h, coefficient(F, a)));
    const stageState = linearCombination(F, y, weights, stages.slice(0, weights.length));
    stageStates.push(stageState);
    stages.push(f(stageState));
  }
  const state = linearCombination(F, y, tableau.b.map((b) => F.mul(h, coefficient(F, b))), stages);
  let errorEstimate: T[] | undefined;
  if (tableau.bHat) {
    const differences = tableau.b.map((b, k) => F.mul(h, F.sub(coefficient(F, b), coefficient(F, tableau.bHat![k]))));
    errorEstimate = linearCombination(F, new Array<T>(y.length).fill(F.zero), differences, stages);
  }
  return {
    state,
    stageStates,
    errorEstimate,
    derivativeAtEnd: tableau.firstSameAsLast ? stages[stages.length - 1] : undefined,
    converged: true,
  };
}

export interface ImplicitMidpointOptions {
  /** Stop the fixed-point iteration when max |Δy_i| ≤ solverTolerance·(1 + |y_i|). */
  solverTolerance: number;
  maxIterations: number;
}

/**
 * The implicit midpoint rule y₁ = y + h·f((y + y₁)/2) (1-stage Gauss–Legendre, order 2),
 * solved by fixed-point iteration from the explicit Euler guess. It conserves every quadratic
 * invariant of the flow — here each a_j² − ‖w_j‖² — up to the solver tolerance and rounding.
 */
export function implicitMidpointStep<T>(
  F: Field<T>,
  f: VectorField<T>,
  y: readonly T[],
  h: T,
  { solverTolerance, maxIterations }: ImplicitMidpointOptions,
  derivativeAtStart?: T[],
): StepResult<T> {
  const half = F.div(F.one, F.fromNumber(2));
  let next = linearCombination(F, y, [h], [derivativeAtStart ?? f(y)]);
  let midpoint: T[] = y.slice();
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    midpoint = y.map((v, i) => F.mul(half, F.add(v, next[i])));
    const updated = linearCombination(F, y, [h], [f(midpoint)]);
    let converged = true;
    for (let i = 0; i < y.length; i++) {
      const change = Math.abs(F.toNumber(F.sub(updated[i], next[i])));
      if (change > solverTolerance * (1 + Math.abs(F.toNumber(y[i])))) {
        converged = false;
        break;
      }
    }
    next = updated;
    if (converged) return { state: next, stageStates: [midpoint], converged: true };
  }
  return { state: next, stageStates: [midpoint], converged: false };
}
