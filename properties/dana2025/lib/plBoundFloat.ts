/**
 * Theorem 1's eq. (6), μ ≥ B = f·(C/n)·min_i|h_i/y_i|, on the float fast path (floatFacts.ts):
 * μ and B in the error-bounded float field (src/field/errorBound.ts), starting from the Gram
 * matrix and the pre-activations with their a-priori bounds, so that the n·p·d and n²·d work is
 * plain double arithmetic and only the O(n²·p) rest carries bounds:
 *   h_i = (1/p)Σ_j a_j σ(z_ij),  r_i = y_i − h_i,  L = Σ_i r_i²/(2n),
 *   p‖∇L‖² = p·(1/(np))²·[Σ_j (Σ_i r_i σ(z_ij))² + Σ_j a_j² Σ_{i,k: z_ij, z_kj > 0} r_i r_k G_ik]
 * (the ∇_w part as rᵀ(G ∘ 1_j1_jᵀ)r, the same number as ‖Σ_i r_i 1_ij x_i‖²). A ReLU sign within its
 * bound of 0, or a μ − B within the bounds of μ and B, is a near-tie: the caller re-checks exactly.
 */
import { errorBound, errorBoundField as F, type ErrorBounded } from "../../../src/field/errorBound.js";
import type { FloatFacts } from "./floatFacts.js";

const bounded = (value: number, error: number): ErrorBounded => ({ value, inheritedError: error, magnitude: Math.abs(value), terms: 1 });

export type FloatPlResult =
  | { kind: "undecided"; why: string }
  | { kind: "zero-loss" }
  | { kind: "zero-output"; mu: number }
  | { kind: "decided"; mu: number; bound: number; C: number; minRatioSample: number; minRatio: number; margin: number; muError: number; boundError: number };

/** The sum of bounded values (a sum node: its bound holds for any order of the terms). */
function total(values: readonly ErrorBounded[]): ErrorBounded {
  return values.reduce((s, v) => F.add(s, v), F.zero);
}

export function floatPlBound(facts: FloatFacts, factor: number): FloatPlResult {
  const { n, p, a, y, z, zError, gram, gramError } = facts;
  // Activation pattern: decided only where |z_ij| exceeds its bound.
  const active: boolean[] = new Array(n * p);
  for (let k = 0; k < n * p; k++) {
    if (Math.abs(z[k]) <= zError[k]) return { kind: "undecided", why: "a pre-activation within its rounding bound of 0" };
    active[k] = z[k] > 0;
  }
  const sigma = (i: number, j: number) => (active[i * p + j] ? bounded(z[i * p + j], zError[i * p + j]) : F.zero);
  const inverseP = F.div(F.one, F.fromNumber(p));
  const outputs = Array.from({ length: n }, (_, i) => F.mul(inverseP, total(Array.from({ length: p }, (_, j) => F.mul(F.fromNumber(a[j]), sigma(i, j))))));
  const residuals = outputs.map((h, i) => F.sub(F.fromNumber(y[i]), h));
  const lossValue = F.div(total(residuals.map((r) => F.mul(r, r))), F.fromNumber(2 * n));
  if (lossValue.value === 0 && errorBound(lossValue) === 0) return { kind: "zero-loss" };
  if (!(lossValue.value > errorBound(lossValue))) return { kind: "undecided", why: "L within its rounding bound of 0" };
  const aPart = Array.from({ length: p }, (_, j) => {
    const s = total(Array.from({ length: n }, (_, i) => F.mul(residuals[i], sigma(i, j))));
    return F.mul(s, s);
  });
  const wPart = Array.from({ length: p }, (_, j) => {
    const terms: ErrorBounded[] = [];
    for (let i = 0; i < n; i++) {
      if (!active[i * p + j]) continue;
      for (let k = 0; k < n; k++) {
        if (!active[k * p + j]) continue;
        terms.push(F.mul(F.mul(residuals[i], residuals[k]), bounded(gram[i * n + k], gramError[i * n + k])));
      }
    }
    return F.mul(F.mul(F.fromNumber(a[j]), F.fromNumber(a[j])), total(terms));
  });
  const scale = F.div(F.one, F.fromNumber(n * p));
  const pGradSquared = F.mul(F.mul(F.fromNumber(p), F.mul(scale, scale)), F.add(total(aPart), total(wPart)));
  const mu = F.div(pGradSquared, lossValue);
  // Data constants as plBound.ts reads them without settings: (C_x^∓)² = min/max G_ii, C_y^- = min|y_i|.
  const diagonal = Array.from({ length: n }, (_, i) => bounded(gram[i * n + i], gramError[i * n + i]));
  const cxMinSquared = diagonal.reduce((m, v) => F.min(m, v));
  const cxMaxSquared = diagonal.reduce((m, v) => F.max(m, v));
  const cyMin = F.fromNumber(y.reduce((m, v) => Math.min(m, Math.abs(v)), Infinity));
  const C = F.div(F.mul(cxMinSquared, cyMin), F.sqrt(cxMaxSquared));
  const ratios = outputs.map((h, i) => F.abs(F.div(h, F.fromNumber(y[i]))));
  let minRatioSample = 0;
  for (let i = 1; i < n; i++) if (ratios[i].value < ratios[minRatioSample].value) minRatioSample = i;
  const minRatio = ratios.reduce((m, v) => F.min(m, v));
  if (minRatio.value === 0 && errorBound(minRatio) === 0) return { kind: "zero-output", mu: mu.value };
  if (!(minRatio.value > errorBound(minRatio))) return { kind: "undecided", why: "some h(x_i) within its rounding bound of 0" };
  const bound = F.div(F.mul(F.mul(F.fromDecimalString(String(factor)), C), minRatio), F.fromNumber(n));
  const muError = errorBound(mu);
  const boundError = errorBound(bound);
  const gap = mu.value - bound.value;
  if (!(Math.abs(gap) > (muError + boundError) * (1 + 2 ** -50) + 2 ** -52 * Math.abs(gap))) return { kind: "undecided", why: "μ − B within the rounding bounds of μ and B" };
  return {
    kind: "decided",
    mu: mu.value,
    bound: bound.value,
    C: C.value,
    minRatioSample,
    minRatio: ratios[minRatioSample].value,
    margin: gap / Math.max(mu.value, bound.value),
    muError,
    boundError,
  };
}
