/** The tool version written into every file shallowcheck produces. */
import { existsSync, readFileSync } from "node:fs";

// The same module runs from src/ (tests) and from dist/src/ (the installed CLI).
const packagePath = ["../package.json", "../../package.json"]
  .map((relative) => new URL(relative, import.meta.url))
  .find((url) => existsSync(url) && (JSON.parse(readFileSync(url, "utf8")) as { name?: string }).name === "shallowcheck");

export const VERSION: string = packagePath ? (JSON.parse(readFileSync(packagePath, "utf8")) as { version: string }).version : "unknown";
