/**
 * Progress of a sweep on stderr: on a terminal, a bar with runs done/total, ETA and the grid
 * point last started; elsewhere (CI logs, pipes, Slurm output files) a plain line at most every
 * 30 s; with --quiet, nothing.
 */
import cliProgress from "cli-progress";

export interface SweepProgress {
  started(point: string, rep: number): void;
  finished(done: number): void;
  stop(): void;
}

export const PLAIN_LINE_EVERY_MS = 30_000;

export function sweepProgress(label: string, done: number, total: number, mode: { quiet: boolean; tty: boolean }): SweepProgress {
  if (mode.quiet) return { started() {}, finished() {}, stop() {} };
  let current = "";
  if (mode.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} runs | ETA {eta_formatted} | {current}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { current: "starting workers" });
    return {
      started(point, rep) {
        current = `${point} rep ${rep}`;
        bar.update({ current });
      },
      finished(value) {
        bar.update(value, { current });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let lastLine = Date.now();
  return {
    started(point, rep) {
      current = `${point} rep ${rep}`;
    },
    finished(value) {
      const now = Date.now();
      if (now - lastLine < PLAIN_LINE_EVERY_MS) return;
      lastLine = now;
      process.stderr.write(`${label}: ${value}/${total} runs (${((100 * value) / total).toFixed(0)}%), at ${current}\n`);
    },
    stop() {},
  };
}
