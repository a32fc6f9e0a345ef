/**
 * The accuracy of lossGradientF64.wat's vectorised e^x and tanh, derived (not measured): the
 * Taylor remainder of each polynomial plus a count of every rounding, each at most u = 2^-53
 * relative (round to nearest, no fused multiply-add), propagated with absolute values. Results
 * are in ulps of the exact result (ulp(v) = 2^(⌊log2|v|⌋ − 52)), for normal results;
 * test/fast/wasmElementary.test.ts checks the observed error against these numbers.
 *
 * Second-order terms (products of two rounding errors, each ≤ m·u relative to the first-order
 * bound after m operations, m ≤ 40) are covered by the factor {@link SECOND_ORDER}. The bounds
 * are evaluated in float64 (sums of positive terms: relative perturbation ~1e-15, negligible).
 */
const u = 2 ** -53;
const SECOND_ORDER = 1 + 64 * u * 40;

/** 1/n! rounded to double, n = 0 … 21: the module's Taylor coefficients are these doubles. */
const INVERSE_FACTORIAL: number[] = [1];
for (let n = 1; n <= 21; n++) INVERSE_FACTORIAL.push(INVERSE_FACTORIAL[n - 1]! / n);

/** Largest |k| in the module's reduction x = k·ln2 + r, x ∈ [−746, 710]. */
const MAX_K = 1077;
/** |LN2HI + LN2LO − ln 2|, computed once at 80 digits from the two doubles' exact values. */
const LN2_SPLIT_ERROR = 1.17e-26;
/** |fl(log2 e) − 1/ln 2|, likewise. */
const LOG2E_ERROR = 2.04e-17;
/** |LN2LO|. */
const LN2LO = 1.9082149292705877e-10;

/**
 * Horner's rule for Σ_{i=0..m} c_i·t^i with the module's rounded coefficients, |t| ≤ tau: a
 * bound on the polynomial's magnitude and on the distance of the computed value from the same
 * polynomial with the exact coefficients 1/n! (coefficient rounding counted as an input error).
 */
function hornerBound(coefficients: number[], tau: number): { magnitude: number; error: number } {
  let magnitude = Math.abs(coefficients.at(-1)!);
  let error = u * magnitude;
  for (let i = coefficients.length - 2; i >= 0; i--) {
    const product = tau * magnitude;
    const c = Math.abs(coefficients[i]!);
    magnitude = c + product;
    // Carried error times |t|, the product's rounding, the coefficient's, the sum's.
    error = tau * error + u * product + u * c + u * magnitude;
  }
  return { magnitude, error: error * SECOND_ORDER };
}

/** Σ_{n ≥ first} tau^n/n!, bounded by its first term over (1 − tau/(first + 1)). */
function taylorTail(first: number, tau: number): number {
  let term = 1;
  for (let n = 1; n <= first; n++) term = (term * tau) / n;
  return term / (1 - tau / (first + 1));
}

/** |r̂ − (x − k·ln2)| minus its u·|r̂| part: k·LN2LO rounded, and the split's error times |k|. */
const REDUCTION_OFFSET = MAX_K * (u * LN2LO + LN2_SPLIT_ERROR);
/**
 * |r̂|: k = nearest(fl(x·fl(log2 e))) is within 1/2 + |x|·(|fl(log2 e) − 1/ln2| + u·log2 e) of
 * x/ln2 (|x| ≤ 746), so |x − k·ln2| ≤ ln2 times that; r̂ adds u·|r̂| and the offset.
 */
const REDUCED_RADIUS = Math.LN2 * (1 + u) * (0.5 + 746 * (1.45 * u + LOG2E_ERROR)) * (1 + u) + REDUCTION_OFFSET;

export interface ExpAccuracy {
  /** Bound in ulps of e^x (normal results; a subnormal result adds ½ ulp of the subnormal grid). */
  ulps: number;
  /** Bound on |computed − e^x|/e^x, in units of u. */
  relative: number;
}

/**
 * e^x = 2^k·fl(1 + fl(r̂ + fl(fl(r̂²)·Q̂))), Q the Taylor polynomial Σ_{n=2..13} r^(n−2)/n!.
 * Error of 1 + s before its final rounding, for |r| ≤ R:
 *   r̂² and the product:        r²·(e_Q + 2u·|Q|)
 *   fl(r + m):                  u·|s|,  |s| ≤ e^R − 1 (r > 0), 1 − e^−R (r < 0)
 *   Taylor remainder:           Σ_{n≥14} R^n/n!
 *   reduced argument:           e^r·(u·R + offset)   (|d e^r/dr| = e^r)
 * then ½ ulp for the final rounding. Results in [1/2, 1) (r < 0) have ulp u, in [1, 2) 2u; the
 * scaling by 2^k is exact for normal results. (Where 1 + s and e^r lie on either side of 1, the
 * rounded result is no farther from e^r than 1 is, so the same bound holds.)
 */
export function expAccuracy(): ExpAccuracy {
  const R = REDUCED_RADIUS;
  const Q = hornerBound(INVERSE_FACTORIAL.slice(2, 14), R);
  const remainder = taylorTail(14, R);
  const common = R * R * (Q.error + 2 * u * Q.magnitude) + remainder;
  const negative = common + u * (1 - Math.exp(-R)) + (u * R + REDUCTION_OFFSET);
  const positive = common + u * (Math.exp(R) - 1) + Math.exp(R) * (u * R + REDUCTION_OFFSET);
  const ulps = Math.max(0.5 + negative / u, 0.5 + positive / (2 * u)) * SECOND_ORDER;
  // Relative: the final rounding is ≤ u/2 below 1 and ≤ u above; divide by the smallest e^r.
  const relative = Math.max((0.5 * u + negative) / Math.exp(-R), u + positive) / u;
  return { ulps, relative: relative * SECOND_ORDER };
}

/** Where the module's tanh switches from the e^(2|x|) − 1 series to 1 − 2/(e^(2|x|) + 1). */
export const TANH_SERIES_LIMIT = 0.55;
/** |x| is clamped to this before e^(2|x|): tanh there is 1 − 2e^−44 below 1 ulp of 1. */
export const TANH_CLAMP = 22;
const SERIES_PIECES = 256;

/**
 * tanh |x| for |x| < 0.55: y = 2|x| (exact), t = fl(y + fl(fl(y²)·Q̂m)) with Qm = Σ_{n=2..20}
 * y^(n−2)/n! (all terms ≥ 0), T = fl(t/fl(t + 2)). Relative error of t:
 *   ε_t ≤ u + (y²/t)·(e_Qm + 2u·|Qm|) + remainder/t, each increasing in y, so at y = 1.1;
 * T = t/(t + 2) has dT/T = (2/(t + 2))·dt/t, fl(t + 2) adds u, the division ½ ulp: with
 * relative error ε < ε/u ulps, T is within ½ + 1 + sup_y (2/(t + 2))·ε_t/u ulps.
 *
 * For 0.55 ≤ |x|: E = exp(2·min(|x|, 22)) with relative error ε_E; d = fl(2/fl(E + 1)) has
 * relative error ≤ ε_E + 2u, and d ≤ 2/(e^1.1 + 1) < 1/2, so T = fl(1 − d) ∈ [1/2, 1) (ulp u)
 * is within ½ + d·(ε_E/u + 2) ulps, plus 2e^−44/u ulps where |x| > 22 was clamped.
 */
export function tanhAccuracy(): { ulps: number; seriesUlps: number; exponentialUlps: number } {
  const tau = 2 * TANH_SERIES_LIMIT;
  // ε_t grows with y and 2/(t + 2) falls: on each of SERIES_PIECES pieces [y0, y1] of [0, 1.1],
  // ε_t at y1 times 2/(t + 2) at y0 bounds their product.
  let seriesRelative = 0;
  for (let piece = 0; piece < SERIES_PIECES; piece++) {
    const y0 = (tau * piece) / SERIES_PIECES;
    const y1 = (tau * (piece + 1)) / SERIES_PIECES;
    const Qm = hornerBound(INVERSE_FACTORIAL.slice(2, 21), y1);
    const t1 = Math.expm1(y1) * (1 - 4 * u);
    const relativeT = u + ((y1 * y1) / t1) * (Qm.error + 2 * u * Qm.magnitude) + taylorTail(21, y1) / y1;
    seriesRelative = Math.max(seriesRelative, (relativeT * 2) / (Math.expm1(y0) + 2));
  }
  const seriesUlps = (0.5 + 1 + seriesRelative / u) * SECOND_ORDER;
  const d = 2 / (Math.exp(tau) + 1);
  const exponentialUlps = (0.5 + d * (expAccuracy().relative + 2) + (2 * Math.exp(-2 * TANH_CLAMP)) / u) * SECOND_ORDER;
  return { ulps: Math.max(seriesUlps, exponentialUlps), seriesUlps, exponentialUlps };
}

/**
 * sigmoid z = fl(1/fl(1 + E)), E = exp(−z) — not an elementary function of the kernel (the
 * error-bound field composes it from exp, + and /), bounded here for the accuracy test:
 * fl(1 + E) has relative error ≤ ε_E·E/(1 + E) + u ≤ ε_E + u, the quotient ½ ulp more.
 */
export function sigmoidAccuracy(): number {
  return (0.5 + expAccuracy().relative + 1) * SECOND_ORDER;
}

/** Terms of the module's atanh series S(w) = Σ_{i<17} w^i/(2i + 3). */
const LOG1P_TERMS = 17;

/**
 * log1p e for e ∈ [0, 1] (the module's only use: softplus's log1p(e^−|z|)): f = fl(e/fl(2 + e))
 * ∈ [0, 1/3] has relative error ≤ 2u; log1p e = g(f) = 2 atanh f, and |g'(f)|·f/g(f) ≤ 1/(1 − f²)
 * (atanh f ≥ f), so f's error moves the result by ≤ 2u/(1 − f²) relative. The result is
 * fl(2f + fl(fl(2f·w)·Ŝ)), w = fl(f²): the correction 2f·w·S, at most w·S ≤ 4 % of the result
 * (g ≥ 2f), carries w·(3u·|S| + e_S) relative; the series remainder
 * 2f·Σ_{i≥17} w^i/(2i+3) ≤ 2f·w^17/((2·17 + 3)(1 − w)) is w^17/(37(1 − w)) relative; the final
 * sum ½ ulp. Relative error ε is < ε/u ulps.
 */
export function log1pAccuracy(): number {
  const F = (1 / 3) * (1 + 4 * u);
  const w = F * F * (1 + 2 * u);
  const S = hornerBound(Array.from({ length: LOG1P_TERMS }, (_, i) => 1 / (2 * i + 3)), w);
  const fromF = (2 * u) / (1 - F * F);
  const correction = w * (3 * u * S.magnitude + S.error);
  const remainder = w ** LOG1P_TERMS / ((2 * LOG1P_TERMS + 3) * (1 - w));
  return (0.5 + (fromF + correction + remainder) / u) * SECOND_ORDER;
}

/**
 * softplus z = fl(max(z, 0) + l), l = log1p(e^−|z|): not an elementary function of the kernel
 * (the error-bound field composes it), bounded for the accuracy test. log1p's argument
 * E = e^−|z| has relative error ε_E, which moves log1p E by ≤ ε_E·E/((1 + E)·log1p E) ≤ ε_E
 * relative (log1p x ≥ x/(1 + x)), so l is within ε_E/u + log1p's ulps. z ≤ 0: the result is l;
 * z > 0: the sum's ½ ulp plus l's error, and ulp(l) ≤ ulp(z + l) as 0 < l < z + l.
 */
export function softplusAccuracy(): number {
  return (0.5 + expAccuracy().relative + log1pAccuracy()) * SECOND_ORDER;
}

/**
 * What the kernel declares as `elementaryUlps`: the error-bound field charges tanh, exp and
 * log1p this many ulps.
 */
export const WASM_ELEMENTARY_ULPS = Math.max(expAccuracy().ulps, tanhAccuracy().ulps, log1pAccuracy());
