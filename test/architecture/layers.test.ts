/**
 * The layering holds by test (issue 13 item 6): the rule table of layerRules.ts over the real
 * import graph of src/, properties/ and experiments/, and the checker itself on made-up graphs
 * that break each rule, so a passing run means "no violation", not "the checker sees nothing".
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sourceGraph, type ImportEdge } from "./importGraph.js";
import { architectureProblems, entryImports, folderCycles, moduleOf, upwardImports } from "./layerRules.js";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const edge = (from: string, to: string): ImportEdge => ({ from, to });

describe("the import graph of the repository", () => {
  const graph = sourceGraph(repositoryRoot, ["src", "properties", "experiments"]);

  it("is read: every source file is in a layer and the graph has the edges we know exist", () => {
    expect(graph.files.filter((file) => moduleOf(file) === undefined)).toEqual([]);
    expect(graph.edges).toContainEqual(edge("src/model/network.ts", "src/field/field.ts"));
    // A multi-line import, which a per-line regex would miss.
    expect(graph.edges).toContainEqual(edge("properties/dana2025/theorem2-transition-window.ts", "properties/dana2025/lib/groupDynamics.ts"));
  });

  it("breaks no layering rule", () => {
    expect(architectureProblems(graph.edges, graph.files)).toEqual([]);
  });
});

describe("the rule checker", () => {
  it("reports an upward import, naming the edge", () => {
    const problems = upwardImports([edge("src/field/field.ts", "src/model/network.ts"), edge("src/certify/gd.ts", "properties/index.ts"), edge("src/model/network.ts", "src/field/field.ts")]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("src/field/field.ts → src/model/network.ts");
    expect(problems[1]).toContain("src/certify/gd.ts → properties/index.ts");
  });

  it("reports an import between modules of one layer that are not peers", () => {
    expect(upwardImports([edge("src/version.ts", "src/field/field.ts")])).toHaveLength(1);
    expect(upwardImports([edge("src/check/hunt.ts", "src/random/rng.ts")])).toEqual([]);
  });

  it("reports every edge of a cycle between src/ folders, and none of an acyclic graph", () => {
    const cycle = [edge("src/certify/localMinimum.ts", "src/population/reluTeacherStudent.ts"), edge("src/population/certified.ts", "src/penalized/x.ts"), edge("src/penalized/x.ts", "src/certify/localMinimum.ts")];
    expect(folderCycles(cycle)).toHaveLength(3);
    expect(folderCycles([...cycle.slice(0, 2), edge("src/population/x.ts", "src/field/field.ts")])).toEqual([]);
  });

  it("reports an entry importing an entry, a lib importing an entry, and a helper among the entries", () => {
    const files = ["properties/index.ts", "properties/p/a.ts", "properties/p/b.ts", "properties/p/helper.ts", "properties/p/lib/shared.ts"];
    const edges = [
      edge("properties/index.ts", "properties/p/a.ts"),
      edge("properties/index.ts", "properties/p/b.ts"),
      edge("properties/p/a.ts", "properties/p/b.ts"),
      edge("properties/p/lib/shared.ts", "properties/p/a.ts"),
      edge("properties/p/b.ts", "properties/p/lib/shared.ts"),
    ];
    const problems = entryImports(edges, files);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain("properties/p/a.ts → properties/p/b.ts");
    expect(problems[1]).toContain("properties/p/lib/shared.ts → properties/p/a.ts");
    expect(problems[2]).toContain("properties/p/helper.ts");
  });
});
