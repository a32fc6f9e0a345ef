/**
 * Network widths from dana2025 (the authors' code, github.com/leodana2000/Convergence-High-Dimension, utils): shared by Lemma 5's entry and the experiments' protocol.
 */

/** The authors' utils.nb_neurons: ⌊log(n/ε)/log(4/3)⌋ + 1, the least p with n(3/4)^p < ε (dana2025, Lemma 5, our reading). */
export function nbNeurons(n: number, epsilon: number): number {
  return Math.floor(Math.log(n / epsilon) / Math.log(4 / 3)) + 1;
}
