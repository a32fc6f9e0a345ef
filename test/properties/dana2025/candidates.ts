/** Hand-built candidates shared by the dana2025 entry tests. */
import type { Candidate } from "../../../src/check/property.js";

/** Two almost parallel inputs with labels of opposite signs: (n−1)ρ = 1 > (C_x^-)²/2, Assumption 2's encoding fails. */
export const correlated: Candidate = {
  file: {
    model: { activation: "relu", scaling: "mean-field" },
    data: { X: [["1", "0"], ["1", "0.4"]], y: ["2", "-1"] },
    params: { W: [["0.5", "0"]], a: ["1"] },
  },
  settings: {},
};
