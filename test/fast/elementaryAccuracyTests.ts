/**
 * The accuracy tests of a WebAssembly module's vectorised e^x, tanh, sigmoid, log1p and softplus,
 * registered for one floating-point format (./wasmElementary.test.ts: float64, and
 * ./wasmElementaryF32.test.ts: float32) against decimal.js references, with the bounds derived in
 * src/fast/wasm/elementaryAccuracy.ts (never measured or tuned numbers):
 * - seeded points per range, the largest error in ulps of the exact result within the bound;
 * - log1p alone on its domain [0, 1] (softplus's only use);
 * - special points (±0, subnormals, ±large, ±∞, NaN): results that are 0, ±1 or not finite bit for
 *   bit as the scalar code gives them, the others within the bound;
 * - known bad: the exact e^x moved by 8 ulps is flagged.
 *
 * One reference per point x serves all: E1 = e^x − 1 gives e^x, tanh(x/2) = E1/(E1 + 2),
 * sigmoid(−x) = 1/(E1 + 2) and, with one Newton step for the logarithm (see log1pReference),
 * softplus(x) = max(x, 0) + log1p(e^−|x|); no cancellation in any of them.
 */
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { exactDecimalString } from "../../src/field/exactDouble.js";
import type { ElementaryAccess } from "../../src/fast/wasm/elementaryAccess.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";

type FloatArray = Float32Array | Float64Array;

/** A floating-point format and the decimal precision its references need. */
export interface ElementaryFormat {
  /** "float64" or "float32", in test names. */
  name: string;
  ArrayType: { from(values: ArrayLike<number>): FloatArray };
  /** Rounds a double into the format (identity for float64). */
  round(x: number): number;
  /** Explicit significand bits (52, 23) and the smallest normal exponent (−1022, −126). */
  mantissaBits: number;
  minNormalExponent: number;
  /** decimal.js precision, the digits x's exact value is cut to, and the Taylor order of e^t − 1 on |t| ≤ 2^-10. */
  digits: number;
  keepDigits: number;
  taylorOrder: number;
  /** Below this x, e^x is subnormal: ½ ulp more for the second rounding (elementaryAccuracy.ts). */
  subnormalExpBelow: number;
  /** Past this |z|, e^−|z| moves softplus by less than its rounding: softplus(z) = z alone. */
  softplusLinearAbove: number;
}

/** The bounds under test, in ulps of the exact result. */
export interface ElementaryBounds {
  exp: number;
  tanh: number;
  sigmoid: number;
  log1p: number;
  softplus: number;
}

export interface Range {
  name: string;
  draw(random: () => number): number;
  /** Where only one function is not trivially ±1, 0 or 1/2, that one. */
  only?: "exp" | "tanh";
}

export const uniform = (lo: number, hi: number) => (random: () => number) => lo + (hi - lo) * random();

/** ±2^t, t uniform in [log2 lo, log2 hi]. */
export const logUniform = (lo: number, hi: number) => (random: () => number) => (random() < 0.5 ? -1 : 1) * 2 ** (Math.log2(lo) + (Math.log2(hi) - Math.log2(lo)) * random());

export interface ElementaryTestOptions {
  format: ElementaryFormat;
  bounds: ElementaryBounds;
  /** The module's functions, or undefined without WebAssembly SIMD (then the tests are skipped). */
  kernel: ElementaryAccess<FloatArray> | undefined;
  /** Seeds are derived from it. */
  seedLabel: string;
  /** Drawn points per range. */
  points: number;
  ranges: Range[];
  /** log2 of the format's smallest positive subnormal (−1074, −149), the lower end of log1p's log-uniform range. */
  smallestSubnormalExponent: number;
  specials: number[];
  /** The known-bad e^x is drawn uniformly from [−knownBadRange, knownBadRange]. */
  knownBadRange: number;
}

/** Points per range: SHALLOWCHECK_ELEMENTARY_POINTS, else the given default (the decimal.js references dominate the suite's time). */
export function elementaryPoints(fallback: number): number {
  const points = Number(process.env.SHALLOWCHECK_ELEMENTARY_POINTS ?? fallback);
  if (!Number.isSafeInteger(points) || points < 1) throw new Error(`SHALLOWCHECK_ELEMENTARY_POINTS must be a positive integer, got ${process.env.SHALLOWCHECK_ELEMENTARY_POINTS}`);
  return points;
}

/** Decimal e^x − 1, e^x, log1p and ulp distances at the format's precision. */
function decimalReference(format: ElementaryFormat) {
  const Dec = Decimal.clone({ precision: format.digits });
  const LN2 = Dec.ln(2);
  const order = format.taylorOrder;
  const inverseFactorial = Array.from({ length: order + 1 }, (_, n) => n).reduce<Decimal[]>((out, n) => [...out, n === 0 ? new Dec(1) : out[n - 1]!.div(n)], []);
  const powersOfTwo = new Map<number, Decimal>();
  const twoTo = (k: number) => powersOfTwo.get(k) ?? powersOfTwo.set(k, new Dec(2).pow(k)).get(k)!;

  /** e^t − 1 for |t| ≤ 2^-10: Taylor to t^order (remainder far below the format's resolution). */
  const expm1Tiny = (t: Decimal) => {
    let sum = inverseFactorial[order]!;
    for (let n = order - 1; n >= 1; n--) sum = sum.times(t).plus(inverseFactorial[n]!);
    return sum.times(t);
  };

  /** e^t − 1 for |t| ≤ 1.2: halve to ≤ 2^-10, then (e^2t − 1) = s·(s + 2), which keeps relative accuracy. */
  const expm1Small = (t: Decimal) => {
    let halvings = 0;
    while (t.abs().gt(2 ** -10)) {
      t = t.div(2);
      halvings++;
    }
    let s = expm1Tiny(t);
    for (let i = 0; i < halvings; i++) s = s.times(s.plus(2));
    return s;
  };

  /**
   * e^x − 1 and e^x at the double x. x's exact value is cut to keepDigits significant digits (a
   * subnormal's exact expansion has hundreds, which every decimal operation would otherwise carry),
   * which moves e^x by far less than the 0.001 ulp the comparisons resolve.
   */
  const reference = (x: number): { expm1: Decimal; exp: Decimal } => {
    const X = new Dec(exactDecimalString(x)).toSignificantDigits(format.keepDigits);
    if (Math.abs(x) <= 1.2) {
      const expm1 = expm1Small(X);
      return { expm1, exp: expm1.plus(1) };
    }
    const k = Math.round(x / Math.LN2);
    const exp = expm1Small(X.minus(LN2.times(k))).plus(1).times(twoTo(k));
    return { expm1: exp.minus(1), exp };
  };

  /**
   * log1p E for a decimal E ∈ [0, 1] from V8's L0 = log1p(E) (within 1 double ulp): one Newton
   * step on e^L = 1 + E, L1 = L0 + (1 + E)·(e^−L0 − 1) + E, leaves ≤ (L0 − L)²/2 ≲ 10^-32
   * relative, and costs one e^x.
   */
  const log1pReference = (E: Decimal) => {
    const L0 = new Dec(exactDecimalString(Math.log1p(E.toNumber()))).toSignificantDigits(format.keepDigits);
    return L0.plus(E.plus(1).times(expm1Small(L0.neg()))).plus(E);
  };

  /** c·2^k for |k| ≤ 1100 without overflow or underflow on the way: exact wherever the result is. */
  const scaleByPowerOfTwo = (c: number, k: number) => c * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));

  /**
   * |computed − exact| in ulps of the exact value (ulp(v) = 2^(max(⌊log2|v|⌋, minNormalExponent) −
   * mantissaBits)): both scaled by 1/ulp, where the computed value is an integer or half-integer, exactly.
   */
  const ulpsOff = (computed: number, exact: Decimal): number => {
    if (!Number.isFinite(computed)) return Infinity;
    const near = exact.toNumber();
    let e = near === 0 ? format.minNormalExponent - format.mantissaBits : Math.floor(Math.log2(Math.abs(near)));
    if (near !== 0 && twoTo(e).gt(exact.abs())) e--;
    const ulpExponent = Math.max(e, format.minNormalExponent) - format.mantissaBits;
    return Math.abs(exact.times(twoTo(-ulpExponent)).minus(scaleByPowerOfTwo(computed, -ulpExponent)).toNumber());
  };

  /** The largest error over the points and where it is. */
  const worstOver = (computed: FloatArray, exact: (i: number) => Decimal, points: FloatArray) => {
    let worst = { ulps: 0, at: Number.NaN };
    for (let i = 0; i < points.length; i++) {
      const ulps = ulpsOff(computed[i]!, exact(i));
      if (!(ulps <= worst.ulps)) worst = { ulps, at: points[i]! };
    }
    return worst;
  };

  return { Dec, reference, log1pReference, ulpsOff, worstOver };
}

/** Registers the tests in the caller's module. */
export function elementaryAccuracyTests(options: ElementaryTestOptions): void {
  const { format, bounds, kernel, seedLabel, points } = options;
  const { Dec, reference, log1pReference, ulpsOff, worstOver } = decimalReference(format);
  const f = format.round;
  const array = (values: ArrayLike<number>) => format.ArrayType.from(values);

  describe.skipIf(kernel === undefined)(`WebAssembly ${format.name} exp, tanh, sigmoid, log1p, softplus against decimal.js at ${format.digits} digits`, () => {
    const module = kernel!;

    it.each(options.ranges.map((range) => [range.name, range] as const))(`${points} seeded points, %s: within the derived bounds`, (_name, range) => {
      const random = seededRandom(deriveSeed(seedLabel, range.name));
      // Twice a value of the format, so that x/2 is one too.
      const x = array(Array.from({ length: points }, () => 2 * f(range.draw(() => random.uniform()) / 2)));
      const references = Array.from(x, reference);
      const half = x.map((v) => v / 2);
      const minus = x.map((v) => -v);
      const none = { ulps: 0, at: Number.NaN };
      const exp = range.only === "tanh" ? none : worstOver(module.exp(x), (i) => references[i]!.exp, x);
      const tanh = range.only === "exp" ? none : worstOver(module.activate({ name: "tanh" }, half).value, (i) => references[i]!.expm1.div(references[i]!.expm1.plus(2)), half);
      const sigmoid = range.only !== undefined ? none : worstOver(module.activate({ name: "sigmoid" }, minus).value, (i) => new Dec(1).div(references[i]!.expm1.plus(2)), minus);
      // softplus(x) = max(x, 0) + log1p(e^−|x|), e^−|x| = e^x or 1/e^x.
      const softplusExact = (i: number) => {
        const { exp } = references[i]!;
        const decay = x[i]! <= 0 ? exp : new Dec(1).div(exp);
        return log1pReference(decay).plus(exactDecimalString(Math.max(x[i]!, 0)));
      };
      const softplus = range.only !== undefined ? none : worstOver(module.activate({ name: "softplus" }, x).value, softplusExact, x);
      const expBound = bounds.exp + (range.only === "exp" ? 0.5 : 0);
      console.info(
        `${range.name}: max ${format.name} ulps exp ${exp.ulps.toFixed(3)} (x = ${exp.at}, bound ${expBound.toFixed(3)}), ` +
          `tanh ${tanh.ulps.toFixed(3)} (x = ${tanh.at}, bound ${bounds.tanh.toFixed(3)}), sigmoid ${sigmoid.ulps.toFixed(3)} (z = ${sigmoid.at}, bound ${bounds.sigmoid.toFixed(3)}), ` +
          `softplus ${softplus.ulps.toFixed(3)} (z = ${softplus.at}, bound ${bounds.softplus.toFixed(3)})`,
      );
      expect({ exp: exp.ulps <= expBound, tanh: tanh.ulps <= bounds.tanh, sigmoid: sigmoid.ulps <= bounds.sigmoid, softplus: softplus.ulps <= bounds.softplus }).toEqual({
        exp: true,
        tanh: true,
        sigmoid: true,
        softplus: true,
      });
    }, 600_000);

    it.each([
      ["e uniform in [0, 1]", uniform(0, 1)],
      [`e log-uniform in [2^${options.smallestSubnormalExponent}, 1] (subnormal inputs included)`, (random: () => number) => Math.abs(logUniform(2 ** options.smallestSubnormalExponent, 1)(random))],
    ] as const)(`${points} seeded points, log1p, %s: within the derived bound`, (name, draw) => {
      const random = seededRandom(deriveSeed(seedLabel, "log1p", name));
      const e = array(Array.from({ length: points }, () => draw(() => random.uniform())));
      const worst = worstOver(module.log1p(e), (i) => log1pReference(new Dec(exactDecimalString(e[i]!))), e);
      console.info(`log1p, ${name}: max ${format.name} ulps ${worst.ulps.toFixed(3)} (e = ${worst.at}, bound ${bounds.log1p.toFixed(3)})`);
      expect(worst.ulps).toBeLessThanOrEqual(bounds.log1p);
    }, 600_000);

    it(`special points give the scalar ${format.name} code's results bit for bit`, () => {
      const specials = options.specials.map(f);
      const at = array(specials);
      const exp = module.exp(at);
      const tanh = module.activate({ name: "tanh" }, at);
      const sigmoid = module.activate({ name: "sigmoid" }, at);
      const softplus = module.activate({ name: "softplus" }, at);
      const mismatches: string[] = [];
      // Non-finite, zero and ±1 results bit for bit (sign of zero included); the others within the bound.
      const check = (what: string, got: number, want: number, z: number, exact: () => Decimal, bound: number) => {
        const special = !Number.isFinite(want) || want === 0 || Math.abs(want) === 1;
        if (special ? !Object.is(got, want) : !(ulpsOff(got, exact()) <= bound)) mismatches.push(`${what}(${z}) = ${got}, scalar ${want}`);
      };
      const derivativeSpecial = (what: string, got: number, want: number, z: number) => {
        if ((!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) && !Object.is(got, want)) mismatches.push(`${what}(${z}) = ${got}, scalar ${want}`);
      };
      // The scalar code: src/model/activation.ts's formulas over the format (fround after each operation for float32).
      specials.forEach((z, i) => {
        check("exp", exp[i]!, f(Math.exp(z)), z, () => reference(z).exp, bounds.exp + (z < format.subnormalExpBelow ? 0.5 : 0));
        const t = f(Math.tanh(z));
        check("tanh", tanh.value[i]!, t, z, () => reference(2 * z).expm1.div(reference(2 * z).expm1.plus(2)), bounds.tanh);
        derivativeSpecial("tanh'", tanh.slope[i]!, f(1 - f(t * t)), z);
        const s = f(1 / f(1 + f(Math.exp(-z))));
        check("sigmoid", sigmoid.value[i]!, s, z, () => new Dec(1).div(reference(-z).expm1.plus(2)), bounds.sigmoid);
        derivativeSpecial("sigmoid'", sigmoid.slope[i]!, f(s * f(1 - s)), z);
        const positivePart = z > 0 ? z : 0;
        const softplusExact = () =>
          z > format.softplusLinearAbove ? new Dec(exactDecimalString(z)) : log1pReference(reference(-Math.abs(z)).exp).plus(exactDecimalString(positivePart));
        check("softplus", softplus.value[i]!, f(positivePart + f(Math.log1p(f(Math.exp(-Math.abs(z)))))), z, softplusExact, bounds.softplus);
        derivativeSpecial("softplus'", softplus.slope[i]!, s, z);
      });
      expect(mismatches).toEqual([]);
    });

    it(`flags the exact e^x moved by 8 ${format.name} ulps (known bad)`, () => {
      const random = seededRandom(deriveSeed(seedLabel, "known bad"));
      const x = array(Array.from({ length: 1000 }, () => uniform(-options.knownBadRange, options.knownBadRange)(() => random.uniform())));
      const moved = x.map((v) => f(f(Math.exp(v)) * (1 + 8 * 2 ** -format.mantissaBits)));
      expect(worstOver(moved, (i) => reference(x[i]!).exp, x).ulps).toBeGreaterThan(bounds.exp);
    });
  });
}
