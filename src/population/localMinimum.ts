/**
 * Computer-assisted proof that a local minimum of the ReLU teacher–student population loss
 * F(W) = ½E_{x~N(0,I)}[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨v_j,x⟩))²] lies near a candidate W₀
 * (Safran & Shamir 2018; Safran & Shamir, arXiv:1712.08968; project issue 9 item 4).
 *
 * Steps:
 * 1. Refine W₀ by Newton steps in decimal arithmetic (src/population/newtonRefine.ts), so ‖∇F(W₀)‖
 *    is tiny. Refinement only chooses the point; everything after it is certified at that point.
 * 2. Over the outward-rounded interval field (src/field/interval.ts), at the exact decimal W₀:
 *    g ≥ ‖∇F(W₀)‖_F (interval gradient), λ < λ_min(∇²F(W₀)) by interval Cholesky of H − λI with λ
 *    from a float eigenvalue estimate (src/certify/positiveDefinite.ts; a Rayleigh quotient gives
 *    the upper end reported), and B ≥ sup |D³F[U,U,U]| over the Frobenius ball of radius R
 *    (src/population/reluThirdDerivative.ts, which derives the bound).
 * 3. Safran & Shamir's criterion (their code's minimum.m) 9λ² − 25gB ≥ 0 and r = (3λ − √(9λ² − 25gB))/(2B), computed without
 *    cancellation as r = 25g/(2(3λ + √(9λ² − 25gB))). Why it proves a minimum: by Taylor with the
 *    B-Lipschitz second derivative, for ‖U‖ = ρ, F(W₀+U) − F(W₀) ≥ ρ·(−g + λρ/2 − Bρ²/6) =: −ρ·p(ρ).
 *    p(ρ) = g − λρ/2 + Bρ²/6 < 0 for ρ strictly between the roots (3λ ∓ √(9λ² − 24gB))/(2B), and
 *    9λ² − 25gB ≥ 0 puts r in that range (√(9λ²−25gB) < √(9λ²−24gB) when gB > 0). So F > F(W₀)
 *    on the sphere of radius r: the minimum of F over the closed ball is attained inside it, and
 *    is a local minimum. Rounding makes the computed r an interval; the radius used is its upper
 *    end ρ, and p(ρ) < 0 is itself certified, so nothing rests on the algebra being exact.
 * 4. Clearance: ρ ≤ R (B holds there), and Safran & Shamir's ρ < min‖w_i‖ and 2ρ < min_{i≠j}‖w_i − w_j‖.
 * 5. The minimum's loss: F(W*) ≤ F(W₀) (W₀ is in the ball) and, by the same Taylor bound,
 *    F(W*) ≥ F(W₀) − gρ − Bρ³/6; both ends from the interval enclosure of F(W₀).
 *
 * Every quantity is an interval; each comparison in the verdict is a certified one (the interval
 * decides it). Anything undecided, and any failure, gives "not certified" with the reason.
 * When g is exactly 0 (ρ = 0), W₀ itself is a critical point with positive definite Hessian.
 *
 * The global minimum W = V is "not certified" at W₀ = V itself: pairs w_i ∥ v_i make the Hessian
 * formula (and populationHessian) undefined there, although F is C² (see reluThirdDerivative.ts);
 * this certifier needs ∇²F at W₀ from the closed form.
 */
import { Decimal } from "decimal.js";
import { exactDecimalString } from "../field/exactDouble.js";
import { intervalField, type Interval, type IntervalField, DEFAULT_INTERVAL_DIGITS } from "../field/interval.js";
import { smallestEigenvalueEnclosure } from "../certify/positiveDefinite.js";
import {
  CERTIFIED_LOCAL_MINIMUM,
  NOT_CERTIFIED,
  type IntervalReport,
  type LocalMinimumCertificate,
} from "../io/teacherStudentMinimumFile.js";
import { newtonRefine } from "./newtonRefine.js";
import { populationGradient, populationHessian, populationLoss } from "./reluTeacherStudent.js";
import { thirdDerivativeBound } from "./reluThirdDerivative.js";

export type MatrixInput = readonly (readonly (string | number)[])[];

export interface CertifyLocalMinimumOptions {
  /** Significant digits of the interval ends (default 50). */
  digits?: number;
  /** Newton refinement before certifying (default true). */
  refine?: boolean;
  /** Newton's working digits (default digits + 10). */
  newtonDigits?: number;
  /** Newton's step cap (default 30). */
  newtonSteps?: number;
  /**
   * R, the radius of the ball on which the third derivative is bounded, as a decimal string.
   * Default: min_i‖w_i‖/10 (rounded down to 6 digits). Any R with r ≤ R < min‖w_i‖ is valid; a
   * smaller R gives a smaller B (B grows like 1/(min‖w_i‖ − R)³), and after Newton refinement r
   * is far below any such default.
   */
  ballRadius?: string;
}

const report = (x: Interval): IntervalReport => ({ lo: x.lo.toString(), hi: x.hi.toString() });
const point = (I: IntervalField, v: Decimal): Interval => I.interval(v, v);
const toDecimalString = (x: string | number): string => (typeof x === "number" ? exactDecimalString(x) : x);

/** The identity teacher V = I_d (rows e_1 … e_d), Safran & Shamir's orthonormal target. */
export function identityTeacher(d: number): string[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, c) => (i === c ? "1" : "0")));
}

export interface CriterionInput {
  /** Certified lower bound of λ_min(∇²F(W₀)) (> 0 for a certificate). */
  lambda: Decimal;
  /** Certified upper bound of ‖∇F(W₀)‖. */
  gradientNorm: Decimal;
  /** Certified third-derivative bound on the ball of radius R. */
  B: Decimal;
  R: Decimal;
  /** Enclosure of min_i‖w_i‖ at W₀. */
  minStudentNorm: Interval;
  /** Enclosure of min_{i≠j}‖w_i − w_j‖ at W₀, undefined for one student row. */
  minStudentDistance: Interval | undefined;
}

export interface CriterionDecision {
  certified: boolean;
  reason?: string;
  criterion: Interval;
  /** Enclosure of r; its upper end is the radius used. */
  r: Interval | undefined;
}

const show = (x: Decimal) => x.toSignificantDigits(6).toString();

/**
 * Safran & Shamir's criterion and clearance checks from certified bounds (λ from below, g and B from
 * above), every comparison decided by the intervals. Exposed so its failure modes can be tested
 * one by one.
 */
export function decideCriterion(I: IntervalField, input: CriterionInput): CriterionDecision {
  const lambda = point(I, input.lambda);
  const g = point(I, input.gradientNorm);
  const B = point(I, input.B);
  const criterion = I.sub(I.mul(I.fromNumber(9), I.mul(lambda, lambda)), I.mul(I.fromNumber(25), I.mul(g, B)));
  const fail = (reason: string, r?: Interval): CriterionDecision => ({ certified: false, reason, criterion, r });
  if (I.sign(lambda) !== 1) return fail(`λ = ${show(input.lambda)} is not a positive lower bound of the Hessian's smallest eigenvalue`);
  if (I.sign(B) !== 1) return fail(`the third-derivative bound B = ${show(input.B)} must be positive`);
  if (criterion.lo.lt(0)) {
    const how = criterion.hi.lt(0) ? "fails" : "cannot be decided at this precision";
    return fail(`criterion 9λ² − 25‖∇F‖B ≥ 0 ${how}: λ > ${show(input.lambda)}, ‖∇F‖ ≤ ${show(input.gradientNorm)}, B ≤ ${show(input.B)} (enclosure [${show(criterion.lo)}, ${show(criterion.hi)}])`);
  }
  const root = I.sqrt(criterion);
  const r = I.div(I.mul(I.fromNumber(25), g), I.mul(I.fromNumber(2), I.add(I.mul(I.fromNumber(3), lambda), root)));
  const rho = point(I, r.hi);
  if (I.le(rho, point(I, input.R)) !== true) return fail(`r ≤ ${show(r.hi)} is not certainly ≤ R = ${show(input.R)}, the radius where B holds`, r);
  if (I.lt(rho, input.minStudentNorm) !== true) return fail(`r ≤ ${show(r.hi)} is not certainly < min‖w_i‖ ≥ ${show(input.minStudentNorm.lo)}: the ball may reach a zero row`, r);
  if (input.minStudentDistance && I.lt(I.mul(I.fromNumber(2), rho), input.minStudentDistance) !== true) {
    return fail(`2r ≤ ${show(I.mul(I.fromNumber(2), rho).hi)} is not certainly < min‖w_i − w_j‖ ≥ ${show(input.minStudentDistance.lo)}: student rows too close`, r);
  }
  if (I.sign(rho) === 1) {
    // p(ρ) = g − λρ/2 + Bρ²/6 < 0: F on the sphere of radius ρ exceeds F(W₀).
    const p = I.add(I.sub(g, I.div(I.mul(lambda, rho), I.fromNumber(2))), I.div(I.mul(B, I.mul(rho, rho)), I.fromNumber(6)));
    if (I.sign(p) !== -1) return fail(`the Taylor bound does not certainly exceed F(W₀) on the sphere of radius ${show(r.hi)}`, r);
  }
  return { certified: true, criterion, r };
}

/**
 * Refine W (unless `refine: false`) and try to prove a local minimum of F within r of the refined
 * point. W: k student rows of length d (decimal strings or numbers, a number read as its exact
 * binary value); V: teacher rows (default I_d).
 */
export function certifyLocalMinimum(W: MatrixInput, V?: MatrixInput, options: CertifyLocalMinimumOptions = {}): LocalMinimumCertificate {
  const digits = options.digits ?? DEFAULT_INTERVAL_DIGITS;
  const k = W.length;
  if (k === 0) throw new RangeError("W must have at least one student row");
  const d = W[0].length;
  const teacher = (V ?? identityTeacher(d)).map((row) => row.map(toDecimalString));
  const student = W.map((row) => row.map(toDecimalString));
  for (const [name, M] of [["W", student], ["V", teacher]] as const) {
    M.forEach((row, i) => {
      if (row.length !== d) throw new RangeError(`${name}[${i}] has ${row.length} entries, expected d = ${d}`);
    });
  }

  const refineStarted = Date.now();
  const refine = options.refine ?? true;
  const newtonDigits = options.newtonDigits ?? digits + 10;
  let W0 = student;
  let refinement: LocalMinimumCertificate["refinement"] = { steps: 0, stopped: "off", newtonDigits: null };
  if (refine) {
    const result = newtonRefine(student, teacher, { digits: newtonDigits, tolerance: `1e-${digits + 5}`, maxSteps: options.newtonSteps ?? 30 });
    W0 = result.W;
    refinement = { steps: result.steps, stopped: result.stopped, newtonDigits };
  }
  const refineMs = Date.now() - refineStarted;

  const started = Date.now();
  const I = intervalField({ digits });
  const certificate: LocalMinimumCertificate = {
    verdict: NOT_CERTIFIED,
    digits,
    k,
    d,
    n: teacher.length,
    W: W0,
    refinement,
    r: null,
    lambda: null,
    lambdaEstimate: null,
    gradientNorm: null,
    thirdDerivativeBound: null,
    ballRadius: null,
    criterion: null,
    lossAtW0: null,
    loss: null,
    spurious: null,
    minStudentNorm: null,
    minStudentDistance: null,
    milliseconds: { refine: refineMs, certify: 0 },
  };
  const finish = (reason?: string): LocalMinimumCertificate => {
    certificate.milliseconds.certify = Date.now() - started;
    if (reason === undefined) certificate.verdict = CERTIFIED_LOCAL_MINIMUM;
    else certificate.reason = reason;
    return certificate;
  };

  const Wi = W0.map((row) => row.map((x) => I.fromDecimalString(x)));
  const Vi = teacher.map((row) => row.map((x) => I.fromDecimalString(x)));
  const norm = (u: readonly Interval[]) => I.sqrt(u.reduce((s, x) => I.add(s, I.mul(x, x)), I.zero));
  const studentNorms = Wi.map(norm);
  const teacherNorms = Vi.map(norm);
  const minStudentNorm = studentNorms.reduce((a, b) => I.min(a, b));
  certificate.minStudentNorm = report(minStudentNorm);
  let minStudentDistance: Interval | undefined;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const distance = norm(Wi[i].map((x, c) => I.sub(x, Wi[j][c])));
      minStudentDistance = minStudentDistance === undefined ? distance : I.min(minStudentDistance, distance);
    }
  }
  if (minStudentDistance) certificate.minStudentDistance = report(minStudentDistance);
  if (I.sign(minStudentNorm) !== 1) return finish("a student row is (or may be) zero: F is not differentiable there");

  const lossAtW0 = populationLoss(I, Wi, Vi);
  certificate.lossAtW0 = report(lossAtW0);
  let gradientNorm: Interval;
  let H: Interval[][];
  try {
    gradientNorm = norm(populationGradient(I, Wi, Vi).flat());
    certificate.gradientNorm = report(gradientNorm);
    H = populationHessian(I, Wi, Vi);
  } catch (error) {
    if (error instanceof RangeError) return finish(`the Hessian is not available at W₀: ${error.message}`);
    throw error;
  }

  const eigen = smallestEigenvalueEnclosure(I, H);
  certificate.lambdaEstimate = eigen.estimate;
  if (eigen.lo === undefined) {
    certificate.lambda = { lo: "-Infinity", hi: eigen.hi.toString() };
    if (eigen.hi.lt(0)) return finish(`the Hessian at W₀ certainly has a negative eigenvalue: λ_min ≤ ${show(eigen.hi)} (float estimate ${eigen.estimate.toExponential(4)})`);
    return finish(`the Hessian at W₀ could not be certified positive definite (float λ_min ≈ ${eigen.estimate.toExponential(4)}, certified λ_min ≤ ${show(eigen.hi)})`);
  }
  certificate.lambda = { lo: eigen.lo.toString(), hi: eigen.hi.toString() };

  const radius = options.ballRadius !== undefined ? new Decimal(options.ballRadius) : minStudentNorm.lo.div(10).toSignificantDigits(6, Decimal.ROUND_DOWN);
  if (!(radius.isFinite() && radius.gt(0))) return finish(`the ball radius R = ${radius.toString()} must be positive`);
  certificate.ballRadius = radius.toString();
  let B: Interval;
  try {
    B = thirdDerivativeBound(I, studentNorms, teacherNorms, point(I, radius)).bound;
  } catch (error) {
    if (error instanceof RangeError) return finish(error.message);
    throw error;
  }
  certificate.thirdDerivativeBound = report(B);

  const decision = decideCriterion(I, {
    lambda: eigen.lo,
    gradientNorm: gradientNorm.hi,
    B: B.hi,
    R: radius,
    minStudentNorm,
    minStudentDistance,
  });
  certificate.criterion = report(decision.criterion);
  if (decision.r) certificate.r = report(decision.r);
  if (!decision.certified) return finish(decision.reason);

  // F(W*) ∈ [F(W₀) − gρ − Bρ³/6, F(W₀)].
  const rho = point(I, decision.r!.hi);
  const drop = I.add(I.mul(point(I, gradientNorm.hi), rho), I.div(I.mul(point(I, B.hi), I.mul(rho, I.mul(rho, rho))), I.fromNumber(6)));
  const lossLo = I.sub(point(I, lossAtW0.lo), drop).lo;
  certificate.loss = { lo: lossLo.toString(), hi: lossAtW0.hi.toString() };
  if (k >= teacher.length) certificate.spurious = lossLo.gt(0);
  return finish();
}
