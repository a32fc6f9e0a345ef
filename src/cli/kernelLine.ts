/**
 * The report line that says which float64 kernels a command's evaluations ran on (`hunt`,
 * `tighten`): the `kernel` of src/check/runner.ts's rows, "native-avx2 + typescript" style.
 */
export function kernelLine(kernel: string | null): string {
  return `float kernel: ${kernel ?? "none (exact or generic-model evaluations only)"}`;
}
