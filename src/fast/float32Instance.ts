/**
 * A shallow-network instance in flat Float32Arrays (the layout of ./floatInstance.ts: X n×d and
 * W p×d row-major) and the workspace the float32 kernels write into. Converting an
 * Instance<number> rounds every entry to float32 once (round to nearest, ties to even); after
 * that every operation of the float32 path is a float32 operation.
 */
import type { Instance, ModelSpec } from "../model/instance.js";
import { toFloatInstance } from "./floatInstance.js";

export interface Float32Instance {
  model: ModelSpec;
  n: number;
  d: number;
  p: number;
  X: Float32Array;
  y: Float32Array;
  W: Float32Array;
  a: Float32Array;
}

/** Everything one float32 evaluation writes, allocated once for given (n, d, p). */
export interface Float32Workspace {
  readonly n: number;
  readonly d: number;
  readonly p: number;
  /** r_i = y_i − h(x_i). */
  readonly residuals: Float32Array;
  /** h(x_i). */
  readonly outputs: Float32Array;
  /** ∂L/∂a_j. */
  readonly gradA: Float32Array;
  /** ∂L/∂w_jk, p×d row-major. */
  readonly gradW: Float32Array;
  /** Per-row scratch: σ(z_ij). */
  readonly values: Float32Array;
  /** Per-row scratch: (r_i·a_j)·σ'(z_ij). */
  readonly coefficients: Float32Array;
}

export function createFloat32Workspace(n: number, d: number, p: number): Float32Workspace {
  for (const [name, value] of [["n", n], ["d", d], ["p", p]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`createFloat32Workspace: ${name} must be a positive integer, got ${value}`);
  }
  return {
    n,
    d,
    p,
    residuals: new Float32Array(n),
    outputs: new Float32Array(n),
    gradA: new Float32Array(p),
    gradW: new Float32Array(p * d),
    values: new Float32Array(p),
    coefficients: new Float32Array(p),
  };
}

export function float32WorkspaceFor(instance: Float32Instance): Float32Workspace {
  return createFloat32Workspace(instance.n, instance.d, instance.p);
}

export function requireFloat32Workspace(instance: Float32Instance, workspace: Float32Workspace): void {
  if (workspace.n !== instance.n || workspace.d !== instance.d || workspace.p !== instance.p) {
    throw new RangeError(
      `float32 workspace is for (n, d, p) = (${workspace.n}, ${workspace.d}, ${workspace.p}), instance is (${instance.n}, ${instance.d}, ${instance.p})`,
    );
  }
}

/** The instance in flat Float32Arrays, every entry rounded to float32 once. */
export function toFloat32Instance(instance: Instance<number>): Float32Instance {
  const flat = toFloatInstance(instance);
  return {
    model: flat.model,
    n: flat.n,
    d: flat.d,
    p: flat.p,
    X: Float32Array.from(flat.X),
    y: Float32Array.from(flat.y),
    W: Float32Array.from(flat.W),
    a: Float32Array.from(flat.a),
  };
}
