/**
 * The `relu-teacher-student-minimum` file: a (candidate or certified) local minimum of the ReLU
 * teacher–student population loss (Safran & Shamir, arXiv:1712.08968), read by `shallowcheck
 * certify` and written by `hunt soltanolkotabi2019/relu-no-spurious-minima` (stored minima live in
 * fixtures/soltanolkotabi2019/). Sizes follow Safran & Shamir's notation (their code's result files):
 * k targets (teacher rows), n students (student rows), d the row length.
 * Fields:
 * - kind: "relu-teacher-student-minimum";
 * - k: teacher rows; n: student rows;
 * - student: n rows of d decimal strings (or numbers, read as their exact binary values) — for a
 *   stored minimum, the exact point the certificate was computed at;
 * - teacher (optional): k rows of d entries; default the identity V = I_d, which needs k = d;
 * - description (optional): free text;
 * - provenance (all optional): property (the catalogue entry it refutes), seed (the named seed of
 *   its initialization), protocol (how it was found), W0 (the initialization, n rows of d),
 *   tool (the version that stored it);
 * - certificate (optional): what certifyLocalMinimum proved at `student` (verdict "certified
 *   local minimum", digits, r, λ, ‖∇F‖, B, the loss enclosure, …; see {@link StoredMinimumCertificate}).
 *   Only certified points are stored with one, so a file with a certificate is a proof that
 *   `certify` re-checks.
 * Every problem is one {@link InputError} line naming the field.
 */
import * as z from "zod";
import { writeFileAtomic } from "./atomicWrite.js";
import { readJsonInput } from "./safeRead.js";
import { InputError, formatPath } from "./inputError.js";
import { DECIMAL_STRING_PATTERN, RANGE_PROBLEM, withinFloatRange } from "./instanceSchema.js";

export const TEACHER_STUDENT_MINIMUM_KIND = "relu-teacher-student-minimum";

export const CERTIFIED_LOCAL_MINIMUM = "certified local minimum";
export const NOT_CERTIFIED = "not certified";
export type LocalMinimumVerdict = typeof CERTIFIED_LOCAL_MINIMUM | typeof NOT_CERTIFIED;

export interface IntervalReport {
  lo: string;
  hi: string;
}

/** Why Newton refinement of the point stopped (src/population/newtonRefine.ts). */
export type RefinementStop = "tolerance" | "max-steps" | "no-progress" | "not-twice-differentiable" | "singular-hessian";

/** What certifyLocalMinimum (src/population/localMinimum.ts) proved, or why it did not. */
export interface LocalMinimumCertificate {
  verdict: LocalMinimumVerdict;
  /** Why not certified (absent when certified). */
  reason?: string;
  digits: number;
  k: number;
  d: number;
  n: number;
  /** The point certified: the refined W₀ as exact decimal strings. */
  W: string[][];
  refinement: { steps: number; stopped: RefinementStop | "off"; newtonDigits: number | null };
  /** A minimum lies within ‖W* − W₀‖_F ≤ r.hi (r.hi is the radius used). */
  r: IntervalReport | null;
  /** lo: certified λ_min(∇²F(W₀)) > lo; hi: certified λ_min ≤ hi (Rayleigh quotient). */
  lambda: IntervalReport | null;
  /** The float64 estimate of λ_min the Cholesky shift was chosen from. */
  lambdaEstimate: number | null;
  /** Enclosure of ‖∇F(W₀)‖_F. */
  gradientNorm: IntervalReport | null;
  /** Enclosure of B (its hi is the bound used) on the ball of radius `ballRadius`. */
  thirdDerivativeBound: IntervalReport | null;
  ballRadius: string | null;
  /** Enclosure of 9λ² − 25gB with λ = lambda.lo, g = gradientNorm.hi, B = thirdDerivativeBound.hi. */
  criterion: IntervalReport | null;
  /** Enclosure of F(W₀). */
  lossAtW0: IntervalReport | null;
  /** Enclosure of F at the certified minimum W*. */
  loss: IntervalReport | null;
  /**
   * Whether the certified minimum is certainly spurious: its loss is certainly > 0 while the
   * global minimum is 0 (W = V, padded with zero rows, is reachable when k ≥ n). null when not
   * certified, or when k < n (the global minimum value is then unknown).
   */
  spurious: boolean | null;
  /** Enclosures of min_i‖w_i‖ and min_{i≠j}‖w_i − w_j‖ at W₀ (the latter null when k = 1). */
  minStudentNorm: IntervalReport | null;
  minStudentDistance: IntervalReport | null;
  /** Wall time of refinement and certification. */
  milliseconds: { refine: number; certify: number };
}


const decimalString = z.string().regex(DECIMAL_STRING_PATTERN, "must be a decimal number such as \"-0.25\" or \"1e-3\"");
const entry = z
  .union([decimalString, z.number().refine(Number.isFinite, "must be a finite number")])
  .refine((value) => typeof value === "number" || withinFloatRange(value), { error: RANGE_PROBLEM });
const matrix = z.array(z.array(entry).min(1, "must have at least one entry")).min(1, "must have at least one row");
/** An enclosure [lo, hi] as decimal strings. */
const enclosure = z.strictObject({ lo: decimalString, hi: decimalString });

/** The part of a {@link LocalMinimumCertificate} a stored minimum keeps (the point itself is `student`). */
const storedCertificateSchema = z.strictObject({
  verdict: z.literal(CERTIFIED_LOCAL_MINIMUM),
  digits: z.number().int().positive(),
  r: enclosure,
  lambda: enclosure,
  gradientNorm: enclosure,
  thirdDerivativeBound: enclosure,
  ballRadius: decimalString,
  criterion: enclosure,
  loss: enclosure,
  spurious: z.boolean().nullable(),
  refinement: z.strictObject({ steps: z.number().int().nonnegative(), stopped: z.string(), newtonDigits: z.number().int().positive().nullable() }),
});

export type StoredMinimumCertificate = z.infer<typeof storedCertificateSchema>;

const teacherStudentMinimumSchema = z
  .strictObject({
    kind: z.literal(TEACHER_STUDENT_MINIMUM_KIND),
    description: z.string().optional(),
    k: z.number().int().positive(),
    n: z.number().int().positive(),
    teacher: matrix.optional(),
    student: matrix,
    property: z.string().optional(),
    seed: z.string().optional(),
    protocol: z.string().optional(),
    W0: matrix.optional(),
    tool: z.string().optional(),
    certificate: storedCertificateSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const d = file.student[0].length;
    const rows = (name: "student" | "teacher" | "W0", M: readonly (readonly unknown[])[], expected: number, size: string) => {
      if (M.length !== expected) issue([name], `has ${M.length} rows, expected ${size} = ${expected}`);
      M.forEach((row, i) => {
        if (row.length !== d) issue([name, i], `has ${row.length} entries, expected d = ${d}`);
      });
    };
    rows("student", file.student, file.n, "n");
    if (file.W0) rows("W0", file.W0, file.n, "n");
    if (file.teacher) rows("teacher", file.teacher, file.k, "k");
    else if (file.k !== d) issue(["k"], `is ${file.k}, but without a teacher the teacher is the identity I_d, so k must equal d = ${d}`);
  });

export type TeacherStudentMinimumFile = z.infer<typeof teacherStudentMinimumSchema>;

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return `is missing (expected ${issue.expected})`;
  if (issue.code === "invalid_value") return issue.message.replace(/^Invalid input: expected /, "must be ");
  return issue.message.replace(/^Invalid input: /, "");
}

export function parseTeacherStudentMinimum(json: unknown, source: string): TeacherStudentMinimumFile {
  const result = teacherStudentMinimumSchema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new InputError(`${source}: ${formatPath(first.path)} ${describe(first)}`);
}

/** Parsed JSON of a file (regular, bounded, strict: safeRead.ts), or one InputError line. */
export function readJsonFile(path: string): unknown {
  return readJsonInput(path);
}

export function readTeacherStudentMinimumFile(path: string): TeacherStudentMinimumFile {
  return parseTeacherStudentMinimum(readJsonFile(path), path);
}

/** Whether parsed JSON claims to be this kind of file (`certify` dispatches on it). */
export function isTeacherStudentMinimumJson(json: unknown): boolean {
  return typeof json === "object" && json !== null && (json as { kind?: unknown }).kind === TEACHER_STUDENT_MINIMUM_KIND;
}

/** The stored block of a certified certificate; throws on one that is not certified (never store those). */
export function storedMinimumCertificate(c: LocalMinimumCertificate): StoredMinimumCertificate {
  if (c.verdict !== CERTIFIED_LOCAL_MINIMUM || !c.r || !c.lambda || !c.gradientNorm || !c.thirdDerivativeBound || !c.ballRadius || !c.criterion || !c.loss) {
    throw new Error(`not a certified local minimum: ${c.reason ?? c.verdict}`);
  }
  return {
    verdict: CERTIFIED_LOCAL_MINIMUM,
    digits: c.digits,
    r: c.r,
    lambda: c.lambda,
    gradientNorm: c.gradientNorm,
    thirdDerivativeBound: c.thirdDerivativeBound,
    ballRadius: c.ballRadius,
    criterion: c.criterion,
    loss: c.loss,
    spurious: c.spurious,
    refinement: c.refinement,
  };
}

/** Validate and write atomically (2-space JSON, trailing newline). */
export function writeTeacherStudentMinimumFile(path: string, file: TeacherStudentMinimumFile): void {
  const checked = parseTeacherStudentMinimum(file, path);
  writeFileAtomic(path, JSON.stringify(checked, null, 1) + "\n");
}
