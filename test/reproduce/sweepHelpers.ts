/**
 * Running sweeps of the test-only experiment the way a user does: the built CLI code (dist/,
 * which `npm test` builds first; worker threads need JavaScript) driven by fixtures/cli.mjs in a
 * child process, with the test module instead of the registry.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

export const DRIVER = join(import.meta.dirname, "fixtures/cli.mjs");
export const BIN = join(import.meta.dirname, "../../bin/shallowcheck.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), "shallowcheck-reproduce-"));
}

export function runDriver(args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [DRIVER, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runBin(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function spawnDriver(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [DRIVER, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

export function logLines(directory: string): string[] {
  const path = join(directory, "runs.jsonl");
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((line) => line !== "") : [];
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function read(directory: string, file: string): Buffer {
  return readFileSync(join(directory, file));
}

/** The files a complete sweep writes that must not depend on scheduling. */
export const DETERMINISTIC_FILES = ["results.csv", "summary.json", "figures/mean-by-n.vl.json", "figures/mean-by-n.svg", "figures/mean-by-n.png"];

/** Bad input ends in one line naming the problem, exit 2, never a stack trace. */
export function expectOneLineUsageError(result: { status: number | null; stdout: string; stderr: string }, ...fragments: string[]) {
  expect(result.status).toBe(2);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^shallowcheck: /);
  expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
}

/** The files a sweep writes deterministically are byte-identical in two output directories. */
export function expectSameOutputs(a: string, b: string) {
  for (const file of DETERMINISTIC_FILES) expect(read(a, file).equals(read(b, file)), file).toBe(true);
}
