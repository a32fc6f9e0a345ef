/**
 * Validated gradient-flow enclosures (src/certify/flowEnclosure.ts and its parts): the Taylor
 * field against known series, the pattern flow against the model's own gradient, and the
 * enclosure at T against an independent high-precision reference solution.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/check/property.js";
import { certifyFlow } from "../../src/certify/flowEnclosure.js";
import { patternRhs, preactivations } from "../../src/certify/patternFlow.js";
import { seriesField, SeriesBranchError } from "../../src/certify/taylorSeries.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";

const fixture = (name: string): InstanceFile => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/certify", name), "utf8")) as InstanceFile;

describe("Taylor series over intervals", () => {
  const F = intervalField({ digits: 30 });
  const S = seriesField(F, 9);
  const t = S.variable(F.zero, F.one);
  const factorial = (k: number): bigint => (k <= 1 ? 1n : BigInt(k) * factorial(k - 1));
  // Known Maclaurin coefficients as exact fractions [numerator, denominator].
  const tanhTable: Record<number, [bigint, bigint]> = { 1: [1n, 1n], 3: [-1n, 3n], 5: [2n, 15n], 7: [-17n, 315n], 9: [62n, 2835n] };
  const cases: [string, ReturnType<typeof S.exp>, (k: number) => [bigint, bigint]][] = [
    ["exp(t) = Σ t^k/k!", S.exp(t), (k) => [1n, factorial(k)]],
    ["log1p(t) = Σ (−1)^{k+1} t^k/k", S.log1p(t), (k) => (k === 0 ? [0n, 1n] : [k % 2 === 1 ? 1n : -1n, BigInt(k)])],
    ["1/(1 − t) = Σ t^k", S.div(S.one, S.sub(S.one, t)), () => [1n, 1n]],
    ["tanh(t) = t − t³/3 + 2t⁵/15 − 17t⁷/315 + 62t⁹/2835", S.tanh(t), (k) => tanhTable[k] ?? [0n, 1n]],
    // binom(1/2, k) = (−1)^{k+1} (2k)! / (4^k (k!)² (2k − 1))
    ["√(1 + t) = Σ binom(1/2, k) t^k", S.sqrt(S.add(S.one, t)), (k) => [(k % 2 === 1 ? 1n : -1n) * factorial(2 * k), 4n ** BigInt(k) * factorial(k) ** 2n * BigInt(2 * k - 1)]],
  ];
  const Exact = Decimal.clone({ precision: 200 });
  // p/q ∈ [lo, hi] ⇔ lo·q ≤ p ≤ hi·q (q > 0 after normalising), exact at 200 digits.
  const holds = (c: { lo: Decimal; hi: Decimal }, [p, q]: [bigint, bigint]) => {
    const [num, den] = q < 0n ? [-p, -q] : [p, q];
    return new Exact(c.lo).times(den.toString()).lte(num.toString()) && new Exact(c.hi).times(den.toString()).gte(num.toString());
  };
  for (const [name, series, exact] of cases) {
    it(name, () => {
      for (let k = 0; k <= 9; k++) {
        const c = S.coefficient(series, k);
        expect(holds(c, exact(k)), `coefficient ${k}: ${F.toString(c)} ∌ ${exact(k).join("/")}`).toBe(true);
        // 30-digit ends and a few dozen operations per coefficient: far below 1e-25.
        expect(F.width(c).lt(1e-25)).toBe(true);
      }
    });
  }
  it("a kink whose side is undecided has no Taylor series: it throws rather than guess", () => {
    expect(() => S.positivePart(S.variable(F.interval(-1, 1), F.one))).toThrow(SeriesBranchError);
    expect(S.coefficient(S.positivePart(S.variable(F.interval(1, 2), F.one)), 1)).toEqual(F.one);
  });
});

describe("the pattern flow is the model's gradient flow where the pattern holds", () => {
  for (const name of ["flow-tanh.json", "flow-relu.json"]) {
    it(name, () => {
      const D = decimalField({ digits: 40 });
      const instance = instanceOverField(D, fixture(name));
      const state = initialState(instance);
      const pattern = instance.X.map((x) => instance.W.map((w) => (w.reduce((s, v, k) => s + Number(v) * Number(x[k]), 0) > 0 ? 1 : 0) as 0 | 1));
      const ours = patternRhs(D, { model: instance.model, X: instance.X, y: instance.y, p: instance.a.length }, state, pattern);
      const model = gradientFlowSystem(D, instance).rhs(state);
      // Two evaluation orders of the same sums at 40 digits: they agree to ~1e-38.
      ours.forEach((v, i) => expect(D.abs(D.sub(v, model[i])).lt(1e-35)).toBe(true));
    });
  }
});

/**
 * The reference: classical RK4 in 60-digit decimal arithmetic on the model's own right-hand side
 * (src/dynamics/flowSystem.ts — not the Taylor code under test).
 */
function rk4Reference(file: InstanceFile, horizon: number, steps: number, perturb?: { index: number; by: string }): Decimal[] {
  const D = decimalField({ digits: 60 });
  const instance = instanceOverField(D, file);
  const system = gradientFlowSystem(D, instance);
  let y = initialState(instance);
  if (perturb) y = y.map((v, i) => (i === perturb.index ? D.add(v, D.fromDecimalString(perturb.by)) : v));
  const h = D.div(D.fromNumber(horizon), D.fromNumber(steps));
  const half = D.div(h, D.fromNumber(2));
  const axpy = (x: Decimal[], a: Decimal, v: Decimal[]) => x.map((xi, i) => D.add(xi, D.mul(a, v[i])));
  for (let k = 0; k < steps; k++) {
    const k1 = system.rhs(y);
    const k2 = system.rhs(axpy(y, half, k1));
    const k3 = system.rhs(axpy(y, half, k2));
    const k4 = system.rhs(axpy(y, h, k3));
    const sixth = D.div(h, D.fromNumber(6));
    y = y.map((yi, i) => D.add(yi, D.mul(sixth, D.add(D.add(k1[i], D.mul(D.fromNumber(2), D.add(k2[i], k3[i]))), k4[i]))));
  }
  return y;
}

describe("certify --flow on a tanh instance: the enclosure at T holds the reference solution", () => {
  const file = fixture("flow-tanh.json");
  const candidate: Candidate = { file, settings: {} };
  const T = 0.5;
  it("encloses θ(T) and excludes the flow from a start 1e-7 away", { timeout: 600_000 }, () => {
    const result = certifyFlow(candidate, { horizon: String(T), digits: 12, order: 6 });
    expect(result.complete).toBe(true);
    expect(result.certifiedUntil).toBe("0.5");
    const F = intervalField({ digits: 12 });
    const final = result.final.map((x) => F.interval(x.lo, x.hi));
    const width = final.reduce((m, x) => Decimal.max(m, F.width(x)), new Decimal(0));
    // RK4 with N and 2N steps: its global error is C·h⁴, so the 2N run's error is ≈ |y_N − y_2N|/15
    // (step halving; an estimate valid in the asymptotic regime, which the 1e3 safety factor below covers).
    const coarse = rk4Reference(file, T, 100);
    const fine = rk4Reference(file, T, 200);
    const errorEstimate = coarse.reduce((m, c, i) => Decimal.max(m, c.minus(fine[i]).abs().div(15)), new Decimal(0));
    expect(errorEstimate.times(1000).lt(width), `RK4 error ≈ ${errorEstimate.toExponential(2)} vs enclosure width ${width.toExponential(2)}`).toBe(true);
    fine.forEach((v, i) => expect(F.contains(final[i], v), `θ_${i}(T) = ${v.toSignificantDigits(15)} ∉ ${F.toString(final[i])}`).toBe(true));
    // A trajectory from a_0 + 1e-7 ends ~1e-7 away: far outside an enclosure of width ~1e-9.
    const perturbed = rk4Reference(file, T, 200, { index: 0, by: "1e-7" });
    expect(perturbed.every((v, i) => F.contains(final[i], v))).toBe(false);
  });
});

/**
 * A ReLU reference across kinks: RK4 at 60 digits on the flow of the current activation pattern
 * (patternRhs, checked against the model's gradient above), each crossing located by bisection of
 * z_ij along an RK4 sub-step (120 halvings: to 2^-120 of a step) and the pattern switched there —
 * so every RK4 step is on one smooth piece and keeps its order.
 */
function reluReference(file: InstanceFile, horizon: number, steps: number, perturb?: { index: number; by: string }): { state: Decimal[]; crossings: { sample: number; neuron: number; time: Decimal }[] } {
  const D = decimalField({ digits: 60 });
  const instance = instanceOverField(D, file);
  const data = { model: instance.model, X: instance.X, y: instance.y, p: instance.a.length };
  let y = initialState(instance);
  if (perturb) y = y.map((v, i) => (i === perturb.index ? D.add(v, D.fromDecimalString(perturb.by)) : v));
  const z = (state: Decimal[]) => preactivations(D, data, state);
  let pattern = z(y).map((row) => row.map((v) => (v.gt(0) ? 1 : 0) as 0 | 1));
  const rk4 = (state: Decimal[], h: Decimal): Decimal[] => {
    const f = (s: Decimal[]) => patternRhs(D, data, s, pattern);
    const axpy = (x: Decimal[], a: Decimal, v: Decimal[]) => x.map((xi, i) => D.add(xi, D.mul(a, v[i])));
    const half = D.div(h, D.fromNumber(2));
    const k1 = f(state);
    const k2 = f(axpy(state, half, k1));
    const k3 = f(axpy(state, half, k2));
    const k4 = f(axpy(state, h, k3));
    return state.map((v, i) => D.add(v, D.mul(D.div(h, D.fromNumber(6)), D.add(D.add(k1[i], D.mul(D.fromNumber(2), D.add(k2[i], k3[i]))), k4[i]))));
  };
  const changed = (state: Decimal[]) => z(state).flatMap((row, i) => row.map((v, j) => [i, j, (v.gt(0) ? 1 : 0) !== pattern[i][j]] as const)).filter(([, , c]) => c);
  const crossings: { sample: number; neuron: number; time: Decimal }[] = [];
  const h = D.div(D.fromNumber(horizon), D.fromNumber(steps));
  let t = D.zero;
  for (let k = 0; k < steps; k++) {
    let left = D.zero;
    let rest = h;
    for (;;) {
      const trial = rk4(y, rest);
      const flips = changed(trial);
      if (flips.length === 0) {
        y = trial;
        break;
      }
      // The first crossing in (0, rest]: bisection on "some pair has changed side".
      let lo = D.zero;
      let hi = rest;
      for (let it = 0; it < 120; it++) {
        const mid = D.div(D.add(lo, hi), D.fromNumber(2));
        if (changed(rk4(y, mid)).length === 0) lo = mid;
        else hi = mid;
      }
      y = rk4(y, hi);
      for (const [i, j] of changed(y)) {
        crossings.push({ sample: i, neuron: j, time: D.add(D.add(t, left), hi) });
        pattern = pattern.map((row, a) => row.map((bit, b) => (a === i && b === j ? ((1 - bit) as 0 | 1) : bit)));
      }
      left = D.add(left, hi);
      rest = D.sub(rest, hi);
    }
    t = D.add(t, h);
  }
  return { state: y, crossings };
}

describe("certify --flow on a ReLU instance with two transversal kink crossings", () => {
  const file = fixture("flow-relu.json");
  const T = 0.25;
  it("crosses both kinks with their times enclosed, and encloses θ(T)", { timeout: 600_000 }, () => {
    const result = certifyFlow({ file, settings: {} }, { horizon: String(T), digits: 12, order: 6 });
    expect(result.complete, result.undecided?.reason).toBe(true);
    const F = intervalField({ digits: 12 });
    const final = result.final.map((x) => F.interval(x.lo, x.hi));
    const width = final.reduce((m, x) => Decimal.max(m, F.width(x)), new Decimal(0));
    const coarse = reluReference(file, T, 50);
    const fine = reluReference(file, T, 100);
    // Step halving on each smooth piece: error of the fine run ≈ |coarse − fine|/15 (an estimate).
    const errorEstimate = coarse.state.reduce((m, c, i) => Decimal.max(m, c.minus(fine.state[i]).abs().div(15)), new Decimal(0));
    expect(errorEstimate.times(1000).lt(width), `reference error ≈ ${errorEstimate.toExponential(2)} vs width ${width.toExponential(2)}`).toBe(true);
    fine.state.forEach((v, i) => expect(F.contains(final[i], v), `θ_${i}(T) = ${v.toSignificantDigits(15)} ∉ ${F.toString(final[i])}`).toBe(true));
    // The same pairs cross, in the same order, inside the certified crossing-time enclosures.
    expect(result.crossings.map((c) => [c.sample, c.neuron])).toEqual(fine.crossings.map((c) => [c.sample, c.neuron]));
    result.crossings.forEach((c, k) => {
      const time = fine.crossings[k].time;
      expect(time.gte(c.time.lo) && time.lte(c.time.hi), `t* = ${time.toSignificantDigits(15)} ∉ [${c.time.lo}, ${c.time.hi}]`).toBe(true);
    });
    const perturbed = reluReference(file, T, 100, { index: 0, by: "1e-7" });
    expect(perturbed.state.every((v, i) => F.contains(final[i], v))).toBe(false);
  });

  it("a pair whose far side has ż = 0 (it would stop on its kink) is undecided, not crossed", { timeout: 600_000 }, () => {
    const result = certifyFlow({ file: fixture("flow-relu-stops-on-kink.json"), settings: {} }, { horizon: "0.3", digits: 12, order: 6 });
    expect(result.complete).toBe(false);
    expect(result.undecided?.reason).toMatch(/pair \(2, 1\): derivative may vanish/);
    expect(Number(result.certifiedUntil)).toBeGreaterThan(0.229);
    expect(Number(result.certifiedUntil)).toBeLessThan(0.2293);
  });
});
