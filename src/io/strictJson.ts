/**
 * JSON as shallowcheck reads it: JSON.parse, then one pass over the text that refuses what
 * JSON.parse lets through silently — a key given twice in one object (JSON.parse keeps the last)
 * and the key `__proto__` (an own property some readers drop and others turn into a prototype).
 * Every file-reading command uses it, so such a file is refused the same way everywhere.
 *
 * The pass is a scan, not a second parser: after JSON.parse accepted the text, only strings,
 * braces, brackets, commas and colons matter. No library fits: AST parsers (momoa) build a node
 * per number, gigabytes on the largest instances this tool reads.
 */
import { InputError } from "./inputError.js";

interface ObjectFrame {
  kind: "object";
  path: string;
  keys: Set<string>;
  lastKey: string;
  expectKey: boolean;
}

interface ArrayFrame {
  kind: "array";
  path: string;
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 34;
const BACKSLASH = 92;

/** Parse `text`; malformed JSON, a duplicate key or `__proto__` is one {@link InputError} line naming `source`. */
export function parseStrictJson(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: malformed JSON: ${(error as Error).message}`);
  }
  const problem = findKeyProblem(text);
  if (problem !== undefined) throw new InputError(`${source}: ${problem}`);
  return value;
}

function childPath(frame: Frame | undefined): string {
  if (frame === undefined) return "";
  if (frame.kind === "array") return `${frame.path}[${frame.index}]`;
  return frame.path === "" ? frame.lastKey : `${frame.path}.${frame.lastKey}`;
}

/** The first duplicate or `__proto__` key of valid JSON text, described; undefined when there is none. */
export function findKeyProblem(text: string): string | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const where = top.path === "" ? "(top level)" : top.path;
        if (key === "__proto__") return `${where} has the key "__proto__", which is not allowed`;
        if (top.keys.has(key)) return `${where} has the key "${key}" twice`;
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      const path = childPath(stack[stack.length - 1]);
      stack.push(c === "{" ? { kind: "object", path, keys: new Set(), lastKey: "", expectKey: true } : { kind: "array", path, index: 0 });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "array") top.index++;
      else if (top?.kind === "object") top.expectKey = true;
    }
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i++;
    else if (code === QUOTE) return i;
  }
  return text.length;
}
