/**
 * Options of the random laws: names, defaults, and validation.
 *
 * Every invalid value is an {@link InputError} whose one line starts with the command-line flag
 * that sets it (`--cx-min: …`), whether the options came from `shallowcheck sample` or from
 * code, so a user always learns which knob to turn.
 */
import { InputError } from "../io/inputError.js";

export const DATA_LAW_NAMES = ["gaussian", "shell", "orthogonal", "orthogonal-rotated", "near-orthogonal"] as const;
export type DataLawName = (typeof DATA_LAW_NAMES)[number];

export const INIT_LAW_NAMES = ["gaussian", "pytorch", "asymmetric", "balanced", "small"] as const;
export type InitLawName = (typeof INIT_LAW_NAMES)[number];

/**
 * A data law and its options; omitted options take the defaults below. An option the chosen
 * law does not use is rejected rather than ignored, since it is usually a mistake.
 */
export interface DataLawOptions {
  law: DataLawName;
  /** gaussian: x_ik ~ N(0, scale²/d), so ‖x_i‖ ≈ scale. Default 1. */
  scale?: number;
  /** Smallest norm ‖x_i‖ (all laws but gaussian). Default 1, as in dana2025 Exp 1. */
  cxMin?: number;
  /** Largest norm ‖x_i‖ (all laws but gaussian). Default 2, as in dana2025 Exp 1. */
  cxMax?: number;
  /** Smallest |y_i|; must be > 0 so that r_i/y_i is defined (dana2025's data constant C_y^- > 0, our reading). Default 1. */
  cyMin?: number;
  /** Largest |y_i|. Default 2. */
  cyMax?: number;
  /**
   * near-orthogonal: the bound on max_{i≠k} |⟨x_i, x_k⟩|, in [1e-200, 1e200] (it bounds products
   * of two norms). Default cxMin²/(2(n−1)), the suite's encoding (n−1)·ρ ≤ (C_x^-)²/2 of
   * dana2025's Assumption 2 (our reading); cxMin²/2 when n = 1, where it constrains nothing.
   */
  correlation?: number;
}

/** Data options after defaults: exactly the fields the law uses, all set. */
export type ResolvedDataLawOptions =
  | { law: "gaussian"; scale: number; cyMin: number; cyMax: number }
  | { law: "shell"; cxMin: number; cxMax: number; cyMin: number; cyMax: number }
  | { law: "orthogonal"; cxMin: number; cxMax: number; cyMin: number; cyMax: number }
  | { law: "orthogonal-rotated"; cxMin: number; cxMax: number; cyMin: number; cyMax: number }
  | { law: "near-orthogonal"; cxMin: number; cxMax: number; cyMin: number; cyMax: number; correlation: number };

/** An initialization law and its options; omitted options take the defaults below. */
export interface InitOptions {
  law: InitLawName;
  /**
   * gaussian and small: W_jk ~ N(0, scale²/d) (so ‖w_j‖ ≈ scale) and a_j ~ N(0, scale²).
   * Default 1 for gaussian, 1e-3 for small.
   */
  scale?: number;
  /** asymmetric: factor on the PyTorch-default W. Default 1; dana2025's Exp 2 uses 0.01. */
  wScale?: number;
}

export type ResolvedInitOptions =
  | { law: "gaussian"; scale: number }
  | { law: "small"; scale: number }
  | { law: "pytorch" }
  | { law: "balanced" }
  | { law: "asymmetric"; wScale: number };

/** The command-line flag of each option, used to name it in error messages. */
export const OPTION_FLAGS = {
  n: "--n",
  d: "--d",
  p: "--p",
  dataLaw: "--data",
  initLaw: "--init",
  scale: "--x-scale",
  cxMin: "--cx-min",
  cxMax: "--cx-max",
  cyMin: "--cy-min",
  cyMax: "--cy-max",
  correlation: "--correlation",
  initScale: "--init-scale",
  wScale: "--w-scale",
  seed: "--seed",
} as const;

/**
 * Magnitudes (scales, norm and label bounds, correlation) must lie in this range. It keeps
 * squares and Gram entries (≤ 1e200 · d) far from overflow and from subnormal underflow, so
 * every law's output is finite and its rounding analysis holds.
 */
const MIN_MAGNITUDE = 1e-100;
const MAX_MAGNITUDE = 1e100;

/** Largest n, d or p; beyond this an instance file is not a sensible JSON document. */
export const MAX_DIMENSION = 1_000_000;
/** Largest number of entries of X (n·d) or W (p·d): 10⁷ doubles is already a ~200 MB file. */
const MAX_ENTRIES = 10_000_000;

export function requireDimension(flag: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_DIMENSION) {
    throw new InputError(`${flag}: must be an integer in [1, ${MAX_DIMENSION}], got ${value}`);
  }
  return value;
}

function requireEntries(flag: string, rows: number, d: number, what: string): void {
  if (rows * d > MAX_ENTRIES) {
    throw new InputError(`${flag}: ${what} would have ${rows}·${d} = ${rows * d} entries, more than ${MAX_ENTRIES}`);
  }
}

/** n and d for a data law (both ≥ 1, n·d bounded, n ≤ d when the law needs it). */
function requireDataDimensions(law: DataLawName, n: number, d: number): void {
  requireDimension(OPTION_FLAGS.n, n);
  requireDimension(OPTION_FLAGS.d, d);
  requireEntries(OPTION_FLAGS.n, n, d, "X");
  if (lawNeedsOrthogonalRoom(law) && n > d) {
    throw new InputError(`${OPTION_FLAGS.n}: ${law} data needs n ≤ d (n = ${n}, d = ${d})`);
  }
}

/** p and d for an initialization. */
function requireInitDimensions(p: number, d: number): void {
  requireDimension(OPTION_FLAGS.p, p);
  requireDimension(OPTION_FLAGS.d, d);
  requireEntries(OPTION_FLAGS.p, p, d, "W");
}

/** Laws that place n vectors with (near-)orthogonal directions, which R^d has room for only when n ≤ d. */
export function lawNeedsOrthogonalRoom(law: DataLawName): boolean {
  return law === "orthogonal" || law === "orthogonal-rotated" || law === "near-orthogonal";
}

function requireMagnitude(flag: string, value: number): number {
  return requireInRange(flag, value, MIN_MAGNITUDE, MAX_MAGNITUDE);
}

function requireInRange(flag: string, value: number, min: number, max: number): number {
  if (!(typeof value === "number" && value >= min && value <= max)) {
    throw new InputError(`${flag}: must be a positive number in [${min}, ${max}], got ${value}`);
  }
  return value;
}

function requireOrdered(lowFlag: string, low: number, highFlag: string, high: number): void {
  if (low > high) throw new InputError(`${lowFlag}: must be ≤ ${highFlag} (${low} > ${high})`);
}

function rejectUnused(law: string, lawFlag: string, options: object, used: readonly string[], flags: Record<string, string>): void {
  for (const [key, value] of Object.entries(options)) {
    if (key === "law" || value === undefined || used.includes(key)) continue;
    throw new InputError(`${flags[key] ?? key}: not used by ${lawFlag} ${law}`);
  }
}

function requireLaw<L extends string>(flag: string, law: unknown, names: readonly L[]): L {
  if (typeof law !== "string" || !(names as readonly string[]).includes(law)) {
    throw new InputError(`${flag}: unknown law "${String(law)}" (expected one of ${names.join(", ")})`);
  }
  return law as L;
}

const DATA_OPTION_FLAGS: Record<string, string> = {
  scale: OPTION_FLAGS.scale,
  cxMin: OPTION_FLAGS.cxMin,
  cxMax: OPTION_FLAGS.cxMax,
  cyMin: OPTION_FLAGS.cyMin,
  cyMax: OPTION_FLAGS.cyMax,
  correlation: OPTION_FLAGS.correlation,
};

const INIT_OPTION_FLAGS: Record<string, string> = { scale: OPTION_FLAGS.initScale, wScale: OPTION_FLAGS.wScale };

/** Validate data options for n points in R^d and fill in the defaults. */
export function resolveDataOptions(n: number, d: number, options: DataLawOptions): ResolvedDataLawOptions {
  const law = requireLaw(OPTION_FLAGS.dataLaw, options.law, DATA_LAW_NAMES);
  requireDataDimensions(law, n, d);
  const cyMin = requireMagnitude(OPTION_FLAGS.cyMin, options.cyMin ?? 1);
  const cyMax = requireMagnitude(OPTION_FLAGS.cyMax, options.cyMax ?? 2);
  requireOrdered(OPTION_FLAGS.cyMin, cyMin, OPTION_FLAGS.cyMax, cyMax);
  if (law === "gaussian") {
    rejectUnused(law, OPTION_FLAGS.dataLaw, options, ["scale", "cyMin", "cyMax"], DATA_OPTION_FLAGS);
    return { law, scale: requireMagnitude(OPTION_FLAGS.scale, options.scale ?? 1), cyMin, cyMax };
  }
  const cxMin = requireMagnitude(OPTION_FLAGS.cxMin, options.cxMin ?? 1);
  const cxMax = requireMagnitude(OPTION_FLAGS.cxMax, options.cxMax ?? 2);
  requireOrdered(OPTION_FLAGS.cxMin, cxMin, OPTION_FLAGS.cxMax, cxMax);
  if (law !== "near-orthogonal") {
    rejectUnused(law, OPTION_FLAGS.dataLaw, options, ["cxMin", "cxMax", "cyMin", "cyMax"], DATA_OPTION_FLAGS);
    return { law, cxMin, cxMax, cyMin, cyMax };
  }
  rejectUnused(law, OPTION_FLAGS.dataLaw, options, ["cxMin", "cxMax", "cyMin", "cyMax", "correlation"], DATA_OPTION_FLAGS);
  // The default derives from validated options and may leave the explicit range (cxMin = 1e-100
  // gives ~1e-207 for large n), which is still far above underflow.
  const correlation =
    options.correlation === undefined
      ? (cxMin * cxMin) / (2 * Math.max(1, n - 1))
      : requireInRange(OPTION_FLAGS.correlation, options.correlation, MIN_MAGNITUDE ** 2, MAX_MAGNITUDE ** 2);
  return { law, cxMin, cxMax, cyMin, cyMax, correlation };
}

/** Validate initialization options for p neurons in R^d and fill in the defaults. */
export function resolveInitOptions(p: number, d: number, options: InitOptions): ResolvedInitOptions {
  const law = requireLaw(OPTION_FLAGS.initLaw, options.law, INIT_LAW_NAMES);
  requireInitDimensions(p, d);
  switch (law) {
    case "gaussian":
    case "small":
      rejectUnused(law, OPTION_FLAGS.initLaw, options, ["scale"], INIT_OPTION_FLAGS);
      return { law, scale: requireMagnitude(OPTION_FLAGS.initScale, options.scale ?? (law === "small" ? 1e-3 : 1)) };
    case "pytorch":
    case "balanced":
      rejectUnused(law, OPTION_FLAGS.initLaw, options, [], INIT_OPTION_FLAGS);
      return { law };
    case "asymmetric":
      rejectUnused(law, OPTION_FLAGS.initLaw, options, ["wScale"], INIT_OPTION_FLAGS);
      return { law, wScale: requireMagnitude(OPTION_FLAGS.wScale, options.wScale ?? 1) };
  }
}
