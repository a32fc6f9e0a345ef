/**
 * Candidate generators of the dana2025 trajectory entries. A network whose pre-activations are
 * all ≤ 0 never moves under the flow, so every statement about the flow holds on it trivially:
 * the generators draw live networks (some pair active at t = 0), and Theorem 1's draws the good
 * event G of Lemma 5 as well, so that min_i |h(x_i)/y_i| stays away from 0 and the bound bites.
 * The entries still count any frozen run they are given (a stored example, a shrunk candidate)
 * as vacuous.
 */
import fc from "fast-check";
import type { Candidate, Settings } from "../../../src/check/property.js";
import { InputError } from "../../../src/io/inputError.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import { assumption1Weak, assumption2 } from "./assumptions.js";
import { lawCandidate, shortDecimalCandidate } from "./generators.js";
import { regimeN, theorem1RegimeCandidate } from "./theorem1Regime.js";

const asNumbers = (rows: readonly (readonly (number | string)[])[]) => rows.map((row) => row.map(Number));

/** ⟨w_j, x_i⟩ in double for every pair (i, j): the generators' steering, not a decision. */
function preactivations(file: InstanceFile): number[][] {
  const X = asNumbers(file.data.X);
  const W = asNumbers(file.params.W);
  return X.map((x) => W.map((w) => w.reduce((t, v, k) => t + v * x[k], 0)));
}

/** Some pair is active at t = 0, so the flow moves. */
export function isLive(candidate: Candidate): boolean {
  return preactivations(candidate.file).some((row) => row.some((z) => z > 0));
}

/** Lemma 5's good event G in double: every sample has a neuron with a_j·y_i > 0 active on it. */
export function hasGoodEvent(candidate: Candidate): boolean {
  const a = candidate.file.params.a.map(Number);
  const y = candidate.file.data.y.map(Number);
  return preactivations(candidate.file).every((row, i) => row.some((z, j) => z > 0 && a[j] * y[i] > 0));
}

/** Small live instances of every data and initialization law (relu, mean-field), for "any init" entries. */
export function anyInitCandidate(settings: fc.Arbitrary<Settings> = fc.constant({})): fc.Arbitrary<Candidate> {
  const sizes = { n: { min: 1, max: 4 }, d: { min: 1, max: 4 }, p: { min: 1, max: 4 } };
  return fc
    .oneof(
      ...(["gaussian", "pytorch", "asymmetric", "balanced", "small"] as const).map((law) =>
        lawCandidate({ ...sizes, data: { law: law === "small" ? "gaussian" : "shell" }, init: { law } }, settings),
      ),
      lawCandidate({ ...sizes, data: { law: "orthogonal" }, init: { law: "gaussian" } }, settings),
      shortDecimalCandidate({ init: "any", settings }),
    )
    .filter(isLive);
}

/**
 * Largest n of Theorem 1's trajectory candidates. The cost of a run grows steeply with n·p through
 * the integrator's kink events: measured on this machine under load, n = 4, p = 6 takes 1–2 s,
 * n = 6, p = 8 5–9 s, n = 16, p = 16 60–90 s (fast kernels save ~20%), so the regime of large n is
 * left to the pointwise entry dana2025/theorem1-pl-bound.
 */
export const THEOREM1_FLOW_MAX_N = 5;

/**
 * Candidates meeting Theorem 1's assumptions (Assumption-2 encoding with κ = 1/2, A1, data
 * bounds) on event G. By default (the cost of `check`): near-orthogonal or orthogonal data,
 * asymmetric initializations, n from 1 to {@link THEOREM1_FLOW_MAX_N} (n = 1 one draw in twenty,
 * n ≥ 4 in about five of eight), p from n to n + 2 (G then holds in about half the draws; the others
 * are filtered out); short-decimal near-orthogonal instances too. With `sizes` (hunt's settings n,
 * maxN): Theorem 1's own regime at those n (lib/theorem1Regime.ts: d up to n², p = ⌈4 log(n/ε)⌉).
 * With assumption2 dropped: shell data (uniform directions). With A1 dropped: Gaussian initializations.
 */
export function theorem1FlowCandidate(dropped: ReadonlySet<string>, sizes?: { min: number; max: number }): fc.Arbitrary<Candidate> {
  const init = dropped.has(assumption1Weak.name) ? ({ law: "gaussian" } as const) : ({ law: "asymmetric" } as const);
  if (sizes) {
    // Theorem 1's own regime at the sizes asked: d in [n, n²], p = ⌈4 log(n/ε)⌉ (lib/theorem1Regime.ts).
    const n = sizes.min === sizes.max ? fc.constant(sizes.min) : regimeN(sizes.max).filter((k) => k >= sizes.min);
    return theorem1RegimeCandidate({ n, init, dataLaw: dropped.has(assumption2.name) ? "shell" : "near-orthogonal" }).filter(hasGoodEvent);
  }
  const dataLaws = dropped.has(assumption2.name) ? (["shell"] as const) : (["near-orthogonal", "orthogonal"] as const);
  // n = 1 one draw in twenty; n = 4, 5 twice as often as n = 2, 3 (most runs at n ≥ 4).
  const n = fc.oneof(
    { weight: 2, arbitrary: fc.constant(1) },
    { weight: 13, arbitrary: fc.integer({ min: 2, max: 3 }) },
    { weight: 25, arbitrary: fc.integer({ min: 4, max: THEOREM1_FLOW_MAX_N }) },
  );
  const lawDrawn = fc
    .tuple(n, fc.constantFrom(...dataLaws))
    .chain(([size, law]) => lawCandidate({ n: { min: size, max: size }, d: { min: size, max: size + 2 }, p: { min: size, max: size + 2 }, data: { law }, init }));
  const shortDecimal = shortDecimalCandidate({
    data: dropped.has(assumption2.name) ? "general" : "near-orthogonal",
    init: dropped.has(assumption1Weak.name) ? "any" : "A1",
    n: fc.integer({ min: 2, max: 5 }),
    p: fc.integer({ min: 3, max: 6 }),
  });
  return fc.oneof({ weight: 4, arbitrary: lawDrawn }, { weight: 1, arbitrary: shortDecimal }).filter(hasGoodEvent);
}

/**
 * Largest n `hunt --n` / `--setting maxN=` accepts for the Theorem 1 trajectory entries. Those
 * settings switch to Theorem 1's regime (width ⌈4 log(n/ε)⌉, d up to n²), measured on this machine
 * under load at 5–20 s a run for n = 3, 15–90 s for n = 5, 30–120 s for n = 8.
 */
const LARGEST_CONFIGURABLE_N = 64;

/**
 * The size range `hunt` asks of the Theorem 1 trajectory entries: settings n (exactly n) or maxN
 * (2 to maxN), so the regime of larger n can be searched at its cost.
 *
 * @throws Error naming the setting (hunt reports it as a bad --setting).
 */
export function theorem1FlowSizes(settings: Settings): { min: number; max: number } {
  const unknown = Object.keys(settings).find((key) => key !== "n" && key !== "maxN");
  if (unknown !== undefined) throw new InputError(`${unknown} is not a setting of the Theorem 1 trajectory entries (they take n or maxN)`);
  const read = (key: "n" | "maxN", fallback: number) => {
    const value = settings[key] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > LARGEST_CONFIGURABLE_N) {
      throw new InputError(`${key} must be an integer from 1 to ${LARGEST_CONFIGURABLE_N}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  if (settings.n !== undefined) {
    const n = read("n", 1);
    return { min: n, max: n };
  }
  return { min: Math.min(2, read("maxN", THEOREM1_FLOW_MAX_N)), max: read("maxN", THEOREM1_FLOW_MAX_N) };
}
