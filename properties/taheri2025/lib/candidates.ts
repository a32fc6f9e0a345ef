/**
 * Exact stationary-point candidates for the taheri2025 entries (fast-check arbitraries), and the
 * degenerate candidates the hunts need when an assumption is dropped.
 */
import fc from "fast-check";
import type { Candidate, Settings } from "../../../src/check/property.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import { gammaStationary, variantAStationary, variantBStationary, type RawProblem } from "../../../src/penalized/stationaryPoints.js";
import { rawProblem, withTuning } from "./generators.js";

export type StationaryKind = "linear-A" | "linear-B" | "relu-gamma";

const defined = <T,>(x: T | undefined): x is T => x !== undefined;
const hundredths = (k: number) => (k / 100).toFixed(2);

/** Θ = I + entries in [−δ, δ] (w = d), as decimals. */
export function nearIdentityTheta(d: number, delta: number): fc.Arbitrary<string[][]> {
  const k = Math.round(100 * delta);
  return fc.array(fc.array(fc.integer({ min: -k, max: k }), { minLength: d, maxLength: d }), { minLength: d, maxLength: d }).map((rows) => rows.map((row, j) => row.map((v, i) => hundredths(v + (i === j ? 100 : 0)))));
}

/**
 * An exact stationary point of the given kind, with r = (tuning factor)·r_orc:
 * - linear-A: variant A coordinate atoms of the Lasso at λ = r (w = 3);
 * - linear-B: the converse of the variant B characterization (src/penalized/stationaryPoints.ts) with m ∈ {1, 2, 3} active neurons of w = 3, q chosen so that
 *   ‖γ̃‖₁ = m·S₀·q is a fraction `reasonableShare` of √log n (default in [0.3, 1]);
 * - relu-gamma: Θ̃ near the identity (±deltaTilde), γ̃ the exact Lasso in relu(XΘ̃ᵀ) (γ-stationary).
 * `n`: the sample sizes of the linear kinds (default 5, 8, 10).
 */
export function stationaryCandidate(kind: StationaryKind, options: { tuning?: [number, number]; deltaTilde?: number; settings?: Settings; sigma?: number[]; n?: number[] } = {}): fc.Arbitrary<Candidate> {
  const [lo, hi] = options.tuning ?? [1, 3];
  const tuning = fc.integer({ min: Math.round(lo * 100), max: Math.round(hi * 100) }).map((k) => k / 100);
  const settings = options.settings ?? {};
  if (kind === "relu-gamma") {
    const raw = rawProblem({ n: [8, 10], d: [2, 3], wStar: [2], activation: "relu", truth: "near-identity", sigma: options.sigma ?? [0.1, 0.5] });
    return raw
      .chain((r) => fc.tuple(fc.constant(r), nearIdentityTheta(r.X[0].length, options.deltaTilde ?? 0.1), tuning))
      .map(([r, theta, factor]) => gammaStationary(withTuning(r, factor, theta), theta, "C", settings))
      .filter(defined);
  }
  const raw = rawProblem({ n: options.n ?? [5, 8, 10], d: [2, 3], wStar: [1, 2], activation: "identity", truth: "dense", sigma: options.sigma ?? [0.1, 0.5] });
  if (kind === "linear-A") return fc.tuple(raw, tuning).map(([r, factor]) => variantAStationary(withTuning(r, factor), 3, settings)).filter(defined);
  return fc
    .tuple(raw, tuning, fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.integer({ min: 30, max: 100 }))
    .map(([r, factor, m, signs, share]) => {
      const tuned: RawProblem = withTuning(r, factor);
      const eta = Math.sqrt(Math.log(r.X.length));
      // q = share·η/(m·S₀), two significant digits rounded down: ‖γ̃‖₁ = m·S₀·q ≤ share·η.
      const chooseQ = (S0: number) => {
        const target = ((share / 100) * eta) / (m * S0);
        const exponent = Math.floor(Math.log10(target)) - 1;
        return (Math.max(1, Math.floor(target / 10 ** exponent)) * 10 ** exponent).toPrecision(2);
      };
      return variantBStationary(tuned, 3, m, chooseQ, signs, settings);
    })
    .filter(defined);
}

/** One of the three kinds, uniformly. */
export function anyStationaryCandidate(options: Parameters<typeof stationaryCandidate>[1] = {}): fc.Arbitrary<Candidate> {
  return fc.oneof(stationaryCandidate("linear-A", options), stationaryCandidate("linear-B", options), stationaryCandidate("relu-gamma", options));
}

/** The candidate with γ moved off its stationary value: a_j += k/10 for one j (k ≠ 0) — the region where stationarity fails. */
export function perturbGamma(candidate: fc.Arbitrary<Candidate>): fc.Arbitrary<Candidate> {
  return candidate.chain((c) =>
    fc.tuple(fc.integer({ min: 0, max: c.file.params.a.length - 1 }), fc.integer({ min: -20, max: 20 }).filter((k) => k !== 0)).map(([j, k]) => {
      const copy = structuredClone(c);
      copy.file.params.a[j] = (Number(copy.file.params.a[j]) + k / 10).toPrecision(12);
      return copy;
    }),
  );
}

/** A one-sample, one-input, one-neuron linear network (x = 1, Θ = 1): the hand-computed known bad cases. */
export function scalarCandidate(y: string, gamma: string, r: string, settings: Settings = {}): Candidate {
  return {
    file: { model: { activation: "identity", scaling: "standard" }, data: { X: [["1"]], y: [y] }, params: { W: [["1"]], a: [gamma] } } as InstanceFile,
    settings: { r, penalty: "A", ...settings },
  };
}
