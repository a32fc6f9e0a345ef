/**
 * One long-lived process running many fuzz mutants through the CLI's `main` (what
 * bin/shallowcheck.js runs), so a mutant costs its own work and not a Node start-up and module
 * load each (≈0.7 CPU-s here, most of a typical mutant). It does what the bin does with `main`'s
 * answer: the exit code it returns, and an error it throws printed with its stack and exit 1.
 * Usage: fork with the path of dist/src/cli/main.js; send { argv, cwd }, receive
 * { status, stdout, stderr, cpuMs }. The parent (cliFuzz.ts) kills it on a hang and forks anew.
 */
import { pathToFileURL } from "node:url";

const { main } = await import(pathToFileURL(process.argv[2]).href);
// main() adds a stdout 'error' listener per call; many calls are expected here.
process.stdout.setMaxListeners(0);

let current;
// A stray rejection or exception would end the real process with a stack trace: report it as this mutant's.
const strayError = (error) => {
  if (current) current.stderr += `${error?.stack ?? String(error)}\n`;
};
process.on("unhandledRejection", strayError);
process.on("uncaughtException", strayError);

process.on("message", async ({ argv, cwd }) => {
  process.chdir(cwd);
  current = { stdout: "", stderr: "" };
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = (chunk) => ((current.stdout += String(chunk)), true);
  process.stderr.write = (chunk) => ((current.stderr += String(chunk)), true);
  process.exitCode = undefined;
  const started = process.cpuUsage();
  let status;
  try {
    status = await main(argv);
  } catch (error) {
    current.stderr += `${error?.stack ?? String(error)}\n`;
    status = 1;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = undefined;
  }
  const cpu = process.cpuUsage(started);
  process.send({ status, stdout: current.stdout, stderr: current.stderr, cpuMs: (cpu.user + cpu.system) / 1000 });
  current = undefined;
});
process.send({ ready: true });
