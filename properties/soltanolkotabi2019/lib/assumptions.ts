/** Assumptions shared by the soltanolkotabi2019 quadratic-activation entries. */
import type { Assumption, Candidate } from "../../../src/check/property.js";

export const isQuadraticStandard = (c: Candidate) => c.file.model.activation === "quadratic" && c.file.model.scaling === "standard";

/** An assumption on the model's shape alone: decided the same way in every field. */
export function structuralAssumption(name: string, description: string, holds: (c: Candidate) => boolean): Assumption {
  return { name, description, holds, decide: (_F, c) => holds(c) };
}

export const quadraticModel = structuralAssumption(
  "quadratic-model",
  "activation quadratic, scaling standard: x ↦ Σ_p v_p⟨w_p,x⟩² with v = params.a, loss (1/2n)Σ(·−y)²",
  isQuadraticStandard,
);
