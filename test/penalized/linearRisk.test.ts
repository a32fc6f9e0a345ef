/**
 * The linear network's risk from its moments (src/penalized/proximalGradient.ts linearRisk), against
 * the risk computed in 60-digit decimals from the same float data and b, within the derived bound
 * γ_{n+2d+3}·A (A the sum of the absolute terms): on 300 seeded instances of several shapes and
 * scales, all failures collected before asserting; and moments formed once per (X, y).
 */
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { gaussian, seededRandom } from "../../src/random/rng.js";
import { linearMoments, linearRisk } from "../../src/penalized/proximalGradient.js";

const D = Decimal.clone({ precision: 60 });
const U = 2 ** -53;
const gammaOf = (m: number) => (m * U) / (1 - m * U);

function instance(seed: string) {
  const random = seededRandom(seed);
  const n = 1 + Math.floor(random.uniform() * 60);
  const d = 1 + Math.floor(random.uniform() * 12);
  const scale = 10 ** Math.floor(random.uniform() * 7 - 3);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => (random.uniform() < 0.1 ? 0 : scale * gaussian(random))));
  const y = Array.from({ length: n }, () => scale * gaussian(random));
  const b = Array.from({ length: d }, () => gaussian(random));
  return { X, y, b, n, d };
}

/**
 * Exact risk and −∇ at b in 60-digit decimals, and the absolute sums S (value) and S_k (g_k) of the
 * terms of the expansion linearRisk evaluates, around the fit b̂ it used (δ = b − b̂):
 * S = (1/n)Σ_i(|y_i| + |x_i|·|b̂|)² + (2/n)Σ_i(|x_i|·|δ|)(|y_i| + |x_i|·|b̂|) + (1/n)Σ_i(|x_i|·|δ|)²,
 * S_k = (2/n)Σ_i|x_ik|(|y_i| + |x_i|·|b̂| + |x_i|·|δ|).
 */
function reference(X: number[][], y: number[], b: number[], fit: Float64Array) {
  const n = X.length;
  const d = b.length;
  let value = new D(0);
  let absolute = new D(0);
  const g = Array.from({ length: d }, () => new D(0));
  const gAbsolute = Array.from({ length: d }, () => new D(0));
  for (let i = 0; i < n; i++) {
    let e = new D(y[i]);
    let atFit = new D(Math.abs(y[i]));
    let alongDelta = new D(0);
    for (let k = 0; k < d; k++) {
      const x = new D(X[i][k]);
      e = e.minus(x.times(b[k]));
      atFit = atFit.plus(x.abs().times(Math.abs(fit[k])));
      alongDelta = alongDelta.plus(x.abs().times(new D(b[k]).minus(fit[k]).abs()));
    }
    value = value.plus(e.times(e));
    absolute = absolute.plus(atFit.plus(alongDelta).pow(2));
    for (let k = 0; k < d; k++) {
      g[k] = g[k].plus(new D(X[i][k]).times(e).times(2));
      gAbsolute[k] = gAbsolute[k].plus(new D(Math.abs(X[i][k])).times(atFit.plus(alongDelta)).times(2));
    }
  }
  return { value: value.div(n), absolute: absolute.div(n), g: g.map((v) => v.div(n)), gAbsolute: gAbsolute.map((v) => v.div(n)) };
}

/**
 * Roundings along any term's chain: n + 1 in a moment (n − 1 sums, a product, the 1/n), 1 for δ_k,
 * at most 2d + 3 in the products and sums with b̂ and δ, 2 to combine: γ_{n+2d+8} covers them all.
 */
const chain = (n: number, d: number) => n + 2 * d + 8;

describe("linearRisk", () => {
  it("is within γ_{n+2d+3}·A of the exact risk and gradient on 300 seeded instances", () => {
    const failures: string[] = [];
    let largest = 0;
    for (let s = 0; s < 300; s++) {
      const { X, y, b, n, d } = instance(`linear-risk/${s}`);
      const { value, g } = linearRisk(linearMoments(X, y), b);
      const moments = linearMoments(X, y);
      const exact = reference(X, y, b, moments.fit);
      const gamma = gammaOf(chain(n, d));
      const valueError = new D(value).minus(exact.value).abs();
      const valueBound = exact.absolute.times(gamma);
      largest = Math.max(largest, valueError.div(valueBound).toNumber());
      if (valueError.gt(valueBound)) failures.push(`seed ${s}: value off by ${valueError.toExponential(3)} > ${valueBound.toExponential(3)}`);
      g.forEach((gk, k) => {
        const error = new D(gk).minus(exact.g[k]).abs();
        const bound = exact.gAbsolute[k].times(gamma);
        if (error.gt(bound)) failures.push(`seed ${s}: g[${k}] off by ${error.toExponential(3)} > ${bound.toExponential(3)}`);
      });
    }
    expect(failures).toEqual([]);
    // The bound is not vacuous: the largest error is a visible fraction of it on some instance.
    expect(largest).toBeGreaterThan(1e-4);
  });

  it("a wrong moment is caught: G doubled, m without its 1/n", () => {
    const { X, y, b, n, d } = instance("linear-risk/known-bad/1");
    const moments = linearMoments(X, y);
    const exact = reference(X, y, b, moments.fit);
    const bound = exact.absolute.times(gammaOf(chain(n, d)));
    const doubled = linearRisk({ ...moments, gram: moments.gram.map((v) => 2 * v) }, b);
    const unscaled = linearRisk({ ...moments, fitRisk: moments.fitRisk * n }, b);
    expect(n).toBeGreaterThan(1);
    expect(new D(unscaled.value).minus(exact.value).abs().gt(bound)).toBe(true);
    expect(new D(doubled.value).minus(exact.value).abs().gt(bound)).toBe(true);
    const gBound = exact.gAbsolute.map((a) => a.times(gammaOf(chain(n, d))));
    expect(doubled.g.some((gk, k) => new D(gk).minus(exact.g[k]).abs().gt(gBound[k]))).toBe(true);
  });
});
