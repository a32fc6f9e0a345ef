/**
 * The instance file: one shallow network with its data, as JSON, validated by zod.
 *
 * ```json
 * { "model":  { "activation": "relu", "scaling": "mean-field" },
 *   "data":   { "X": [[1, 0], [0, "0.5"]], "y": [1, -1] },
 *   "params": { "W": [[0.1, 2], [-1, 0.1]], "a": [0.01, -0.01] } }
 * ```
 * Every number is a finite JSON number (read as that double, exactly) or a decimal string
 * (read exactly by the decimal path, to the nearest double by the float path) within the range
 * of float64 ({@link withinFloatRange}). Other top-level
 * fields (`name`, `description`, `generator`, …) are kept and ignored; unknown fields inside
 * `model`, `data` and `params` are errors, since they are usually typos.
 */
import * as z from "zod";
import { ACTIVATION_NAMES } from "../model/activation.js";
import { SCALINGS } from "../model/instance.js";
import { InputError, formatPath } from "./inputError.js";

export const DECIMAL_STRING_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const NUMBER_LIKE_PROBLEM = 'must be a finite number or a decimal string such as "-0.125" or "1e-3"';
export const RANGE_PROBLEM = "is outside the range of float64 (a nonzero |x| must lie in [5e-324, 1.7976931348623157e308])";

/**
 * Every entry must be representable as a double: finite, and not a nonzero value that the float
 * path would read as 0. The exact paths read a decimal string exactly, but refusing these for
 * every path keeps one rule: no path computes on a value another path cannot (and decimal.js,
 * past exponent ±9·10¹⁵, would itself read Infinity or 0).
 */
export function withinFloatRange(text: string): boolean {
  const value = Number(text);
  return Number.isFinite(value) && (value !== 0 || !/[1-9]/.test(text.replace(/[eE].*$/, "")));
}

export const numberLike = z
  .union([z.number().refine(Number.isFinite, NUMBER_LIKE_PROBLEM), z.string().regex(DECIMAL_STRING_PATTERN, NUMBER_LIKE_PROBLEM)], { error: NUMBER_LIKE_PROBLEM })
  .refine((value) => typeof value === "number" || withinFloatRange(value), { error: RANGE_PROBLEM });
export type NumberLike = z.infer<typeof numberLike>;

const vector = z.array(numberLike);
const matrix = z.array(vector);

export const instanceFileSchema = z
  .looseObject({
    model: z.strictObject({
      activation: z.enum(ACTIVATION_NAMES),
      scaling: z.enum(SCALINGS),
      alpha: numberLike.optional().describe("negative-side slope of leaky-relu (default 0.01)"),
    }),
    data: z.strictObject({
      X: matrix.min(1, "must have at least one row (n ≥ 1)").describe("n rows of d inputs"),
      y: vector.describe("n labels"),
    }),
    params: z.strictObject({
      W: matrix.describe("p rows of d first-layer weights"),
      a: vector.min(1, "must have at least one entry (p ≥ 1)").describe("p output weights"),
    }),
  })
  .superRefine((file, ctx) => {
    const { X, y } = file.data;
    const { W, a } = file.params;
    // Refinements also run after non-fatal issues such as an empty X; there is no d to check then.
    if (X.length === 0 || a.length === 0) return;
    const d = X[0].length;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (d === 0) issue(["data", "X", 0], "has no entries (d ≥ 1 required)");
    X.forEach((row, i) => {
      if (row.length !== d) issue(["data", "X", i], `has ${row.length} entries, expected d = ${d}`);
    });
    if (y.length !== X.length) issue(["data", "y"], `has ${y.length} entries, expected n = ${X.length} (rows of data.X)`);
    if (W.length !== a.length) issue(["params", "W"], `has ${W.length} rows, expected p = ${a.length} (entries of params.a)`);
    W.forEach((row, j) => {
      if (row.length !== d) issue(["params", "W", j], `has ${row.length} entries, expected d = ${d}`);
    });
    if (file.model.alpha !== undefined && file.model.activation !== "leaky-relu") {
      issue(["model", "alpha"], `is only meaningful for leaky-relu, not ${file.model.activation}`);
    }
  });

export type InstanceFile = z.infer<typeof instanceFileSchema>;

/** Validate parsed JSON; the first problem becomes one {@link InputError} line naming the field. */
export function parseInstanceFile(json: unknown, source = "instance"): InstanceFile {
  const result = instanceFileSchema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new InputError(`${source}: ${formatPath(first.path)} ${describeIssue(first)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
    case "invalid_type":
      return issue.message.endsWith("received undefined") ? `is missing (expected ${issue.expected})` : issue.message.replace(/^Invalid input: /, "");
    case "invalid_value":
      return issue.message.replace(/^Invalid option: expected /, "must be ");
    default:
      return issue.message;
  }
}

/** JSON Schema of the instance file, for editors (`schema/instance.schema.json`). */
export function instanceJsonSchema(): unknown {
  return z.toJSONSchema(instanceFileSchema, { unrepresentable: "any" });
}
