/**
 * Progress on stderr for long work: a bar with ETA on a terminal, a plain line every few
 * seconds otherwise (CI logs, pipes), nothing for work that ends quickly.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** fraction in [0, 1], or undefined when the end is not known in advance. */
  update(fraction: number | undefined, detail: string): void;
  stop(): void;
}

const QUIET_FOR_MS = 1000;
const PLAIN_LINE_EVERY_MS = 5000;

export function progressOnStderr(label: string): Progress {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = started;
  return {
    update(fraction, detail) {
      const now = Date.now();
      if (now - started < QUIET_FOR_MS) return;
      if (process.stderr.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | {detail}`, stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(1000, 0, { detail });
        }
        bar.update(fraction === undefined ? 0 : Math.round(1000 * Math.min(1, fraction)), { detail });
      } else if (now - lastLine >= PLAIN_LINE_EVERY_MS) {
        lastLine = now;
        const percent = fraction === undefined ? "" : ` ${(100 * Math.min(1, fraction)).toFixed(0)}%`;
        process.stderr.write(`${label}${percent} ${detail}\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
