/**
 * One full-batch gradient-descent step of dana2025's model, fused: the forward pass, the
 * backward pass and the in-place parameter update in one call, allocating nothing.
 *
 * Model (fixed, the setting of dana2025 and of its Section 5 experiments): ReLU with σ'(0) = 0, mean-field output
 * h(x_i) = (1/p)·Σ_j a_j·σ(z_ij), z_ij = ⟨w_j, x_i⟩, residual r_i = y_i − h(x_i), objective p·L
 * with L = Σ_i r_i²/(2n). One step of size lr on p·L (Euler step lr of eq. (3)):
 *   a_j ← a_j + (lr/n)·Σ_i r_i·σ(z_ij)
 *   w_j ← w_j + (lr/n)·Σ_{i: z_ij > 0} (r_i·a_j)·x_i
 * with every r_i, z_ij and a_j taken at the parameters before the step. These are
 * −lr·p·∂L/∂θ of src/model/network.ts, with the same products: h_i = scale·Σ_j (a_j·σ(z_ij))
 * with scale = 1/p rounded once, r_i = y_i − h_i, coefficients (r_i·a_j) times x_ik. Only the
 * order of the sums and where 1/n is applied differ, which the running error bound of
 * src/field/errorBound.ts covers (test/fast/gdStep.test.ts derives the tolerance from it).
 *
 * Precision. The arrays of the problem and of the parameters are either all Float64Array or all
 * Float32Array (`FloatArray`). The arithmetic is always JavaScript double arithmetic:
 * - float64: nothing else is rounded; every operation rounds to double (unit roundoff 2^-53).
 * - float32: X, y, W and a are float32 values. Loading one is exact; a product of two float32
 *   values is exact in double; every sum, residual and coefficient is accumulated in double in
 *   Float64Array scratch. The only roundings to float32 are the stores of the updated w_jk and
 *   a_j into their Float32Arrays (round to nearest even, = Math.fround): a relative error of at
 *   most 2^-24 per parameter per step, on top of the double-precision error of the update. So
 *   this is float32 STORAGE, not float32 arithmetic: it is more accurate than a float32 BLAS
 *   path (which also rounds the dot products' partial sums to float32).
 *
 * Work per step: the forward pass is n·d·p multiply-adds, register-blocked 4 rows × 4 neurons
 * (as src/fast/kernels.ts). The backward pass visits only active pairs (z_ij > 0): while the
 * forward pass runs, the rows where neuron j is active are listed with their coefficient
 * r_i·a_j, and the gradient of w_j is then accumulated over that list, 4 rows at a time into a
 * d-vector of doubles, so an inactive unit costs nothing. With the ~1/2 of pairs active at a
 * random initialization, and fewer as training kills units, this is ≤ n·d·p/2 multiply-adds.
 */

import { preactivations4 } from "./preactivations.js";

export type FloatArray = Float32Array | Float64Array;

/** Data of a dense problem: X is n×d row-major, y has n entries. */
export interface DenseData<A extends FloatArray = FloatArray> {
  n: number;
  d: number;
  X: A;
  y: A;
}

/** Parameters: W is p×d row-major (for orthogonal data, p×n: see {@link orthogonalGdStep}), a has p entries. */
export interface Parameters<A extends FloatArray = FloatArray> {
  p: number;
  W: A;
  a: A;
}

/** Scratch for one problem size; allocated once per run, reused by every step. */
export interface GdWorkspace {
  readonly n: number;
  readonly d: number;
  readonly p: number;
  /** r_i at the parameters of the last forward pass. */
  readonly residuals: Float64Array;
  /** Pre-activations of one block of 4 rows, z[b·p + j]. */
  readonly z: Float64Array;
  /** Σ_i r_i·σ(z_ij) per neuron. */
  readonly sumA: Float64Array;
  /** Σ_i c_ij·x_i of one neuron. */
  readonly sumW: Float64Array;
  /** Per neuron j, the rows where z_ij > 0: activeRows[j·n + t], t < activeCount[j]. */
  readonly activeRows: Int32Array;
  /** The coefficient r_i·a_j of each listed row. */
  readonly activeCoefficients: Float64Array;
  readonly activeCount: Int32Array;
}

export function createGdWorkspace(n: number, d: number, p: number): GdWorkspace {
  for (const [name, value] of [["n", n], ["d", d], ["p", p]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`createGdWorkspace: ${name} must be a positive integer, got ${value}`);
  }
  return {
    n,
    d,
    p,
    residuals: new Float64Array(n),
    z: new Float64Array(4 * p),
    sumA: new Float64Array(p),
    sumW: new Float64Array(d),
    activeRows: new Int32Array(n * p),
    activeCoefficients: new Float64Array(n * p),
    activeCount: new Int32Array(p),
  };
}

function requireSizes(data: DenseData, params: Parameters, ws: GdWorkspace): void {
  const { n, d } = data;
  const { p } = params;
  if (ws.n !== n || ws.d !== d || ws.p !== p) {
    throw new RangeError(`gdStep: workspace is for (n, d, p) = (${ws.n}, ${ws.d}, ${ws.p}), problem is (${n}, ${d}, ${p})`);
  }
  if (data.X.length !== n * d || data.y.length !== n || params.W.length !== p * d || params.a.length !== p) {
    throw new RangeError(`gdStep: array lengths do not match (n, d, p) = (${n}, ${d}, ${p})`);
  }
}

/** z_j = ⟨w_j, x_i⟩ for one row into z[j]. */
function preactivations1(X: FloatArray, W: FloatArray, d: number, p: number, i: number, z: Float64Array): void {
  const o = i * d;
  for (let j = 0; j < p; j++) {
    const wo = j * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += W[wo + k] * X[o + k];
    z[j] = s;
  }
}

/**
 * Outputs and residuals of `count` rows starting at i0 from their pre-activations in ws.z;
 * with `record`, also adds r_i·σ(z_ij) to ws.sumA and lists the active pairs. Returns
 * `squares` + Σ r_i² (added one row at a time, so Σr² is summed in row order).
 */
function finishRows(y: FloatArray, a: FloatArray, p: number, n: number, i0: number, count: number, ws: GdWorkspace, record: boolean, squares: number): number {
  const { z, residuals, sumA, activeRows, activeCoefficients, activeCount } = ws;
  const scale = 1 / p;
  for (let b = 0; b < count; b++) {
    const base = b * p;
    let total = 0;
    for (let j = 0; j < p; j++) {
      const zj = z[base + j];
      if (zj > 0) total += a[j] * zj;
    }
    const i = i0 + b;
    const r = y[i] - scale * total;
    residuals[i] = r;
    squares += r * r;
    if (record) {
      for (let j = 0; j < p; j++) {
        const zj = z[base + j];
        if (zj > 0) {
          sumA[j] += r * zj;
          const slot = j * n + activeCount[j]++;
          activeRows[slot] = i;
          activeCoefficients[slot] = r * a[j];
        }
      }
    }
  }
  return squares;
}

/** The forward pass over all rows; with `record`, also the backward pass's lists. Returns Σ r_i². */
function forwardPass(data: DenseData, params: Parameters, ws: GdWorkspace, record: boolean): number {
  const { n, d, X, y } = data;
  const { p, W, a } = params;
  if (record) {
    ws.sumA.fill(0);
    ws.activeCount.fill(0);
  }
  let squares = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    preactivations4(X, W, d, p, i, ws.z);
    squares = finishRows(y, a, p, n, i, 4, ws, record, squares);
  }
  for (; i < n; i++) {
    preactivations1(X, W, d, p, i, ws.z);
    squares = finishRows(y, a, p, n, i, 1, ws, record, squares);
  }
  return squares;
}

/** Σ_i r_i² at the current parameters (forward pass only); fills ws.residuals. */
export function sumSquaredResiduals(data: DenseData, params: Parameters, ws: GdWorkspace): number {
  requireSizes(data, params, ws);
  return forwardPass(data, params, ws, false);
}

/**
 * One GD step of size lr on p·L, in place on params.W and params.a. Returns Σ_i r_i² at the
 * parameters BEFORE the step. If that value is < stopBelow, the step is not taken (the early
 * stop of dana2025's experiments costs no extra forward pass); pass 0 to always step.
 */
export function gdStep(data: DenseData, params: Parameters, lr: number, ws: GdWorkspace, stopBelow = 0): number {
  requireSizes(data, params, ws);
  const squares = forwardPass(data, params, ws, true);
  if (squares < stopBelow) return squares;
  const { n, d, X } = data;
  const { p, W, a } = params;
  const { sumW, activeRows, activeCoefficients, activeCount, sumA } = ws;
  const step = lr / n;
  for (let j = 0; j < p; j++) {
    const m = activeCount[j];
    if (m === 0) continue;
    sumW.fill(0);
    const base = j * n;
    let t = 0;
    for (; t + 4 <= m; t += 4) {
      const o0 = activeRows[base + t] * d;
      const o1 = activeRows[base + t + 1] * d;
      const o2 = activeRows[base + t + 2] * d;
      const o3 = activeRows[base + t + 3] * d;
      const c0 = activeCoefficients[base + t];
      const c1 = activeCoefficients[base + t + 1];
      const c2 = activeCoefficients[base + t + 2];
      const c3 = activeCoefficients[base + t + 3];
      for (let k = 0; k < d; k++) {
        sumW[k] += c0 * X[o0 + k] + c1 * X[o1 + k] + (c2 * X[o2 + k] + c3 * X[o3 + k]);
      }
    }
    for (; t < m; t++) {
      const o = activeRows[base + t] * d;
      const c = activeCoefficients[base + t];
      for (let k = 0; k < d; k++) sumW[k] += c * X[o + k];
    }
    const wo = j * d;
    for (let k = 0; k < d; k++) W[wo + k] += step * sumW[k];
  }
  for (let j = 0; j < p; j++) a[j] += step * sumA[j];
  return squares;
}

/**
 * Orthogonal data x_i = ρ_i·e_i (dana2025 Exp 2) in O(n·p) per step instead of O(n·d·p).
 *
 * z_ij = ⟨w_j, x_i⟩ = w_ji·ρ_i, and the gradient of w_jk is zero for k ≥ n, so only the first n
 * coordinates of each w_j move or matter: here W is p×n (row j = (w_j1 … w_jn)), the rest of
 * w_j being constant. Every value is the one {@link gdStep} computes on the dense X: a dense dot
 * product with one nonzero term is that product exactly (the other terms are exact zeros), and
 * so is the gradient sum; test/fast/gdStep.test.ts checks the two bitwise.
 */
export interface OrthogonalData<A extends FloatArray = FloatArray> {
  n: number;
  /** ρ_i = ‖x_i‖. */
  rho: A;
  y: A;
}

/**
 * Scratch of {@link orthogonalGdStep}, and the active pairs of the parameters it was created
 * for. On orthogonal data a pair with z_ij ≤ 0 is frozen for good: only w_ji moves z_ij, and the
 * step moves w_ji only when z_ij > 0 (derived here for dana2025's flow, and exactly so in the kernel's floating
 * point). So each neuron keeps the list of rows where it is still active, in increasing i, and
 * a step visits only those, dropping the pairs it deactivates. The lists describe the parameters
 * passed at creation as updated by the steps since: changing those parameters in any other way
 * needs a new workspace.
 */
export interface OrthogonalWorkspace {
  readonly n: number;
  readonly p: number;
  readonly residuals: Float64Array;
  /** Σ_j a_j·σ(z_ij) per row. */
  readonly totals: Float64Array;
  readonly sumA: Float64Array;
  /** activeRows[j·n + t], t < activeCount[j]: the rows i with z_ij > 0, increasing. */
  readonly activeRows: Int32Array;
  readonly activeCount: Int32Array;
}

export function createOrthogonalWorkspace(data: OrthogonalData, params: Parameters): OrthogonalWorkspace {
  const { n, rho } = data;
  const { p, W } = params;
  const ws: OrthogonalWorkspace = {
    n,
    p,
    residuals: new Float64Array(n),
    totals: new Float64Array(n),
    sumA: new Float64Array(p),
    activeRows: new Int32Array(p * n),
    activeCount: new Int32Array(p),
  };
  requireOrthogonalSizes(data, params, ws);
  for (let j = 0; j < p; j++) {
    let count = 0;
    for (let i = 0; i < n; i++) if (W[j * n + i] * rho[i] > 0) ws.activeRows[j * n + count++] = i;
    ws.activeCount[j] = count;
  }
  return ws;
}

function requireOrthogonalSizes(data: OrthogonalData, params: Parameters, ws: OrthogonalWorkspace): void {
  const { n } = data;
  const { p } = params;
  if (ws.n !== n || ws.p !== p || data.rho.length !== n || data.y.length !== n || params.W.length !== p * n || params.a.length !== p) {
    throw new RangeError(`orthogonalGdStep: sizes do not match (n, p) = (${n}, ${p}) (W must be p×n)`);
  }
}

/** Σ_i r_i² at the current parameters; fills ws.residuals. */
export function orthogonalSumSquaredResiduals(data: OrthogonalData, params: Parameters, ws: OrthogonalWorkspace): number {
  requireOrthogonalSizes(data, params, ws);
  const { n, rho, y } = data;
  const { p, W, a } = params;
  const { totals, residuals, activeRows, activeCount } = ws;
  totals.fill(0);
  // Neuron-major, so each row's terms arrive in increasing j: the dense kernel's order.
  for (let j = 0; j < p; j++) {
    const aj = a[j];
    const wo = j * n;
    const end = wo + activeCount[j];
    for (let t = wo; t < end; t++) {
      const i = activeRows[t];
      totals[i] += aj * (W[wo + i] * rho[i]);
    }
  }
  const scale = 1 / p;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - scale * totals[i];
    residuals[i] = r;
    squares += r * r;
  }
  return squares;
}

/** As {@link gdStep}, for orthogonal data with W stored p×n; ws must come from these data and params. */
export function orthogonalGdStep(data: OrthogonalData, params: Parameters, lr: number, ws: OrthogonalWorkspace, stopBelow = 0): number {
  const squares = orthogonalSumSquaredResiduals(data, params, ws);
  if (squares < stopBelow) return squares;
  const { n, rho } = data;
  const { p, W, a } = params;
  const { residuals, sumA, activeRows, activeCount } = ws;
  const step = lr / n;
  for (let j = 0; j < p; j++) {
    const aj = a[j];
    const wo = j * n;
    const end = wo + activeCount[j];
    let kept = wo;
    let s = 0;
    for (let t = wo; t < end; t++) {
      const i = activeRows[t];
      const x = rho[i];
      const z = W[wo + i] * x;
      const r = residuals[i];
      s += r * z;
      W[wo + i] += step * (r * aj * x);
      if (W[wo + i] * x > 0) activeRows[kept++] = i;
    }
    activeCount[j] = kept - wo;
    sumA[j] = s;
  }
  for (let j = 0; j < p; j++) a[j] += step * sumA[j];
  return squares;
}

/**
 * Per-sample energy E_i = (1/p)·Σ_j a_j²·1{z_ij > 0} (`energies` in the code of dana2025) of
 * orthogonal data, into out (length n).
 */
export function orthogonalEnergies(data: OrthogonalData, params: Parameters, out: Float64Array): Float64Array {
  const { n, rho } = data;
  const { p, W, a } = params;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) if (W[j * n + i] * rho[i] > 0) s += a[j] * a[j];
    out[i] = s / p;
  }
  return out;
}
