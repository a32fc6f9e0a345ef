/**
 * The project configuration a researcher keeps beside their lemmas: the first of
 * shallowcheck.config.{ts,mts,mjs,js,json} in the working directory, else the "shallowcheck"
 * field of its package.json. Paths in it are relative to the file that names them.
 *
 *   export default { catalogue: ["lemmas/leaky-balance.ts"], corpus: "fixtures/counterexamples" };
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as z from "zod";
import { formatPath, InputError } from "../io/inputError.js";
import { importModule } from "./importModule.js";

const configSchema = z.strictObject({
  /** Modules of user entries. */
  catalogue: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  /** The failure corpus directory. */
  corpus: z.string().min(1).optional(),
});

export interface Config {
  catalogue: string[];
  corpus?: string;
  /** The file it came from, when there was one. */
  source?: string;
}

export const CONFIG_NAMES = ["shallowcheck.config.ts", "shallowcheck.config.mts", "shallowcheck.config.mjs", "shallowcheck.config.js", "shallowcheck.config.json"];

export async function loadConfig(cwd: string = process.cwd()): Promise<Config> {
  for (const name of CONFIG_NAMES) {
    const path = join(cwd, name);
    if (!existsSync(path)) continue;
    const value = name.endsWith(".json") ? readJson(path) : ((await importModule(path)) as { default?: unknown }).default;
    return parseConfig(value, path);
  }
  const packagePath = join(cwd, "package.json");
  if (existsSync(packagePath)) {
    const field = (readJson(packagePath) as { shallowcheck?: unknown }).shallowcheck;
    if (field !== undefined) return parseConfig(field, packagePath, "shallowcheck");
  }
  return { catalogue: [] };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(`${path}: malformed JSON: ${(error as Error).message}`);
  }
}

function parseConfig(value: unknown, path: string, prefix?: string): Config {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = prefix ? [prefix, ...issue.path] : issue.path;
    throw new InputError(`${path}: ${formatPath(where)} ${issue.message}`);
  }
  const base = dirname(path);
  const modules = parsed.data.catalogue === undefined ? [] : [parsed.data.catalogue].flat();
  return {
    catalogue: modules.map((m) => resolve(base, m)),
    ...(parsed.data.corpus ? { corpus: resolve(base, parsed.data.corpus) } : {}),
    source: path,
  };
}
