/**
 * The float32 WebAssembly kernel's vectorised e^x, tanh, sigmoid, log1p and softplus
 * (src/fast/wasm/lossGradientF32.wat) against decimal.js at 32 digits (the reference keeps > 28
 * correct; 10 resolve 0.001 float32 ulp): over seeded float32 points per range
 * (SHALLOWCHECK_ELEMENTARY_POINTS, 10⁴ by default), the largest error in float32 ulps of the
 * exact result stays within the bound derived in src/fast/wasm/elementaryAccuracy.ts
 * (FLOAT32_FORMAT; never a measured or tuned number). Special points (±0, subnormals, ±large,
 * ±∞, NaN) must give what the scalar float32 code gives (src/fast/float32Field.ts's
 * fround(Math.exp) etc. in src/model/activation.ts's formulas) bit for bit where that is 0, ±1
 * or not finite. Known bad: the exact e^x moved by 8 float32 ulps must be flagged. Also checked:
 * the constants the derivation assumes are the .wat's, and the committed binary is the .wat's.
 *
 * One reference per point x serves all, as in ./wasmElementary.test.ts: E1 = e^x − 1 gives e^x,
 * tanh(x/2) = E1/(E1 + 2), sigmoid(−x) = 1/(E1 + 2) and, with one Newton step for the logarithm,
 * softplus(x) = max(x, 0) + log1p(e^−|x|). Every x is twice a float32, so x/2 is one too.
 */
import { readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { exactDecimalString } from "../../src/field/exactDouble.js";
import { float32WasmElementary } from "../../src/fast/float32WasmKernel.js";
import { buildLossGradientF32Kernel } from "../../src/fast/wasm/buildKernels.js";
import {
  expAccuracyOf,
  FLOAT32_FORMAT,
  FLOAT32_LN2HI,
  FLOAT32_LN2LO,
  FLOAT32_LOG2E,
  log1pAccuracyOf,
  sigmoidAccuracyOf,
  softplusAccuracyOf,
  tanhAccuracyOf,
} from "../../src/fast/wasm/elementaryAccuracy.js";
import { LOSS_GRADIENT_F32_WASM_BASE64 } from "../../src/fast/wasm/lossGradientF32.bytes.js";
import { deriveSeed, seededRandom } from "../../src/random/rng.js";

const POINTS = Number(process.env.SHALLOWCHECK_ELEMENTARY_POINTS ?? 10_000);
if (!Number.isSafeInteger(POINTS) || POINTS < 1) throw new Error(`SHALLOWCHECK_ELEMENTARY_POINTS must be a positive integer, got ${process.env.SHALLOWCHECK_ELEMENTARY_POINTS}`);
const Dec = Decimal.clone({ precision: 32 });
const LN2 = Dec.ln(2);
const INVERSE_FACTORIAL = Array.from({ length: 12 }, (_, n) => n).reduce<Decimal[]>((out, n) => [...out, n === 0 ? new Dec(1) : out[n - 1]!.div(n)], []);
const twoTo = (k: number) => new Dec(2).pow(k);
const f = Math.fround;

/** e^t − 1 for |t| ≤ 2^-10: Taylor to t^11 (remainder < 10^-35 relative). */
function expm1Tiny(t: Decimal): Decimal {
  let sum = INVERSE_FACTORIAL[11]!;
  for (let n = 10; n >= 1; n--) sum = sum.times(t).plus(INVERSE_FACTORIAL[n]!);
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

/** e^x − 1 and e^x at x (|x| ≤ 104; x's exact value cut to 36 digits, < 10^-33 relative in e^x). */
function reference(x: number): { expm1: Decimal; exp: Decimal } {
  const X = new Dec(exactDecimalString(x)).toSignificantDigits(36);
  if (Math.abs(x) <= 1.2) {
    const expm1 = expm1Small(X);
    return { expm1, exp: expm1.plus(1) };
  }
  const k = Math.round(x / Math.LN2);
  const exp = expm1Small(X.minus(LN2.times(k))).plus(1).times(twoTo(k));
  return { expm1: exp.minus(1), exp };
}

/** log1p E for E ∈ [0, 1] from V8's log1p (< 1 double ulp) and one Newton step on e^L = 1 + E (error ≲ 10^-32 relative). */
function log1pReference(E: Decimal): Decimal {
  const L0 = new Dec(exactDecimalString(Math.log1p(E.toNumber()))).toSignificantDigits(36);
  return L0.plus(E.plus(1).times(expm1Small(L0.neg()))).plus(E);
}

/** |computed − exact| in float32 ulps of the exact value (ulp(v) = 2^(max(⌊log2|v|⌋, −126) − 23)). */
function ulpsOff(computed: number, exact: Decimal): number {
  if (!Number.isFinite(computed)) return Infinity;
  const near = exact.toNumber();
  let e = near === 0 ? -149 : Math.floor(Math.log2(Math.abs(near)));
  if (near !== 0 && twoTo(e).gt(exact.abs())) e--;
  const ulpExponent = Math.max(e, -126) - 23;
  return exact.minus(exactDecimalString(computed)).abs().div(twoTo(ulpExponent)).toNumber();
}

const uniform = (lo: number, hi: number) => (random: () => number) => lo + (hi - lo) * random();
/** ±2^t, t uniform in [log2 lo, log2 hi]. */
const logUniform = (lo: number, hi: number) => (random: () => number) => (random() < 0.5 ? -1 : 1) * 2 ** (Math.log2(lo) + (Math.log2(hi) - Math.log2(lo)) * random());

interface Range {
  name: string;
  draw(random: () => number): number;
  only?: "exp" | "tanh";
}

/** Points x: exp at x, tanh at x/2, sigmoid at −x, softplus at x, except where `only` names the one function that is not trivial there. */
const RANGES: Range[] = [
  { name: "|x| ≤ 1.1 (tanh's series branch; exp with k ∈ −2…2)", draw: uniform(-1.1, 1.1) },
  { name: "1.1 ≤ |x| ≤ 87.33, log-uniform (tanh's exponential branch and its clamp; every normal e^x)", draw: logUniform(1.1, 87.33) },
  { name: "−103.9 ≤ x ≤ −87.34 (subnormal e^x)", draw: uniform(-103.9, -87.34), only: "exp" },
  { name: "tiny |x|, log-uniform 2^-148 … 2^-11 (subnormal inputs included)", draw: logUniform(2 ** -148, 2 ** -11), only: "tanh" },
];

interface Worst {
  ulps: number;
  at: number;
}

function worstOver(computed: Float32Array, exact: (i: number) => Decimal, points: Float32Array): Worst {
  let worst: Worst = { ulps: 0, at: Number.NaN };
  for (let i = 0; i < points.length; i++) {
    const ulps = ulpsOff(computed[i]!, exact(i));
    if (!(ulps <= worst.ulps)) worst = { ulps, at: points[i]! };
  }
  return worst;
}

const elementary = float32WasmElementary();
const EXP = expAccuracyOf(FLOAT32_FORMAT);
const TANH = tanhAccuracyOf(FLOAT32_FORMAT);
const SIGMOID = sigmoidAccuracyOf(FLOAT32_FORMAT);
const LOG1P = log1pAccuracyOf(FLOAT32_FORMAT);
const SOFTPLUS = softplusAccuracyOf(FLOAT32_FORMAT);

describe.skipIf(elementary === undefined)("WebAssembly float32 exp, tanh, sigmoid, log1p, softplus against decimal.js at 32 digits", () => {
  const kernel = elementary!;

  it.each(RANGES.map((range) => [range.name, range] as const))(`${POINTS} seeded points, %s: within the derived bounds`, (_name, range) => {
    const random = seededRandom(deriveSeed("wasmElementaryF32", range.name));
    const x = Float32Array.from({ length: POINTS }, () => 2 * f(range.draw(() => random.uniform()) / 2));
    const references = Array.from(x, reference);
    const half = x.map((v) => v / 2);
    const minus = x.map((v) => -v);
    const none = { ulps: 0, at: Number.NaN };
    const exp = range.only === "tanh" ? none : worstOver(kernel.exp(x), (i) => references[i]!.exp, x);
    const tanh = range.only === "exp" ? none : worstOver(kernel.activate({ name: "tanh" }, half).value, (i) => references[i]!.expm1.div(references[i]!.expm1.plus(2)), half);
    const sigmoid = range.only !== undefined ? none : worstOver(kernel.activate({ name: "sigmoid" }, minus).value, (i) => new Dec(1).div(references[i]!.expm1.plus(2)), minus);
    const softplusExact = (i: number) => {
      const { exp } = references[i]!;
      const decay = x[i]! <= 0 ? exp : new Dec(1).div(exp);
      return log1pReference(decay).plus(exactDecimalString(Math.max(x[i]!, 0)));
    };
    const softplus = range.only !== undefined ? none : worstOver(kernel.activate({ name: "softplus" }, x).value, softplusExact, x);
    // e^x is subnormal below x = −87.34: ½ ulp more for the second rounding (elementaryAccuracy.ts).
    const expBound = EXP.ulps + (range.only === "exp" ? 0.5 : 0);
    console.info(
      `${range.name}: max float32 ulps exp ${exp.ulps.toFixed(3)} (x = ${exp.at}, bound ${expBound.toFixed(3)}), ` +
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
    ["e log-uniform in [2^-149, 1] (subnormal inputs included)", (random: () => number) => Math.abs(logUniform(2 ** -149, 1)(random))],
  ] as const)(`${POINTS} seeded points, log1p, %s: within the derived bound`, (name, draw) => {
    const random = seededRandom(deriveSeed("wasmElementaryF32", "log1p", name));
    const e = Float32Array.from({ length: POINTS }, () => draw(() => random.uniform()));
    const worst = worstOver(kernel.log1p(e), (i) => log1pReference(new Dec(exactDecimalString(e[i]!))), e);
    console.info(`log1p, ${name}: max float32 ulps ${worst.ulps.toFixed(3)} (e = ${worst.at}, bound ${LOG1P.toFixed(3)})`);
    expect(worst.ulps).toBeLessThanOrEqual(LOG1P);
  }, 600_000);

  it("special points give the scalar float32 code's results bit for bit", () => {
    const specials = [0, -0, 2 ** -149, -(2 ** -149), 2 ** -126, -1e-40, 1e-30, 0.55, -0.55, 12, 9.1, -9.1, 1e30, -1e30, Infinity, -Infinity, NaN,
      88.7, -103.9, -104, -110, 36.7, -36.7, 200, -200].map(f);
    const points = Float32Array.from(specials);
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
      check("exp", exp[i]!, f(Math.exp(z)), z, () => reference(z).exp, EXP.ulps + (z < -87.34 ? 0.5 : 0));
      const t = f(Math.tanh(z));
      check("tanh", tanh.value[i]!, t, z, () => reference(2 * z).expm1.div(reference(2 * z).expm1.plus(2)), TANH.ulps);
      derivativeSpecial("tanh'", tanh.slope[i]!, f(1 - f(t * t)), z);
      const s = f(1 / f(1 + f(Math.exp(-z))));
      check("sigmoid", sigmoid.value[i]!, s, z, () => new Dec(1).div(reference(-z).expm1.plus(2)), SIGMOID);
      derivativeSpecial("sigmoid'", sigmoid.slope[i]!, f(s * f(1 - s)), z);
      const positivePart = z > 0 ? z : 0;
      // Past |z| = 104, e^−|z| < 2^-150 moves softplus by less than its rounding: z alone.
      const softplusExact = () => (z > 104 ? new Dec(exactDecimalString(z)) : log1pReference(reference(-Math.abs(z)).exp).plus(exactDecimalString(positivePart)));
      check("softplus", softplus.value[i]!, f(positivePart + f(Math.log1p(f(Math.exp(-Math.abs(z)))))), z, softplusExact, SOFTPLUS);
      derivativeSpecial("softplus'", softplus.slope[i]!, s, z);
    });
    expect(mismatches).toEqual([]);
  });

  it("flags the exact e^x moved by 8 float32 ulps (known bad)", () => {
    const random = seededRandom(deriveSeed("wasmElementaryF32", "known bad"));
    const x = Float32Array.from({ length: 1000 }, () => uniform(-80, 80)(() => random.uniform()));
    const moved = x.map((v) => f(f(Math.exp(v)) * (1 + 8 * 2 ** -23)));
    expect(worstOver(moved, (i) => reference(x[i]!).exp, x).ulps).toBeGreaterThan(EXP.ulps);
  });
});

describe("the float32 module is the one the derivation is about", () => {
  it("the Cody–Waite split and log2 e are within the errors FLOAT32_FORMAT charges (at 80 digits)", () => {
    const D80 = Decimal.clone({ precision: 80 });
    const ln2 = D80.ln(2);
    expect(FLOAT32_LN2LO).toBe(f(FLOAT32_LN2LO));
    expect(FLOAT32_LOG2E).toBe(f(FLOAT32_LOG2E));
    expect(ln2.minus(FLOAT32_LN2HI).minus(FLOAT32_LN2LO).abs().lte(FLOAT32_FORMAT.ln2SplitError)).toBe(true);
    expect(new D80(1).div(ln2).minus(FLOAT32_LOG2E).abs().lte(FLOAT32_FORMAT.log2eError)).toBe(true);
    // k·LN2HI exact for |k| ≤ maxK: LN2HI·2^16 is an integer and maxK times it is below 2^24.
    expect(Number.isInteger(FLOAT32_LN2HI * 2 ** 16) && FLOAT32_FORMAT.maxK * FLOAT32_LN2HI * 2 ** 16 < 2 ** 24).toBe(true);
  });

  it("the .wat's polynomial coefficients and reduction constants are FLOAT32_FORMAT's", () => {
    const wat = readFileSync(new URL("../../src/fast/wasm/lossGradientF32.wat", import.meta.url), "utf8");
    const constantsOf = (name: string) => {
      const start = wat.indexOf(`(func $${name} `);
      const body = wat.slice(start, wat.indexOf("\n  (func", start + 1));
      // wabt reads each decimal constant as the nearest float32.
      return [...body.matchAll(/v128\.const f32x4 (\S+) \1 \1 \1\)/g)].map((m) => f(Number(m[1])));
    };
    const polynomial = (coefficients: { value: number }[]) => coefficients.map((c) => c.value).reverse();
    expect(constantsOf("exp")).toEqual([-104, 89, FLOAT32_LOG2E, FLOAT32_LN2HI, FLOAT32_LN2LO, ...polynomial(FLOAT32_FORMAT.expCoefficients), 1]);
    expect(constantsOf("tanh")).toEqual([FLOAT32_FORMAT.tanhSeriesLimit, ...polynomial(FLOAT32_FORMAT.tanhCoefficients), 2, FLOAT32_FORMAT.tanhClamp, 1, 2, 1]);
    expect(constantsOf("log1p")).toEqual([2, ...polynomial(FLOAT32_FORMAT.log1pCoefficients)]);
    expect(FLOAT32_FORMAT.maxExpArgument).toBe(104);
  });

  it("lossGradientF32.bytes.ts holds the binary built from lossGradientF32.wat", async () => {
    expect(LOSS_GRADIENT_F32_WASM_BASE64).toBe(Buffer.from(await buildLossGradientF32Kernel()).toString("base64"));
  });
});
