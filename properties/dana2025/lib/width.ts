/**
 * Network widths from dana2025 (REPO utils): shared by Lemma 5's entry and the experiments' protocol.
 */

/** REPO utils.nb_neurons: ⌊log(n/ε)/log(4/3)⌋ + 1 (dana2025 §3.6). */
export function nbNeurons(n: number, epsilon: number): number {
  return Math.floor(Math.log(n / epsilon) / Math.log(4 / 3)) + 1;
}
