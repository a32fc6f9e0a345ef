/**
 * Candidate generators for the dana2025 entries.
 *
 * - {@link shortDecimalCandidate}: every number a short decimal string (k/1000): exact in the
 *   rational field for any sizes, and in decimal arithmetic too when n and p are of the form
 *   2^a·5^b (1/n and 1/p terminate). Assumption 1 is met by construction when asked, exactly:
 *   a_j = ±(m_j/1000 + e_j) with m_j the least integer with m_j² ≥ 10⁶‖w_j‖².
 * - {@link theorem1Candidate}: instances meeting Theorem 1's assumptions (shared by its two trajectory entries).
 * - {@link lawCandidate}: the seeded laws of src/random (shell, orthogonal, near-orthogonal data;
 *   asymmetric, Gaussian, … inits) through their fast-check arbitraries, for trajectories.
 */
import fc from "fast-check";
import { float64Field } from "../../../src/field/float64.js";
import { instanceToFile } from "../../../src/io/instanceFile.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import type { Candidate, Settings } from "../../../src/check/property.js";
import type { ActivationName } from "../../../src/model/activation.js";
import type { Scaling } from "../../../src/model/instance.js";
import { instanceArbitrary, type InstanceConstraints } from "../../../src/random/arbitraries.js";
import { assumption1Weak, assumption2 } from "./assumptions.js";

/**
 * "general": entries in [−2, 2]; "orthogonal": ρ_i e_i, ρ_i ∈ [1, 2]; "near-orthogonal": plus
 * off-axis entries of size ≤ δ, δ·n ≤ 0.1; "shared-direction": ρ_i e_i + t_i e_{d−1} (d ≥ n + 1),
 * so ⟨x_i, x_k⟩ = t_i t_k, with |t_i| ≤ τ the largest with (n − 1)τ² ≤ sharedKappa: the
 * Assumption-2 encoding (n−1)ρ ≤ κ(C_x^-)² holds for κ ≥ sharedKappa and the largest products reach it.
 */
export type ShortDecimalData = "general" | "orthogonal" | "near-orthogonal" | "shared-direction";
/**
 * "A1"/"A1-strict": |a_j| ≥ (>) ‖w_j‖ exactly; "any": a and W independent; "A1-violated": the
 * region where Assumption 1 fails, |a_j| = u_j·‖w_j‖ rounded down with u_j ∈ [0, 1) and larger W
 * (entries up to 5), where a hunt with A1 dropped should look. "A1-balanced": |a_j| = m_j/1000, the
 * least short decimal ≥ ‖w_j‖ (Assumption 1 as near equality as short decimals allow).
 */
export type ShortDecimalInit = "A1" | "A1-strict" | "any" | "A1-violated" | "A1-balanced";

export interface ShortDecimalShape {
  n?: fc.Arbitrary<number>;
  d?: fc.Arbitrary<number>;
  p?: fc.Arbitrary<number>;
  data?: ShortDecimalData;
  init?: ShortDecimalInit;
  activation?: ActivationName;
  scaling?: Scaling;
  settings?: fc.Arbitrary<Settings>;
  /**
   * Every sample active for some neuron (⟨w_j, x_i⟩ > 0), so no E_i and no output is 0 for want of
   * an active neuron: W is adjusted before |a_j| is set, so the init's Assumption-1 status is kept.
   */
  everySampleActive?: boolean;
  /** κ of "shared-direction" data (default 1/2). */
  sharedKappa?: number;
  /** ρ_i = 1 (orthogonal kinds) and |y_i| = 1: C_x^- = C_x^+ (up to off-axis entries) and C_y^- = |y_i|. */
  unitScale?: boolean;
}

const thousandths = (k: number) => (k / 1000).toFixed(3);
const integerIn = (min: number, max: number) => fc.integer({ min, max });
const fixedLength = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

/** Least integer m with m² ≥ K. */
function ceilSqrt(K: number): number {
  let m = Math.ceil(Math.sqrt(K));
  while (m * m < K) m++;
  while (m > 0 && (m - 1) * (m - 1) >= K) m--;
  return m;
}

/** Labels with |y_i| ∈ [1, 2] (dana2025 Exp 1's law, C_y^- = 1, C_y^+ = 2), or |y_i| = 1 with `unit`; random signs. */
function labels(n: number, unit = false): fc.Arbitrary<string[]> {
  return fixedLength(fc.tuple(fc.boolean(), integerIn(1000, unit ? 1000 : 2000)), n).map((ys) => ys.map(([negative, k]) => thousandths(negative ? -k : k)));
}

/** Largest τ (in thousandths) with (n − 1)·τ² ≤ κ·10⁶, in integers; 1000 for n = 1. */
function sharedBound(n: number, kappa: number): number {
  if (n <= 1) return 1000;
  let tau = Math.floor(1000 * Math.sqrt(kappa / (n - 1))) + 1;
  while ((n - 1) * tau * tau > kappa * 1e6) tau--;
  return tau;
}

/** Inputs in thousandths. */
function inputs(n: number, d: number, data: ShortDecimalData, kappa = 0.5, unit = false): fc.Arbitrary<number[][]> {
  const norm = integerIn(1000, unit ? 1000 : 2000);
  if (data === "general") return fixedLength(fixedLength(integerIn(-2000, 2000), d), n);
  if (data === "shared-direction") {
    const tau = sharedBound(n, kappa);
    return fc.tuple(fixedLength(norm, n), fixedLength(integerIn(-tau, tau), n)).map(([norms, t]) =>
      norms.map((rho, i) => Array.from({ length: d }, (_, k) => (k === i ? rho : k === d - 1 ? t[i] : 0))),
    );
  }
  // ρ_i e_i with ρ_i ∈ [1, 2]; near-orthogonal adds off-axis entries of size ≤ δ, δ·n ≤ 0.1.
  const delta = data === "near-orthogonal" ? Math.max(1, Math.floor(100 / n)) : 0;
  return fc.tuple(fixedLength(norm, n), fixedLength(fixedLength(integerIn(-delta, delta), d), n)).map(([norms, noise]) =>
    norms.map((rho, i) => noise[i].map((e, k) => (k === i ? rho : e))),
  );
}

/** The integers an initialization is drawn from (thousandths), before |a_j| is set from ‖w_j‖. */
interface InitializationDraw {
  W: number[][];
  /** Per neuron: a sign and an integer (excess over ⌈1000‖w_j‖⌉, raw |a_j|, or a fraction in thousandths, by init). */
  a: [boolean, number][];
}

function initializationDraw(p: number, d: number, init: ShortDecimalInit): fc.Arbitrary<InitializationDraw> {
  const signed = (min: number, max: number) => fixedLength(fc.tuple(fc.boolean(), integerIn(min, max)), p);
  if (init === "A1-violated") return fc.record({ W: fixedLength(fixedLength(integerIn(-5000, 5000), d), p), a: signed(0, 999) });
  const W = fixedLength(fixedLength(integerIn(-1000, 1000), d), p);
  // "any": a_j uniform in [−2, 2] (thousandths), drawn as an integer in [−2000, 2000].
  if (init === "any") return fc.record({ W, a: fixedLength(integerIn(-2000, 2000), p).map((as) => as.map((k): [boolean, number] => [k < 0, Math.abs(k)])) });
  return fc.record({ W, a: signed(init === "A1-strict" ? 1 : 0, init === "A1-balanced" ? 0 : 2000) });
}

/** (W, a) as short decimals: |a_j| from the draw and ‖w_j‖ as the init asks (see ShortDecimalInit). */
function finishInitialization({ W, a }: InitializationDraw, init: ShortDecimalInit): { W: string[][]; a: string[] } {
  const squared = (row: readonly number[]) => row.reduce((t, k) => t + k * k, 0);
  return {
    W: W.map((row) => row.map(thousandths)),
    a: W.map((row, j) => {
      const [negative, k] = a[j];
      let magnitude: number;
      if (init === "any") magnitude = k;
      // m_j = ⌈1000‖w_j‖⌉ − 1 < 1000‖w_j‖ (or 0), so |a_j| = ⌊u·m_j/1000⌋/1000 < ‖w_j‖ whenever w_j ≠ 0.
      else if (init === "A1-violated") magnitude = Math.floor((k * Math.max(0, ceilSqrt(squared(row)) - 1)) / 1000);
      // |a_j| = m_j/1000 + excess/1000 ≥ ‖w_j‖ exactly; strict when excess ≥ 1 or m_j² > 10⁶‖w_j‖².
      else magnitude = ceilSqrt(squared(row)) + k;
      return thousandths(negative ? -magnitude : magnitude);
    }),
  };
}

/**
 * Makes every sample active for some neuron (⟨w_j, x_i⟩ > 0), in integers: for a sample with none,
 * neuron (i + pass) mod p gets the coordinate where |x_i| is largest set, with its sign, just large
 * enough. On orthogonal data that touches no other sample; elsewhere a later pass repairs what it
 * broke, and a sample still dead after n + p passes is left (the evaluation counts it).
 */
function activateEverySample(X: readonly number[][], W: number[][]): number[][] {
  const out = W.map((row) => row.slice());
  const z = (i: number, j: number) => X[i].reduce((t, v, k) => t + v * out[j][k], 0);
  for (let pass = 0; pass < X.length + out.length; pass++) {
    const dead = X.findIndex((_, i) => out.every((__, j) => z(i, j) <= 0));
    if (dead < 0) break;
    const j = (dead + pass) % out.length;
    const x = X[dead];
    const k = x.reduce((best, v, m) => (Math.abs(v) > Math.abs(x[best]) ? m : best), 0);
    if (x[k] === 0) break;
    const rest = z(dead, j) - x[k] * out[j][k];
    // Smallest |w_jk| (in thousandths) with x_k·w_jk > −rest, and at least its old size.
    const needed = Math.max(0, Math.floor(-rest / Math.abs(x[k])) + 1);
    out[j][k] = Math.sign(x[k]) * Math.max(needed, Math.abs(out[j][k]), 1);
  }
  return out;
}

/** Candidates with short-decimal numbers (see the file comment). Orthogonal data force d ≥ n (shared-direction: d ≥ n + 1). */
export function shortDecimalCandidate(shape: ShortDecimalShape = {}): fc.Arbitrary<Candidate> {
  const data = shape.data ?? "general";
  const init = shape.init ?? "A1";
  const nArb = shape.n ?? integerIn(1, 5);
  const pArb = shape.p ?? integerIn(1, 5);
  const settings = shape.settings ?? fc.constant({});
  return fc
    .tuple(nArb, pArb, shape.d ?? integerIn(1, 5))
    .map(([n, p, d]) => [n, p, data === "general" ? d : Math.max(d, data === "shared-direction" ? n + 1 : n)] as const)
    .chain(([n, p, d]) =>
      fc.record({ X: inputs(n, d, data, shape.sharedKappa, shape.unitScale), y: labels(n, shape.unitScale), params: initializationDraw(p, d, init), settings }).map(
        ({ X, y, params, settings: s }): Candidate => ({
          file: {
            model: { activation: shape.activation ?? "relu", scaling: shape.scaling ?? "mean-field" },
            data: { X: X.map((row) => row.map(thousandths)), y },
            params: finishInitialization(shape.everySampleActive ? { ...params, W: activateEverySample(X, params.W) } : params, init),
          } as InstanceFile,
          settings: s,
        }),
      ),
    );
}

/** Candidates from the seeded laws of src/random (doubles), for trajectory and Monte Carlo entries. */
export function lawCandidate(constraints: InstanceConstraints, settings: fc.Arbitrary<Settings> = fc.constant({})): fc.Arbitrary<Candidate> {
  return fc.tuple(instanceArbitrary(constraints), settings).map(([instance, s]) => ({ file: instanceToFile(float64Field, instance), settings: s }));
}

/**
 * Candidates meeting Theorem 1's assumptions (Assumption-2 encoding with κ = 1/2, A1, data bounds):
 * near-orthogonal data at the encoding's default correlation bound, exactly orthogonal data,
 * asymmetric initializations; short-decimal near-orthogonal instances too. With assumption2 dropped:
 * shell data (uniform directions, correlations up to ‖x_i‖‖x_k‖).
 */
export function theorem1Candidate(dropped: ReadonlySet<string>): fc.Arbitrary<Candidate> {
  const sizes = { n: { min: 1, max: 4 }, d: { min: 1, max: 5 }, p: { min: 1, max: 4 } };
  const init = dropped.has(assumption1Weak.name) ? ({ law: "gaussian" } as const) : ({ law: "asymmetric" } as const);
  if (dropped.has(assumption2.name)) {
    return fc.oneof(lawCandidate({ ...sizes, n: { min: 2, max: 4 }, data: { law: "shell" }, init }), shortDecimalCandidate({ data: "general", init: "A1" }));
  }
  return fc.oneof(
    lawCandidate({ ...sizes, data: { law: "near-orthogonal" }, init }),
    lawCandidate({ ...sizes, data: { law: "orthogonal" }, init }),
    shortDecimalCandidate({ data: "near-orthogonal", init: dropped.has(assumption1Weak.name) ? "any" : "A1" }),
  );
}
