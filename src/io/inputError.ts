/**
 * Bad input from a user: a file, an option, a flag. The CLI prints the message as one line
 * and exits with code 2, never a stack trace.
 */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** `data.X[3][1]` from a zod-style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}
