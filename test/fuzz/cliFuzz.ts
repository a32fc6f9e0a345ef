/**
 * The CLI fuzzer: instance files mutated by fast-check (values swapped for hostile ones, fields
 * dropped, duplicated, nested or retyped) and hostile option values, run through every
 * file-reading command. Each run must end within its limit with exit 0–6 (README, Commands), no
 * stack trace on stderr, and never print NaN, Infinity or null as a result with exit 0.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { BIN } from "../cliRun.js";
import { MutantServer } from "./mutantServer.js";

/** The documented exit codes: 0 ok, 1 a check failed, 2 bad input, 3–6 an integration guard. */
const DOCUMENTED_EXIT_CODES = [0, 1, 2, 3, 4, 5, 6];
export const RUN_LIMIT_MS = 60_000;

const BASE = {
  property: "dana2025/lemma1-balance-gd",
  settings: {},
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [[1, 0.5], [-0.25, 2], [0.75, -1]], y: [1, -0.5, 0.25] },
  params: { W: [[0.1, -0.2], [0.3, 0.05]], a: [0.5, -0.25] },
};

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>("1e999999", "1e-400", "1e99999999999999999999", "-0", "0x10", "NaN", "Infinity", "", " 1", "1e154", "1" + "0".repeat(400), null, true, [], {}, [[1]], "__proto__"),
  fc.double(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 8 }),
);

type Json = unknown;
type Mutation = (file: Record<string, any>) => void;

const paths: string[][] = [["model", "activation"], ["model", "scaling"], ["data", "X", "0", "1"], ["data", "y", "2"], ["params", "W", "1", "0"], ["params", "a", "0"], ["data", "X", "1"], ["params", "W"], ["data", "y"], ["model"], ["settings"], ["property"]];

function setAt(file: Record<string, any>, path: string[], value: Json): void {
  let node = file;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) return;
    node = node[key];
  }
  node[path[path.length - 1]] = value;
}

function deleteAt(file: Record<string, any>, path: string[]): void {
  let node = file;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) return;
    node = node[key];
  }
  delete node[path[path.length - 1]];
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, value]): Mutation => (file) => setAt(file, path, value)),
  fc.constantFrom(...paths).map((path): Mutation => (file) => deleteAt(file, path)),
  fc.constantFrom("relu", "tanh", "leaky-relu", "quadratic", "identity").map((name): Mutation => (file) => setAt(file, ["model", "activation"], name)),
  fc.integer({ min: 1, max: 4 }).map((extra): Mutation => (file) => {
    for (let k = 0; k < extra; k++) file.data?.X?.push?.([k, -k]);
  }),
);

/** A mutant: the instance after 0–3 mutations, written as JSON text (sometimes with a duplicated key or cut short). */
const mutantText = fc.tuple(fc.array(mutation, { minLength: 0, maxLength: 3 }), fc.constantFrom("plain", "plain", "plain", "duplicate", "truncate", "proto")).map(([mutations, form]) => {
  const file = structuredClone(BASE) as Record<string, any>;
  for (const mutate of mutations) mutate(file);
  const text = JSON.stringify(file);
  if (form === "duplicate") return text.replace('"scaling":', '"scaling":"standard","scaling":');
  if (form === "truncate") return text.slice(0, Math.floor(text.length / 2));
  if (form === "proto") return text.replace('"data":{', '"data":{"__proto__":{"X":[[1]]},');
  return text;
});

const optionValue = fc.constantFrom("0", "-1", "1e-320", "0x10", "", "1e999", "NaN", "2000", "0.5", "3", "1e-14", "abc", "every:0", "log:0", "times:0.1,0.05");

/** A command over FILE with possibly hostile options. */
const command = fc.oneof(
  fc.constant<string[]>(["eval", "FILE"]),
  optionValue.map((v) => ["eval", "FILE", "--digits", v]),
  fc.constant<string[]>(["eval", "FILE", "--interval"]),
  fc.constantFrom("gd", "rk4", "dopri", "midpoint").chain((method) =>
    fc.tuple(optionValue, optionValue).map(([h, t]) => ["flow", "FILE", "--method", method, ...(method === "dopri" ? ["--rtol", h] : ["--lr", h]), "--t", t, "--wall-clock", "20"]),
  ),
  fc.constantFrom("gd", "dopri").map((method) => ["flow", "FILE", "--method", method, ...(method === "gd" ? ["--lr", "0.05"] : []), "--t", "0.5"]),
  optionValue.map((v) => ["flow", "FILE", "--method", "gd", "--lr", "0.1", "--steps", "5", "--checkpoints", v]),
  fc.constant<string[]>(["certify", "FILE"]),
  fc.constant<string[]>(["replay", "FILE"]),
  optionValue.map((v) => ["replay", "FILE", "--exact-digits", v]),
  fc.constant<string[]>(["check", "--instance", "FILE"]),
  fc.tuple(optionValue, optionValue).map(([n, seed]) => ["sample", "--data", "gaussian", "--init", "asymmetric", "--n", n, "--d", "2", "--p", "2", "--seed", seed]),
);

export interface FuzzOutcome {
  args: string[];
  status: number | null;
  ms: number;
  /** What broke the contract (module comment), with the command and the mutant; undefined when nothing did. */
  problem?: string;
}

/** The binary under test: the repository's, or FUZZ_BIN (a frozen copy, so a long run is not disturbed by rebuilding dist/). */
const FUZZ_BIN = process.env.FUZZ_BIN ?? BIN;

/** What one run gave, from a fresh process or the fuzz server. */
interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when it did not end within its limit: how. */
  hang?: string;
}

/** The contract a run must keep; the first breach described, or undefined. */
function contractProblem(args: string[], result: RunResult): string | undefined {
  if (result.hang) return result.hang;
  if (!DOCUMENTED_EXIT_CODES.includes(result.status as number)) return `exit ${result.status}\n${result.stderr}`;
  if (/\n\s+at .*:\d+:\d+\)?\n/.test(result.stderr)) return `stack trace:\n${result.stderr}`;
  if (result.status === 0) {
    // An option value echoed back (`sample --seed NaN` keeps its seed name "NaN") is not a result.
    const results = args.reduce((text, value) => text.replaceAll(JSON.stringify(value), '""'), result.stdout);
    if (/\bNaN\b|\bInfinity\b/.test(results)) return `a non-finite result printed with exit 0:\n${result.stdout}`;
    // eval's μ is null exactly when L = 0; any other null would be a lost value.
    if (args[0] === "eval" && /\bnull\b/.test(results.replace(/"pl": null/g, ""))) return `null printed as a result with exit 0:\n${result.stdout}`;
  }
  return undefined;
}

/** Runs one mutant and checks the contract; returns what happened, for the summary. */
export function runMutant(directory: string, text: string, args: string[]): FuzzOutcome {
  const file = join(directory, "mutant.json");
  writeFileSync(file, text);
  const argv = args.map((a) => (a === "FILE" ? file : a));
  const started = Date.now();
  const result = spawnSync(process.execPath, [FUZZ_BIN, ...argv], { encoding: "utf8", timeout: RUN_LIMIT_MS, cwd: directory, maxBuffer: 64 * 1024 * 1024 });
  const ms = Date.now() - started;
  const hang = result.error ? `did not end within ${RUN_LIMIT_MS} ms (${result.error.message})` : undefined;
  const problem = contractProblem(args, { status: result.status, stdout: result.stdout, stderr: result.stderr, ...(hang ? { hang } : {}) });
  return { args, status: result.status, ms, ...(problem ? { problem: `shallowcheck ${argv.join(" ")} on ${text.slice(0, 300)}: ${problem}` } : {}) };
}

export interface FuzzSummary {
  /** Exit code (or "null" for a run killed at the limit) → runs. */
  histogram: Record<string, number>;
  /** Every breach of the contract, in the order found (the run goes on past each). */
  problems: string[];
  /** The slowest run (wall-clock ms for fresh processes, CPU ms in the fuzz server). */
  slowest: { args: string[]; ms: number } | undefined;
}

/** `runs` mutants from a fixed seed; every one runs, whatever the earlier ones did. */
export function fuzzCli(seed: number, runs: number, log?: (line: string) => void): FuzzSummary {
  const directory = mkdtempSync(join(tmpdir(), "shallowcheck-fuzz-"));
  const summary: FuzzSummary = { histogram: {}, problems: [], slowest: undefined };
  let count = 0;
  fc.assert(
    fc.property(mutantText, command, (text, args) => {
      const outcome = runMutant(directory, text, args);
      summary.histogram[String(outcome.status)] = (summary.histogram[String(outcome.status)] ?? 0) + 1;
      if (outcome.problem) {
        summary.problems.push(outcome.problem);
        log?.(`fuzz: problem ${summary.problems.length}: ${outcome.problem}`);
      }
      if (!summary.slowest || outcome.ms > summary.slowest.ms) summary.slowest = { args: outcome.args, ms: outcome.ms };
      count++;
      if (log && count % 25 === 0) log(`fuzz: ${count}/${runs} mutants, exit codes ${JSON.stringify(summary.histogram)}, ${summary.problems.length} problems`);
    }),
    { seed, numRuns: runs },
  );
  return summary;
}

/** CPU time a mutant may use in the fuzz server (the limit the 60 s wall clock stands for on an idle machine). */
export const CPU_LIMIT_MS = 60_000;
/** Wall-clock time after which a mutant that uses no CPU counts as blocked. */
export const WALL_BACKSTOP_MS = 600_000;

/**
 * The same mutants through one long-lived process (fuzzServer.mjs) calling the CLI's main, with a
 * CPU-time limit: for long runs on a loaded machine. `mainModule` is dist/src/cli/main.js (or a
 * frozen copy's).
 */
export async function fuzzCliInServer(mainModule: string, seed: number, runs: number, log?: (line: string) => void): Promise<FuzzSummary> {
  const directory = mkdtempSync(join(tmpdir(), "shallowcheck-fuzz-"));
  const server = new MutantServer(mainModule, CPU_LIMIT_MS, WALL_BACKSTOP_MS);
  const summary: FuzzSummary = { histogram: {}, problems: [], slowest: undefined };
  let count = 0;
  try {
    await fc.assert(
      fc.asyncProperty(mutantText, command, async (text, args) => {
        const file = join(directory, "mutant.json");
        writeFileSync(file, text);
        const argv = args.map((a) => (a === "FILE" ? file : a));
        const answer = await server.run(argv, directory);
        const problem = contractProblem(args, answer);
        summary.histogram[String(answer.status)] = (summary.histogram[String(answer.status)] ?? 0) + 1;
        if (problem) {
          summary.problems.push(`shallowcheck ${argv.join(" ")} on ${text.slice(0, 300)}: ${problem}`);
          log?.(`fuzz: problem ${summary.problems.length}: ${summary.problems[summary.problems.length - 1]}`);
        }
        if (!summary.slowest || answer.cpuMs > summary.slowest.ms) summary.slowest = { args, ms: answer.cpuMs };
        count++;
        if (log && count % 25 === 0) log(`fuzz: ${count}/${runs} mutants, exit codes ${JSON.stringify(summary.histogram)}, ${summary.problems.length} problems, most CPU ${summary.slowest?.ms.toFixed(0)} ms`);
      }),
      { seed, numRuns: runs },
    );
  } finally {
    server.stop();
  }
  return summary;
}
