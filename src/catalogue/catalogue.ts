/**
 * The catalogue a command runs on: the built-in entries plus the user's modules (`--catalogue
 * MODULE`, repeatable, and the config file's `catalogue`). A module contributes every exported
 * property — its default export (one property or an array) and named exports — each validated
 * by {@link defineProperty}, so a plain object that misses a field is one line naming it.
 */
import { resolve } from "node:path";
import { minimatch } from "minimatch";
import { CATALOGUE as BUILT_IN } from "../../properties/index.js";
import { defineProperty, type PropertyDefinition } from "../check/define.js";
import type { Property } from "../check/property.js";
import { InputError } from "../io/inputError.js";
import { loadConfig } from "./config.js";
import { importModule } from "./importModule.js";

export { BUILT_IN };

export interface CatalogueOptions {
  /** User modules named on the command line. */
  modules?: readonly string[];
  /** Read shallowcheck.config.* / package.json in `cwd` (default true). */
  config?: boolean;
  cwd?: string;
}

export interface LoadedCatalogue {
  properties: Property[];
  /** Entries that came from user modules. */
  user: Property[];
  /** The corpus directory the config names, when it does. */
  corpus?: string;
}

function looksLikeProperty(value: unknown): value is Property {
  return typeof value === "object" && value !== null && typeof (value as Property).id === "string" && typeof (value as Property).evaluate === "function";
}

/** The properties a user module exports, validated. */
export async function loadPropertyModule(path: string): Promise<Property[]> {
  const exports = await importModule(path);
  const found: Property[] = [];
  for (const [name, value] of Object.entries(exports)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (!looksLikeProperty(item)) continue;
      try {
        found.push(Object.isFrozen(item) ? item : defineProperty(item as PropertyDefinition));
      } catch (error) {
        throw new InputError(`${path} (export ${name}): ${(error as Error).message}`);
      }
    }
  }
  const unique = [...new Set(found)];
  if (unique.length === 0) throw new InputError(`${path}: exports no property (export one made with defineProperty)`);
  return unique;
}

export async function loadCatalogue(options: CatalogueOptions = {}): Promise<LoadedCatalogue> {
  const config = options.config === false ? { catalogue: [] as string[] } : await loadConfig(options.cwd);
  // Absolute paths, so a module named both in the config and on the command line loads once.
  const modules = [...config.catalogue, ...(options.modules ?? [])].map((module) => resolve(options.cwd ?? process.cwd(), module));
  const user: Property[] = [];
  for (const module of new Set(modules)) user.push(...(await loadPropertyModule(module)));
  const properties = [...BUILT_IN, ...user];
  const ids = new Set<string>();
  for (const property of properties) {
    if (ids.has(property.id)) throw new InputError(`--catalogue: property id "${property.id}" is defined twice`);
    ids.add(property.id);
  }
  return { properties, user, ...("corpus" in config && config.corpus ? { corpus: config.corpus } : {}) };
}

/** Entries whose id matches any glob (all when none is given); an unmatched glob is bad usage. */
export function selectProperties(catalogue: readonly Property[], globs: readonly string[]): Property[] {
  if (globs.length === 0) return [...catalogue];
  for (const glob of globs) {
    if (!catalogue.some((p) => minimatch(p.id, glob))) throw new InputError(`--only: "${glob}" matches no property (see shallowcheck list)`);
  }
  return catalogue.filter((p) => globs.some((glob) => minimatch(p.id, glob)));
}

export function findIn(catalogue: readonly Property[], id: string): Property {
  const property = catalogue.find((p) => p.id === id);
  if (!property) throw new InputError(`unknown property "${id}" (see shallowcheck list; user entries need --catalogue MODULE)`);
  return property;
}
