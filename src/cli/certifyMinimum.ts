/**
 * The branch of `shallowcheck certify FILE` for a `relu-teacher-student-minimum` file: a
 * computer-assisted proof that a local minimum of the ReLU teacher–student population loss lies
 * near the file's student W (src/population/localMinimum.ts). Prints `certified local minimum` or
 * `not certified` and the reason, then r, λ, ‖∇F‖, B and the loss enclosure.
 *
 * A file with a stored `certificate` is a proof object: by default it is re-checked at the stored
 * point exactly (no Newton refinement, the stored digits), and the stored claims must be
 * reproduced — so a point moved after it was certified is caught, not silently refined back. A
 * bare candidate is Newton-refined first. `--refine` / `--no-refine` override either default.
 * Returns the exit code: 0 certified (and any stored certificate reproduced), 1 otherwise.
 */
import { Decimal } from "decimal.js";
import { exactDecimalString } from "../field/exactDouble.js";
import { DEFAULT_INTERVAL_DIGITS } from "../field/interval.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import {
  CERTIFIED_LOCAL_MINIMUM,
  parseTeacherStudentMinimum,
  type IntervalReport,
  type LocalMinimumCertificate,
  type StoredMinimumCertificate,
  type TeacherStudentMinimumFile,
} from "../io/teacherStudentMinimumFile.js";
import { certifyLocalMinimum, identityTeacher } from "../population/localMinimum.js";
import { progressOnStderr } from "../io/progress.js";

/** Significant digits shown on the terminal (the JSON has all of them); the loss gets more. */
const SHOWN_DIGITS = 8;
const LOSS_DIGITS = 20;

export interface CertifyMinimumOptions {
  /** Interval digits, already validated; default the stored certificate's, else DEFAULT_INTERVAL_DIGITS. */
  digits?: number;
  json?: string;
  /** Newton refinement first; default: off for a file with a stored certificate, on otherwise. */
  refine?: boolean;
}

const shorten = (text: string, digits: number, rounding: Decimal.Rounding) =>
  /^-?Infinity$/.test(text) ? text : new Decimal(text).toSignificantDigits(digits, rounding).toString();
const down = (text: string, digits = SHOWN_DIGITS) => shorten(text, digits, Decimal.ROUND_FLOOR);
const up = (text: string, digits = SHOWN_DIGITS) => shorten(text, digits, Decimal.ROUND_CEIL);
/** An enclosure shortened outward, so the printed interval still encloses the value. */
const shown = (x: IntervalReport | null, digits = SHOWN_DIGITS) => (x ? `[${down(x.lo, digits)}, ${up(x.hi, digits)}]` : "—");

/** The report lines for one certificate; sizes in the file's notation (k targets, n students). */
export function formatMinimumCertificate(c: LocalMinimumCertificate): string[] {
  const lines: string[] = [c.verdict];
  if (c.reason) lines.push(`  reason: ${c.reason}`);
  if (c.r) lines.push(`  r      ≤ ${up(c.r.hi)}   (a local minimum W* lies within ‖W* − W₀‖_F ≤ r of the ${c.refinement.stopped === "off" ? "stored" : "refined"} W₀)`);
  if (c.lambda) lines.push(`  λ_min  ∈ (${down(c.lambda.lo)}, ${up(c.lambda.hi)}]   (smallest Hessian eigenvalue at W₀; float estimate ${c.lambdaEstimate?.toPrecision(6)})`);
  if (c.gradientNorm) lines.push(`  ‖∇F‖   ≤ ${up(c.gradientNorm.hi)}`);
  if (c.thirdDerivativeBound) lines.push(`  B      ≤ ${up(c.thirdDerivativeBound.hi)}   (‖D³F‖ on the ball of radius R = ${c.ballRadius})`);
  if (c.criterion) lines.push(`  9λ² − 25‖∇F‖B ∈ ${shown(c.criterion)}`);
  if (c.loss) lines.push(`  loss   ∈ ${shown(c.loss, LOSS_DIGITS)}   (F at the minimum${c.spurious ? "; certainly above the global minimum 0: spurious" : ""})`);
  else if (c.lossAtW0) lines.push(`  F(W₀)  ∈ ${shown(c.lossAtW0, LOSS_DIGITS)}`);
  lines.push(
    // The certifier counts student rows as k; the file (and Safran & Shamir) call them n.
    `  k = ${c.n} targets, n = ${c.k} students, d = ${c.d}; ${c.digits} digits; Newton ${c.refinement.stopped === "off" ? "off" : `${c.refinement.steps} steps (${c.refinement.stopped})`}; ${c.milliseconds.refine + c.milliseconds.certify} ms`,
  );
  return lines;
}

/** Run the certificate on a parsed file. */
export function certifyMinimumFile(fixture: TeacherStudentMinimumFile, options: { digits: number; refine: boolean }): LocalMinimumCertificate {
  const d = fixture.student[0].length;
  return certifyLocalMinimum(fixture.student, fixture.teacher ?? identityTeacher(d), { digits: options.digits, refine: options.refine });
}

/** A JSON number is its exact binary value, as the certifier reads it. */
const asDecimal = (x: string | number) => (typeof x === "number" ? exactDecimalString(x) : x);

export type StoredAgreement = "reproduced exactly" | "reproduced (loss enclosures overlap)" | "not reproduced" | "not checked (--refine moved the point: the certificate above is for the refined point)";

/**
 * Whether a fresh certificate reproduces the stored one. At the same point and digits the
 * computation is deterministic, so the enclosures agree to the last digit; at other digits both loss
 * enclosures contain F at the same minimum (the ball is inside the region where F is strictly
 * convex, r ≪ λ/B), so they must overlap.
 */
export function compareWithStored(fresh: LocalMinimumCertificate, stored: StoredMinimumCertificate, storedPoint: readonly (readonly (string | number)[])[]): StoredAgreement {
  const samePoint = fresh.W.every((row, i) => row.every((x, c) => x === asDecimal(storedPoint[i][c])));
  if (!samePoint) return "not checked (--refine moved the point: the certificate above is for the refined point)";
  if (fresh.verdict !== CERTIFIED_LOCAL_MINIMUM || !fresh.loss || !fresh.r || !fresh.lambda) return "not reproduced";
  const same = (a: IntervalReport, b: IntervalReport) => a.lo === b.lo && a.hi === b.hi;
  if (fresh.digits === stored.digits && same(fresh.loss, stored.loss) && same(fresh.r, stored.r) && same(fresh.lambda, stored.lambda)) return "reproduced exactly";
  const overlap = new Decimal(fresh.loss.lo).lte(stored.loss.hi) && new Decimal(stored.loss.lo).lte(fresh.loss.hi);
  return overlap && fresh.spurious === stored.spurious ? "reproduced (loss enclosures overlap)" : "not reproduced";
}

/** Certify a parsed minimum file and print the report; returns the exit code (0 certified, 1 not). */
export function runCertifyMinimum(file: string, json: unknown, options: CertifyMinimumOptions = {}): number {
  const fixture = parseTeacherStudentMinimum(json, file);
  const stored = fixture.certificate;
  const digits = options.digits ?? stored?.digits ?? DEFAULT_INTERVAL_DIGITS;
  const refine = options.refine ?? stored === undefined;
  const progress = progressOnStderr("certify");
  progress.update(undefined, `k = ${fixture.k}, n = ${fixture.n}: ${refine ? "Newton refinement and " : ""}interval certificate`);
  let certificate: LocalMinimumCertificate;
  try {
    certificate = certifyMinimumFile(fixture, { digits, refine });
  } finally {
    progress.stop();
  }
  const out = (line: string) => process.stdout.write(line + "\n");
  for (const line of formatMinimumCertificate(certificate)) out(line);
  const agreement = stored ? compareWithStored(certificate, stored, fixture.student) : undefined;
  if (stored) out(`  stored certificate (${stored.digits} digits, loss ∈ ${shown(stored.loss, LOSS_DIGITS)}): ${agreement}`);
  if (options.json) {
    const { k: students, n: targets, ...rest } = certificate;
    writeFileAtomic(options.json, JSON.stringify({ file, k: targets, n: students, ...rest, ...(agreement ? { storedCertificate: agreement } : {}) }, null, 2) + "\n");
  }
  return certificate.verdict === CERTIFIED_LOCAL_MINIMUM && agreement !== "not reproduced" ? 0 : 1;
}
