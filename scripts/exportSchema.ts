/** Writes schema/instance.schema.json, the JSON Schema editors use to validate instance files. */
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomicWrite.js";
import { instanceJsonSchema } from "../src/io/instanceSchema.js";

export const INSTANCE_SCHEMA_PATH = "schema/instance.schema.json";

export function instanceSchemaText(): string {
  return JSON.stringify(instanceJsonSchema(), null, 2) + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileAtomic(INSTANCE_SCHEMA_PATH, instanceSchemaText());
  process.stderr.write(`wrote ${INSTANCE_SCHEMA_PATH}\n`);
}
