/**
 * The catalogue contract (src/api/contract.ts) over every built-in entry, the stricter rules of
 * built-in entries (a paper of the bibliography, a file named by the id), and the generated
 * documentation kept current.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../properties/index.js";
import { paperRecord } from "../../properties/references.js";
import { catalogueContract } from "../../src/api/contract.js";
import { catalogueMarkdown, referencesMarkdown } from "../../src/cli/check.js";

describe.each(CATALOGUE.map((p) => [p.id, p] as const))("catalogue entry %s", (id, property) => {
  it("passes the catalogue contract", () => {
    const { violations } = catalogueContract(property, { samples: 6 });
    expect(violations).toEqual([]);
  });

  it("cites a paper of the bibliography and lives in the file its id names", () => {
    expect(property.reference).toBeDefined();
    expect(paperRecord(property.reference!.paper)).toBeDefined();
    expect(existsSync(`properties/${id}.ts`)).toBe(true);
    expect(JSON.stringify(property.reference)).not.toMatch(/\.md\b|§/);
  });
});

describe("catalogue", () => {
  it("has unique ids", () => {
    expect(new Set(CATALOGUE.map((p) => p.id)).size).toBe(CATALOGUE.length);
  });

  it("docs/catalogue.md is current (regenerate: shallowcheck list --markdown > docs/catalogue.md)", () => {
    expect(readFileSync("docs/catalogue.md", "utf8")).toBe(catalogueMarkdown(CATALOGUE));
  });

  it("docs/references.md is current (regenerate: shallowcheck list --references > docs/references.md)", () => {
    expect(readFileSync("docs/references.md", "utf8")).toBe(referencesMarkdown());
  });
});
