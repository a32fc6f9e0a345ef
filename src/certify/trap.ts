/**
 * The trapping argument that turns one certified GD iterate into a proof of convergence to zero
 * loss (issue 17 item 3). Everything is proved in interval arithmetic over the box
 * Ω = [m − R, m + R]ⁿ, which contains the Euclidean ball B(m, R).
 *
 * With J(θ) = ∂h/∂θ (n × P), K = JJᵀ and L = ‖r‖²/(2n), ∇L = −(1/n)Jᵀr, so on Ω
 *   (PL)     ‖∇L‖² = rᵀKr/n² ≥ (λ_min(K)/n²)‖r‖² = 2μL,      μ := λ_min(K)/n > 0,
 *   (growth) ‖∇L‖² ≤ 2(Λ/n)L,                                  Λ ≥ λ_max(K) (Gershgorin),
 *   (smooth) λ_max(∇²L) ≤ M on Ω (hessian.ts; M·I − ∇²L ≻ 0 by interval Cholesky, else the
 *            row-sum bound on ‖∇²L‖₂). The descent lemma needs only the upper curvature:
 *            L(θ + d) ≤ L(θ) + ∇L·d + (M/2)‖d‖² when θ + td ∈ Ω for t ∈ [0, 1].
 * For ReLU every pre-activation must have one sign on Ω: L is then one polynomial there, and
 * the formulas above are its exact derivatives (otherwise the argument does not apply).
 * GD θ⁺ = θ − ηc∇L with β := ηc(1 − ηcM/2) > 0 and the segment [θ, θ⁺] in Ω (descent lemma):
 *   L(θ⁺) ≤ L(θ) − β‖∇L‖² ≤ q·L(θ),  q := 1 − 2βμ < 1,   ‖θ⁺ − θ‖ = ηc‖∇L‖ ≤ ηc√(2ΛL/n).
 * If θ_K ∈ Θ (the certified box) ⊆ B(m, ρ₀) and L(θ_K) ≤ L̄ (the loss's enclosure on Θ), then
 * by induction every later iterate stays in B(m, ρ₀ + S) with
 *   S = ηc√(2ΛL̄/n) / (1 − √q),
 * so ρ₀ + S ≤ R closes it: L(θ_k) ≤ q^{k−K}L̄ → 0, Σ‖θ_{k+1} − θ_k‖ ≤ S < ∞, θ_k → θ* ∈ B(m, R)
 * and L(θ*) = 0 by continuity — a global minimum, since L ≥ 0.
 * The flow version (dθ/dt = −c∇L) needs only PL: dL/dt ≤ −2cμL and the path length is at most
 * √(2L̄/μ) (d√L/dt = −c‖∇L‖²/(2√L) ≤ −‖θ̇‖√(μ/2)); it is {@link flowTrap}.
 */
import { Decimal } from "decimal.js";
import type { Interval, IntervalField } from "../field/interval.js";
import type { Instance } from "../model/instance.js";
import { forward, lossFromResiduals, type ForwardPass } from "../model/network.js";
import { withParameters } from "../model/parameters.js";
import { hessianEnclosure, hessianValidOnBox } from "./hessian.js";
import { choleskyCertifiesAbove, floatSmallestEigen, smallestEigenvalueEnclosure } from "./positiveDefinite.js";

export interface TrapNumbers {
  /** Certified μ ≤ λ_min(K)/n on Ω (so ‖∇L‖² ≥ 2μL there). */
  mu: string;
  /** Certified Λ ≥ λ_max(K) on Ω. */
  gramMax: string;
  /** Certified M ≥ λ_max(∇²L) on Ω (GD only). */
  smoothness?: string;
  /** Certified q ≥ the per-step loss factor (GD only). */
  contraction?: string;
  /** L̄ ≥ L(θ) on the entry box. */
  lossAtEntry: string;
  /** ρ₀ ≥ the entry box's distance from m. */
  entryRadius: string;
  /** S ≥ the length of the whole remaining path. */
  pathLength: string;
}

export interface TrapOutcome {
  closed: boolean;
  /** Why not, when not closed. */
  reason?: string;
  center: string[];
  radius: string;
  numbers?: TrapNumbers;
}

/** The decimal upper end, as a point interval (for carrying a proved bound on). */
const upper = (F: IntervalField, x: Interval) => F.interval(x.hi, x.hi);

/** ∂h_i/∂θ on the box, n rows in the packed [a, W] order. */
function outputJacobian(F: IntervalField, box: Instance<Interval>, pass: ForwardPass<Interval>): Interval[][] {
  return box.X.map((x, i) => {
    const z = pass.preactivations[i];
    const aPart = z.map((zij) => F.mul(pass.scale, pass.sigma.value(zij)));
    const wPart = z.flatMap((zij, j) => {
      const coefficient = F.mul(F.mul(pass.scale, box.a[j]), pass.sigma.derivative(zij));
      return x.map((xk) => F.mul(coefficient, xk));
    });
    return [...aPart, ...wPart];
  });
}

/** max_i Σ_j |A_ij|, an upper bound on ‖A‖₂ for every symmetric A in the interval matrix. */
function rowSumBound(F: IntervalField, A: readonly (readonly Interval[])[]): Interval {
  return A.map((row) => row.reduce((total, x) => F.add(total, F.interval(0, F.abs(x).hi)), F.zero)).reduce((m, x) => (x.hi.gt(m.hi) ? x : m));
}

/**
 * M ≥ λ_max(H) for every symmetric H in the interval matrix: the float estimate of the midpoint's
 * λ_max raised a little until interval Cholesky certifies M·I − H ≻ 0, else the row-sum bound.
 */
function curvatureBound(F: IntervalField, H: readonly (readonly Interval[])[]): Interval {
  const rowSums = upper(F, rowSumBound(F, H));
  const negated = H.map((row) => row.map((x) => F.neg(x)));
  const largest = -floatSmallestEigen(negated.map((row) => row.map((x) => F.toNumber(x)))).value;
  for (const factor of [1.001, 1.01, 1.1]) {
    const candidate = new Decimal(Math.max(largest, 0) * factor + 1e-12).toSignificantDigits(6, Decimal.ROUND_UP);
    if (candidate.gte(rowSums.hi)) break;
    if (choleskyCertifiesAbove(F, negated, F.interval(candidate.neg(), candidate.neg()))) return F.interval(candidate, candidate);
  }
  return rowSums;
}

/** √(Σ_i max(|lo_i − m_i|, |hi_i − m_i|)²): a Euclidean radius of the box around m. */
function boxRadius(F: IntervalField, box: readonly Interval[], center: readonly Interval[]): Interval {
  const squares = box.map((x, i) => {
    const far = Decimal.max(F.abs(F.sub(F.interval(x.lo, x.lo), center[i])).hi, F.abs(F.sub(F.interval(x.hi, x.hi), center[i])).hi);
    const f = F.interval(far, far);
    return F.mul(f, f);
  });
  return upper(F, F.sqrt(squares.reduce((s, x) => F.add(s, x), F.zero)));
}

interface BallBounds {
  mu: Interval;
  gramMax: Interval;
  pass: ForwardPass<Interval>;
  ball: Instance<Interval>;
}

/** μ and Λ on Ω, or the reason they cannot be certified. */
function ballBounds(F: IntervalField, instance: Instance<Interval>, center: readonly Interval[], radius: Interval, fractions?: readonly number[]): BallBounds | string {
  const omega = center.map((m) => F.add(m, F.interval(radius.hi.neg(), radius.hi)));
  const ball = withParameters(instance, omega);
  const pass = forward(F, ball);
  if (!hessianValidOnBox(F, ball, pass)) return "a pre-activation may change sign on the ball (ReLU kink within R)";
  const J = outputJacobian(F, ball, pass);
  const n = J.length;
  const dead = J.findIndex((row) => row.every((x) => x.lo.isZero() && x.hi.isZero()));
  if (dead >= 0) return `every neuron is inactive on sample ${dead} throughout the ball: h(x_${dead}) ≡ 0 there, so its residual cannot shrink (no PL constant)`;
  if (n > J[0].length) return `fewer parameters (${J[0].length}) than samples (${n}): JJᵀ is singular, no PL constant`;
  const K = J.map((u) => J.map((v) => u.reduce((s, x, k) => F.add(s, F.mul(x, v[k])), F.zero)));
  const lambda = smallestEigenvalueEnclosure(F, K, fractions);
  if (lambda.lo === undefined) return `λ_min(JJᵀ) not certified positive on the ball (float estimate ${lambda.estimate.toPrecision(3)})`;
  const N = F.fromNumber(n);
  return { mu: F.div(F.interval(lambda.lo, lambda.lo), N), gramMax: upper(F, rowSumBound(F, K)), pass, ball };
}

/** The GD trapping argument on B(center, radius) for an iterate in `box` (see the file comment). */
export function gdTrap(F: IntervalField, instance: Instance<Interval>, box: readonly Interval[], eta: Interval, flowFactor: Interval, center: readonly Interval[], radius: Interval): TrapOutcome {
  const base = { center: center.map((m) => m.lo.toString()), radius: radius.hi.toString() };
  const bounds = ballBounds(F, instance, center, radius);
  if (typeof bounds === "string") return { ...base, closed: false, reason: bounds };
  const { mu, gramMax, ball } = bounds;
  const H = hessianEnclosure(F, ball);
  if (!H) return { ...base, closed: false, reason: "no Hessian enclosure on the ball" };
  const M = curvatureBound(F, H);
  const stepFactor = F.mul(eta, flowFactor); // ηc
  const beta = F.mul(stepFactor, F.sub(F.one, F.div(F.mul(stepFactor, M), F.fromNumber(2))));
  const n = F.fromNumber(instance.X.length);
  const lossBar = upper(F, lossFromResiduals(F, forward(F, withParameters(instance, box)).residuals));
  const rho = boxRadius(F, box, center);
  const common = { mu: mu.lo.toString(), gramMax: gramMax.hi.toString(), smoothness: M.hi.toString(), lossAtEntry: lossBar.hi.toString(), entryRadius: rho.hi.toString() };
  if (F.sign(beta) !== 1) return { ...base, closed: false, reason: `step too long for the ball's smoothness: ηc·M/2 ≥ 1 (M ≤ ${M.hi.toSignificantDigits(6)})`, numbers: { ...common, pathLength: "Infinity" } };
  const q = F.max(F.zero, F.sub(F.one, F.mul(F.mul(F.fromNumber(2), beta), mu)));
  const sqrtQ = F.sqrt(upper(F, q));
  const oneMinus = F.sub(F.one, sqrtQ);
  if (F.sign(oneMinus) !== 1) return { ...base, closed: false, reason: "no certified loss decrease per step (q ≥ 1)", numbers: { ...common, contraction: q.hi.toString(), pathLength: "Infinity" } };
  const S = upper(F, F.div(F.mul(stepFactor, F.sqrt(F.div(F.mul(F.fromNumber(2), F.mul(gramMax, lossBar)), n))), oneMinus));
  const numbers: TrapNumbers = { ...common, contraction: q.hi.toString(), pathLength: S.hi.toString() };
  const reach = F.add(rho, S);
  if (!reach.hi.lte(radius.lo)) return { ...base, closed: false, reason: `the path may leave the ball: ρ₀ + S ≤ ${reach.hi.toSignificantDigits(6)} > R`, numbers };
  return { ...base, closed: true, numbers };
}

/**
 * Shifts tried for μ in the flow trap (fractions of the float λ_min estimate, largest first): finer
 * than the default 0.99/0.9/0.5/0.1, whose steps cost up to half of μ once the ball's width makes
 * 0.9 fail. Each try is one n×n interval Cholesky. (The GD trap keeps the default: its stored
 * certificates are re-checked digit for digit.)
 */
const FLOW_SHIFT_FRACTIONS = [0.99, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05];

/** The gradient-flow trapping argument: PL on the ball and path length √(2L̄/μ) (see the file comment). */
export function flowTrap(F: IntervalField, instance: Instance<Interval>, box: readonly Interval[], center: readonly Interval[], radius: Interval): TrapOutcome {
  const base = { center: center.map((m) => m.lo.toString()), radius: radius.hi.toString() };
  const bounds = ballBounds(F, instance, center, radius, FLOW_SHIFT_FRACTIONS);
  if (typeof bounds === "string") return { ...base, closed: false, reason: bounds };
  const { mu, gramMax } = bounds;
  const lossBar = upper(F, lossFromResiduals(F, forward(F, withParameters(instance, box)).residuals));
  const rho = boxRadius(F, box, center);
  const S = upper(F, F.sqrt(F.div(F.mul(F.fromNumber(2), lossBar), F.interval(mu.lo, mu.lo))));
  const numbers: TrapNumbers = { mu: mu.lo.toString(), gramMax: gramMax.hi.toString(), lossAtEntry: lossBar.hi.toString(), entryRadius: rho.hi.toString(), pathLength: S.hi.toString() };
  const reach = F.add(rho, S);
  if (!reach.hi.lte(radius.lo)) return { ...base, closed: false, reason: `the path may leave the ball: ρ₀ + S ≤ ${reach.hi.toSignificantDigits(6)} > R`, numbers };
  return { ...base, closed: true, numbers };
}

/**
 * Radii worth trying around m: for ReLU the largest R with one activation pattern on Ω (from the
 * float distances |z_ij(m)|/‖x_i‖₁, a guess that the proof then checks), halved a few times — a
 * smaller ball has better constants but less room. Smooth σ: from 1 down.
 */
export function candidateRadii(F: IntervalField, instance: Instance<Interval>, center: readonly Interval[], tries = 8): Decimal[] {
  const at = withParameters(instance, center);
  const pass = forward(F, at);
  const piecewise = ["relu", "leaky-relu"].includes(instance.model.activation.name);
  let largest = 1;
  if (piecewise) {
    largest = Infinity;
    pass.preactivations.forEach((row, i) => {
      const l1 = instance.X[i].reduce((s, x) => s + Math.abs(F.toNumber(x)), 0);
      for (const z of row) if (l1 > 0) largest = Math.min(largest, Math.abs(F.toNumber(z)) / l1);
    });
    largest *= 0.99;
  }
  return Array.from({ length: tries }, (_, t) => new Decimal(largest / 2 ** t).toSignificantDigits(3, Decimal.ROUND_DOWN)).filter((r) => r.gt(0));
}
