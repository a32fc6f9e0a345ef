/**
 * The `shallowcheck` command line. Bad input of any kind ends in one line on stderr naming the
 * field or flag and the problem, and exit code 2; never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../io/inputError.js";
import { registerCertify } from "./certify.js";
import { registerCheck } from "./check.js";
import { registerEval } from "./eval.js";
import { registerFlow } from "./flow.js";
import { registerHunt } from "./hunt.js";
import { registerMerge } from "./merge.js";
import { registerNew } from "./new.js";
import { registerReproduce } from "./reproduce.js";
import { registerSample } from "./sample.js";
import { registerTighten } from "./tighten.js";
import { VERSION } from "../version.js";

export const USAGE_EXIT_CODE = 2;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("shallowcheck")
    .description("Property-based verification of theorems about shallow neural networks")
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerCheck(program);
  registerEval(program);
  registerSample(program);
  registerFlow(program);
  registerHunt(program);
  registerReproduce(program);
  registerMerge(program);
  registerCertify(program);
  registerNew(program);
  registerTighten(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

/**
 * A reader that stops early (`shallowcheck check | head -1`) closes stdout: the rest of the output
 * is dropped quietly and the run ends with the exit code it would have had anyway.
 */
function dropOutputOnBrokenPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.stdout.write = () => true;
  });
}

export async function main(argv: string[]): Promise<number> {
  dropOutputOnBrokenPipe();
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    // Commands report failure (a property failed, a replay disagreed) through process.exitCode.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      process.stderr.write(`shallowcheck: ${error.message.replace(/^error: /, "")}\n`);
      return USAGE_EXIT_CODE;
    }
    if (error instanceof InputError) {
      process.stderr.write(`shallowcheck: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }
}
