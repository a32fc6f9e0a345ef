/**
 * Loads a user's module by path: JavaScript through Node's own import(), TypeScript through tsx
 * (types stripped, no type check — run tsc for that), so a lemma file needs no build step.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../io/inputError.js";

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

export async function importModule(path: string): Promise<Record<string, unknown>> {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new InputError(`${path}: no such file`);
  try {
    if (TYPESCRIPT.test(absolute)) {
      const { tsImport } = await import("tsx/esm/api");
      return (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InputError(`${path}: cannot load (${message})`);
  }
}
