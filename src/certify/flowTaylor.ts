/**
 * The three enclosures one validated step of the gradient flow θ' = f(θ) needs (flowEnclosure.ts),
 * all for the smooth field f = f_P of patternFlow.ts:
 * - {@link aprioriEnclosure}: a box B holding every trajectory from the box X on [0, h], by the
 *   Picard test X + [0, h]·f(B) ⊂ interior(B) (then the Picard operator maps the continuous paths
 *   in B into themselves, and by Schauder's theorem/uniqueness the solution stays in B);
 * - {@link flowTaylorCoefficients}: θ_k = θ^{(k)}(0)/k!, k ≤ K, over a box of initial values, by
 *   Picard iteration in Taylor arithmetic (taylorSeries.ts): with θ known to order m,
 *   θ_{m+1} = (f(θ))_m/(m+1) is exact — the ODE written coefficient by coefficient;
 * - {@link flowJacobian}: [Df](B), column k = the ε-coefficient of f(B + ε·e_k) (dual numbers).
 */
import { Decimal } from "decimal.js";
import type { Interval, IntervalField } from "../field/interval.js";
import { patternRhs, type ActivationPattern, type FlowData } from "./patternFlow.js";
import { seriesField, type Series } from "./taylorSeries.js";

/** Data and model lifted to constant series. */
function liftData(data: FlowData<Interval>): FlowData<Series> {
  return { model: data.model, p: data.p, X: data.X.map((row) => row.map((x) => [x])), y: data.y.map((v) => [v]) };
}

/** θ_0 … θ_order (each a vector) of the flow from every initial value in the box. */
export function flowTaylorCoefficients(F: IntervalField, data: FlowData<Interval>, initial: readonly Interval[], order: number, pattern?: ActivationPattern): Interval[][] {
  const lifted = liftData(data);
  const series: Interval[][] = initial.map((x) => [x]);
  for (let m = 0; m < order; m++) {
    const S = seriesField(F, m);
    const velocity = patternRhs(S, lifted, series, pattern);
    const divisor = F.fromNumber(m + 1);
    velocity.forEach((v, i) => series[i].push(F.div(S.coefficient(v, m), divisor)));
  }
  return Array.from({ length: order + 1 }, (_, k) => series.map((s) => s[k]));
}

/** [Df] over the box, as rows: entry [i][k] encloses ∂f_i/∂θ_k at every point of the box. */
export function flowJacobian(F: IntervalField, data: FlowData<Interval>, box: readonly Interval[], pattern?: ActivationPattern): Interval[][] {
  const D = seriesField(F, 1);
  const lifted = liftData(data);
  const size = box.length;
  const rows: Interval[][] = Array.from({ length: size }, () => new Array<Interval>(size));
  for (let k = 0; k < size; k++) {
    const seeded = box.map((x, i) => (i === k ? D.variable(x, F.one) : D.variable(x)));
    patternRhs(D, lifted, seeded, pattern).forEach((v, i) => (rows[i][k] = D.coefficient(v, 1)));
  }
  return rows;
}

/** f evaluated over a box (interval field). */
export function rhsOverBox(F: IntervalField, data: FlowData<Interval>, box: readonly Interval[], pattern?: ActivationPattern): Interval[] {
  return patternRhs(F, data, box, pattern);
}

/** Relative and absolute inflation of a Picard guess (ε-inflation, Rump/Lohner). */
const RELATIVE_INFLATION = 0.1;
const PICARD_ATTEMPTS = 6;

/**
 * A box B ⊇ {θ(s; θ₀) : θ₀ ∈ X, s ∈ [0, h]} and the tighter X + [0, h]·f(B) inside it, or
 * undefined when the Picard test fails (the caller shortens h). `velocity` encloses f over a
 * box — f_P, or a Filippov hull across a kink (kinkCrossing.ts): the argument only needs
 * θ' ∈ velocity(B) almost everywhere while θ ∈ B.
 */
export function aprioriEnclosure(F: IntervalField, X: readonly Interval[], h: Decimal, velocity: (box: readonly Interval[]) => Interval[]): { box: Interval[]; tight: Interval[] } | undefined {
  const span = F.interval(0, h);
  const reach = (B: readonly Interval[]) => velocity(B).map((v, i) => F.add(X[i], F.mul(span, v)));
  const floor = new Decimal(10).pow(-F.digits + 3);
  const inflate = (B: readonly Interval[]) =>
    B.map((b) => {
      const magnitude = Decimal.max(b.lo.abs(), b.hi.abs(), 1);
      const pad = F.width(b).times(RELATIVE_INFLATION).plus(floor.times(magnitude));
      return F.interval(F.sub(b, F.interval(pad, pad)).lo, F.add(b, F.interval(pad, pad)).hi);
    });
  let guess = inflate(reach(X));
  for (let attempt = 0; attempt < PICARD_ATTEMPTS; attempt++) {
    let image: Interval[];
    try {
      image = reach(guess);
    } catch {
      return undefined;
    }
    if (image.every((v, i) => v.lo.gt(guess[i].lo) && v.hi.lt(guess[i].hi))) return { box: guess, tight: image };
    guess = inflate(image.map((v, i) => F.hull(v, guess[i])));
  }
  return undefined;
}
