/** Checks on where a command writes, made before any work: never over an input, never over a stranger's file. */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "./inputError.js";

/** The path with symbolic links resolved as far as it exists (an output usually does not yet). */
function canonical(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(canonical(parent), basename(absolute));
}

/** Refuse an output path that names one of the inputs (also through a link or another spelling). */
export function refuseInputAsOutput(flag: string, output: string, inputs: readonly string[]): void {
  if (output === "") throw new InputError(`${flag}: must be a path`);
  const out = canonical(output);
  for (const input of inputs) {
    if (canonical(input) === out) throw new InputError(`${flag}: ${output} is the input ${input}; write somewhere else`);
    if (existsSync(output) && existsSync(input)) {
      const a = statSync(output);
      const b = statSync(input);
      if (a.dev === b.dev && a.ino === b.ino) throw new InputError(`${flag}: ${output} is the input ${input} (a hard link); write somewhere else`);
    }
  }
}

/**
 * Refuse to replace an existing file the tool did not write: `isOurs` says whether its content
 * is one of ours (e.g. parses as an instance file). A missing file is fine.
 */
export function refuseForeignFile(flag: string, path: string, isOurs: (path: string) => boolean, what: string): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw new InputError(`${flag}: ${path} exists and is not a regular file`);
  if (!isOurs(path)) throw new InputError(`${flag}: ${path} exists and is not ${what}; not overwriting it (remove it or choose another path)`);
}

/**
 * Refuse an output directory that exists, is not empty and holds no `marker` file of the tool
 * (its manifest): writing there would replace files the tool did not make.
 */
export function refuseForeignDirectory(flag: string, directory: string, marker: string): void {
  if (!existsSync(directory)) return;
  if (!statSync(directory).isDirectory()) throw new InputError(`${flag}: ${directory} exists and is not a directory`);
  const entries = readdirSync(directory);
  if (entries.length === 0 || entries.includes(marker)) return;
  throw new InputError(`${flag}: ${directory} is not empty and has no ${marker}, so shallowcheck did not make it; choose an empty or new directory`);
}
