/**
 * `shallowcheck certify-minimum FILE [--digits N] [--json FILE] [--no-refine]`: a
 * computer-assisted proof that a local minimum of the ReLU teacher–student population loss lies
 * near the candidate in a `relu-teacher-student-minimum` file (src/certify/localMinimum.ts).
 * Prints `certified local minimum` or `not certified` and the reason, then r, λ, ‖∇F‖, B and the
 * loss enclosure. Exit 0 when certified, 1 when not, 2 on bad input.
 *
 * {@link runCertifyMinimum} is what `shallowcheck certify FIXTURE` should call for a file of this
 * kind (see {@link isTeacherStudentMinimumJson}); the subcommand is registered meanwhile.
 */
import type { Command } from "commander";
import { Decimal } from "decimal.js";
import { certifyLocalMinimum, CERTIFIED_LOCAL_MINIMUM, type IntervalReport, type LocalMinimumCertificate } from "../certify/localMinimum.js";
import { DEFAULT_INTERVAL_DIGITS } from "../field/interval.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { readTeacherStudentMinimumFile } from "../io/teacherStudentMinimumFile.js";
import { parseIntervalDigits } from "./certify.js";
import { progressOnStderr } from "./progress.js";

/** Significant digits shown on the terminal (the JSON has all of them); the loss gets more. */
const SHOWN_DIGITS = 8;
const LOSS_DIGITS = 20;

export interface CertifyMinimumOptions {
  digits?: string;
  json?: string;
  refine?: boolean;
}

const shorten = (text: string, digits: number, rounding: Decimal.Rounding) =>
  /^-?Infinity$/.test(text) ? text : new Decimal(text).toSignificantDigits(digits, rounding).toString();
const down = (text: string, digits = SHOWN_DIGITS) => shorten(text, digits, Decimal.ROUND_FLOOR);
const up = (text: string, digits = SHOWN_DIGITS) => shorten(text, digits, Decimal.ROUND_CEIL);
/** An enclosure shortened outward, so the printed interval still encloses the value. */
const shown = (x: IntervalReport | null, digits = SHOWN_DIGITS) => (x ? `[${down(x.lo, digits)}, ${up(x.hi, digits)}]` : "—");

/** The report lines for one certificate. */
export function formatMinimumCertificate(c: LocalMinimumCertificate): string[] {
  const lines: string[] = [c.verdict];
  if (c.reason) lines.push(`  reason: ${c.reason}`);
  if (c.r) lines.push(`  r      ≤ ${up(c.r.hi)}   (a local minimum W* lies within ‖W* − W₀‖_F ≤ r of the refined W₀)`);
  if (c.lambda) lines.push(`  λ_min  ∈ (${down(c.lambda.lo)}, ${up(c.lambda.hi)}]   (smallest Hessian eigenvalue at W₀; float estimate ${c.lambdaEstimate?.toPrecision(6)})`);
  if (c.gradientNorm) lines.push(`  ‖∇F‖   ≤ ${up(c.gradientNorm.hi)}`);
  if (c.thirdDerivativeBound) lines.push(`  B      ≤ ${up(c.thirdDerivativeBound.hi)}   (‖D³F‖ on the ball of radius R = ${c.ballRadius})`);
  if (c.criterion) lines.push(`  9λ² − 25‖∇F‖B ∈ ${shown(c.criterion)}`);
  if (c.loss) lines.push(`  loss   ∈ ${shown(c.loss, LOSS_DIGITS)}   (F at the minimum${c.spurious ? "; certainly above the global minimum 0: spurious" : ""})`);
  else if (c.lossAtW0) lines.push(`  F(W₀)  ∈ ${shown(c.lossAtW0, LOSS_DIGITS)}`);
  lines.push(
    `  k = ${c.k}, d = ${c.d}, n = ${c.n}; ${c.digits} digits; Newton ${c.refinement.stopped === "off" ? "off" : `${c.refinement.steps} steps (${c.refinement.stopped})`}; ${c.milliseconds.refine + c.milliseconds.certify} ms`,
  );
  return lines;
}

/** Certify the candidate in FILE; returns the exit code (0 certified, 1 not certified). */
export function runCertifyMinimum(file: string, options: CertifyMinimumOptions = {}): number {
  const digits = parseIntervalDigits("--digits", options.digits ?? String(DEFAULT_INTERVAL_DIGITS));
  const fixture = readTeacherStudentMinimumFile(file);
  const progress = progressOnStderr("certify-minimum");
  progress.update(undefined, `k = ${fixture.k}: Newton refinement and interval certificate`);
  let certificate: LocalMinimumCertificate;
  try {
    certificate = certifyLocalMinimum(fixture.student, fixture.teacher, { digits, refine: options.refine ?? true });
  } finally {
    progress.stop();
  }
  for (const line of formatMinimumCertificate(certificate)) process.stdout.write(line + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify({ file, ...certificate }, null, 2) + "\n");
  return certificate.verdict === CERTIFIED_LOCAL_MINIMUM ? 0 : 1;
}

export function registerCertifyMinimum(program: Command): void {
  program
    .command("certify-minimum")
    .description("prove that a ReLU teacher–student population loss has a local minimum near a candidate (interval arithmetic)")
    .argument("<file>", "relu-teacher-student-minimum fixture (JSON)")
    .option("--digits <n>", `significant digits of the interval ends (default ${DEFAULT_INTERVAL_DIGITS})`)
    .option("--json <file>", "also write the certificate as JSON")
    .option("--no-refine", "certify the candidate as given, without Newton refinement")
    .action((file: string, options: CertifyMinimumOptions) => {
      process.exitCode = runCertifyMinimum(file, options);
    });
}
