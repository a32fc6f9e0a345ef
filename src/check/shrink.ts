/**
 * Shrinking a counterexample: the smallest, simplest instance on which the margin is still
 * negative and every active (not dropped) assumption still holds.
 *
 * Greedy passes, repeated until nothing changes (a fixed point) or the evaluation budget runs out:
 * 1. fewer samples — drop rows of X (and the matching labels), in halves, quarters, …, singles;
 * 2. fewer neurons — drop rows of W (and the matching entries of a), the same way;
 * 3. lower dimension — drop a column of X and of W;
 * 4. simpler numbers — replace each number by the simplest strictly simpler value that keeps the
 *    failure: 0, then integers, then small rationals p/q with q = 2^a·5^b (0.5, 0.25, 0.2, …, all
 *    exact as decimals), then the number rounded to 5, 4, …, 1 significant digits. "Simpler" is
 *    an order on exact rationals p/q in lowest terms: smaller q first, then smaller |p|; a JSON
 *    number is its exact binary value, so 0.1 as a double is replaced by the decimal string "0.1".
 *
 * Every step is re-checked with the property's own `evaluate` and assumption predicates. For an
 * `exact` entry that is exact arithmetic: a shrunk counterexample is a counterexample. For a
 * `trajectory` or `monte-carlo` entry, `evaluate` is what it is — a float run with its error
 * accounting, an estimate with its interval — and the shrunk instance fails in that sense only
 * ({@link ShrinkResult.exact} says which).
 *
 * Settings are left alone unless named in {@link ShrinkOptions.settings}: a setting may be a
 * parameter of an assumption (κ of an Assumption 2 encoding), and "simplifying" it could loosen
 * the assumption the counterexample is meant to meet.
 */
import { Decimal } from "decimal.js";
import type { InstanceFile, NumberLike } from "../io/instanceSchema.js";
import { exactDecimalString } from "../field/exactDouble.js";
import type { Candidate, Evaluation, EvaluationContext, Property } from "./property.js";
import { missedAssumptions } from "./runner.js";

// ---------------------------------------------------------------------------------------------
// The numbers of a candidate

/** Where one number sits in a candidate. */
export type Slot =
  | { kind: "X"; i: number; k: number }
  | { kind: "y"; i: number }
  | { kind: "W"; j: number; k: number }
  | { kind: "a"; j: number }
  | { kind: "setting"; name: string };

/** A deep copy: mutating it leaves the original alone. */
export function cloneCandidate(candidate: Candidate): Candidate {
  return structuredClone(candidate);
}

/** The numbers of X, y, W and a, then the numeric settings named in `settings`. */
export function numberSlots(candidate: Candidate, settings: ReadonlySet<string> = new Set()): Slot[] {
  const { X, y } = candidate.file.data;
  const { W, a } = candidate.file.params;
  const slots: Slot[] = [];
  X.forEach((row, i) => row.forEach((_, k) => slots.push({ kind: "X", i, k })));
  y.forEach((_, i) => slots.push({ kind: "y", i }));
  W.forEach((row, j) => row.forEach((_, k) => slots.push({ kind: "W", j, k })));
  a.forEach((_, j) => slots.push({ kind: "a", j }));
  for (const name of Object.keys(candidate.settings).sort()) {
    if (settings.has(name) && typeof candidate.settings[name] === "number") slots.push({ kind: "setting", name });
  }
  return slots;
}

export function getSlot(candidate: Candidate, slot: Slot): NumberLike {
  switch (slot.kind) {
    case "X":
      return candidate.file.data.X[slot.i][slot.k];
    case "y":
      return candidate.file.data.y[slot.i];
    case "W":
      return candidate.file.params.W[slot.j][slot.k];
    case "a":
      return candidate.file.params.a[slot.j];
    case "setting":
      return candidate.settings[slot.name] as number;
  }
}

/** Set a number in place; a setting stays a JSON number (entries read settings as numbers). */
export function setSlot(candidate: Candidate, slot: Slot, value: NumberLike): void {
  switch (slot.kind) {
    case "X":
      candidate.file.data.X[slot.i][slot.k] = value;
      return;
    case "y":
      candidate.file.data.y[slot.i] = value;
      return;
    case "W":
      candidate.file.params.W[slot.j][slot.k] = value;
      return;
    case "a":
      candidate.file.params.a[slot.j] = value;
      return;
    case "setting":
      candidate.settings[slot.name] = Number(value);
      return;
  }
}

function slotName(slot: Slot): string {
  switch (slot.kind) {
    case "X":
      return `X[${slot.i}][${slot.k}]`;
    case "y":
      return `y[${slot.i}]`;
    case "W":
      return `W[${slot.j}][${slot.k}]`;
    case "a":
      return `a[${slot.j}]`;
    case "setting":
      return `settings.${slot.name}`;
  }
}

/** The shape n × d, p of a candidate. */
export function dimensions(candidate: Candidate): { n: number; d: number; p: number } {
  return { n: candidate.file.data.X.length, d: candidate.file.data.X[0]?.length ?? 0, p: candidate.file.params.a.length };
}

// ---------------------------------------------------------------------------------------------
// Simple numbers

/** `x` rounded to at most `digits` significant digits, as the shortest decimal string ("0.5", "-1.25e-7"). */
export function shortDecimal(x: number, digits = 6): string {
  if (!Number.isFinite(x)) throw new RangeError(`shortDecimal: ${x} is not finite`);
  // Number(...) drops trailing zeros, String(...) is the shortest round-trip form; -0 prints as "0".
  return String(Number(x.toPrecision(digits)));
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** The exact value p/q (q > 0, lowest terms) of a decimal string or of a double's binary value. */
export function exactRational(value: NumberLike): { p: bigint; q: bigint } {
  const text = typeof value === "number" ? exactDecimalString(value) : value;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`exactRational: "${text}" is not a decimal`);
  const [, sign, whole = "", fraction = "", exponentText] = match;
  const mantissa = BigInt((whole + fraction).replace(/^0+(?=\d)/, "") || "0");
  const exponent = Number(exponentText ?? 0) - fraction.length;
  let p = sign === "-" ? -mantissa : mantissa;
  let q = 1n;
  if (exponent >= 0) p *= 10n ** BigInt(exponent);
  else q = 10n ** BigInt(-exponent);
  const g = gcd(p, q);
  if (g > 1n) {
    p /= g;
    q /= g;
  }
  return { p, q };
}

/** Negative when `a` is simpler than `b`: smaller denominator, then smaller |numerator|. */
export function compareSimplicity(a: NumberLike, b: NumberLike): number {
  const x = exactRational(a);
  const y = exactRational(b);
  if (x.q !== y.q) return x.q < y.q ? -1 : 1;
  const px = x.p < 0n ? -x.p : x.p;
  const py = y.p < 0n ? -y.p : y.p;
  return px === py ? 0 : px < py ? -1 : 1;
}

/** Denominators tried, all of the form 2^a·5^b so p/q is a terminating decimal. */
const SMALL_DENOMINATORS = [2, 4, 5, 8, 10, 16, 20, 25, 50, 100, 1000];
const D = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -7, toExpPos: 21 });

/**
 * Values strictly simpler than `value`, simplest first (see the file comment). For a setting,
 * `value` is a JSON number read as its shortest decimal (as entries read settings).
 */
export function simplerValues(value: NumberLike, asSetting = false): string[] {
  const current: NumberLike = asSetting && typeof value === "number" ? String(value) : value;
  const x = new D(typeof value === "number" ? (asSetting ? String(value) : exactDecimalString(value)) : value);
  // Integers: toward zero, nearest, away from zero (so 0.5 can become 1, which is simpler).
  const proposals = ["0", x.trunc().toString(), x.round().toString(), (x.isNegative() ? x.abs().ceil().negated() : x.ceil()).toString()];
  for (const q of SMALL_DENOMINATORS) proposals.push(x.times(q).round().div(q).toString());
  for (let digits = 5; digits >= 1; digits--) if (!x.isZero()) proposals.push(x.toSignificantDigits(digits).toString());
  const unique = [...new Set(proposals.map((text) => (text === "-0" ? "0" : text)))];
  return unique.filter((text) => compareSimplicity(text, current) < 0).sort(compareSimplicity);
}

// ---------------------------------------------------------------------------------------------
// Shrinking

export interface ShrinkOptions {
  dropped?: ReadonlySet<string>;
  digits: number;
  /** Margin evaluations at most (default 1000). */
  budget?: number;
  /** Numeric settings that may be simplified too (default none; see the file comment). */
  settings?: ReadonlySet<string>;
}

export interface ShrinkResult {
  candidate: Candidate;
  evaluation: Evaluation;
  /** Margin evaluations spent. */
  evaluations: number;
  /** The accepted reductions, in order, e.g. "dropped samples 2–3", "a[0]: 0.7312 → 0.5". */
  steps: string[];
  /** True when a fixed point was reached; false when the budget ran out first. */
  complete: boolean;
  /** True for an `exact` entry: the re-checks were in exact arithmetic (see the file comment). */
  exact: boolean;
}

const DEFAULT_SHRINK_BUDGET = 1000;

/** Whether a margin reports a failure: negative, or NaN (a margin that cannot be computed proves nothing). */
export function isFailure(margin: number): boolean {
  return !(margin >= 0);
}

/**
 * Shrink `candidate`, a counterexample to `property` that meets every assumption not in
 * `dropped`, while it stays one. Throws a RangeError when it is not a counterexample.
 */
export function shrink(property: Property, candidate: Candidate, options: ShrinkOptions): ShrinkResult {
  const context: EvaluationContext = { digits: options.digits };
  const dropped = options.dropped ?? new Set<string>();
  const budget = options.budget ?? DEFAULT_SHRINK_BUDGET;
  const settings = options.settings ?? new Set<string>();
  let evaluations = 0;
  const steps: string[] = [];

  /** The evaluation when `c` is still a counterexample, else undefined; counts evaluations. */
  const stillFails = (c: Candidate): Evaluation | undefined => {
    if (!wellFormed(c.file)) return undefined;
    let missed: string[];
    try {
      missed = missedAssumptions(property, c, context, dropped);
    } catch {
      return undefined;
    }
    if (missed.length > 0) return undefined;
    evaluations++;
    try {
      const evaluation = property.evaluate(c, context);
      return isFailure(evaluation.margin) ? evaluation : undefined;
    } catch {
      return undefined;
    }
  };

  let current = cloneCandidate(candidate);
  const initial = stillFails(current);
  if (!initial) throw new RangeError(`shrink: the candidate is not a counterexample to ${property.id} (or misses an active assumption)`);
  let evaluation = initial;
  const exhausted = () => evaluations >= budget;

  const attempt = (next: Candidate, description: string): boolean => {
    if (exhausted()) return false;
    const result = stillFails(next);
    if (!result) return false;
    current = next;
    evaluation = result;
    steps.push(description);
    return true;
  };

  /** Remove index ranges of one axis, in halves, quarters, …, singles; true when anything went. */
  const removeRanges = (what: string, length: (c: Candidate) => number, remove: (c: Candidate, start: number, count: number) => void): boolean => {
    let changed = false;
    let size = Math.max(1, Math.floor(length(current) / 2));
    for (;;) {
      let start = 0;
      while (start + size <= length(current) && length(current) - size >= 1 && !exhausted()) {
        const next = cloneCandidate(current);
        remove(next, start, size);
        const label = size === 1 ? `dropped ${what} ${start}` : `dropped ${what}s ${start}–${start + size - 1}`;
        if (attempt(next, label)) changed = true;
        else start += size;
      }
      if (size === 1) return changed;
      size = Math.max(1, Math.floor(size / 2));
    }
  };

  const dropSamples = () =>
    removeRanges("sample", (c) => c.file.data.X.length, (c, start, count) => {
      c.file.data.X.splice(start, count);
      c.file.data.y.splice(start, count);
    });
  const dropNeurons = () =>
    removeRanges("neuron", (c) => c.file.params.a.length, (c, start, count) => {
      c.file.params.W.splice(start, count);
      c.file.params.a.splice(start, count);
    });
  const dropDimensions = () =>
    removeRanges("dimension", (c) => c.file.data.X[0].length, (c, start, count) => {
      for (const row of c.file.data.X) row.splice(start, count);
      for (const row of c.file.params.W) row.splice(start, count);
    });
  const simplifyNumbers = () => {
    let changed = false;
    for (const slot of numberSlots(current, settings)) {
      const value = getSlot(current, slot);
      for (const proposal of simplerValues(value, slot.kind === "setting")) {
        if (exhausted()) return changed;
        const next = cloneCandidate(current);
        setSlot(next, slot, proposal);
        if (attempt(next, `${slotName(slot)}: ${String(value)} → ${proposal}`)) {
          changed = true;
          break;
        }
      }
    }
    return changed;
  };

  let complete = false;
  while (!exhausted()) {
    // Every pass runs (no short-circuit): a dropped sample can let a number simplify and vice versa.
    const changed = [dropSamples(), dropNeurons(), dropDimensions(), simplifyNumbers()].some(Boolean);
    if (!changed) {
      // A pass cut short by the budget proves nothing about a fixed point.
      complete = !exhausted();
      break;
    }
  }
  return { candidate: current, evaluation, evaluations, steps, complete, exact: property.mode === "exact" };
}

/** The shape checks of the instance schema: n, d, p ≥ 1 and consistent lengths. */
function wellFormed(file: InstanceFile): boolean {
  const { X, y } = file.data;
  const { W, a } = file.params;
  const d = X[0]?.length ?? 0;
  return X.length >= 1 && a.length >= 1 && d >= 1 && y.length === X.length && W.length === a.length && X.every((r) => r.length === d) && W.every((r) => r.length === d);
}
