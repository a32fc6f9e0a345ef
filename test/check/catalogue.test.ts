/** Contract every catalogue entry must meet, and the generated documentation kept current. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../properties/index.js";
import { catalogueMarkdown } from "../../src/cli/check.js";

describe.each(CATALOGUE.map((p) => [p.id, p] as const))("catalogue entry %s", (id, property) => {
  it("has a stable id naming its paper and a file of that name", () => {
    expect(id).toMatch(/^[a-z0-9]+\/[a-z0-9-]+$/);
    expect(id.startsWith(`${property.reference.paper}/`)).toBe(true);
  });

  it("states its statement, reference and provenance", () => {
    expect(property.statement.length).toBeGreaterThan(20);
    expect(property.reference.spec).toMatch(/§/);
    expect(property.reference.provenance).toMatch(/\[/);
    expect(property.defaultRuns).toBeGreaterThan(0);
  });

  it("names its assumptions uniquely", () => {
    const names = property.assumptions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("catalogue", () => {
  it("has unique ids", () => {
    expect(new Set(CATALOGUE.map((p) => p.id)).size).toBe(CATALOGUE.length);
  });

  it("docs/catalogue.md is current (regenerate: shallowcheck list --markdown > docs/catalogue.md)", () => {
    expect(readFileSync("docs/catalogue.md", "utf8")).toBe(catalogueMarkdown());
  });
});
