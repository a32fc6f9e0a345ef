/** Writes fixtures/taheri2025/*.json from {@link buildFixtures} (atomically). */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../src/io/atomicWrite.js";
import { buildFixtures, fixtureContent } from "./fixtures.js";

const directory = process.argv[2] ?? "fixtures/taheri2025";
mkdirSync(directory, { recursive: true });
for (const fixture of buildFixtures()) {
  const path = join(directory, `${fixture.name}.json`);
  writeFileAtomic(path, fixtureContent(fixture));
  process.stderr.write(`wrote ${path}\n`);
}
