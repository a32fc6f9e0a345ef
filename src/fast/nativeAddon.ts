/**
 * Loading shallowcheck's optional native addons (built by scripts/buildNative.mjs into
 * build/Release): found from the package root, refused when SHALLOWCHECK_NATIVE=0, and kept only
 * if they pass the caller's self-check, so a stale or foreign build is never used.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the nearest ancestor of this file with binding.gyp (src/fast or dist/src/fast). */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "binding.gyp"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export type Loaded<A> = { addon: A; error?: undefined } | { addon: null; error: string };

/** build/Release/<name>.node, or null with the reason it is unavailable. */
export function loadAddon<A>(name: string, selfCheck: (addon: A) => boolean): Loaded<A> {
  if (process.env.SHALLOWCHECK_NATIVE === "0") return { addon: null, error: "disabled by SHALLOWCHECK_NATIVE=0" };
  const relative = join("build", "Release", `${name}.node`);
  const root = packageRoot();
  const file = root === undefined ? undefined : join(root, relative);
  if (file === undefined || !existsSync(file)) return { addon: null, error: `not built (${relative} missing; run \`node scripts/buildNative.mjs\`)` };
  try {
    const candidate = createRequire(import.meta.url)(file) as A;
    return selfCheck(candidate) ? { addon: candidate } : { addon: null, error: "failed its self-check" };
  } catch (error) {
    return { addon: null, error: `failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** An addon loaded on first use: `addon()` is it or null, `error()` why it is null. */
export interface LazyAddon<A> {
  addon(): A | null;
  error(): string | undefined;
}

/** {@link loadAddon} deferred to the first call and remembered, so importing a wrapper costs nothing. */
export function lazyAddon<A>(name: string, selfCheck: (addon: A) => boolean): LazyAddon<A> {
  let loaded: Loaded<A> | undefined;
  const load = (): Loaded<A> => (loaded ??= loadAddon<A>(name, selfCheck));
  return { addon: () => load().addon, error: () => load().error };
}
