/**
 * Data laws: n points x_i ∈ R^d with labels y_i, drawn from a {@link Random}.
 *
 * Guarantees (every output entry is a finite double):
 * - labels, every law: |y_i| ∈ [cyMin, cyMax] exactly, sign Rademacher (dana2025's experiments, as the authors' code draws them).
 * - gaussian: x_ik ~ N(0, scale²/d), so ‖x_i‖ ≈ scale.
 * - shell: x_i = ρ_i g_i/‖g_i‖, ρ_i ~ U[cxMin, cxMax], g_i standard Gaussian (dana2025 Exp 1).
 * - orthogonal: x_i = ρ_i e_i, so ⟨x_i, x_k⟩ = 0 exactly in float and ‖x_i‖ = ρ_i exactly (Exp 2).
 * - orthogonal-rotated: x_i = ρ_i q_i with q_1, …, q_n random orthonormal vectors.
 * - near-orthogonal: max_{i≠k} |⟨x_i, x_k⟩| ≤ correlation holds for the exact inner products
 *   of the returned doubles (certified, see {@link nearOrthogonalData}).
 * For shell, orthogonal-rotated and near-orthogonal, ‖x_i‖ = ρ_i·(1 + θ) with ρ_i ∈ [cxMin, cxMax]
 * and |θ| ≲ (d/2 + 3)·u: the points are rescaled to their target norm as the last step.
 */
import { gaussian, rademacher, uniformBetween, type Random } from "./rng.js";
import { absoluteDot, dot, gamma, norm, scaledToNorm } from "./rounding.js";
import { resolveDataOptions, type DataLawName, type DataLawOptions, type ResolvedDataLawOptions } from "./options.js";

/** What a data law produced: the data, and facts about this draw worth recording in the file. */
export interface DataSample {
  /** n rows of d inputs. */
  X: number[][];
  /** n labels. */
  y: number[];
  /** The law's options after defaults, plus per-draw facts (near-orthogonal: the certified correlation). */
  details: ResolvedDataLawOptions & Record<string, number | string>;
}

/** Resampling a degenerate draw this often means the stream itself is broken (it never is for a real RNG). */
const MAX_RESAMPLES = 10_000;

function resampleLimitReached(what: string): Error {
  return new Error(`random sampler: ${MAX_RESAMPLES} degenerate draws of ${what} in a row; the Random stream is not random`);
}

/** |y_i| ~ U[cyMin, cyMax] with an independent Rademacher sign. */
export function sampleLabels(random: Random, n: number, cyMin: number, cyMax: number): number[] {
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const magnitude = uniformBetween(random, cyMin, cyMax);
    labels.push(rademacher(random) * magnitude);
  }
  return labels;
}

function gaussianVector(random: Random, d: number, standardDeviation = 1): number[] {
  const vector: number[] = [];
  for (let k = 0; k < d; k++) vector.push(standardDeviation * gaussian(random));
  return vector;
}

/**
 * A uniformly random nonzero Gaussian vector, whose direction is uniform on the sphere. A draw
 * of exactly 0 (a tape of zeros gives one) is redrawn, since it has no direction.
 */
function nonzeroGaussianVector(random: Random, d: number): number[] {
  for (let attempt = 0; attempt < MAX_RESAMPLES; attempt++) {
    const vector = gaussianVector(random, d);
    if (vector.some((value) => value !== 0)) return vector;
  }
  throw resampleLimitReached("a Gaussian direction");
}

function sampleNorms(random: Random, n: number, cxMin: number, cxMax: number): number[] {
  return Array.from({ length: n }, () => uniformBetween(random, cxMin, cxMax));
}

/**
 * `count` ≤ d random orthonormal vectors of R^d (Haar-distributed frame): Gram–Schmidt on
 * Gaussian vectors, each orthogonalized twice against the previous ones ("twice is enough",
 * Giraud et al. 2005), which keeps |⟨q_i, q_k⟩| at the level of a few units of rounding.
 *
 * A candidate is redrawn when the second pass loses more than half of what the first left
 * (Kahan's criterion): the vector was then numerically inside the span of the previous ones.
 * Whether to redraw depends only on the candidate's angle to that span, so the accepted
 * direction stays uniform on the orthogonal complement and the frame stays Haar.
 */
function randomOrthonormalVectors(random: Random, count: number, d: number): number[][] {
  if (count > d) throw new RangeError(`randomOrthonormalVectors: ${count} orthonormal vectors do not fit in R^${d}`);
  const frame: number[][] = [];
  while (frame.length < count) {
    let accepted: number[] | undefined;
    for (let attempt = 0; attempt < MAX_RESAMPLES && accepted === undefined; attempt++) {
      const candidate = nonzeroGaussianVector(random, d);
      projectOutFrame(candidate, frame);
      const afterFirstPass = norm(candidate);
      projectOutFrame(candidate, frame);
      const afterSecondPass = norm(candidate);
      if (afterSecondPass > 0 && afterSecondPass >= afterFirstPass / 2) accepted = scaledToNorm(candidate, 1);
    }
    if (accepted === undefined) throw resampleLimitReached("an orthonormal frame vector");
    frame.push(accepted);
  }
  return frame;
}

/** v ← v − Σ_j ⟨q_j, v⟩ q_j, one vector at a time (modified Gram–Schmidt). */
function projectOutFrame(vector: number[], frame: readonly number[][]): void {
  for (const direction of frame) {
    const coefficient = dot(direction, vector);
    for (let k = 0; k < vector.length; k++) vector[k] -= coefficient * direction[k];
  }
}

/** x_ik ~ N(0, scale²/d). */
function gaussianData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const details = resolveAs("gaussian", n, d, options);
  const standardDeviation = details.scale / Math.sqrt(d);
  const X = Array.from({ length: n }, () => gaussianVector(random, d, standardDeviation));
  return { X, y: sampleLabels(random, n, details.cyMin, details.cyMax), details };
}

/** x_i = ρ_i g_i/‖g_i‖ with ρ_i ~ U[cxMin, cxMax]: uniform directions, norms spread over a shell. */
export function shellData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const details = resolveAs("shell", n, d, options);
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const radius = uniformBetween(random, details.cxMin, details.cxMax);
    X.push(scaledToNorm(nonzeroGaussianVector(random, d), radius));
  }
  return { X, y: sampleLabels(random, n, details.cyMin, details.cyMax), details };
}

/** ρ_i e_i in R^d, one per norm. */
function axisPoints(norms: readonly number[], d: number): number[][] {
  return norms.map((radius, i) => {
    const row = new Array<number>(d).fill(0);
    row[i] = radius;
    return row;
  });
}

/** x_i = ρ_i e_i (n ≤ d): exactly orthogonal in float, since distinct rows share no nonzero coordinate. */
export function orthogonalData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const details = resolveAs("orthogonal", n, d, options);
  const X = axisPoints(sampleNorms(random, n, details.cxMin, details.cxMax), d);
  return { X, y: sampleLabels(random, n, details.cyMin, details.cyMax), details };
}

/** x_i = ρ_i q_i with a random orthonormal frame q (n ≤ d): orthogonal data in general position. */
function rotatedOrthogonalData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const details = resolveAs("orthogonal-rotated", n, d, options);
  const norms = sampleNorms(random, n, details.cxMin, details.cxMax);
  const frame = randomOrthonormalVectors(random, n, d);
  const X = frame.map((direction, i) => scaledToNorm(direction, norms[i]));
  return { X, y: sampleLabels(random, n, details.cyMin, details.cyMax), details };
}

/**
 * Near-orthogonal data (n ≤ d): ‖x_i‖ = ρ_i ~ U[cxMin, cxMax] (up to the final rescaling's
 * rounding) and max_{i≠k} |⟨x_i, x_k⟩| ≤ correlation for the exact inner products of the
 * returned doubles.
 *
 * Construction: a target Gram matrix G with G_ii = ρ_i² and G_ik ~ U[−correlation, correlation],
 * its Cholesky factor L (G = LLᵀ), and x_i = Σ_k L_ik q_k for a random orthonormal frame q, so
 * that ⟨x_i, x_k⟩ = G_ik. When G is not positive definite its off-diagonal part is halved until
 * it is (always, eventually: the diagonal is positive).
 *
 * The float X only approximates G, so the bound is then certified on X itself: the float Gram
 * entry ĝ_ik is within γ_d·Σ_j|x_ij x_kj| of the exact one, and |ĝ_ik| + γ_{2d+4}·Σ_j|x_ij x_kj|
 * (the extra terms absorb the rounding of this very check) must not exceed the bound. If it does,
 * the off-diagonal part is shrunk and X rebuilt from the same draws. A bound below the rounding
 * level of any rotated frame ends in x_i = ρ_i e_i, which is exactly orthogonal.
 *
 * `details` records the off-diagonal factor finally used (`offDiagonalScale`), the largest
 * |G_ik| it gave (`targetCorrelation`), the largest float |ĝ_ik| (`maxCorrelation`) and the
 * certified bound (`certifiedCorrelation` ≤ correlation).
 */
function nearOrthogonalData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const details = resolveAs("near-orthogonal", n, d, options);
  const { correlation } = details;
  const norms = sampleNorms(random, n, details.cxMin, details.cxMax);
  // Strictly lower triangle of G, row by row: offDiagonal[i][k] for k < i.
  const offDiagonal = norms.map((_, i) => Array.from({ length: i }, () => uniformBetween(random, -correlation, correlation)));
  const frame = randomOrthonormalVectors(random, n, d);
  const y = sampleLabels(random, n, details.cyMin, details.cyMax);
  let largestDrawn = 0;
  for (const row of offDiagonal) for (const entry of row) largestDrawn = Math.max(largestDrawn, Math.abs(entry));

  let offDiagonalScale = 1;
  let failedCertifications = 0;
  // Bounds up to 1e200 over norms down to 1e-100 need ~1330 halvings at most; failed
  // certifications shrink ever faster (below) and end at scale 0 within a few dozen rounds.
  for (let round = 0; round < 2_000; round++) {
    // A 2×2 minor with |G_ik| > ρ_iρ_k already rules out positive definiteness: halve without
    // paying for a Cholesky factorization (a huge bound needs hundreds of halvings).
    const factor = exceedsCauchySchwarz(norms, offDiagonal, offDiagonalScale) ? undefined : choleskyFactor(norms, offDiagonal, offDiagonalScale);
    if (factor === undefined) {
      offDiagonalScale /= 2;
      continue;
    }
    const X = factor.map((row, i) => scaledToNorm(combineFrame(row, frame, d), norms[i]));
    const { maxCorrelation, certifiedCorrelation } = certifyCorrelation(X);
    if (certifiedCorrelation <= correlation) {
      const targetCorrelation = offDiagonalScale * largestDrawn;
      return { X, y, details: { ...details, offDiagonalScale, targetCorrelation, maxCorrelation, certifiedCorrelation } };
    }
    if (offDiagonalScale === 0) break;
    // Usually rounding pushed a target entry near the bound a hair over it, and shrinking by
    // 0.1% fixes that while barely changing the law. When the rounding level itself is close to
    // the bound that is not enough, so each further failure shrinks twice as hard.
    const shrink = Math.min(1 - 0.001 * 2 ** failedCertifications, correlation / certifiedCorrelation);
    failedCertifications++;
    offDiagonalScale = offDiagonalScale < 1e-6 || shrink <= 0 ? 0 : offDiagonalScale * shrink;
  }
  // The bound is below what any rotated frame can certify in float: use the coordinate axes.
  return {
    X: axisPoints(norms, d),
    y,
    details: { ...details, offDiagonalScale: 0, targetCorrelation: 0, maxCorrelation: 0, certifiedCorrelation: 0, frame: "coordinate axes" },
  };
}

function exceedsCauchySchwarz(norms: readonly number[], offDiagonal: readonly number[][], scale: number): boolean {
  return offDiagonal.some((row, i) => row.some((entry, k) => Math.abs(scale * entry) > norms[i] * norms[k]));
}

/** Lower-triangular L with LLᵀ = G (G_ii = ρ_i², G_ik = scale·offDiagonal), or undefined if G is not positive definite in float. */
function choleskyFactor(norms: readonly number[], offDiagonal: readonly number[][], scale: number): number[][] | undefined {
  const n = norms.length;
  const L: number[][] = norms.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) {
      let entry = i === k ? norms[i] * norms[i] : scale * offDiagonal[i][k];
      for (let j = 0; j < k; j++) entry -= L[i][j] * L[k][j];
      if (i === k) {
        if (!(entry > 0)) return undefined;
        L[i][i] = Math.sqrt(entry);
      } else {
        L[i][k] = entry / L[k][k];
      }
    }
  }
  return L;
}

/** Σ_k coefficients_k · frame_k, a point of R^d. */
function combineFrame(coefficients: readonly number[], frame: readonly number[][], d: number): number[] {
  const point = new Array<number>(d).fill(0);
  coefficients.forEach((coefficient, k) => {
    if (coefficient === 0) return;
    for (let j = 0; j < d; j++) point[j] += coefficient * frame[k][j];
  });
  return point;
}

/**
 * The largest float |⟨x_i, x_k⟩| over i ≠ k, and a bound on the largest exact one: the float
 * inner product of length d is within γ_d·Σ_j|x_ij x_kj| of the exact value, and using γ_{2d+4}
 * also covers the rounding of computing that magnitude and of the final addition.
 */
export function certifyCorrelation(X: readonly number[][]): { maxCorrelation: number; certifiedCorrelation: number } {
  const slackFactor = gamma(2 * (X[0]?.length ?? 0) + 4);
  let maxCorrelation = 0;
  let certifiedCorrelation = 0;
  for (let i = 0; i < X.length; i++) {
    for (let k = 0; k < i; k++) {
      const inner = Math.abs(dot(X[i], X[k]));
      maxCorrelation = Math.max(maxCorrelation, inner);
      certifiedCorrelation = Math.max(certifiedCorrelation, inner + slackFactor * absoluteDot(X[i], X[k]));
    }
  }
  return { maxCorrelation, certifiedCorrelation };
}

function resolveAs<L extends DataLawName>(law: L, n: number, d: number, options: DataLawOptions): Extract<ResolvedDataLawOptions, { law: L }> {
  return resolveDataOptions(n, d, { ...options, law }) as Extract<ResolvedDataLawOptions, { law: L }>;
}

/** Every data law by name, each (random, n, d, options) → {@link DataSample}; options are validated first. */
export const DATA_LAWS: Record<DataLawName, (random: Random, n: number, d: number, options: DataLawOptions) => DataSample> = {
  gaussian: gaussianData,
  shell: shellData,
  orthogonal: orthogonalData,
  "orthogonal-rotated": rotatedOrthogonalData,
  "near-orthogonal": nearOrthogonalData,
};

/**
 * n points in R^d from the law `options.law`.
 *
 * @throws InputError naming the flag of the first invalid option (e.g. `--n` when an
 *   orthogonal law gets n > d, `--cx-min` when cxMin > cxMax).
 */
export function sampleData(random: Random, n: number, d: number, options: DataLawOptions): DataSample {
  const { law } = resolveDataOptions(n, d, options);
  return DATA_LAWS[law](random, n, d, options);
}
