/**
 * The native planted-GD addon (src/fast/plantedNative.ts, native/plantedGd.c) against this
 * Node's own arithmetic, exact equality throughout (Object.is, bit for bit; no tolerance):
 *
 * - its fdlibm exp and log1p against Math.exp and Math.log1p over 3.2·10⁶ random arguments
 *   (the ranges the softplus kernel feeds them: exp(−|bz|) ∈ (0, 1], exp(|bz|), log1p of a value
 *   in [0, 1]; every branch of both routines; random bit patterns) and the edge cases;
 * - whole descents against the TypeScript kernel (src/fast/plantedGd.ts), which is itself tested
 *   bit for bit against the generic closure path (plantedKernels.test.ts): softplus b = 10 and 2
 *   and the square, k = 1…20, d = 1…30, steps that force rejections, checkpoints, stopLoss,
 *   v fixed or trained, long runs ending at a fixed point of the step (the exit both kernels take). All failing seeds are collected before asserting.
 *
 * Skipped (and said so) only when the addon is not built: `node scripts/buildNative.mjs`.
 */
import { describe, expect, it } from "vitest";
import { plantedTrainTypescript, type PlantedActivation } from "../../src/fast/plantedGd.js";
import { FDLIBM_EDGE_ARGUMENTS, nativeFdlibm, nativePlantedAvailable, nativePlantedLoadError, plantedTrainNative } from "../../src/fast/plantedNative.js";
import { deriveSeed, gaussian, seededRandom } from "../../src/random/rng.js";

const available = nativePlantedAvailable();

it.skipIf(available)(`native planted GD tests skipped: the addon is unavailable (${nativePlantedLoadError()})`, () => {});

/** Indices where the two arrays differ in bits (NaN payloads aside: Object.is treats all NaNs as equal). */
function differences(actual: Float64Array, expected: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) out.push(i);
  return out;
}

/** A double with 64 random bits. */
function randomBits(random: () => number): number {
  const words = new Uint32Array([Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)]);
  return new Float64Array(words.buffer)[0];
}

describe.skipIf(!available)("fdlibm exp and log1p (native/plantedFdlibm.h) against Math.exp and Math.log1p", () => {
  const COUNT = 400_000;
  const stream = seededRandom("plantedNative/fdlibm");
  const random = () => stream.uniform();
  const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
  const ranges: Record<string, () => number> = {
    "exp(−|bz|), bz up to 800": () => -800 * random(),
    "exp(|bz|) of the negative branch": () => 710 * random(),
    "every branch near 0 (|x| from 2⁻⁶⁰ to 40, both signs)": () => (random() < 0.5 ? -1 : 1) * logUniform(2 ** -60, 40),
    "the overflow and underflow thresholds": () => (random() < 0.5 ? -745.2 : 709) + random() * (random() < 0.5 ? 1.5 : 0.9),
    "random bit patterns": () => randomBits(random),
  };
  const logRanges: Record<string, () => number> = {
    "log1p of a decay in [0, 1]": () => random(),
    "log1p of exp(−|bz|)": () => Math.exp(-800 * random()),
    "every branch (|x| from 2⁻⁶⁰ to 2⁶⁰, both signs, > −1)": () => (random() < 0.3 ? -Math.min(0.9999999, logUniform(2 ** -60, 1)) : logUniform(2 ** -60, 2 ** 60)),
  };
  const compare = (name: "exp" | "log1p", reference: (x: number) => number, generate: () => number, count: number) => {
    const input = new Float64Array(count);
    for (let i = 0; i < count; i++) input[i] = generate();
    const output = new Float64Array(count);
    nativeFdlibm()![name](input, output);
    const bad = differences(output, input.map(reference));
    return bad.slice(0, 5).map((i) => `${name}(${input[i]}) = ${output[i]}, Math gives ${reference(input[i])}`).concat(bad.length > 5 ? [`… ${bad.length} in all`] : []);
  };

  it("exp: bit-identical over 2·10⁶ arguments in the ranges used and every branch", () => {
    const failures = Object.values(ranges).flatMap((generate) => compare("exp", Math.exp, generate, COUNT));
    expect(failures).toEqual([]);
  });

  it("log1p: bit-identical over 1.2·10⁶ arguments in the ranges used and every branch", () => {
    const failures = Object.values(logRanges).flatMap((generate) => compare("log1p", Math.log1p, generate, COUNT));
    expect(failures).toEqual([]);
  });

  it("both: bit-identical on the edge cases (±0, ±1, branch boundaries, thresholds, subnormals, ±∞, NaN)", () => {
    const edges = [...FDLIBM_EDGE_ARGUMENTS, 0.34657359027997264 * (1 + 2 ** -52), 1.0397207708399179 * (1 - 2 ** -52), 2 ** -1022, 2 ** -1074, -0.9999999999999998, 0.41421356237309503];
    const input = Float64Array.from([...edges, ...edges.map((x) => -x), ...edges.map((x) => x * (1 + 2 ** -52)), ...edges.map((x) => x * (1 - 2 ** -53))]);
    for (const [name, reference] of [["exp", Math.exp], ["log1p", Math.log1p]] as const) {
      const output = new Float64Array(input.length);
      nativeFdlibm()![name](input, output);
      const bad = differences(output, input.map(reference)).map((i) => `${name}(${input[i]}) = ${output[i]}, Math gives ${reference(input[i])}`);
      expect(bad).toEqual([]);
    }
  });
});

describe.skipIf(!available)("native planted descent (native/plantedGd.c) against the TypeScript kernel", () => {
  const activations: [string, PlantedActivation][] = [
    ["softplus(10)", { kind: "softplus", sharpness: 10 }],
    ["softplus(2)", { kind: "softplus", sharpness: 2 }],
    ["quadratic", { kind: "quadratic" }],
  ];

  it.each(activations)("reproduces it bit for bit: 60 seeds, k = 1…20, d = 1…30, rejections, checkpoints, stopLoss (%s)", (name, activation) => {
    const failures: string[] = [];
    let fixedPoints = 0;
    for (let seed = 0; seed < 60; seed++) {
      const stream = seededRandom(deriveSeed("plantedNative", name, seed));
      const random = () => stream.uniform();
      const n = 5 + Math.floor(random() * 40);
      const d = 1 + Math.floor(random() * 30);
      const k = 1 + Math.floor(random() * 20);
      const X = Float64Array.from({ length: n * d }, () => gaussian(stream));
      const y = Float64Array.from({ length: n }, () => gaussian(stream));
      const W = Float64Array.from({ length: k * d }, () => gaussian(stream) / Math.sqrt(d));
      const v = Float64Array.from({ length: k }, () => (random() < 0.5 ? -1 : 1));
      // Steps of 1…64 force rejected (halved) steps; a stopLoss reached on some seeds ends runs early.
      // Every 4th quadratic seed a long run, which often ends at a fixed point of the step.
      const long = activation.kind === "quadratic" && seed % 4 === 0;
      const options = { step: 2 ** Math.floor(random() * 7), iterations: long ? 4000 : 150, trainV: seed % 5 !== 0, checkpoints: [0, 3, 75, 150], stopLoss: seed % 3 === 0 ? 0.05 : undefined };
      const problem = { n, d, X, y };
      const [Wts, vts, Wnat, vnat] = [W.slice(), v.slice(), W.slice(), v.slice()];
      const expected = plantedTrainTypescript(activation, problem, k, Wts, vts, options);
      const actual = plantedTrainNative(activation, problem, k, Wnat, vnat, options);
      const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
      const summary = (r: typeof actual) => [r.loss, r.iterations, r.finalStep, r.fixedPointAt ?? -1, ...r.history];
      if (actual.fixedPointAt !== undefined) fixedPoints++;
      if (!same(summary(actual), summary(expected)) || differences(Wnat, Wts).length > 0 || differences(vnat, vts).length > 0) {
        failures.push(`seed ${seed} (n ${n}, d ${d}, k ${k}): native ${summary(actual).join(",")} vs ${summary(expected).join(",")}`);
      }
    }
    expect(failures).toEqual([]);
    // The quadratic runs must cover the fixed-point exit (it compares equal above only if both kernels took it).
    if (activation.kind === "quadratic") expect(fixedPoints).toBeGreaterThan(0);
  });
});
