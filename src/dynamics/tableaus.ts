/**
 * Butcher tableaus of the explicit methods, with rational coefficients [numerator, denominator]
 * so each field turns them into its own numbers (exactly where it can).
 *
 * Dormand & Prince (1980), "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math.
 * 6(1): the 5th-order solution `b` (FSAL: its last stage is the next step's first) and the
 * embedded 4th-order `bHat`, whose difference is the local error estimate.
 */
export type Rational = readonly [number, number];

export interface ButcherTableau {
  readonly name: string;
  /** Order of the solution `b`. */
  readonly order: number;
  readonly a: readonly (readonly Rational[])[];
  readonly b: readonly Rational[];
  /** Embedded lower-order weights, for an error estimate. */
  readonly bHat?: readonly Rational[];
  readonly c: readonly Rational[];
  /** The last stage is evaluated at the new point, so it is the next step's first stage. */
  readonly firstSameAsLast: boolean;
}

const r = (numerator: number, denominator = 1): Rational => [numerator, denominator];

export const EULER: ButcherTableau = { name: "euler", order: 1, a: [[]], b: [r(1)], c: [r(0)], firstSameAsLast: false };

export const RK4: ButcherTableau = {
  name: "rk4",
  order: 4,
  a: [[], [r(1, 2)], [r(0), r(1, 2)], [r(0), r(0), r(1)]],
  b: [r(1, 6), r(1, 3), r(1, 3), r(1, 6)],
  c: [r(0), r(1, 2), r(1, 2), r(1)],
  firstSameAsLast: false,
};

export const DORMAND_PRINCE_5_4: ButcherTableau = {
  name: "dopri5",
  order: 5,
  a: [
    [],
    [r(1, 5)],
    [r(3, 40), r(9, 40)],
    [r(44, 45), r(-56, 15), r(32, 9)],
    [r(19372, 6561), r(-25360, 2187), r(64448, 6561), r(-212, 729)],
    [r(9017, 3168), r(-355, 33), r(46732, 5247), r(49, 176), r(-5103, 18656)],
    [r(35, 384), r(0), r(500, 1113), r(125, 192), r(-2187, 6784), r(11, 84)],
  ],
  b: [r(35, 384), r(0), r(500, 1113), r(125, 192), r(-2187, 6784), r(11, 84), r(0)],
  bHat: [r(5179, 57600), r(0), r(7571, 16695), r(393, 640), r(-92097, 339200), r(187, 2100), r(1, 40)],
  c: [r(0), r(1, 5), r(3, 10), r(4, 5), r(8, 9), r(1), r(1)],
  firstSameAsLast: true,
};
