/**
 * The float32 WebAssembly kernel's vectorised e^x, tanh, sigmoid, log1p and softplus
 * (src/fast/wasm/lossGradientF32.wat) against decimal.js at 32 digits (the reference keeps > 28
 * correct; 10 resolve 0.001 float32 ulp), by the tests of ./elementaryAccuracyTests.ts: over
 * seeded float32 points per range (SHALLOWCHECK_ELEMENTARY_POINTS, 10⁴ by default), the largest
 * error in float32 ulps of the exact result stays within the bound derived in
 * src/fast/wasm/elementaryAccuracy.ts (FLOAT32_FORMAT). The scalar code the special points are
 * held to is src/fast/float32Field.ts's fround(Math.exp) etc. in src/model/activation.ts's
 * formulas. Also checked here: the constants the derivation assumes are the .wat's, and the
 * committed binary is the .wat's.
 */
import { readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
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
import { elementaryAccuracyTests, elementaryPoints, logUniform, uniform } from "./elementaryAccuracyTests.js";

const f = Math.fround;

elementaryAccuracyTests({
  format: {
    name: "float32",
    ArrayType: Float32Array,
    round: f,
    mantissaBits: 23,
    minNormalExponent: -126,
    // |x| ≤ 104, cut to 36 digits: < 10^-33 relative in e^x.
    digits: 32,
    keepDigits: 36,
    taylorOrder: 11,
    subnormalExpBelow: -87.34,
    // Past |z| = 104, e^−|z| < 2^-150.
    softplusLinearAbove: 104,
  },
  bounds: {
    exp: expAccuracyOf(FLOAT32_FORMAT).ulps,
    tanh: tanhAccuracyOf(FLOAT32_FORMAT).ulps,
    sigmoid: sigmoidAccuracyOf(FLOAT32_FORMAT),
    log1p: log1pAccuracyOf(FLOAT32_FORMAT),
    softplus: softplusAccuracyOf(FLOAT32_FORMAT),
  },
  kernel: float32WasmElementary(),
  seedLabel: "wasmElementaryF32",
  points: elementaryPoints(10_000),
  ranges: [
    { name: "|x| ≤ 1.1 (tanh's series branch; exp with k ∈ −2…2)", draw: uniform(-1.1, 1.1) },
    { name: "1.1 ≤ |x| ≤ 87.33, log-uniform (tanh's exponential branch and its clamp; every normal e^x)", draw: logUniform(1.1, 87.33) },
    { name: "−103.9 ≤ x ≤ −87.34 (subnormal e^x)", draw: uniform(-103.9, -87.34), only: "exp" },
    { name: "tiny |x|, log-uniform 2^-148 … 2^-11 (subnormal inputs included)", draw: logUniform(2 ** -148, 2 ** -11), only: "tanh" },
  ],
  smallestSubnormalExponent: -149,
  specials: [0, -0, 2 ** -149, -(2 ** -149), 2 ** -126, -1e-40, 1e-30, 0.55, -0.55, 12, 9.1, -9.1, 1e30, -1e30, Infinity, -Infinity, NaN,
    88.7, -103.9, -104, -110, 36.7, -36.7, 200, -200],
  knownBadRange: 80,
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
