/** Hand-built candidates shared by the taheri2025 entry tests. */
import type { Candidate } from "../../../src/check/property.js";
import type { InstanceFile } from "../../../src/io/instanceSchema.js";

/** A one-sample, one-input, one-neuron linear network: x = 1, y, Θ = 1, γ, tuning r. */
export function scalar(y: string, gamma: string, r: string, extra: Record<string, string> = {}): Candidate {
  return {
    file: { model: { activation: "identity", scaling: "standard" }, data: { X: [["1"]], y: [y] }, params: { W: [["1"]], a: [gamma] } } as InstanceFile,
    settings: { r, penalty: "A", ...extra },
  };
}

export const OPTIONS = { seed: 7, digits: 50 };
export const context = { digits: 50 };
