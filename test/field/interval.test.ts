/**
 * The interval field on whole models: containment of every quantity against decimal.js at 3× the
 * digits on seeded random instances of every activation, adversarial inputs (ReLU kinks,
 * cancellation, tiny and huge magnitudes, acos at ±1), decisions that never pick a side, and
 * widths that shrink as the digits grow.
 */
import { describe, expect, it } from "vitest";
import type { Decimal } from "decimal.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField, type Interval, type IntervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile, NumberLike } from "../../src/io/instanceSchema.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../src/model/activation.js";
import { activationPattern, evaluate, forward, hessianVectorProduct } from "../../src/model/network.js";
import { deriveSeed, gaussian, seededRandom, type Random } from "../../src/random/rng.js";
import { tangentKernel } from "../../properties/dana2025/lib/kernel.js";

const DIGITS = 20;
const REFERENCE_DIGITS = 3 * DIGITS;
const SEEDS_PER_ACTIVATION = 6;

/** A number as a short decimal string, a double, a tiny or a huge one. */
function randomNumber(random: Random): NumberLike {
  const u = random.uniform();
  if (u < 0.4) return (Math.round(gaussian(random) * 1000) / 1000).toFixed(3);
  if (u < 0.8) return gaussian(random);
  return `${(gaussian(random) / 3).toFixed(6)}e${u < 0.9 ? -12 : 6}`;
}

function randomInstance(seed: string, activation: ActivationName): InstanceFile {
  const random = seededRandom(seed);
  const size = (max: number) => 1 + Math.floor(random.uniform() * max);
  const [n, d, p] = [size(4), size(3), size(3)];
  const row = (k: number) => Array.from({ length: k }, () => randomNumber(random));
  return {
    model: { activation, scaling: random.uniform() < 0.5 ? "mean-field" : "standard", ...(activation === "leaky-relu" ? { alpha: "0.1" } : {}) },
    data: { X: Array.from({ length: n }, () => row(d)), y: row(n) },
    params: { W: Array.from({ length: p }, () => row(d)), a: row(p) },
  };
}

/** Every field value of an evaluation, flattened with a name, paired between the two fields. */
function quantities<T>(F: Parameters<typeof evaluate<T>>[0], file: InstanceFile, direction: { a: NumberLike[]; W: NumberLike[][] }): [string, T | undefined][] {
  const instance = instanceOverField(F, file);
  const result = evaluate(F, instance);
  const toField = (v: NumberLike) => (typeof v === "number" ? F.fromNumber(v) : F.fromDecimalString(v));
  const hvp = hessianVectorProduct(F, instance, { a: direction.a.map(toField), W: direction.W.map((r) => r.map(toField)) });
  const out: [string, T | undefined][] = [["loss", result.loss], ["pl", result.pl]];
  result.residuals.forEach((v, i) => out.push([`residual ${i}`, v]));
  result.gradient.a.forEach((v, j) => out.push([`grad a ${j}`, v]));
  result.gradient.W.forEach((row, j) => row.forEach((v, k) => out.push([`grad W ${j},${k}`, v])));
  result.balance.forEach((v, j) => out.push([`balance ${j}`, v]));
  hvp.a.forEach((v, j) => out.push([`hvp a ${j}`, v]));
  hvp.W.forEach((row, j) => row.forEach((v, k) => out.push([`hvp W ${j},${k}`, v])));
  if (file.model.activation === "relu") tangentKernel(F, instance).forEach((row, i) => row.forEach((v, k) => out.push([`kernel ${i},${k}`, v])));
  return out;
}

describe("interval field: containment on seeded random instances", () => {
  const I = intervalField({ digits: DIGITS });
  const D = decimalField({ digits: REFERENCE_DIGITS });
  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: loss, residuals, gradient, HVP, balance, μ (and the ReLU kernel) contain the ${REFERENCE_DIGITS}-digit values`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (let s = 0; s < SEEDS_PER_ACTIVATION; s++) {
        const seed = deriveSeed("interval-containment", activation, s);
        const file = randomInstance(seed, activation);
        const random = seededRandom(deriveSeed(seed, "direction"));
        const direction = { a: file.params.a.map(() => randomNumber(random)), W: file.params.W.map((r) => r.map(() => randomNumber(random))) };
        const enclosures = quantities(I, file, direction);
        const references = quantities(D, file, direction);
        enclosures.forEach(([name, x], k) => {
          const reference = references[k][1];
          if (reference === undefined) {
            if (x !== undefined && !(x.lo.isZero() || !x.hi.isFinite())) failures.push(`${seed} ${name}: undefined in decimal, ${I.toString(x)} here`);
            return;
          }
          checked++;
          if (x === undefined || !I.contains(x, reference as Decimal)) failures.push(`${seed} ${name}: ${x ? I.toString(x) : "undefined"} ∌ ${reference.toString()}`);
        });
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(30);
    });
  }

  it("activation patterns: every sign the intervals decide is the exact one", () => {
    for (let s = 0; s < 10; s++) {
      const file = randomInstance(deriveSeed("interval-pattern", s), "relu");
      const decided = activationPattern(I, instanceOverField(I, file)).flat();
      const exact = activationPattern(D, instanceOverField(D, file)).flat();
      decided.forEach((sign, k) => {
        if (sign !== undefined) expect(sign).toBe(exact[k]);
      });
    }
  });
});

describe("interval field: adversarial inputs never decide wrongly", () => {
  const I = intervalField({ digits: DIGITS });
  const value = (s: string) => I.fromDecimalString(s);

  it("a pre-activation exactly on the kink, computed exactly, is decided as 0 (σ'(0) = 0)", () => {
    const z = I.add(I.mul(value("0.5"), value("1")), I.mul(value("0.5"), value("-1")));
    expect(I.sign(z)).toBe(0);
    expect(I.toString(I.indicatorPositive(z))).toBe("0");
  });

  it("a pre-activation on the kink that rounding cannot place stays undecided: indicator [0, 1], ReLU [0, max(hi, 0)]", () => {
    // ⟨(1, −1), (0.1, 0.1)⟩ with the doubles 0.1: exactly 0, but each product rounds to 20 digits.
    const x = I.fromNumber(0.1);
    const z = I.add(I.mul(x, I.one), I.mul(I.fromNumber(0.1), I.fromNumber(-1)));
    const third = I.div(I.one, I.fromNumber(3));
    const w = I.sub(I.mul(third, I.fromNumber(3)), I.one); // 1/3·3 − 1 = 0, not decidable
    for (const t of [w]) {
      expect(I.sign(t)).toBeUndefined();
      expect(I.toString(I.indicatorPositive(t))).toBe("[0, 1]");
      const relu = I.positivePart(t);
      expect(relu.lo.isZero() && relu.hi.gte(0)).toBe(true);
      expect(I.possibleSigns(t)).toEqual([-1, 0, 1]);
    }
    expect(I.sign(z)).not.toBe(1); // whatever the rounding, never a wrong "active"
  });

  it("catastrophic cancellation: (10^20 + 1) − 10^20 is enclosed, and exactly 1 once no operation rounds", () => {
    const big = value("1e20");
    const sum = I.add(big, I.one); // 21 digits: rounded outward at 20
    const back = I.sub(sum, big);
    expect(I.contains(back, 1)).toBe(true);
    expect(I.sign(back)).toBeUndefined(); // [0, 10]: the 1 was rounded into the width, not decided
    const wide = intervalField({ digits: 25 });
    expect(wide.toString(wide.sub(wide.add(wide.fromDecimalString("1e20"), wide.one), wide.fromDecimalString("1e20")))).toBe("1");
    // 1 − (1 − 10^−30) at 20 digits: the true 10^−30 > 0 is inside, and the sign is not invented.
    const near = I.sub(I.one, I.sub(I.one, value("1e-30")));
    expect(I.contains(near, "1e-30")).toBe(true);
    expect(I.sign(near)).toBeUndefined();
  });

  it("tiny and huge magnitudes keep their sign and enclosure", () => {
    const tiny = value("1e-300");
    const huge = value("1e300");
    expect(I.contains(I.mul(tiny, tiny), "1e-600")).toBe(true);
    expect(I.sign(I.mul(tiny, tiny))).toBe(1);
    expect(I.contains(I.mul(huge, huge), "1e600")).toBe(true);
    expect(I.contains(I.div(I.one, I.add(huge, tiny)), "1e-300")).toBe(true);
    expect(I.sign(I.sub(I.add(huge, tiny), huge))).toBe(undefined); // 10^−300 lost at 20 digits, not turned into 0
    expect(I.contains(I.exp(value("-700")), I.exp(value("-700")).lo)).toBe(true);
    expect(I.sign(I.exp(value("-1e6")))).toBe(1);
  });

  it("acos at and near ±1: exact ends, clipping, and enclosures of the steep slope", () => {
    expect(I.toString(I.acos(I.one))).toBe("0");
    const atMinusOne = I.acos(I.neg(I.one));
    expect(I.toString(atMinusOne)).toBe(I.toString(I.pi));
    // acos(1 − ε) ≈ √(2ε): slope unbounded at 1, so the enclosure must come from the ends, not a derivative.
    const nearOne = I.acos(value("0.9999999999999999999999999999999999999999")); // 1 − 10^−40
    const R = decimalField({ digits: 3 * DIGITS });
    expect(I.contains(nearOne, R.acos(R.fromDecimalString("0.9999999999999999999999999999999999999999")))).toBe(true);
    // An enclosure of a cosine that rounding pushed past 1 is clipped to the domain, not an error.
    const clipped = I.acos(I.interval("0.99", "1.0000000001"));
    expect(clipped.lo.isZero()).toBe(true);
    expect(I.contains(clipped, R.acos(R.fromDecimalString("0.99")))).toBe(true);
    expect(() => I.acos(I.interval("1.5", "2"))).toThrow(RangeError);
  });

  it("division by an interval holding 0 encloses every quotient; by exactly 0 it refuses", () => {
    const q = I.div(I.one, I.interval("0", "0.5"));
    expect(q.lo.eq(2) && !q.hi.isFinite()).toBe(true);
    expect(I.toString(I.div(I.one, I.interval("-1", "1")))).toBe("[-Infinity, Infinity]");
    expect(() => I.div(I.one, I.zero)).toThrow(RangeError);
  });

  it("min, max, abs of straddling intervals are the exact images; comparisons answer three ways", () => {
    const a = I.interval("-1", "2");
    const b = I.interval("0", "1");
    expect(I.toString(I.min(a, b))).toBe("[-1, 1]");
    expect(I.toString(I.max(a, b))).toBe("[0, 2]");
    expect(I.toString(I.abs(a))).toBe("[0, 2]");
    expect(I.toString(I.mul(a, a))).toBe("[0, 4]"); // a square, not [−2, 4]
    expect(I.lt(a, b)).toBeUndefined();
    expect(I.lt(b, I.interval("3", "4"))).toBe(true);
    expect(I.le(I.interval("3", "4"), b)).toBe(false);
  });
});

describe("interval field: widths shrink as the digits grow", () => {
  it("the loss and gradient of a double-valued instance narrow by about 10^Δdigits", () => {
    const file = randomInstance(deriveSeed("interval-width", 0), "tanh");
    const widths = [20, 40, 80].map((digits) => {
      const F: IntervalField = intervalField({ digits });
      const result = evaluate(F, instanceOverField(F, file));
      return [result.loss, ...result.gradient.a].map((x: Interval) => F.width(x).toNumber());
    });
    for (let k = 0; k < widths[0].length; k++) {
      expect(widths[1][k]).toBeLessThan(widths[0][k] * 1e-15);
      expect(widths[2][k]).toBeLessThan(widths[1][k] * 1e-30);
    }
  });

  it("forward passes of short-decimal ReLU instances are exact points at 50 digits", () => {
    const file: InstanceFile = { model: { activation: "relu", scaling: "mean-field" }, data: { X: [["1", "0.5"], ["-0.25", "2"]], y: ["1", "-1"] }, params: { W: [["0.5", "-1"], ["1", "0.125"]], a: ["2", "-0.5"] } };
    const F = intervalField({ digits: 50 });
    const pass = forward(F, instanceOverField(F, file));
    for (const x of [...pass.outputs, ...pass.residuals]) expect(F.width(x).isZero()).toBe(true);
  });
});
