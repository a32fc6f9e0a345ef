/**
 * Exact stationary points (and the degenerate ones the assumptions exclude), built in rationals
 * and written as terminating decimals (decimalScaling.ts), for catalogue candidates and fixtures.
 * Taheri, Xie & Lederer, arXiv:2205.04491: our reading of its stationarity notions.
 *
 * - {@link gammaStationary}: any Θ (linear or ReLU), γ = the exact Lasso in Z = φ(XΘᵀ) (γ-stationarity is its KKT condition);
 * - {@link variantAStationary}: linear, variant A: b̃ = Lasso(λ = r) split into coordinate atoms
 *   γ_j = |b̃_k|, Θ_j = sign(b̃_k)e_k (‖Θ_j‖₁ = 1);
 * - {@link variantBStationary}: linear, variant B, the converse of its characterization (taheri2025/variant-b-characterization): b₀ = Lasso(λ), m active
 *   neurons γ_j = ±S₀q, Θ_j = ±q·b₀ (S₀ = ‖b₀‖₁), data scaled by c = mS₀q², r = cλ·S₀q — our
 *   variant B characterization's a = S₀q, ‖b̃‖₁ = m a², λ²‖b̃‖₁ = m r², chosen so every number stays a decimal;
 * - {@link origin}: γ = 0, Θ = 0 — stationary for every variant;
 * - {@link deadRelu}: γ = 0 and Θ_j = −s_j e_1 on data with x_i1 > 0: every neuron dead;
 * - {@link variantCPath}: the free-Θ drift Θ = t·b_LSᵀ, γ = c(t)/t, c(t) = 1 − ρ/t: exact
 *   γ-stationarity, dist(0, ∂obj) = O(1/t²), obj → ‖y − Xb_LS‖²_n < ‖y‖²_n, the only stationary value.
 */
import { rationalField as Q, type Rational } from "../field/rational.js";
import { dot } from "../field/field.js";
import { solveLinearSystem } from "../dynamics/linearSolve.js";
import type { ActivationName } from "../model/activation.js";
import type { Candidate, Settings } from "../check/property.js";
import type { InstanceFile } from "../io/instanceSchema.js";
import { decimalString, terminatingScale } from "./decimalScaling.js";
import { exactLasso } from "./exactLasso.js";
import { features, l1Norm, predict, transposeVec } from "./network.js";
import { withExtraField } from "./penalizedCandidate.js";
import type { PenaltyVariant } from "./penalties.js";

/** A problem before its stationary point: inputs, the truth (Θ*, γ*, u) and the tuning r, as decimals. */
export interface RawProblem {
  X: string[][];
  truth: { W: string[][]; a: string[]; noise: string[] };
  activation: "identity" | "relu";
  r: string;
}

const q = (s: string) => Q.fromDecimalString(s);
const qs = (v: readonly string[]) => v.map(q);
const dec = decimalString;
const decs = (v: readonly Rational[]) => v.map(dec);

/** y = f*(X) + u, exactly. */
export function labels(raw: RawProblem): Rational[] {
  const data = { X: raw.X.map(qs), y: [], activation: { name: raw.activation as ActivationName } };
  const f = predict(Q, data, { gamma: qs(raw.truth.a), theta: raw.truth.W.map(qs) });
  return f.map((v, i) => Q.add(v, q(raw.truth.noise[i])));
}

/** The candidate file with every label, output weight, tuning parameter and truth scaled by `scale` (Θ, Θ*, X unchanged). */
function assemble(raw: RawProblem, y: Rational[], theta: Rational[][], gamma: Rational[], r: Rational, scale: Rational, variant: PenaltyVariant, settings: Settings, extra: Record<string, unknown> = {}): Candidate {
  const times = (v: Rational) => Q.mul(scale, v);
  const file = {
    ...extra,
    model: { activation: raw.activation, scaling: "standard" },
    data: { X: raw.X, y: decs(y.map(times)) },
    params: { W: theta.map(decs), a: decs(gamma.map(times)) },
  } as InstanceFile;
  const truth = { W: raw.truth.W, a: decs(qs(raw.truth.a).map(times)), noise: decs(qs(raw.truth.noise).map(times)) };
  return withExtraField({ file, settings: { ...settings, penalty: variant, r: dec(times(r)) } }, "truth", truth);
}

/** Any Θ, γ = the exact Lasso in its features (the γ-KKT condition). Undefined when no exact solution was found. */
export function gammaStationary(raw: RawProblem, theta: string[][], variant: PenaltyVariant, settings: Settings = {}): Candidate | undefined {
  const y = labels(raw);
  const thetaQ = theta.map(qs);
  const { features: Z } = features(Q, { X: raw.X.map(qs), y, activation: { name: raw.activation } }, thetaQ);
  const lasso = exactLasso(Q, Z, y, q(raw.r));
  if (!lasso) return undefined;
  const scale = terminatingScale(lasso.gamma);
  return assemble(raw, y, thetaQ, lasso.gamma, q(raw.r), scale, variant, settings);
}

/** The exact Lasso b̂ on the inputs X at λ (a linear network's end-to-end vector). */
function linearLasso(raw: RawProblem, lambda: Rational): { y: Rational[]; b: Rational[] } | undefined {
  const y = labels(raw);
  const lasso = exactLasso(Q, raw.X.map(qs), y, lambda);
  return lasso ? { y, b: lasso.gamma } : undefined;
}

/** Variant A, linear: coordinate atoms of the Lasso solution at λ = r. Needs w ≥ |supp b̃|. */
export function variantAStationary(raw: RawProblem, w: number, settings: Settings = {}): Candidate | undefined {
  const lasso = linearLasso(raw, q(raw.r));
  if (!lasso) return undefined;
  const d = raw.X[0].length;
  const support = lasso.b.map((v, k) => k).filter((k) => Q.sign(lasso.b[k]) !== 0);
  if (support.length > w) return undefined;
  const theta = Array.from({ length: w }, () => new Array<Rational>(d).fill(Q.zero));
  const gamma = new Array<Rational>(w).fill(Q.zero);
  support.forEach((k, j) => {
    theta[j][k] = Q.fromNumber(Q.sign(lasso.b[k]) === 1 ? 1 : -1);
    gamma[j] = Q.abs(lasso.b[k]);
  });
  return assemble(raw, lasso.y, theta, gamma, q(raw.r), terminatingScale(lasso.b), "A", settings);
}

/**
 * Variant B, linear, the converse of its characterization with m active neurons (signs[j] for j < m), q > 0 a decimal
 * (or a function of S₀ = ‖b₀‖₁ giving one, e.g. to make ‖γ̃‖₁ = m·S₀·q reasonable):
 * λ = raw.r is the Lasso level; the returned candidate's r is the network's tuning parameter.
 */
export function variantBStationary(
  raw: RawProblem,
  w: number,
  m: number,
  scaleQ: string | ((S0: number) => string),
  signs: readonly boolean[],
  settings: Settings = {},
  pieces: (b0: Rational[]) => Rational[][] = (b0) => Array.from({ length: m }, () => b0.map((v) => Q.div(v, Q.fromNumber(m)))),
): Candidate | undefined {
  if (!(m >= 1 && m <= w)) throw new RangeError(`variantBStationary: need 1 ≤ m ≤ w, got m = ${m}, w = ${w}`);
  const lambda = q(raw.r);
  const lasso = linearLasso(raw, lambda);
  if (!lasso) return undefined;
  const c0 = terminatingScale(lasso.b);
  const b0 = lasso.b.map((v) => Q.mul(c0, v));
  const S0 = l1Norm(Q, b0);
  if (Q.sign(S0) === 0) return undefined;
  const qText = typeof scaleQ === "string" ? scaleQ : scaleQ(Q.toNumber(S0));
  const qq = q(qText);
  if (Q.sign(qq) !== 1) throw new RangeError(`variantBStationary: q must be positive, got ${qText}`);
  const a = Q.mul(S0, qq);
  const c = Q.mul(Q.fromNumber(m), Q.mul(S0, Q.mul(qq, qq)));
  const d = raw.X[0].length;
  // Row j = ±m·q·c_j for pieces c_j of b₀ (sign-consistent, Σc_j = b₀, ‖c_j‖₁ = S₀/m): γ_jΘ_j = m·S₀q²·c_j.
  const split = pieces(b0);
  checkPieces(b0, split, m);
  const mq = Q.mul(Q.fromNumber(m), qq);
  const theta = Array.from({ length: w }, (_, j) => (j < m ? split[j].map((v) => Q.mul(signs[j] ? mq : Q.neg(mq), v)) : new Array<Rational>(d).fill(Q.zero)));
  // γ_j are stated after the total scaling c0·c; assemble multiplies γ by it, so pass γ/(c0·c).
  const total = Q.mul(c0, c);
  const gamma = Array.from({ length: w }, (_, j) => (j < m ? Q.div(signs[j] ? a : Q.neg(a), total) : Q.zero));
  const r = Q.div(Q.mul(Q.mul(c, Q.mul(c0, lambda)), a), total);
  return assemble(raw, lasso.y, theta, gamma, r, total, "B", settings, { generator: { kind: "variant-B", m, q: qText, lambda: raw.r } });
}

function checkPieces(b0: readonly Rational[], split: readonly Rational[][], m: number): void {
  const S0 = l1Norm(Q, b0);
  const ok =
    split.length === m &&
    split.every((c) => Q.sign(Q.sub(Q.mul(Q.fromNumber(m), l1Norm(Q, c)), S0)) === 0 && c.every((v, k) => Q.sign(v) === 0 || Q.sign(v) === Q.sign(b0[k]))) &&
    b0.every((v, k) => Q.sign(Q.sub(v, split.reduce((t, c) => Q.add(t, c[k]), Q.zero))) === 0);
  if (!ok) throw new RangeError("variantBStationary: pieces must be sign-consistent with b₀, sum to b₀ and have ℓ1 norm ‖b₀‖₁/m each");
}

/**
 * Two pieces of b₀ with ℓ1 norm S₀/2 each, not parallel: c₁ = ω ⊙ b₀ with ω_k = 1/2 + ε_k off the largest
 * coordinate k₀ and ω_k₀ fixed by ‖c₁‖₁ = S₀/2; |ε_k| ≤ 1/4 and supp ≤ 3 keep ω ∈ [0, 1]. Undefined when
 * that fails (then use the default equal split).
 */
export function twoPieces(b0: readonly Rational[], epsilons: readonly string[]): Rational[][] | undefined {
  const magnitudes = b0.map((v) => Q.abs(v));
  let k0 = 0;
  magnitudes.forEach((v, k) => {
    if (Q.sign(Q.sub(v, magnitudes[k0])) === 1) k0 = k;
  });
  const half = Q.div(Q.one, Q.fromNumber(2));
  const omega = b0.map((_, k) => (k === k0 ? Q.zero : Q.add(half, Q.fromDecimalString(epsilons[k % epsilons.length]))));
  const S0 = l1Norm(Q, b0);
  let rest = Q.mul(half, S0);
  magnitudes.forEach((v, k) => {
    if (k !== k0) rest = Q.sub(rest, Q.mul(omega[k], v));
  });
  if (Q.sign(magnitudes[k0]) === 0) return undefined;
  omega[k0] = Q.div(rest, magnitudes[k0]);
  if (omega.some((w) => Q.sign(w) === -1 || Q.sign(Q.sub(w, Q.one)) === 1)) return undefined;
  const first = b0.map((v, k) => Q.mul(omega[k], v));
  return [first, b0.map((v, k) => Q.sub(v, first[k]))];
}

/** γ = 0, Θ = 0: stationary under every variant, f = 0, error ‖f*‖²_n. */
export function origin(raw: RawProblem, w: number, variant: PenaltyVariant, settings: Settings = {}): Candidate {
  const d = raw.X[0].length;
  const zeros = Array.from({ length: w }, () => new Array<Rational>(d).fill(Q.zero));
  return assemble(raw, labels(raw), zeros, new Array<Rational>(w).fill(Q.zero), q(raw.r), Q.one, variant, settings);
}

/**
 * Dead ReLU: the inputs' first coordinates are made positive (x_i ↦ sign(x_i1)·x_i, a
 * symmetry of the Gaussian law; labels recomputed), Θ_j = −s_j e_1 with s_j > 0, γ = 0. Every
 * pre-activation is negative, the features vanish, and γ = 0 is γ-stationary. Undefined when some x_i1 = 0.
 */
export function deadRelu(raw: RawProblem, slopes: readonly string[], variant: PenaltyVariant, settings: Settings = {}): Candidate | undefined {
  if (raw.X.some((x) => Q.sign(q(x[0])) === 0)) return undefined;
  const flipped: RawProblem = { ...raw, activation: "relu", X: raw.X.map((x) => (Q.sign(q(x[0])) === 1 ? x : x.map((v) => dec(Q.neg(q(v)))))) };
  const d = raw.X[0].length;
  const theta = slopes.map((s) => Array.from({ length: d }, (_, k) => (k === 0 ? Q.neg(Q.abs(q(s))) : Q.zero)));
  return assemble(flipped, labels(flipped), theta, new Array<Rational>(slopes.length).fill(Q.zero), q(raw.r), Q.one, variant, settings);
}

export interface DriftPoint {
  candidate: Candidate;
  /** ‖y − Xb_LS‖²_n, the limit of obj along the path. */
  limit: Rational;
  /** ‖y‖²_n, the only stationary value of variant C. */
  stationaryValue: Rational;
}

/**
 * Variant C's drift path at t (a power of ten), ρ > 0 a decimal. n must be of the form
 * 2^a·5^b so that 1/n terminates. The data are scaled by κ = terminatingScale(b_LS) so that b_LS
 * is a decimal; then r = 2qρ with q = ‖Xb_LS‖²_n, c(t) = 1 − ρ/t, Θ_1 = t·b_LS, γ_1 = c(t)/t.
 * Undefined when XᵀX is singular or Xb_LS = 0.
 */
export function variantCPath(X: string[][], y: string[], t: string, rho: string, settings: Settings = {}): DriftPoint | undefined {
  const XQ = X.map(qs);
  const yQ0 = qs(y);
  const n = X.length;
  const gram = XQ[0].map((_, a) => XQ[0].map((__, b) => XQ.reduce((s, x) => Q.add(s, Q.mul(x[a], x[b])), Q.zero)));
  const b0 = solveLinearSystem(Q, gram, transposeVec(Q, XQ, yQ0));
  if (!b0) return undefined;
  const kappa = terminatingScale(b0);
  const b = b0.map((v) => Q.mul(kappa, v));
  const yQ = yQ0.map((v) => Q.mul(kappa, v));
  const fitted = XQ.map((x) => dot(Q, x, b));
  const qFit = Q.div(dot(Q, fitted, fitted), Q.fromNumber(n));
  if (Q.sign(qFit) === 0) return undefined;
  const tQ = q(t);
  const rhoQ = q(rho);
  const c = Q.sub(Q.one, Q.div(rhoQ, tQ));
  const r = Q.mul(Q.fromNumber(2), Q.mul(qFit, rhoQ));
  const residual = yQ.map((v, i) => Q.sub(v, fitted[i]));
  const file = {
    generator: { kind: "variant-C-drift", t, rho },
    model: { activation: "identity", scaling: "standard" },
    data: { X, y: decs(yQ) },
    params: { W: [decs(b.map((v) => Q.mul(tQ, v)))], a: [dec(Q.div(c, tQ))] },
  } as InstanceFile;
  return {
    candidate: { file, settings: { ...settings, penalty: "C", r: dec(r) } },
    limit: Q.div(dot(Q, residual, residual), Q.fromNumber(n)),
    stationaryValue: Q.div(dot(Q, yQ, yQ), Q.fromNumber(n)),
  };
}
