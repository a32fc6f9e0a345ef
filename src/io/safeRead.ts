/**
 * Reading an input file: only a regular file, and only one small enough to hold in memory, is
 * opened — a FIFO would block forever, /dev/zero would grow without end. Every refusal is one
 * {@link InputError} line naming the path.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync } from "node:fs";
import { constants } from "node:fs";
import { InputError } from "./inputError.js";
import { parseStrictJson } from "./strictJson.js";

/**
 * The largest input read: just under V8's longest string (2²⁹ − 24 UTF-16 units), so a file that
 * passes can always be decoded. (20000, 500, 50) instances are ~200 MB.
 */
export const MAX_INPUT_BYTES = 2 ** 29 - 24;

export function readInputText(path: string, maxBytes: number = MAX_INPUT_BYTES): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new InputError(`${path}: not a regular file (${stat.isDirectory() ? "a directory" : stat.isFIFO() ? "a FIFO" : "a device or socket"})`);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (size > maxBytes) throw new InputError(`${path}: ${size} bytes, more than the ${maxBytes} an input may have`);
  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) throw new InputError(`${path}: changed while being opened; not a regular file of at most ${maxBytes} bytes`);
    return readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

/** A JSON input file, parsed strictly (strictJson.ts). */
export function readJsonInput(path: string, maxBytes?: number): unknown {
  return parseStrictJson(readInputText(path, maxBytes), path);
}
