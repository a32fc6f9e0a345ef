/**
 * The import rules of the code base, as data, and the checker that lists every edge breaking them:
 * (a) no module imports a module of a higher layer (peers in one layer may import each other),
 * (b) no import cycle between src/ folders, (c) no catalogue entry — a file directly under
 * properties/<paper>/ — is imported by another entry or by a per-paper lib/, and every entry is
 * listed in the catalogue (properties/index.ts).
 */
import type { ImportEdge } from "./importGraph.js";

interface Layer {
  modules: readonly string[];
  /** Whether modules of this layer may import each other (cycles are still refused by rule b). */
  peersMayImport: boolean;
}

/**
 * Bottom to top. io (file formats, InputError, atomic writes) sits below fast and dynamics, which
 * read instance files and report bad input through it; version.ts is a leaf anyone may read.
 * The library's entry points (src/catalogue, src/api: the catalogue and the flows the CLI runs,
 * callable from a user's code) sit above the catalogue, under the CLI and the package's front doors.
 */
export const LAYERS: readonly Layer[] = [
  { modules: ["src/field", "src/version"], peersMayImport: false },
  { modules: ["src/model"], peersMayImport: false },
  { modules: ["src/io"], peersMayImport: false },
  { modules: ["src/fast"], peersMayImport: false },
  { modules: ["src/dynamics"], peersMayImport: false },
  { modules: ["src/check", "src/certify", "src/population", "src/penalized", "src/random", "src/reproduce"], peersMayImport: true },
  { modules: ["properties"], peersMayImport: false },
  { modules: ["experiments"], peersMayImport: false },
  { modules: ["src/catalogue", "src/api"], peersMayImport: true },
  { modules: ["src/cli", "src/index", "src/vitest"], peersMayImport: true },
];

export const CATALOGUE_FILE = "properties/index.ts";

/** The module a file belongs to: its src/ folder, or its top-level directory; undefined outside the layers. */
export function moduleOf(file: string): string | undefined {
  const parts = file.split("/");
  const module = parts[0] === "src" ? (parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1].replace(/\.ts$/, "")}`) : parts[0];
  return LAYERS.some((layer) => layer.modules.includes(module)) ? module : undefined;
}

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.modules.includes(module));
}

/** A file directly under properties/<paper>/. */
export function isCatalogueEntry(file: string): boolean {
  return /^properties\/[^/]+\/[^/]+\.ts$/.test(file);
}

const show = (edge: ImportEdge) => `${edge.from} → ${edge.to}`;

/** Rule (a). */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const [fromLayer, toLayer] = [layerOf(from), layerOf(to)];
    if (toLayer > fromLayer) problems.push(`upward import (${from} may not import ${to}): ${show(edge)}`);
    else if (toLayer === fromLayer && !LAYERS[fromLayer].peersMayImport) problems.push(`import between ${from} and ${to}, which may not import each other: ${show(edge)}`);
  }
  return problems;
}

/** Rule (b): every edge between two src/ folders that lie on one cycle of the folder graph. */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const folderEdges = edges
    .map((edge) => ({ edge, from: moduleOf(edge.from), to: moduleOf(edge.to) }))
    .filter((e): e is { edge: ImportEdge; from: string; to: string } => !!e.from?.startsWith("src/") && !!e.to?.startsWith("src/") && e.from !== e.to);
  const successors = new Map<string, Set<string>>();
  for (const { from, to } of folderEdges) successors.set(from, (successors.get(from) ?? new Set()).add(to));
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === goal) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...(successors.get(node) ?? []));
    }
    return false;
  };
  return folderEdges.filter(({ from, to }) => reaches(to, from)).map(({ edge, from, to }) => `import cycle between src/ folders (${to} leads back to ${from}): ${show(edge)}`);
}

/** Rule (c). */
export function entryImports(edges: readonly ImportEdge[], files: readonly string[]): string[] {
  const problems = edges
    .filter((edge) => isCatalogueEntry(edge.to) && edge.from.startsWith("properties/") && edge.from !== CATALOGUE_FILE)
    .map((edge) => `catalogue entry imported by ${isCatalogueEntry(edge.from) ? "another entry" : "a catalogue helper"} (shared code belongs in properties/<paper>/lib/): ${show(edge)}`);
  const listed = new Set(edges.filter((edge) => edge.from === CATALOGUE_FILE).map((edge) => edge.to));
  for (const file of files.filter(isCatalogueEntry)) {
    if (!listed.has(file)) problems.push(`${file} sits among the catalogue entries but is not one (not imported by ${CATALOGUE_FILE}): helpers belong in lib/`);
  }
  return problems;
}

/** Every broken rule, one line per offending edge or file. */
export function architectureProblems(edges: readonly ImportEdge[], files: readonly string[]): string[] {
  return [...upwardImports(edges), ...folderCycles(edges), ...entryImports(edges, files)];
}
