/**
 * The `relu-teacher-student-minimum` fixture: a candidate local minimum of the ReLU
 * teacher–student population loss (spec soltanolkotabi2019.md §6.1), for
 * `shallowcheck certify-minimum`. Fields:
 * - kind: "relu-teacher-student-minimum";
 * - k: student rows; n: teacher rows;
 * - student: k rows of d decimal strings (or numbers, read as their exact binary values);
 * - teacher (optional): n rows of d entries; default the identity V = I_d, which needs n = d;
 * - description (optional): free text.
 * Every problem is one {@link InputError} line naming the field.
 */
import { readFileSync } from "node:fs";
import * as z from "zod";
import { InputError, formatPath } from "./inputError.js";
import { DECIMAL_STRING_PATTERN } from "./instanceSchema.js";

const entry = z.union([
  z.string().regex(DECIMAL_STRING_PATTERN, "must be a decimal number such as \"-0.25\" or \"1e-3\""),
  z.number().refine(Number.isFinite, "must be a finite number"),
]);
const matrix = z.array(z.array(entry).min(1, "must have at least one entry")).min(1, "must have at least one row");

export const teacherStudentMinimumSchema = z
  .strictObject({
    kind: z.literal("relu-teacher-student-minimum"),
    description: z.string().optional(),
    k: z.number().int().positive(),
    n: z.number().int().positive(),
    student: matrix,
    teacher: matrix.optional(),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const d = file.student[0].length;
    if (file.student.length !== file.k) issue(["student"], `has ${file.student.length} rows, expected k = ${file.k}`);
    file.student.forEach((row, i) => {
      if (row.length !== d) issue(["student", i], `has ${row.length} entries, expected d = ${d}`);
    });
    if (file.teacher) {
      if (file.teacher.length !== file.n) issue(["teacher"], `has ${file.teacher.length} rows, expected n = ${file.n}`);
      file.teacher.forEach((row, j) => {
        if (row.length !== d) issue(["teacher", j], `has ${row.length} entries, expected d = ${d}`);
      });
    } else if (file.n !== d) {
      issue(["n"], `is ${file.n}, but without a teacher the teacher is the identity I_d, so n must equal d = ${d}`);
    }
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

export function readTeacherStudentMinimumFile(path: string): TeacherStudentMinimumFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: malformed JSON: ${(error as Error).message}`);
  }
  return parseTeacherStudentMinimum(json, path);
}

/** Whether parsed JSON claims to be this kind of file (for a `certify` that dispatches on kind). */
export function isTeacherStudentMinimumJson(json: unknown): boolean {
  return typeof json === "object" && json !== null && (json as { kind?: unknown }).kind === "relu-teacher-student-minimum";
}
