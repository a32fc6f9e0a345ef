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

export type ShortDecimalData = "general" | "orthogonal" | "near-orthogonal";
/**
 * "A1"/"A1-strict": |a_j| ≥ (>) ‖w_j‖ exactly; "any": a and W independent; "A1-violated": the
 * region where Assumption 1 fails, |a_j| = u_j·‖w_j‖ rounded down with u_j ∈ [0, 1) and larger W
 * (entries up to 5), where a hunt with A1 dropped should look.
 */
export type ShortDecimalInit = "A1" | "A1-strict" | "any" | "A1-violated";

export interface ShortDecimalShape {
  n?: fc.Arbitrary<number>;
  d?: fc.Arbitrary<number>;
  p?: fc.Arbitrary<number>;
  data?: ShortDecimalData;
  init?: ShortDecimalInit;
  activation?: ActivationName;
  scaling?: Scaling;
  settings?: fc.Arbitrary<Settings>;
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

/** Labels with |y_i| ∈ [1, 2] (dana2025 Exp 1's law, C_y^- = 1, C_y^+ = 2), random signs. */
function labels(n: number): fc.Arbitrary<string[]> {
  return fixedLength(fc.tuple(fc.boolean(), integerIn(1000, 2000)), n).map((ys) => ys.map(([negative, k]) => thousandths(negative ? -k : k)));
}

function inputs(n: number, d: number, data: ShortDecimalData): fc.Arbitrary<string[][]> {
  if (data === "general") return fixedLength(fixedLength(integerIn(-2000, 2000), d), n).map((X) => X.map((row) => row.map(thousandths)));
  // ρ_i e_i with ρ_i ∈ [1, 2]; near-orthogonal adds off-axis entries of size ≤ δ, δ·n ≤ 0.1.
  const delta = data === "near-orthogonal" ? Math.max(1, Math.floor(100 / n)) : 0;
  return fc.tuple(fixedLength(integerIn(1000, 2000), n), fixedLength(fixedLength(integerIn(-delta, delta), d), n)).map(([norms, noise]) =>
    norms.map((rho, i) => noise[i].map((e, k) => thousandths(k === i ? rho : e))),
  );
}

function initialization(p: number, d: number, init: ShortDecimalInit): fc.Arbitrary<{ W: string[][]; a: string[] }> {
  if (init === "A1-violated") {
    const large = fixedLength(fixedLength(integerIn(-5000, 5000), d), p);
    return fc.tuple(large, fixedLength(fc.tuple(fc.boolean(), integerIn(0, 999)), p)).map(([w, fractions]) => ({
      W: w.map((row) => row.map(thousandths)),
      a: w.map((row, j) => {
        const [negative, u] = fractions[j];
        // m_j = ⌊1000‖w_j‖⌋ − 1 < 1000‖w_j‖ (or 0), so |a_j| = ⌊u·m_j/1000⌋/1000 < ‖w_j‖ whenever w_j ≠ 0.
        const below = Math.max(0, ceilSqrt(row.reduce((t, k) => t + k * k, 0)) - 1);
        const magnitude = Math.floor((u * below) / 1000);
        return thousandths(negative ? -magnitude : magnitude);
      }),
    }));
  }
  const W = fixedLength(fixedLength(integerIn(-1000, 1000), d), p);
  if (init === "any") return fc.tuple(W, fixedLength(integerIn(-2000, 2000), p)).map(([w, a]) => ({ W: w.map((r) => r.map(thousandths)), a: a.map(thousandths) }));
  const minimumExcess = init === "A1-strict" ? 1 : 0;
  return fc.tuple(W, fixedLength(fc.tuple(fc.boolean(), integerIn(minimumExcess, 2000)), p)).map(([w, extras]) => ({
    W: w.map((row) => row.map(thousandths)),
    a: w.map((row, j) => {
      const [negative, excess] = extras[j];
      // |a_j| = m_j/1000 + excess/1000 ≥ ‖w_j‖ exactly; strict when excess ≥ 1 or m_j² > 10⁶‖w_j‖².
      const magnitude = ceilSqrt(row.reduce((s, k) => s + k * k, 0)) + excess;
      return thousandths(negative ? -magnitude : magnitude);
    }),
  }));
}

/** Candidates with short-decimal numbers (see the file comment). Orthogonal data force d ≥ n. */
export function shortDecimalCandidate(shape: ShortDecimalShape = {}): fc.Arbitrary<Candidate> {
  const data = shape.data ?? "general";
  const init = shape.init ?? "A1";
  const nArb = shape.n ?? integerIn(1, 5);
  const pArb = shape.p ?? integerIn(1, 5);
  const settings = shape.settings ?? fc.constant({});
  return fc
    .tuple(nArb, pArb, shape.d ?? integerIn(1, 5))
    .map(([n, p, d]) => [n, p, data === "general" ? d : Math.max(d, n)] as const)
    .chain(([n, p, d]) =>
      fc.record({ X: inputs(n, d, data), y: labels(n), params: initialization(p, d, init), settings }).map(
        ({ X, y, params, settings: s }): Candidate => ({
          file: {
            model: { activation: shape.activation ?? "relu", scaling: shape.scaling ?? "mean-field" },
            data: { X, y },
            params,
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
