/**
 * Initialization laws: p neurons (w_j ∈ R^d, a_j ∈ R) drawn from a {@link Random}.
 *
 * - gaussian: W_jk ~ N(0, scale²/d), a_j ~ N(0, scale²); scale defaults to 1, so ‖w_j‖ ≈ |a_j| ≈ 1.
 * - small: the same law with scale defaulting to 1e-3 (the small-initialization regime).
 * - pytorch: W_jk ~ U(−1/√d, 1/√d), a_j ~ U(−1/√p, 1/√p), the nn.Linear defaults (fan-in d, then p).
 * - asymmetric: dana2025 Assumption 1 as their code realizes it: W the PyTorch default
 *   times wScale (default 1; their Exp 2 uses 0.01), a_j = s_j(‖w_j‖ + e_j) with s_j Rademacher
 *   and e_j ~ Exp(1). Guarantee: |a_j| ≥ ‖w_j‖ for the exact norm of the returned doubles.
 * - balanced: W the PyTorch default, a_j = s_j‖w_j‖, so a_j² − ‖w_j‖² = 0 up to the rounding
 *   of one norm: |a_j² − ‖w_j‖²| ≤ γ_{d+2}‖w_j‖².
 * Every entry is a finite double.
 */
import { exponential, gaussian, rademacher, uniformBetween, type Random } from "./rng.js";
import { norm, normUpperBound } from "./rounding.js";
import { resolveInitOptions, type InitLawName, type InitOptions, type ResolvedInitOptions } from "./options.js";

/** The parameters an initialization produced, and its options after defaults. */
export interface InitSample {
  /** p rows of d first-layer weights. */
  W: number[][];
  /** p output weights. */
  a: number[];
  details: ResolvedInitOptions;
}

function pytorchFirstLayer(random: Random, p: number, d: number): number[][] {
  const bound = 1 / Math.sqrt(d);
  return Array.from({ length: p }, () => Array.from({ length: d }, () => uniformBetween(random, -bound, bound)));
}

/** W_jk ~ N(0, scale²/d), a_j ~ N(0, scale²) (the gaussian and small laws). */
function gaussianParameters(random: Random, p: number, d: number, scale: number): { W: number[][]; a: number[] } {
  const rowDeviation = scale / Math.sqrt(d);
  const W = Array.from({ length: p }, () => Array.from({ length: d }, () => rowDeviation * gaussian(random)));
  const a = Array.from({ length: p }, () => scale * gaussian(random));
  return { W, a };
}

function gaussianInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const details = resolveAs("gaussian", p, d, options);
  return { ...gaussianParameters(random, p, d, details.scale), details };
}

function smallInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const details = resolveAs("small", p, d, options);
  return { ...gaussianParameters(random, p, d, details.scale), details };
}

function pytorchInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const details = resolveAs("pytorch", p, d, options);
  const W = pytorchFirstLayer(random, p, d);
  const outputBound = 1 / Math.sqrt(p);
  const a = Array.from({ length: p }, () => uniformBetween(random, -outputBound, outputBound));
  return { W, a, details };
}

/**
 * a_j = s_j(‖w_j‖ + e_j). The norm used is a double ≥ the exact norm (see
 * {@link normUpperBound}, a relative change of ~d·2⁻⁵³): with the plain float norm, e_j = 0
 * (which u = 0 gives, and shrunk fast-check tapes are full of) could leave |a_j| one rounding
 * below ‖w_j‖ and break Assumption 1 in exact arithmetic.
 */
export function asymmetricInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const details = resolveAs("asymmetric", p, d, options);
  const W = pytorchFirstLayer(random, p, d).map((row) => row.map((value) => value * details.wScale));
  const a = W.map((row) => {
    const sign = rademacher(random);
    // Rounding is monotone, so adding e_j ≥ 0 to the upper bound never lands below it.
    return sign * (normUpperBound(row) + exponential(random));
  });
  return { W, a, details };
}

function balancedInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const details = resolveAs("balanced", p, d, options);
  const W = pytorchFirstLayer(random, p, d);
  const a = W.map((row) => rademacher(random) * norm(row));
  return { W, a, details };
}

function resolveAs<L extends InitLawName>(law: L, p: number, d: number, options: InitOptions): Extract<ResolvedInitOptions, { law: L }> {
  return resolveInitOptions(p, d, { ...options, law }) as Extract<ResolvedInitOptions, { law: L }>;
}

/** Every initialization law by name, each (random, p, d, options) → {@link InitSample}; options are validated first. */
export const INIT_LAWS: Record<InitLawName, (random: Random, p: number, d: number, options: InitOptions) => InitSample> = {
  gaussian: gaussianInit,
  pytorch: pytorchInit,
  asymmetric: asymmetricInit,
  balanced: balancedInit,
  small: smallInit,
};

/**
 * p neurons in R^d from the law `options.law`.
 *
 * @throws InputError naming the flag of the first invalid option (`--p`, `--init-scale`, …).
 */
export function sampleInit(random: Random, p: number, d: number, options: InitOptions): InitSample {
  const { law } = resolveInitOptions(p, d, options);
  return INIT_LAWS[law](random, p, d, options);
}
