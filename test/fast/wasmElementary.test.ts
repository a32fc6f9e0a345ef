/**
 * The float64 WebAssembly kernel's vectorised e^x, tanh, sigmoid, log1p and softplus
 * (src/fast/wasm/lossGradientF64.wat) against decimal.js at 42 digits (the reference keeps > 38
 * correct; 20 resolve 0.001 ulp), by the tests of ./elementaryAccuracyTests.ts: over seeded points
 * per range (2·10⁴ in the suite; SHALLOWCHECK_ELEMENTARY_POINTS=100000 gave largest errors exp
 * 0.94, tanh 2.15, log1p 1.90, sigmoid 1.92, softplus 2.44 ulps on 2026-12-06), the largest error
 * in ulps of the exact result stays within the bound derived in src/fast/wasm/elementaryAccuracy.ts.
 * The scalar code the special points are held to is V8's Math.exp / Math.tanh in
 * src/model/activation.ts's formulas.
 */
import { expAccuracy, log1pAccuracy, sigmoidAccuracy, softplusAccuracy, tanhAccuracy } from "../../src/fast/wasm/elementaryAccuracy.js";
import { wasmElementary } from "../../src/fast/wasmKernels.js";
import { elementaryAccuracyTests, elementaryPoints, logUniform, uniform } from "./elementaryAccuracyTests.js";

elementaryAccuracyTests({
  format: {
    name: "float64",
    ArrayType: Float64Array,
    round: (x) => x,
    mantissaBits: 52,
    minNormalExponent: -1022,
    // x is cut to 45 digits: ≤ 5·10^-45·(1 + |x|) < 4·10^-42 relative in e^x for |x| ≤ 746.
    digits: 42,
    keepDigits: 45,
    taylorOrder: 15,
    subnormalExpBelow: -708.4,
    // Past |z| = 746, e^−|z| < 2^-1076.
    softplusLinearAbove: 746,
  },
  bounds: { exp: expAccuracy().ulps, tanh: tanhAccuracy().ulps, sigmoid: sigmoidAccuracy(), log1p: log1pAccuracy(), softplus: softplusAccuracy() },
  kernel: wasmElementary(),
  seedLabel: "wasmElementary",
  points: elementaryPoints(20_000),
  ranges: [
    { name: "|x| ≤ 1.1 (tanh's series branch; exp with k ∈ −2…2)", draw: uniform(-1.1, 1.1) },
    { name: "1.1 ≤ |x| ≤ 708.39, log-uniform (tanh's exponential branch and its clamp; every normal e^x)", draw: logUniform(1.1, 708.39) },
    { name: "−745.13 ≤ x ≤ −708.4 (subnormal e^x)", draw: uniform(-745.13, -708.4), only: "exp" },
    { name: "tiny |x|, log-uniform 2^-1074 … 2^-11 (subnormal inputs included)", draw: logUniform(2 ** -1074, 2 ** -11), only: "tanh" },
  ],
  smallestSubnormalExponent: -1074,
  specials: [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-310, 1e-300, 0.55, -0.55, 22, 1e300, -1e300, Infinity, -Infinity, NaN,
    709.782712893384, 709.7827128933841, 710, -745.1332191019411, -745.1332191019412, -746, 36.7, -36.7, 800, -800],
  knownBadRange: 700,
});
