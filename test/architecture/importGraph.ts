/**
 * The .ts files under the given directories and their relative imports, as repo-relative file edges.
 * TypeScript's own pre-processor finds them (static, type-only, re-exports and dynamic import()),
 * so a multi-line import or an `export … from` is not missed the way a line regex would miss it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";

export interface ImportEdge {
  /** Importing file, relative to the repository root with "/" separators. */
  from: string;
  /** Imported file, resolved the same way (".js" specifiers name their ".ts" sources). */
  to: string;
}

function typeScriptFiles(root: string, directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(root, path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const slashes = (path: string) => path.split("\\").join("/");

export interface SourceGraph {
  files: string[];
  edges: ImportEdge[];
}

export function sourceGraph(repositoryRoot: string, directories: readonly string[]): SourceGraph {
  const files = directories.flatMap((directory) => typeScriptFiles(repositoryRoot, directory)).map(slashes);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const source = readFileSync(join(repositoryRoot, file), "utf8");
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = normalize(join(dirname(file), fileName)).replace(/\.js$/, ".ts");
      edges.push({ from: file, to: slashes(target) });
    }
  }
  return { files, edges };
}
