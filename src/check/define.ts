/**
 * `defineProperty`: the one way to write a catalogue entry, built-in or a user's own. It checks
 * the definition at the boundary (zod) and fills defaults, so the runner, hunt, replay and
 * certify can rely on every field they read. A bad definition is one line naming the field.
 */
import * as z from "zod";
import { formatPath, InputError } from "../io/inputError.js";
import { MARGIN_KINDS, type Property } from "./property.js";

/** What a definition may leave out; everything else is {@link Property}'s. */
export type PropertyDefinition = Omit<Property, "mode" | "assumptions" | "defaultRuns" | "margin"> &
  Partial<Pick<Property, "mode" | "assumptions" | "defaultRuns">> &
  Required<Pick<Property, "margin">>;

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", { message: "must be a function" });
const text = z.string().trim().min(1, { message: "must be a non-empty string" });

const definitionSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'must be "group/name" (letters, digits, ".", "_", "-"), e.g. "mylab/leaky-balance"',
  }),
  title: text,
  statement: text,
  reading: text.optional(),
  citation: text.optional(),
  reference: z.object({ paper: text, statement: text, provenance: text.optional(), spec: text.optional() }).optional(),
  mode: z.enum(["exact", "trajectory", "monte-carlo"]).optional(),
  margin: z.object({
    kind: z.enum(MARGIN_KINDS),
    formula: text,
    bound: z.object({ direction: z.enum(["lower", "upper"]), observed: text, bound: text }).optional(),
    moreBounds: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be a name without spaces" }), direction: z.enum(["lower", "upper"]), observed: text, bound: text })).optional(),
  }),
  assumptions: z
    .array(z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be a name without spaces" }), description: text, holds: fn, decide: fn.optional() }))
    .optional(),
  generate: fn,
  evaluate: fn,
  steps: fn.optional(),
  marginOver: fn.optional(),
  slackOver: fn.optional(),
  rationalMargin: fn.optional(),
  configure: fn.optional(),
  storeCounterexample: fn.optional(),
  knownBad: fn.optional(),
  refutations: fn.optional(),
  defaultRuns: z.number().int().min(1).max(1_000_000).optional(),
});

/** Runs of `check` for an entry that does not say. */
export const DEFAULT_RUNS = 100;

/**
 * A catalogue entry from its definition: validated, defaults filled (mode `exact`, no
 * assumptions, {@link DEFAULT_RUNS} runs), frozen.
 *
 * @throws InputError naming the offending field, e.g. `defineProperty("a/b"): margin.kind must be one of …`.
 */
export function defineProperty(definition: PropertyDefinition): Property {
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = typeof (definition as { id?: unknown })?.id === "string" ? (definition as { id: string }).id : "?";
    throw new InputError(`defineProperty("${id}"): ${formatPath(issue.path)} ${issue.message}`);
  }
  if (!definition.reference && !definition.citation) throw new InputError(`defineProperty("${definition.id}"): give a citation (where the statement comes from)`);
  const names = (definition.assumptions ?? []).map((a) => a.name);
  const repeated = names.find((name, k) => names.indexOf(name) !== k);
  if (repeated) throw new InputError(`defineProperty("${definition.id}"): assumptions name "${repeated}" twice`);
  return Object.freeze({ mode: "exact", assumptions: [], defaultRuns: DEFAULT_RUNS, ...definition }) as Property;
}

/** How an entry is cited in one line: its paper and numbering, or the user's citation. */
export function citationOf(property: Property): string {
  if (property.reference) return `${property.reference.paper}: ${property.reference.statement}`;
  return property.citation ?? "(no citation)";
}
