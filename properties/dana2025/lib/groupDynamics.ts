/**
 * The orthogonal-data group dynamics of dana2025, Section 4 (our reading of its group initialization: one neuron per group, active exactly on it) shared by the Theorem 2 entries: groups
 * decided exactly in decimal, their assumptions, group-initialized instances, and the float error
 * account of a Dormand–Prince run (derived in the file comment of dana2025/theorem2-group-closed-form).
 */
import fc from "fast-check";
import type { Decimal } from "decimal.js";
import { decimalField, type DecimalField } from "../../../src/field/decimal.js";
import { gamma } from "../../../src/field/errorBound.js";
import { float64Field } from "../../../src/field/float64.js";
import { dot, squaredNorm } from "../../../src/field/field.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";
import type { Instance } from "../../../src/model/instance.js";
import type { Assumption, Candidate, EvaluationContext, Settings } from "../../../src/check/property.js";
import { fastGradientFlowSystem } from "../../../src/dynamics/fastFlowSystem.js";
import { initialState } from "../../../src/dynamics/flowSystem.js";
import { integrate, type Checkpoint, type IntegrateOptions, type Trajectory } from "../../../src/dynamics/integrate.js";
import { unpackParameters } from "../../../src/model/parameters.js";
import { normUpperBound } from "../../../src/random/rounding.js";
import { exactInstance } from "./assumptions.js";

// ---------------------------------------------------------------------------------------------
// Group structure, decided exactly
// ---------------------------------------------------------------------------------------------

/** Digits of the closed-form evaluation: at least this many, whatever the run asks for. */
export const CLOSED_FORM_DIGITS = 40;

/** One neuron's group, in exact decimal arithmetic. */
export interface GroupData {
  neuron: number;
  /** Samples with ⟨w_j, x_i⟩ > 0. */
  samples: number[];
  /** sign a_j (±1; 0 only for a_j = 0). */
  sign: number;
  /** T_j = ‖D_j‖. */
  T: Decimal;
  /** N_j(0) = a_j². */
  N0: Decimal;
  /** ‖u_j(0)‖² = Σ_{i∈G_j} ⟨w_j, x_i⟩². */
  uSquared: Decimal;
  /** c_j = cos∠(u_j, sign(a_j)·D_j). */
  c: Decimal;
  /** u_j ∥ sign(a_j)·D_j exactly (c_j = 1). */
  aligned: boolean;
  /** c'_j = a_j² − ‖u_j‖² (δ_j plus the off-span part of ‖w_j‖²; sets the limit rate of dana2025/group-asymptotic-pl). */
  cPrime: Decimal;
}

export function closedFormField(context: EvaluationContext): DecimalField {
  return decimalField({ digits: Math.max(context.digits, CLOSED_FORM_DIGITS) });
}

/** z[i][j] = ⟨w_j, x_i⟩ in the field. */
function preactivations(F: DecimalField, instance: Instance<Decimal>): Decimal[][] {
  return instance.X.map((x) => instance.W.map((w) => dot(F, w, x)));
}

export function groupData(F: DecimalField, instance: Instance<Decimal>): GroupData[] {
  const z = preactivations(F, instance);
  return instance.a.map((a, j) => {
    const samples = instance.X.map((_, i) => i).filter((i) => z[i][j].gt(0));
    const sign = a.isZero() ? 0 : a.isPositive() ? 1 : -1;
    const u = samples.map((i) => z[i][j]);
    const D = samples.map((i) => (sign < 0 ? instance.y[i].neg() : instance.y[i]));
    const T = F.sqrt(squaredNorm(F, D));
    const uSquared = squaredNorm(F, u);
    const N0 = F.mul(a, a);
    const inner = dot(F, u, D);
    const denominator = F.mul(F.sqrt(uSquared), T);
    const aligned = samples.length > 0 && inner.gt(0) && u.every((ui, k) => u.every((uk, l) => F.mul(ui, D[l]).eq(F.mul(uk, D[k]))));
    const c = aligned ? F.one : denominator.isZero() ? F.zero : F.div(inner, denominator);
    return { neuron: j, samples, sign, T, N0, uSquared, c, aligned, cPrime: F.sub(N0, uSquared) };
  });
}

// ---------------------------------------------------------------------------------------------
// Assumptions
// ---------------------------------------------------------------------------------------------

export const orthonormalData: Assumption = {
  name: "orthonormal-data",
  description: "‖x_i‖ = 1 and ⟨x_i, x_k⟩ = 0 for i ≠ k, exactly",
  holds: (c, context) => {
    const F = closedFormField(context);
    const { X } = exactInstance(c, context);
    return X.every((x, i) => X.every((xk, k) => dot(F, x, xk).eq(i === k ? 1 : 0)));
  },
};

export const groupInitialization: Assumption = {
  name: "group-initialization",
  description: "group initialization (our reading of dana2025, Section 4): every sample is active (⟨w_j,x_i⟩ > 0) for exactly one neuron, every neuron for at least one sample, and sign a_j = sign y_i on its group",
  holds: (c, context) => {
    const F = closedFormField(context);
    const instance = exactInstance(c, context);
    const z = preactivations(F, instance);
    const everySampleOnce = z.every((row) => row.filter((v) => v.gt(0)).length === 1);
    const everyNeuronUsed = instance.a.every((_, j) => z.some((row) => row[j].gt(0)));
    const signsMatch = z.every((row, i) => row.every((v, j) => !v.gt(0) || instance.a[j].times(instance.y[i]).gt(0)));
    return everySampleOnce && everyNeuronUsed && signsMatch;
  },
};

export const balancedInSpan: Assumption = {
  name: "balanced-in-span",
  description: "a_j² = ‖w_j‖² = Σ_{i∈G_j} ⟨w_j,x_i⟩² exactly (balanced start, w_j in the span of its group for orthonormal data)",
  holds: (c, context) => {
    const F = closedFormField(context);
    const instance = exactInstance(c, context);
    return groupData(F, instance).every((g, j) => g.N0.eq(squaredNorm(F, instance.W[j])) && g.N0.eq(g.uSquared));
  },
};

// ---------------------------------------------------------------------------------------------
// Float error accounting along a run
// ---------------------------------------------------------------------------------------------

export const INTEGRATION: Pick<IntegrateOptions, "method" | "rtol" | "atol"> = { method: "dopri", rtol: 1e-10, atol: 1e-13 };

/** E' = startError + E + steps·γ_8·max|θ| (max over the recorded checkpoints). */
export function stateErrorBound(trajectory: Trajectory<number>, startError = 0): number {
  const E = trajectory.summary.globalErrorEstimate ?? Number.NaN;
  let largest = 0;
  for (const checkpoint of trajectory.checkpoints) for (const v of checkpoint.parameters) largest = Math.max(largest, Math.abs(v));
  return startError + E + trajectory.summary.steps * gamma(8) * largest;
}

/**
 * Residuals r_i at a float state, and δr_i bounding |r_i − r_i*| for any state within E (max-norm)
 * of it: with ez_ij = ‖x_i‖₁E + γ_d Σ_k|w_jk x_ik| (state error plus the float dot product),
 * δh_i = (1/p) Σ_{j: z_ij > −ez_ij} [E(σ(z_ij) + ez_ij) + |a_j| ez_ij], plus the float evaluation of
 * h_i and y_i − h_i, γ_{p+2}(|y_i| + (1/p)Σ_j|a_j σ(z_ij)|).
 */
export function residualErrors(X: readonly number[][], y: readonly number[], a: readonly number[], W: readonly number[][], E: number) {
  const p = a.length;
  const d = X[0].length;
  const r: number[] = [];
  const dr: number[] = [];
  const z: number[][] = [];
  const ez: number[][] = [];
  X.forEach((x, i) => {
    const l1 = x.reduce((s, v) => s + Math.abs(v), 0);
    let h = 0;
    let spread = 0;
    let dh = 0;
    const zRow: number[] = [];
    const ezRow: number[] = [];
    W.forEach((w, j) => {
      let value = 0;
      let magnitude = 0;
      for (let k = 0; k < d; k++) {
        value += w[k] * x[k];
        magnitude += Math.abs(w[k] * x[k]);
      }
      const error = l1 * E + gamma(d) * magnitude;
      zRow.push(value);
      ezRow.push(error);
      const sigma = Math.max(value, 0);
      h += a[j] * sigma;
      spread += Math.abs(a[j] * sigma);
      if (value > -error) dh += E * (sigma + error) + Math.abs(a[j]) * error;
    });
    h /= p;
    r.push(y[i] - h);
    dr.push(dh / p + gamma(p + 2) * (Math.abs(y[i]) + spread / p));
    z.push(zRow);
    ez.push(ezRow);
  });
  return { r, dr, z, ez };
}

/** Bound on |Σ_{i∈S} r_i² − Σ_{i∈S} r_i*²|, including the float evaluation of the sum. */
export function squaredResidualError(r: readonly number[], dr: readonly number[], samples: readonly number[]): { value: number; error: number } {
  let value = 0;
  let error = 0;
  for (const i of samples) {
    value += r[i] * r[i];
    error += 2 * Math.abs(r[i]) * dr[i] + dr[i] * dr[i];
  }
  return { value, error: error + gamma(samples.length + 1) * value };
}

export function floatInstance(file: InstanceFile): Instance<number> {
  return instanceOverField(float64Field, file);
}

/** Dormand–Prince (tolerances {@link INTEGRATION} unless given) from `state` (default: the file's parameters), on the fast kernels. */
export function run(instance: Instance<number>, options: Omit<IntegrateOptions, "method">, state?: readonly number[]): Trajectory<number> {
  return integrate(fastGradientFlowSystem(instance), state ? state.slice() : initialState(instance), { ...INTEGRATION, ...options });
}

export function parametersAt(instance: Instance<number>, checkpoint: Checkpoint<number>) {
  return unpackParameters(checkpoint.parameters, instance.a.length, instance.X[0].length);
}

// ---------------------------------------------------------------------------------------------
// Group-initialized instances
// ---------------------------------------------------------------------------------------------

const MAX_N = 8;

const MAX_EXTRA = 2;

export interface GroupShape {
  n?: { min: number; max: number };
  maxP?: number;
  /** Smallest group size (2 for generic, non-aligned groups). */
  minGroupSize?: number;
  alignment?: "aligned" | "non-aligned" | "mixed";
  extraDimensions?: { min: number; max: number };
  /** balanced-in-span: a_j² = ‖w_j‖², w_j in the group span (where the closed form of dana2025/theorem2-group-closed-form holds); strict-a1: |a_j| > ‖w_j‖, components off the group. */
  init?: "balanced-in-span" | "strict-a1";
  /** Range of log10(pT_j/N_j(0)) (tenths are drawn). */
  logRatio?: { min: number; max: number };
  /** Non-aligned labels |y_i| = k/256 with k in this range (default 256…512, |y_i| ∈ [1, 2]). */
  labels?: { min: number; max: number };
  /** Non-aligned groups whose cosine c_j exceeds this get their labels paired anti-sorted with u_j (smaller c_j). */
  maxCosine?: number;
  /** Draw some instances that break the group structure (when its assumption is dropped). */
  breakGroups?: boolean;
  /**
   * With strict-a1: keep c'_j = a_j² − ‖u_j‖² ≤ pT_j (lowering a_j's excess over ‖w_j‖, never below
   * 1/8) and, when anti-sorting leaves c_j > maxCosine, spread the labels to the ends of their range,
   * so that group-asymptotic-pl's limit mode is observable (its generic-group-start assumption).
   */
  observable?: boolean;
  settings?: fc.Arbitrary<Settings>;
}

function integerSqrt(K: number): number {
  let m = Math.floor(Math.sqrt(K));
  while (m * m > K) m--;
  while ((m + 1) * (m + 1) <= K) m++;
  return m;
}

/**
 * An integer vector of length m ≥ 1 with positive entries and integer norm ν: for t ∈ Z_{>0}^{m−1}
 * and s² > |t|², (2st_1, …, 2st_{m−1}, s² − |t|²) has norm s² + |t|² (inverse stereographic projection).
 */
export function integerNormVector(m: number, t: readonly number[], sExtra: number): { v: number[]; norm: number } {
  if (m === 1) return { v: [sExtra + 1], norm: sExtra + 1 };
  const ts = t.slice(0, m - 1);
  const t2 = ts.reduce((acc, k) => acc + k * k, 0);
  const s = integerSqrt(t2) + sExtra;
  return { v: [...ts.map((k) => 2 * s * k), s * s - t2], norm: s * s + t2 };
}

const fixed = <T>(arb: fc.Arbitrary<T>, length: number) => fc.array(arb, { minLength: length, maxLength: length });

export function groupCandidate(shape: GroupShape = {}): fc.Arbitrary<Candidate> {
  const nRange = shape.n ?? { min: 2, max: 6 };
  const maxP = shape.maxP ?? 3;
  const minGroupSize = shape.minGroupSize ?? 1;
  const alignment = shape.alignment ?? "mixed";
  const extra = shape.extraDimensions ?? { min: 0, max: MAX_EXTRA };
  const init = shape.init ?? "balanced-in-span";
  const logRatio = shape.logRatio ?? { min: 1, max: 4 };
  const labelRange = shape.labels ?? { min: 256, max: 512 };
  const group = fc.record({
    negative: fc.boolean(),
    aligned: fc.boolean(),
    t: fixed(fc.integer({ min: 1, max: 3 }), MAX_N),
    sExtra: fc.integer({ min: 1, max: 3 }),
    labels: fixed(fc.integer(labelRange), MAX_N),
    logRatioTenths: fc.integer({ min: Math.round(logRatio.min * 10), max: Math.round(logRatio.max * 10) }),
    excessEighths: fc.integer({ min: 1, max: 8 }),
    outside: fixed(fc.integer({ min: -4, max: 4 }), MAX_N + MAX_EXTRA),
  });
  return fc
    .integer(nRange)
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        p: fc.integer({ min: 1, max: Math.max(1, Math.min(maxP, Math.floor(n / minGroupSize))) }),
        extra: fc.integer(extra),
        sampleKeys: fixed(fc.nat({ max: 1000 }), n),
        coordinateKeys: fixed(fc.nat({ max: 1000 }), n + MAX_EXTRA),
        remainder: fixed(fc.nat({ max: 1000 }), n),
        groups: fixed(group, maxP),
        breakage: shape.breakGroups ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
        settings: shape.settings ?? fc.constant({}),
      }),
    )
    .map(({ n, p, extra: e, sampleKeys, coordinateKeys, remainder, groups, breakage, settings }): Candidate => {
      const d = n + e;
      const order = [...Array(n).keys()].sort((i, k) => sampleKeys[i] - sampleKeys[k] || i - k);
      const coordinate = [...Array(d).keys()].sort((i, k) => coordinateKeys[i] - coordinateKeys[k] || i - k);
      // x_i = e_{π(i)}: the first n permuted coordinates carry data; the rest are off the data span.
      const X = Array.from({ length: n }, () => new Array<number>(d).fill(0));
      for (let i = 0; i < n; i++) X[i][coordinate[i]] = 1;
      // Every group gets minGroupSize samples (p ≤ n/minGroupSize), the rest go to random groups.
      const sizes = new Array<number>(p).fill(minGroupSize);
      for (let k = 0; k < n - p * minGroupSize; k++) sizes[remainder[k] % p]++;
      const members: number[][] = [];
      let next = 0;
      for (const size of sizes) {
        members.push(order.slice(next, next + size));
        next += size;
      }
      const y = new Array<number>(n).fill(0);
      const W: number[][] = [];
      const a: number[] = [];
      members.forEach((samples, j) => {
        const draw = groups[j];
        const m = samples.length;
        const { v, norm } = integerNormVector(m, draw.t, draw.sExtra);
        const sign = draw.negative ? -1 : 1;
        const aligned = alignment === "aligned" || (alignment === "mixed" && draw.aligned) || m === 1;
        let T: number;
        if (aligned) {
          // |y_i| = v_i·2^−e with e = ⌊log2 max v⌋: labels ∝ u exactly, max |y_i| ∈ [1, 2).
          const exponent = Math.floor(Math.log2(v.reduce((extreme, value) => Math.max(extreme, value), -Infinity)));
          samples.forEach((i, k) => (y[i] = sign * v[k] * 2 ** -exponent));
          T = norm * 2 ** -exponent;
        } else {
          let magnitudes = draw.labels.slice(0, m);
          const cosine = (ls: readonly number[]) => v.reduce((acc, vk, k) => acc + vk * ls[k], 0) / (norm * Math.hypot(...ls));
          if (shape.maxCosine !== undefined && cosine(magnitudes) > shape.maxCosine) {
            // Pair the largest labels with the smallest entries of u_j.
            const byEntry = [...v.keys()].sort((k, l) => v[k] - v[l]);
            const sorted = [...magnitudes].sort((x, z) => z - x);
            const paired = new Array<number>(m);
            byEntry.forEach((k, rank) => (paired[k] = sorted[rank]));
            magnitudes = paired;
            if (shape.observable && cosine(magnitudes) > shape.maxCosine) {
              // Still nearly parallel (labels of similar size): the largest label on the smallest entry, the smallest on the largest.
              magnitudes = magnitudes.slice();
              magnitudes[byEntry[0]] = labelRange.max;
              magnitudes[byEntry[m - 1]] = labelRange.min;
            }
          }
          samples.forEach((i, k) => (y[i] = (sign * magnitudes[k]) / 256));
          T = Math.sqrt(samples.reduce((s, i) => s + y[i] * y[i], 0));
        }
        // ‖u‖ = ν·2^−k with N(0) = ‖u‖² ≈ pT·10^−r.
        const targetNorm = Math.sqrt(p * T * 10 ** -(draw.logRatioTenths / 10));
        const k = Math.round(Math.log2(norm / targetNorm));
        const scale = 2 ** -k;
        const w = new Array<number>(d).fill(0);
        samples.forEach((i, idx) => (w[coordinate[i]] = v[idx] * scale));
        if (init === "strict-a1") {
          // Frozen components: < 0 on other groups' samples (inactive there, off the kink), anything off the data span.
          const own = new Set(samples.map((i) => coordinate[i]));
          const data = new Set(coordinate.slice(0, n));
          for (let c = 0; c < d; c++) {
            if (own.has(c)) continue;
            const o = draw.outside[c % draw.outside.length];
            w[c] = ((data.has(c) ? -1 - Math.abs(o) : o) / 16) * norm * scale;
          }
          // |a_j| > ‖w_j‖ exactly: normUpperBound is a double ≥ the exact norm.
          const uSquared = samples.reduce((acc, i) => acc + w[coordinate[i]] ** 2, 0);
          let excess = draw.excessEighths;
          while (shape.observable && excess > 1 && (normUpperBound(w) * (1 + excess / 8)) ** 2 - uSquared > p * T) excess--;
          a.push(sign * normUpperBound(w) * (1 + excess / 8));
        } else {
          a.push(sign * norm * scale);
        }
        W.push(w);
      });
      if (breakage === 1) {
        // Make neuron 0 active on a sample outside its group (or on nothing new if it owns all).
        const outsider = order.find((i) => !members[0].includes(i));
        if (outsider !== undefined) W[0][coordinate[outsider]] = Math.abs(W[0][coordinate[members[0][0]]]) / 2;
        else W[0] = W[0].map((v) => v / 2);
      } else if (breakage === 2) {
        a[0] = -a[0];
      }
      return { file: { model: { activation: "relu", scaling: "mean-field" }, data: { X, y }, params: { W, a } } as InstanceFile, settings };
    });
}
