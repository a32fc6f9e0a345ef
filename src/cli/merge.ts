/** `shallowcheck merge DIR... --out DIR` — the shards of a sweep combined into what one run writes. */
import type { Command } from "commander";
import { mergeSweeps } from "../reproduce/merge.js";
import { writeSummaryLatex } from "../reproduce/latex.js";
import { readManifest } from "../reproduce/manifest.js";

export async function mergeCommand(directories: string[], options: { out: string; latex?: boolean }, context: { experimentModule?: string } = {}): Promise<number> {
  const outcome = await mergeSweeps(directories, options.out, context);
  if (outcome.status === "incomplete") {
    const manifest = readManifest(outcome.out)!;
    process.stderr.write(
      `merge: ${outcome.total - outcome.done} of ${outcome.total} runs are missing (e.g. ${outcome.missing.join(", ")}); ` +
        `to compute them: shallowcheck reproduce ${manifest.experiment} --preset ${manifest.preset} --reps ${manifest.reps} --${manifest.precision} --out ${outcome.out}\n`,
    );
    return 1;
  }
  process.stdout.write(`merge: ${outcome.total} runs from ${directories.length} directories in ${outcome.out}\n`);
  for (const path of outcome.written) process.stdout.write(`  ${path}\n`);
  if (options.latex) process.stdout.write(`  ${writeSummaryLatex(outcome.out)}\n`);
  return 0;
}

export function registerMerge(program: Command, context: { experimentModule?: string } = {}): void {
  program
    .command("merge")
    .description("combine the output directories of reproduce shards into the output of one run")
    .argument("<dirs...>", "shard output directories")
    .requiredOption("--out <dir>", "where the merged output goes")
    .option("--latex", "also write summary.tex: the summary's tables as LaTeX tabulars (booktabs)")
    .action(async (directories: string[], options: { out: string; latex?: boolean }) => {
      process.exitCode = await mergeCommand(directories, options, context);
    });
}
