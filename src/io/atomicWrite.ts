/** Write a file so a reader sees the old content or the new, never a torn one: temp file, fsync, rename. */
import { closeSync, fsyncSync, openSync, renameSync, writeSync, mkdirSync } from "node:fs";
import { dirname, basename, join } from "node:path";

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, "w");
  try {
    if (typeof content === "string") writeSync(fd, content);
    else writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
