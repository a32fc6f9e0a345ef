/**
 * Hand-built instances the known-bad cases of the dana2025 trajectory entries start from (the
 * first two are also fixtures/dana2025/appendix-c1*.json; a test keeps them equal).
 */
import type { Candidate } from "../../../src/check/property.js";

/**
 * An Appendix C.1-style instance (constructed here; same mechanism as the paper's appendix, not its
 * numbers): orthogonal data x = e_1, e_2, y = (1, −1), p = 2, the good event G holds, but
 * |a_j| < ‖w_j‖ for both neurons (Assumption 1 fails, δ = (−4.0099, −1.0099)). a_1 changes sign
 * early, ⟨w_1, x_1⟩ reaches 0, and L → 1/4 instead of 0.
 */
export const appendixC1: Candidate = {
  file: {
    model: { activation: "relu", scaling: "mean-field" },
    data: { X: [["1", "0"], ["0", "1"]], y: ["1", "-1"] },
    params: { W: [["0.1", "2"], ["-1", "0.1"]], a: ["0.01", "-0.01"] },
  },
  settings: {},
};

/** The same data and w(0) with |a_j(0)| = ‖w_j(0)‖ + 0.01 rounded up to 6 decimals: strict Assumption 1 holds, L → 0. */
export const appendixC1Control: Candidate = {
  file: { ...appendixC1.file, params: { W: [["0.1", "2"], ["-1", "0.1"]], a: ["2.012499", "-1.014988"] } },
  settings: {},
};

/** Two almost parallel inputs with labels of opposite signs: (n−1)ρ = 1 > (C_x^-)²/2, so the Assumption-2 encoding fails. */
export const correlatedPair: Candidate = {
  file: {
    model: { activation: "relu", scaling: "mean-field" },
    data: { X: [["1", "0"], ["1", "0.4"]], y: ["2", "-1"] },
    params: { W: [["0.5", "0"]], a: ["1"] },
  },
  settings: {},
};
