/**
 * A shallow-network instance over a field: data (X, y), parameters (W, a) and the model's
 * activation and scaling.
 *
 * h(x) = s · Σ_j a_j σ(⟨w_j, x⟩), with s = 1/p under "mean-field" scaling (dana2025's
 * convention, whose gradient flow carries a factor p) and s = 1 under "standard" scaling.
 */
import type { ActivationSpec } from "./activation.js";

export const SCALINGS = ["mean-field", "standard"] as const;
export type Scaling = (typeof SCALINGS)[number];

export interface ModelSpec {
  activation: ActivationSpec;
  scaling: Scaling;
}

export interface Instance<T> {
  model: ModelSpec;
  /** n rows of d inputs. */
  X: T[][];
  /** n labels. */
  y: T[];
  /** p rows of d first-layer weights. */
  W: T[][];
  /** p output weights. */
  a: T[];
}

/** A parameter-shaped value: one entry per output weight, one row per neuron. */
export interface ParameterVector<T> {
  a: T[];
  W: T[][];
}

export function dimensions<T>(instance: Instance<T>): { n: number; d: number; p: number } {
  return { n: instance.X.length, d: instance.X[0]?.length ?? 0, p: instance.a.length };
}

/** Same instance, every number mapped (e.g. from one field to another). */
export function mapInstance<S, T>(instance: Instance<S>, f: (x: S) => T): Instance<T> {
  return {
    model: instance.model,
    X: instance.X.map((row) => row.map(f)),
    y: instance.y.map(f),
    W: instance.W.map((row) => row.map(f)),
    a: instance.a.map(f),
  };
}
