/** Running the built `shallowcheck` binary in tests, and the shared shape of a bad-input failure. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";

export const BIN = join(import.meta.dirname, "../bin/shallowcheck.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `shallowcheck ...args` from dist/ (built by `npm test`'s pretest), optionally in another directory. */
export function runCli(args: string[], cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", ...(cwd ? { cwd } : {}) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bad input: exit 2, nothing on stdout, one line on stderr naming the problem, no stack trace. */
export function expectUsageError(result: CliResult, ...fragments: string[]): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
}
