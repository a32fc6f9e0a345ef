/**
 * Truncated Taylor series with interval coefficients, as a {@link Field}: x(t) = Σ_{k≤N} x_k t^k.
 * Any formula written over a field (the flow's right-hand side, src/certify/patternFlow.ts) run
 * over this field yields the Taylor coefficients of its value along a curve — automatic
 * differentiation in Taylor mode, with every coefficient enclosed. Two uses:
 * - time series: θ(t) = Σ θ_k t^k, the coefficients of the gradient flow (flowTaylor.ts);
 * - order 1 (dual numbers): the column ∂f/∂θ_k over a box, f evaluated at B + ε·e_k.
 *
 * The recurrences (Moore 1966; Griewank–Walther ch. 13) are exact identities between the
 * coefficients, each operation done in outward-rounded interval arithmetic, so every coefficient
 * encloses the exact one for every point of the constant coefficients' boxes:
 *   (xy)_k = Σ_{i+j=k} x_i y_j;  (x/y)_k = (x_k − Σ_{j=1}^k y_j q_{k−j}) / y_0;
 *   e = exp(x): e_k = (1/k) Σ_{j=1}^k j x_j e_{k−j};  l = log(x): l_k = (x_k − (1/k) Σ_{j=1}^{k−1} j l_j x_{k−j}) / x_0;
 *   s = √x: s_k = (x_k − Σ_{j=1}^{k−1} s_j s_{k−j}) / (2 s_0);  u = tanh(x): u' = (1 − u²)x'.
 * Kinks (abs, max, ReLU's primitives) have Taylor coefficients only where the constant
 * coefficient's sign is decided; elsewhere they throw {@link SeriesBranchError}, never guess.
 */
import type { Field, Sign } from "../field/field.js";
import type { Interval, IntervalField } from "../field/interval.js";

/** Coefficients x_0 … x_m (m ≤ the field's order; missing ones are 0). */
export type Series = readonly Interval[];

export type SeriesField = Field<Series> & {
  readonly order: number;
  readonly base: IntervalField;
  /** The series c + t·v (v omitted: the constant c). */
  variable(constant: Interval, slope?: Interval): Series;
  /** Coefficient k (0 beyond the stored ones). */
  coefficient(x: Series, k: number): Interval;
};

/** A kink of a non-smooth primitive may lie in the constant coefficient's box: no Taylor series there. */
export class SeriesBranchError extends Error {}

export function seriesField(F: IntervalField, order: number): SeriesField {
  if (!Number.isInteger(order) || order < 0) throw new RangeError(`series order must be a non-negative integer, got ${order}`);
  const length = order + 1;
  const constant = (c: Interval): Series => [c];
  const at = (x: Series, k: number) => (k < x.length ? x[k] : F.zero);
  const integer = (k: number) => F.fromNumber(k);
  const lengthOf = (x: Series, y: Series) => Math.min(length, Math.max(x.length, y.length));

  const mul = (x: Series, y: Series): Series => {
    const m = Math.min(length, x.length + y.length - 1);
    const out: Interval[] = [];
    for (let k = 0; k < m; k++) {
      let total = F.zero;
      for (let i = Math.max(0, k - y.length + 1); i <= Math.min(k, x.length - 1); i++) total = F.add(total, F.mul(x[i], y[k - i]));
      out.push(total);
    }
    return out;
  };
  const div = (x: Series, y: Series): Series => {
    if (y.length === 1) return x.map((c) => F.div(c, y[0]));
    const out: Interval[] = [];
    for (let k = 0; k < length; k++) {
      let numerator = at(x, k);
      for (let j = 1; j <= Math.min(k, y.length - 1); j++) numerator = F.sub(numerator, F.mul(y[j], out[k - j]));
      out.push(F.div(numerator, y[0]));
    }
    return out;
  };
  /** v' = g·x' for the series g built from v's own lower coefficients (exp, tanh). */
  const fromDerivative = (x: Series, first: Interval, factorUpTo: (v: Interval[], m: number) => Interval): Series => {
    if (x.length === 1) return [first];
    const v: Interval[] = [first];
    for (let k = 1; k < length; k++) {
      let total = F.zero;
      for (let j = 1; j <= Math.min(k, x.length - 1); j++) total = F.add(total, F.mul(F.mul(integer(j), x[j]), factorUpTo(v, k - j)));
      v.push(F.div(total, integer(k)));
    }
    return v;
  };
  const logAround = (x: Series, first: Interval, x0: Interval): Series => {
    if (x.length === 1) return [first];
    const l: Interval[] = [first];
    for (let k = 1; k < length; k++) {
      let inner = F.zero;
      for (let j = 1; j < k; j++) inner = F.add(inner, F.mul(F.mul(integer(j), l[j]), at(x, k - j)));
      l.push(F.div(F.sub(at(x, k), F.div(inner, integer(k))), x0));
    }
    return l;
  };
  const decidedSign = (x: Series, what: string): Sign => {
    const s = F.sign(x[0]);
    if (s === undefined || s === 0) throw new SeriesBranchError(`${what}: the constant coefficient ${F.toString(x[0])} may be at the kink`);
    return s;
  };

  const field: SeriesField = {
    name: "taylor-series",
    order,
    base: F,
    zero: constant(F.zero),
    one: constant(F.one),
    pi: constant(F.pi),
    variable: (c, slope) => (slope === undefined || order === 0 ? [c] : [c, slope]),
    coefficient: at,
    fromNumber: (x) => constant(F.fromNumber(x)),
    fromDecimalString: (s) => constant(F.fromDecimalString(s)),
    add: (x, y) => Array.from({ length: lengthOf(x, y) }, (_, k) => F.add(at(x, k), at(y, k))),
    sub: (x, y) => Array.from({ length: lengthOf(x, y) }, (_, k) => F.sub(at(x, k), at(y, k))),
    mul: (x, y) => (x === y ? mul(x, x) : mul(x, y)),
    div,
    neg: (x) => x.map((c) => F.neg(c)),
    abs: (x) => (decidedSign(x, "abs") > 0 ? x : x.map((c) => F.neg(c))),
    sqrt: (x) => {
      const s0 = F.sqrt(x[0]);
      if (x.length === 1) return [s0];
      const twice = F.mul(integer(2), s0);
      const s: Interval[] = [s0];
      for (let k = 1; k < length; k++) {
        let numerator = at(x, k);
        for (let j = 1; j < k; j++) numerator = F.sub(numerator, F.mul(s[j], s[k - j]));
        s.push(F.div(numerator, twice));
      }
      return s;
    },
    exp: (x) => fromDerivative(x, F.exp(x[0]), (v, m) => v[m]),
    log: (x) => logAround(x, F.log(x[0]), x[0]),
    log1p: (x) => logAround(x, F.log1p(x[0]), F.add(F.one, x[0])),
    tanh: (x) => {
      // q = 1 − u², its coefficient m needs u_0 … u_m only.
      const q: Interval[] = [];
      const qAt = (u: Interval[], m: number): Interval => {
        while (q.length <= m) {
          const k = q.length;
          let square = F.zero;
          for (let i = 0; i <= k; i++) square = F.add(square, i === k - i ? F.mul(u[i], u[i]) : F.mul(u[i], u[k - i]));
          q.push(k === 0 ? F.sub(F.one, square) : F.neg(square));
        }
        return q[m];
      };
      return fromDerivative(x, F.tanh(x[0]), qAt);
    },
    acos: () => {
      throw new SeriesBranchError("acos: no Taylor recurrence implemented (not needed by the gradient flow)");
    },
    min: (x, y) => (decidedSign(field.sub(x, y), "min") < 0 ? x : y),
    max: (x, y) => (decidedSign(field.sub(x, y), "max") > 0 ? x : y),
    positivePart: (x) => (decidedSign(x, "ReLU") > 0 ? x : field.zero),
    indicatorPositive: (x) => (decidedSign(x, "ReLU'") > 0 ? field.one : field.zero),
    sign: (x) => {
      const s = F.sign(x[0]);
      return s === 0 ? undefined : s;
    },
    toNumber: (x) => F.toNumber(x[0]),
    toString: (x) => x.map((c) => F.toString(c)).join(" + t·"),
  };
  return field;
}
