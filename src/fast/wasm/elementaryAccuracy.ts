/**
 * The accuracy of the WebAssembly kernels' vectorised e^x, tanh and log1p, derived (not
 * measured): lossGradientF64.wat on f64x2 and lossGradientF32.wat on f32x4, one derivation run
 * with each module's unit roundoff, constants and polynomial lengths ({@link Format}): the Taylor
 * remainder of each polynomial plus a count of every rounding, each at most u relative (u = 2^-53
 * resp. 2^-24; round to nearest, no fused multiply-add), propagated with absolute values. Results
 * are in ulps of the exact result (ulp(v) = 2^(⌊log2|v|⌋ − 52), resp. − 23), for normal results;
 * test/fast/wasmElementary.test.ts and test/fast/wasmElementaryF32.test.ts check the observed
 * error against these numbers.
 *
 * Second-order terms (products of two rounding errors, each ≤ m·u relative to the first-order
 * bound after m operations, m ≤ 40) are covered by the factor `secondOrder` = 1 + 64·u·40. The
 * bounds are evaluated in float64 (sums of positive terms: relative perturbation ~1e-15, far
 * below either format's u).
 */

/** A polynomial coefficient as the module holds it, and a bound on its distance from the exact coefficient. */
export interface Coefficient {
  value: number;
  error: number;
}

/** What the derivation needs to know about one module. */
export interface Format {
  /** Unit roundoff of the module's arithmetic. */
  u: number;
  /** 1 + 64·u·40: covers the second-order terms. */
  secondOrder: number;
  /** The module clamps e^x's argument to |x| ≤ this. */
  maxExpArgument: number;
  /** Largest |k| in the reduction x = k·ln2 + r on that range. */
  maxK: number;
  /** The low part LN2LO of the Cody–Waite split of ln 2. */
  ln2Lo: number;
  /** |LN2HI + LN2LO − ln 2|, computed once at 80 digits from the constants' exact values. */
  ln2SplitError: number;
  /** |fl(log2 e) − 1/ln 2|, likewise. */
  log2eError: number;
  /** e^x's Q(r) = Σ_{n=2..N} r^(n−2)/n!, coefficients for n = 2…N in order. */
  expCoefficients: Coefficient[];
  /** tanh takes the series branch where |x| < this (the module's constant, 0.55 rounded to the format). */
  tanhSeriesLimit: number;
  /** tanh's series Qm(y) = Σ_{n=2..M} y^(n−2)/n!, coefficients for n = 2…M. */
  tanhCoefficients: Coefficient[];
  /** |x| is clamped to this before e^(2|x|) in tanh's exponential branch. */
  tanhClamp: number;
  /** log1p's atanh series S(w) = Σ_{i<T} w^i/(2i + 3), coefficients for i = 0…T − 1. */
  log1pCoefficients: Coefficient[];
}

/**
 * Horner's rule for Σ_{i=0..m} c_i·t^i with the module's rounded coefficients, |t| ≤ tau: a
 * bound on the polynomial's magnitude and on the distance of the computed value from the same
 * polynomial with the exact coefficients (coefficient rounding counted as an input error).
 */
function hornerBound(format: Format, coefficients: Coefficient[], tau: number): { magnitude: number; error: number } {
  const { u } = format;
  let magnitude = Math.abs(coefficients.at(-1)!.value);
  let error = coefficients.at(-1)!.error;
  for (let i = coefficients.length - 2; i >= 0; i--) {
    const product = tau * magnitude;
    const c = Math.abs(coefficients[i]!.value);
    magnitude = c + product;
    // Carried error times |t|, the product's rounding, the coefficient's, the sum's.
    error = tau * error + u * product + coefficients[i]!.error + u * magnitude;
  }
  return { magnitude, error: error * format.secondOrder };
}

/** Σ_{n ≥ first} tau^n/n!, bounded by its first term over (1 − tau/(first + 1)). */
function taylorTail(first: number, tau: number): number {
  let term = 1;
  for (let n = 1; n <= first; n++) term = (term * tau) / n;
  return term / (1 - tau / (first + 1));
}

/** |r̂ − (x − k·ln2)| minus its u·|r̂| part: k·LN2LO rounded, and the split's error times |k|. */
function reductionOffset(format: Format): number {
  return format.maxK * (format.u * format.ln2Lo + format.ln2SplitError);
}

/**
 * |r̂|: k = nearest(fl(x·fl(log2 e))) is within 1/2 + |x|·(|fl(log2 e) − 1/ln2| + u·log2 e) of
 * x/ln2, so |x − k·ln2| ≤ ln2 times that; r̂ adds u·|r̂| and the offset.
 */
function reducedRadius(format: Format): number {
  const { u } = format;
  return Math.LN2 * (1 + u) * (0.5 + format.maxExpArgument * (1.45 * u + format.log2eError)) * (1 + u) + reductionOffset(format);
}

export interface ExpAccuracy {
  /** Bound in ulps of e^x (normal results; a subnormal result adds ½ ulp of the subnormal grid). */
  ulps: number;
  /** Bound on |computed − e^x|/e^x, in units of u. */
  relative: number;
}

/**
 * e^x = 2^k·fl(1 + fl(r̂ + fl(fl(r̂²)·Q̂))), Q the Taylor polynomial Σ_{n=2..N} r^(n−2)/n!.
 * Error of 1 + s before its final rounding, for |r| ≤ R:
 *   r̂² and the product:        r²·(e_Q + 2u·|Q|)
 *   fl(r + m):                  u·|s|,  |s| ≤ e^R − 1 (r > 0), 1 − e^−R (r < 0)
 *   Taylor remainder:           Σ_{n>N} R^n/n!
 *   reduced argument:           e^r·(u·R + offset)   (|d e^r/dr| = e^r)
 * then ½ ulp for the final rounding. Results in [1/2, 1) (r < 0) have ulp u, in [1, 2) 2u; the
 * scaling by 2^k is exact for normal results. (Where 1 + s and e^r lie on either side of 1, the
 * rounded result is no farther from e^r than 1 is, so the same bound holds.)
 */
export function expAccuracyOf(format: Format): ExpAccuracy {
  const { u } = format;
  const R = reducedRadius(format);
  const offset = reductionOffset(format);
  const Q = hornerBound(format, format.expCoefficients, R);
  const remainder = taylorTail(format.expCoefficients.length + 2, R);
  const common = R * R * (Q.error + 2 * u * Q.magnitude) + remainder;
  const negative = common + u * (1 - Math.exp(-R)) + (u * R + offset);
  const positive = common + u * (Math.exp(R) - 1) + Math.exp(R) * (u * R + offset);
  const ulps = Math.max(0.5 + negative / u, 0.5 + positive / (2 * u)) * format.secondOrder;
  // Relative: the final rounding is ≤ u/2 below 1 and ≤ u above; divide by the smallest e^r.
  const relative = Math.max((0.5 * u + negative) / Math.exp(-R), u + positive) / u;
  return { ulps, relative: relative * format.secondOrder };
}

/** Where the float64 module's tanh switches from the e^(2|x|) − 1 series to 1 − 2/(e^(2|x|) + 1). */
export const TANH_SERIES_LIMIT = 0.55;
const SERIES_PIECES = 256;

/**
 * tanh |x| for |x| < 0.55 (the format's nearest): y = 2|x| (exact), t = fl(y + fl(fl(y²)·Q̂m)) with Qm = Σ_{n=2..M}
 * y^(n−2)/n! (all terms ≥ 0), T = fl(t/fl(t + 2)). Relative error of t:
 *   ε_t ≤ u + (y²/t)·(e_Qm + 2u·|Qm|) + remainder/t, each increasing in y, so at y = 1.1;
 * T = t/(t + 2) has dT/T = (2/(t + 2))·dt/t, fl(t + 2) adds u, the division ½ ulp: with
 * relative error ε < ε/u ulps, T is within ½ + 1 + sup_y (2/(t + 2))·ε_t/u ulps.
 *
 * For 0.55 ≤ |x| (likewise): E = exp(2·min(|x|, clamp)) with relative error ε_E; d = fl(2/fl(E + 1)) has
 * relative error ≤ ε_E + 2u, and d ≤ 2/(e^1.1 + 1) < 1/2, so T = fl(1 − d) ∈ [1/2, 1) (ulp u)
 * is within ½ + d·(ε_E/u + 2) ulps, plus 2e^(−2·clamp)/u ulps where |x| > clamp was clamped.
 */
export function tanhAccuracyOf(format: Format): { ulps: number; seriesUlps: number; exponentialUlps: number } {
  const { u } = format;
  const tau = 2 * format.tanhSeriesLimit;
  const tailFrom = format.tanhCoefficients.length + 2;
  // ε_t grows with y and 2/(t + 2) falls: on each of SERIES_PIECES pieces [y0, y1] of [0, 1.1],
  // ε_t at y1 times 2/(t + 2) at y0 bounds their product.
  let seriesRelative = 0;
  for (let piece = 0; piece < SERIES_PIECES; piece++) {
    const y0 = (tau * piece) / SERIES_PIECES;
    const y1 = (tau * (piece + 1)) / SERIES_PIECES;
    const Qm = hornerBound(format, format.tanhCoefficients, y1);
    const t1 = Math.expm1(y1) * (1 - 4 * u);
    const relativeT = u + ((y1 * y1) / t1) * (Qm.error + 2 * u * Qm.magnitude) + taylorTail(tailFrom, y1) / y1;
    seriesRelative = Math.max(seriesRelative, (relativeT * 2) / (Math.expm1(y0) + 2));
  }
  const seriesUlps = (0.5 + 1 + seriesRelative / u) * format.secondOrder;
  const d = 2 / (Math.exp(tau) + 1);
  const exponentialUlps = (0.5 + d * (expAccuracyOf(format).relative + 2) + (2 * Math.exp(-2 * format.tanhClamp)) / u) * format.secondOrder;
  return { ulps: Math.max(seriesUlps, exponentialUlps), seriesUlps, exponentialUlps };
}

/**
 * sigmoid z = fl(1/fl(1 + E)), E = exp(−z) — not an elementary function of the kernel (the
 * error-bound field composes it from exp, + and /), bounded here for the accuracy test:
 * fl(1 + E) has relative error ≤ ε_E·E/(1 + E) + u ≤ ε_E + u, the quotient ½ ulp more.
 */
export function sigmoidAccuracyOf(format: Format): number {
  return (0.5 + expAccuracyOf(format).relative + 1) * format.secondOrder;
}

/**
 * log1p e for e ∈ [0, 1] (the modules' only use: softplus's log1p(e^−|z|)): f = fl(e/fl(2 + e))
 * ∈ [0, 1/3] has relative error ≤ 2u; log1p e = g(f) = 2 atanh f, and |g'(f)|·f/g(f) ≤ 1/(1 − f²)
 * (atanh f ≥ f), so f's error moves the result by ≤ 2u/(1 − f²) relative. The result is
 * fl(2f + fl(fl(2f·w)·Ŝ)), w = fl(f²): the correction 2f·w·S, at most w·S ≤ 4 % of the result
 * (g ≥ 2f), carries w·(3u·|S| + e_S) relative; the series remainder
 * 2f·Σ_{i≥T} w^i/(2i+3) ≤ 2f·w^T/((2T + 3)(1 − w)) is w^T/((2T + 3)(1 − w)) relative; the final
 * sum ½ ulp. Relative error ε is < ε/u ulps.
 */
export function log1pAccuracyOf(format: Format): number {
  const { u } = format;
  const terms = format.log1pCoefficients.length;
  const F = (1 / 3) * (1 + 4 * u);
  const w = F * F * (1 + 2 * u);
  const S = hornerBound(format, format.log1pCoefficients, w);
  const fromF = (2 * u) / (1 - F * F);
  const correction = w * (3 * u * S.magnitude + S.error);
  const remainder = w ** terms / ((2 * terms + 3) * (1 - w));
  return (0.5 + (fromF + correction + remainder) / u) * format.secondOrder;
}

/**
 * softplus z = fl(max(z, 0) + l), l = log1p(e^−|z|): not an elementary function of the kernel
 * (the error-bound field composes it), bounded for the accuracy test. log1p's argument
 * E = e^−|z| has relative error ε_E, which moves log1p E by ≤ ε_E·E/((1 + E)·log1p E) ≤ ε_E
 * relative (log1p x ≥ x/(1 + x)), so l is within ε_E/u + log1p's ulps. z ≤ 0: the result is l;
 * z > 0: the sum's ½ ulp plus l's error, and ulp(l) ≤ ulp(z + l) as 0 < l < z + l.
 */
export function softplusAccuracyOf(format: Format): number {
  return (0.5 + expAccuracyOf(format).relative + log1pAccuracyOf(format)) * format.secondOrder;
}

// ---- lossGradientF64.wat ----

const U64 = 2 ** -53;

/**
 * 1/n! by n − 1 successive divisions in double, n = 0 … 21: the module's Taylor coefficients are
 * these doubles (makeF64.py writes them).
 */
const INVERSE_FACTORIAL: number[] = [1];
for (let n = 1; n <= 21; n++) INVERSE_FACTORIAL.push(INVERSE_FACTORIAL[n - 1]! / n);

/** A correctly rounded quotient: |fl(x) − x| ≤ u·|fl(x)| (round to nearest). */
const roundedOnce64 = (value: number): Coefficient => ({ value, error: U64 * Math.abs(value) });

/**
 * INVERSE_FACTORIAL[n]: each of its n − 1 divisions rounds once, so it is (1/n!)·Π(1 + δ_i) with
 * |δ_i| ≤ u, off 1/n! by at most γ_{n−1}·(1/n!) ≤ γ_{n−1}/(1 − γ_{n−1})·|value|.
 */
function inverseFactorial64(n: number): Coefficient {
  const value = INVERSE_FACTORIAL[n]!;
  const gamma = ((n - 1) * U64) / (1 - (n - 1) * U64);
  return { value, error: (gamma / (1 - gamma)) * Math.abs(value) };
}

const inverseFactorials64 = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => inverseFactorial64(first + i));

/** |x| is clamped to this before e^(2|x|): tanh there is 1 − 2e^−44 below 1 ulp of 1. */
export const TANH_CLAMP = 22;

/**
 * lossGradientF64.wat: e^x on [−746, 710] (|k| ≤ 1077) with LN2HI of 32 significant bits, Q to
 * n = 13; tanh's series to n = 20; log1p's series to 17 terms.
 */
export const FLOAT64_FORMAT: Format = {
  u: U64,
  secondOrder: 1 + 64 * U64 * 40,
  maxExpArgument: 746,
  maxK: 1077,
  ln2Lo: 1.9082149292705877e-10,
  ln2SplitError: 1.17e-26,
  log2eError: 2.04e-17,
  expCoefficients: inverseFactorials64(2, 13),
  tanhSeriesLimit: TANH_SERIES_LIMIT,
  tanhCoefficients: inverseFactorials64(2, 20),
  tanhClamp: TANH_CLAMP,
  log1pCoefficients: Array.from({ length: 17 }, (_, i) => roundedOnce64(1 / (2 * i + 3))),
};

export const expAccuracy = (): ExpAccuracy => expAccuracyOf(FLOAT64_FORMAT);
export const tanhAccuracy = () => tanhAccuracyOf(FLOAT64_FORMAT);
export const sigmoidAccuracy = (): number => sigmoidAccuracyOf(FLOAT64_FORMAT);
export const log1pAccuracy = (): number => log1pAccuracyOf(FLOAT64_FORMAT);
export const softplusAccuracy = (): number => softplusAccuracyOf(FLOAT64_FORMAT);

/**
 * What the float64 kernel declares as `elementaryUlps`: the error-bound field charges tanh, exp
 * and log1p this many ulps.
 */
export const WASM_ELEMENTARY_ULPS = Math.max(expAccuracy().ulps, tanhAccuracy().ulps, log1pAccuracy());

// ---- lossGradientF32.wat ----

const U32 = 2 ** -24;

/**
 * c, the exact coefficient's double (correctly rounded: n! and 2i + 3 are exact doubles), rounded
 * to float32 as the module holds it: off the exact one by the float32 rounding (a difference of
 * two close doubles, exact) plus the double's own ≤ 2^-53 relative.
 */
function roundedTwice32(double: number): Coefficient {
  const value = Math.fround(double);
  return { value, error: Math.abs(value - double) + U64 * Math.abs(double) };
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** fl32(1/n!) for n = first … last. */
const inverseFactorials32 = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => roundedTwice32(1 / factorial(first + i)));

/**
 * The float32 module's Cody–Waite split of ln 2: LN2HI = 45426·2^-16 (16 significant bits, so
 * k·LN2HI is exact for |k| ≤ 2^8), LN2LO = fl32(ln 2 − LN2HI).
 */
export const FLOAT32_LN2HI = 45426 / 65536;
export const FLOAT32_LN2LO = 0.000001428606765330187;
/** fl32(1/ln 2). */
export const FLOAT32_LOG2E = 1.4426950216293335;

/**
 * lossGradientF32.wat: e^x on [−104, 89] (|k| ≤ 150: |x·fl(log2 e)| ≤ 150.04), Q to n = 8 (the
 * remainder Σ_{n≥9} R^n/n! ≈ 2·10^-10, 0.003 ulp); tanh's series to n = 12 (remainder below
 * 0.01 ulp at y = 1.1), its exponential branch clamped at |x| = 12 (2e^-24/u' < 0.002 ulp);
 * log1p's series to 9 terms ((1/9)^9/(21·8/9) < 2·10^-10 relative). The split and log2 e errors
 * are the constants' exact distances (checked at 80 digits by test/fast/wasmElementaryF32.test.ts).
 */
export const FLOAT32_FORMAT: Format = {
  u: U32,
  secondOrder: 1 + 64 * U32 * 40,
  maxExpArgument: 104,
  maxK: 150,
  ln2Lo: FLOAT32_LN2LO,
  ln2SplitError: 5.5e-14,
  log2eError: 1.93e-8,
  expCoefficients: inverseFactorials32(2, 8),
  tanhSeriesLimit: Math.fround(0.55),
  tanhCoefficients: inverseFactorials32(2, 12),
  tanhClamp: 12,
  log1pCoefficients: Array.from({ length: 9 }, (_, i) => roundedTwice32(1 / (2 * i + 3))),
};

/**
 * What the float32 kernel declares as `elementaryUlps` (in float32 ulps): the float32 contract
 * charges tanh, exp and log1p this many.
 */
export const WASM_F32_ELEMENTARY_ULPS = Math.max(expAccuracyOf(FLOAT32_FORMAT).ulps, tanhAccuracyOf(FLOAT32_FORMAT).ulps, log1pAccuracyOf(FLOAT32_FORMAT));
