/**
 * The parent side of fuzzServer.mjs: one forked process runs mutant after mutant; a mutant that
 * keeps it busy past the CPU limit, or silent past the wall-clock backstop (a blocking read), has
 * the process killed and a new one forked. The limit is CPU time, read from /proc: on a machine
 * shared by many jobs, wall-clock time says more about the load than about the mutant.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerAnswer {
  status: number | null;
  stdout: string;
  stderr: string;
  cpuMs: number;
  /** Set when the mutant did not end: why. */
  hang?: string;
}

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const POLL_MS = 500;

/** utime + stime of a process in ms, from /proc/PID/stat (fields 14 and 15, after the parenthesised name). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export class MutantServer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly mainModule: string,
    private readonly cpuLimitMs: number,
    private readonly wallBackstopMs: number,
  ) {}

  private async start(): Promise<ChildProcess> {
    const child = fork(join(import.meta.dirname, "fuzzServer.mjs"), [this.mainModule], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`fuzz server ended before it was ready (exit ${code})`)));
    });
    return child;
  }

  async run(argv: string[], cwd: string): Promise<ServerAnswer> {
    this.child ??= await this.start();
    const child = this.child;
    const pid = child.pid!;
    const cpuBefore = cpuMsOf(pid);
    const startedAt = Date.now();
    return new Promise<ServerAnswer>((resolve) => {
      const finish = (answer: ServerAnswer) => {
        clearInterval(watchdog);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(answer);
      };
      const kill = (hang: string) => {
        this.child = undefined;
        child.kill("SIGKILL");
        finish({ status: null, stdout: "", stderr: "", cpuMs: NaN, hang });
      };
      const onMessage = (answer: ServerAnswer) => finish(answer);
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish({ status: code, stdout: "", stderr: `the process died (exit ${code}, signal ${signal})`, cpuMs: NaN });
      };
      const watchdog = setInterval(() => {
        let used: number;
        try {
          used = cpuMsOf(pid) - cpuBefore;
        } catch {
          return; // it has just exited: onExit reports it
        }
        if (used > this.cpuLimitMs) kill(`did not end within ${this.cpuLimitMs / 1000} CPU-s`);
        else if (Date.now() - startedAt > this.wallBackstopMs) kill(`no answer within ${this.wallBackstopMs / 1000} s wall-clock (${(used / 1000).toFixed(1)} CPU-s used: blocked, or starved of CPU)`);
      }, POLL_MS);
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ argv, cwd });
    });
  }

  stop(): void {
    this.child?.kill("SIGKILL");
    this.child = undefined;
  }
}
