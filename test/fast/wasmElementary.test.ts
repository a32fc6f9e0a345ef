/**
 * The WebAssembly kernel's vectorised e^x, tanh, sigmoid, log1p and softplus (src/fast/wasm/lossGradientF64.wat)
 * against decimal.js at 42 digits (the reference keeps > 38 correct; 20 resolve 0.001 ulp): over seeded points per range
 * (2·10⁴ in the suite; SHALLOWCHECK_ELEMENTARY_POINTS=100000 gave largest errors exp 0.94, tanh 2.15,
 * log1p 1.90, sigmoid 1.92, softplus 2.44 ulps on 2026-12-06), the largest error in ulps
 * of the exact result stays within the bound derived in src/fast/wasm/elementaryAccuracy.ts
 * (never a measured or tuned number). Special points (±0, subnormals, ±large, ±∞, NaN) must
 * give what the scalar code gives (V8's Math.exp / Math.tanh, src/model/activation.ts's
 * formulas) bit for bit. Known bad: V8's e^x moved by 8 ulps must be flagged by the same check.
 *
 * One reference per point x serves all: E1 = e^x − 1 gives e^x, tanh(x/2) = E1/(E1 + 2),
 * sigmoid(−x) = 1/(E1 + 2) and, with one Newton step for the logarithm (see {@link log1pReference}),
 * softplus(x) = max(x, 0) + log1p(e^−|x|); no cancellation in any of them. log1p is also checked
 * alone on its domain [0, 1] (softplus's only use).
 */
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { exactDecimalString } from "../../src/field/exactDouble.js";
import { expAccuracy, log1pAccuracy, sigmoidAccuracy, softplusAccuracy, tanhAccuracy } from "../../src/fast/wasm/elementaryAccuracy.js";
import { wasmElementary } from "../../src/fast/wasmKernels.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";

/** Per range; the decimal.js reference dominates the suite's time, so the full 10⁵ is opt-in. */
const POINTS = Number(process.env.SHALLOWCHECK_ELEMENTARY_POINTS ?? 20_000);
const Dec = Decimal.clone({ precision: 42 });
const LN2 = Dec.ln(2);
const INVERSE_FACTORIAL = Array.from({ length: 16 }, (_, n) => n).reduce<Decimal[]>((out, n) => [...out, n === 0 ? new Dec(1) : out[n - 1]!.div(n)], []);
const powersOfTwo = new Map<number, Decimal>();
const twoTo = (k: number) => powersOfTwo.get(k) ?? powersOfTwo.set(k, new Dec(2).pow(k)).get(k)!;

/** e^t − 1 for |t| ≤ 2^-10: Taylor to t^15 (remainder < 10^-50 relative). */
function expm1Tiny(t: Decimal): Decimal {
  let sum = INVERSE_FACTORIAL[15]!;
  for (let n = 14; n >= 1; n--) sum = sum.times(t).plus(INVERSE_FACTORIAL[n]!);
  return sum.times(t);
}

/** e^t − 1 for |t| ≤ 1.2: halve to ≤ 2^-10, then (e^2t − 1) = s·(s + 2), which keeps relative accuracy. */
function expm1Small(t: Decimal): Decimal {
  let halvings = 0;
  while (t.abs().gt(2 ** -10)) {
    t = t.div(2);
    halvings++;
  }
  let s = expm1Tiny(t);
  for (let i = 0; i < halvings; i++) s = s.times(s.plus(2));
  return s;
}

/**
 * e^x − 1 and e^x at the double x, each to ~40 digits. x's exact value is kept to 45 significant
 * digits, which moves x by ≤ 5·10^-45·|x| and e^x, e^x − 1 by ≤ 5·10^-45·(1 + |x|) < 4·10^-42
 * relative for |x| ≤ 746 (an ulp is 10^-16): a subnormal's exact expansion has hundreds of
 * digits, which every decimal operation would otherwise carry.
 */
function reference(x: number): { expm1: Decimal; exp: Decimal } {
  const X = new Dec(exactDecimalString(x)).toSignificantDigits(45);
  if (Math.abs(x) <= 1.2) {
    const expm1 = expm1Small(X);
    return { expm1, exp: expm1.plus(1) };
  }
  const k = Math.round(x / Math.LN2);
  const exp = expm1Small(X.minus(LN2.times(k))).plus(1).times(twoTo(k));
  return { expm1: exp.minus(1), exp };
}

/**
 * log1p E for a decimal E ∈ [0, 1] from V8's L0 = log1p(E) (within 1 ulp): one Newton step on
 * e^L = 1 + E, L1 = L0 + (1 + E)·(e^−L0 − 1) + E, leaves ≤ (L0 − L)²/2 ≲ 10^-32 relative —
 * 10^13 times finer than the 0.001 ulp the comparisons resolve, and as cheap as one e^x.
 */
function log1pReference(E: Decimal): Decimal {
  const L0 = new Dec(exactDecimalString(Math.log1p(E.toNumber()))).toSignificantDigits(45);
  return L0.plus(E.plus(1).times(expm1Small(L0.neg()))).plus(E);
}

/** c·2^k for |k| ≤ 1100 without overflow or underflow on the way: exact wherever the result is. */
const scaleByPowerOfTwo = (c: number, k: number) => c * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));

/**
 * |computed − exact| in ulps of the exact value (ulp(v) = 2^(max(⌊log2|v|⌋, −1022) − 52)): both
 * scaled by 1/ulp, where the computed double is an integer or half-integer, exactly.
 */
function ulpsOff(computed: number, exact: Decimal): number {
  if (!Number.isFinite(computed)) return Infinity;
  const near = exact.toNumber();
  let e = near === 0 ? -1074 : Math.floor(Math.log2(Math.abs(near)));
  if (near !== 0 && twoTo(e).gt(exact.abs())) e--;
  const ulpExponent = Math.max(e, -1022) - 52;
  return Math.abs(exact.times(twoTo(-ulpExponent)).minus(scaleByPowerOfTwo(computed, -ulpExponent)).toNumber());
}

interface Range {
  name: string;
  draw(random: () => number): number;
  only?: "exp" | "tanh";
}

const uniform = (lo: number, hi: number) => (random: () => number) => lo + (hi - lo) * random();

/** ±2^t, t uniform in [log2 lo, log2 hi]. */
const logUniform = (lo: number, hi: number) => (random: () => number) => (random() < 0.5 ? -1 : 1) * 2 ** (Math.log2(lo) + (Math.log2(hi) - Math.log2(lo)) * random());

/**
 * Points x: exp at x, tanh at x/2, sigmoid at −x, except where `only` names the one function
 * that is not trivially ±1, 0 or 1/2 there.
 */
const RANGES: Range[] = [
  { name: "|x| ≤ 1.1 (tanh's series branch; exp with k ∈ −2…2)", draw: uniform(-1.1, 1.1) },
  { name: "1.1 ≤ |x| ≤ 708.39, log-uniform (tanh's exponential branch and its clamp; every normal e^x)", draw: logUniform(1.1, 708.39) },
  { name: "−745.13 ≤ x ≤ −708.4 (subnormal e^x)", draw: uniform(-745.13, -708.4), only: "exp" },
  { name: "tiny |x|, log-uniform 2^-1074 … 2^-11 (subnormal inputs included)", draw: logUniform(2 ** -1074, 2 ** -11), only: "tanh" },
];

interface Worst {
  ulps: number;
  at: number;
}

function worstOver(computed: Float64Array, exact: (i: number) => Decimal, points: Float64Array): Worst {
  let worst: Worst = { ulps: 0, at: Number.NaN };
  for (let i = 0; i < points.length; i++) {
    const ulps = ulpsOff(computed[i]!, exact(i));
    if (!(ulps <= worst.ulps)) worst = { ulps, at: points[i]! };
  }
  return worst;
}

const elementary = wasmElementary();
const EXP = expAccuracy();
const TANH = tanhAccuracy();
const SIGMOID = sigmoidAccuracy();
const LOG1P = log1pAccuracy();
const SOFTPLUS = softplusAccuracy();

describe.skipIf(elementary === undefined)("WebAssembly vectorised exp, tanh, sigmoid, log1p, softplus against decimal.js at 42 digits", () => {
  const kernel = elementary!;

  it.each(RANGES.map((range) => [range.name, range] as const))(`${POINTS} seeded points, %s: within the derived bounds`, (_name, range) => {
    const random = seededRandom(deriveSeed("wasmElementary", range.name));
    const x = Float64Array.from({ length: POINTS }, () => range.draw(() => random.uniform()));
    const references = Array.from(x, reference);
    const half = x.map((v) => v / 2);
    const minus = x.map((v) => -v);
    const none = { ulps: 0, at: Number.NaN };
    const exp = range.only === "tanh" ? none : worstOver(kernel.exp(x), (i) => references[i]!.exp, x);
    const tanh = range.only === "exp" ? none : worstOver(kernel.activate({ name: "tanh" }, half).value, (i) => references[i]!.expm1.div(references[i]!.expm1.plus(2)), half);
    const sigmoid = range.only !== undefined ? none : worstOver(kernel.activate({ name: "sigmoid" }, minus).value, (i) => new Dec(1).div(references[i]!.expm1.plus(2)), minus);
    // softplus(x) = max(x, 0) + log1p(e^−|x|), e^−|x| = e^x or 1/e^x.
    const softplusExact = (i: number) => {
      const { exp } = references[i]!;
      const decay = x[i]! <= 0 ? exp : new Dec(1).div(exp);
      return log1pReference(decay).plus(exactDecimalString(Math.max(x[i]!, 0)));
    };
    const softplus = range.only !== undefined ? none : worstOver(kernel.activate({ name: "softplus" }, x).value, softplusExact, x);
    // e^x is subnormal below x = −708.3964: ½ ulp more for the second rounding (elementaryAccuracy.ts).
    const expBound = EXP.ulps + (range.only === "exp" ? 0.5 : 0);
    console.info(
      `${range.name}: max ulps exp ${exp.ulps.toFixed(3)} (x = ${exp.at}, bound ${expBound.toFixed(3)}), ` +
        `tanh ${tanh.ulps.toFixed(3)} (x = ${tanh.at}, bound ${TANH.ulps.toFixed(3)}), sigmoid ${sigmoid.ulps.toFixed(3)} (z = ${sigmoid.at}, bound ${SIGMOID.toFixed(3)}), ` +
        `softplus ${softplus.ulps.toFixed(3)} (z = ${softplus.at}, bound ${SOFTPLUS.toFixed(3)})`,
    );
    expect({ exp: exp.ulps <= expBound, tanh: tanh.ulps <= TANH.ulps, sigmoid: sigmoid.ulps <= SIGMOID, softplus: softplus.ulps <= SOFTPLUS }).toEqual({
      exp: true,
      tanh: true,
      sigmoid: true,
      softplus: true,
    });
  }, 600_000);

  it.each([
    ["e uniform in [0, 1]", uniform(0, 1)],
    ["e log-uniform in [2^-1074, 1] (subnormal inputs included)", (random: () => number) => Math.abs(logUniform(2 ** -1074, 1)(random))],
  ] as const)(`${POINTS} seeded points, log1p, %s: within the derived bound`, (name, draw) => {
    const random = seededRandom(deriveSeed("wasmElementary", "log1p", name));
    const e = Float64Array.from({ length: POINTS }, () => draw(() => random.uniform()));
    const worst = worstOver(kernel.log1p(e), (i) => log1pReference(new Dec(exactDecimalString(e[i]!))), e);
    console.info(`log1p, ${name}: max ulps ${worst.ulps.toFixed(3)} (e = ${worst.at}, bound ${LOG1P.toFixed(3)})`);
    expect(worst.ulps).toBeLessThanOrEqual(LOG1P);
  }, 600_000);

  it("special points give the scalar code's results bit for bit", () => {
    const specials = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-310, 1e-300, 0.55, -0.55, 22, 1e300, -1e300, Infinity, -Infinity, NaN,
      709.782712893384, 709.7827128933841, 710, -745.1332191019411, -745.1332191019412, -746, 36.7, -36.7, 800, -800];
    const points = Float64Array.from(specials);
    const exp = kernel.exp(points);
    const tanh = kernel.activate({ name: "tanh" }, points);
    const sigmoid = kernel.activate({ name: "sigmoid" }, points);
    const softplus = kernel.activate({ name: "softplus" }, points);
    const mismatches: string[] = [];
    // Non-finite, zero and ±1 results bit for bit (sign of zero included); the others within the bound.
    const check = (what: string, got: number, want: number, z: number, exact: () => Decimal, bound: number) => {
      const special = !Number.isFinite(want) || want === 0 || Math.abs(want) === 1;
      if (special ? !Object.is(got, want) : !(ulpsOff(got, exact()) <= bound)) mismatches.push(`${what}(${z}) = ${got}, scalar ${want}`);
    };
    const derivativeSpecial = (what: string, got: number, want: number, z: number) => {
      if ((!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) && !Object.is(got, want)) mismatches.push(`${what}(${z}) = ${got}, scalar ${want}`);
    };
    specials.forEach((z, i) => {
      check("exp", exp[i]!, Math.exp(z), z, () => reference(z).exp, EXP.ulps + (z < -708.4 ? 0.5 : 0));
      check("tanh", tanh.value[i]!, Math.tanh(z), z, () => reference(2 * z).expm1.div(reference(2 * z).expm1.plus(2)), TANH.ulps);
      derivativeSpecial("tanh'", tanh.slope[i]!, 1 - Math.tanh(z) * Math.tanh(z), z);
      const s = 1 / (1 + Math.exp(-z));
      check("sigmoid", sigmoid.value[i]!, s, z, () => new Dec(1).div(reference(-z).expm1.plus(2)), SIGMOID);
      derivativeSpecial("sigmoid'", sigmoid.slope[i]!, s * (1 - s), z);
      const positivePart = z > 0 ? z : 0;
      // Past |z| = 746, e^−|z| < 2^-1076 moves softplus by less than its rounding: z alone.
      const softplusExact = () => (z > 746 ? new Dec(exactDecimalString(z)) : log1pReference(reference(-Math.abs(z)).exp).plus(exactDecimalString(positivePart)));
      check("softplus", softplus.value[i]!, positivePart + Math.log1p(Math.exp(-Math.abs(z))), z, softplusExact, SOFTPLUS);
      derivativeSpecial("softplus'", softplus.slope[i]!, s, z);
    });
    expect(mismatches).toEqual([]);
  });

  it("flags V8's e^x moved by 8 ulps (known bad)", () => {
    const random = seededRandom(deriveSeed("wasmElementary", "known bad"));
    const x = Float64Array.from({ length: 1000 }, () => uniform(-700, 700)(() => random.uniform()));
    const moved = x.map((v) => Math.exp(v) * (1 + 8 * 2 ** -52));
    expect(worstOver(moved, (i) => reference(x[i]!).exp, x).ulps).toBeGreaterThan(EXP.ulps);
  });
});
