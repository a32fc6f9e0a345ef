/**
 * Measured wall time per run of each experiment's paper preset on the machine this project is
 * developed on (2 cores, AVX-512), for the estimates `reproduce --list` prints (seconds per run ×
 * runs / workers: an estimate, since run times vary across a grid).
 *
 * How: `nice -n 19 shallowcheck reproduce ID --preset paper --workers 1 --shard 1/N --out DIR`,
 * N chosen so the shard holds 1–4 runs spread over the grid (shard i takes every N-th run), and
 * the mean of the `ms` its runs.jsonl records. Measured 2026-12-06 while ~6 other processes shared
 * the 2 cores (load average ≈ 7), so an idle machine should be faster; dana2025 exp1.0 is the full
 * sweep's own time (README: 262.8 s with 2 workers on the native kernel, idle machine).
 */
export interface RunCost {
  /** Mean wall seconds of one run. */
  secondsPerRun: number;
  /** How it was obtained. */
  basis: string;
}

export const RUN_COSTS: Record<string, Record<string, RunCost>> = {
  "dana2025/exp1.0": { paper: { secondsPerRun: (262.8 * 2) / 1360, basis: "the full paper sweep, 2 workers, idle machine" } },
  "dana2025/exp1.1": { paper: { secondsPerRun: 4.59, basis: "4 runs (shard 1/1195), d = 10…80, loaded machine" } },
  "dana2025/exp1.2": { paper: { secondsPerRun: 1.83, basis: "4 runs (shard 1/2980), p = 50…300, loaded machine" } },
  "dana2025/exp2": { paper: { secondsPerRun: 4.41, basis: "4 runs (shard 1/1375), n = 1000…1800, loaded machine" } },
  "soltanolkotabi2019/fig2": { paper: { secondsPerRun: 807.2, basis: "1 W* (10 GD runs, k = 4, 7 of them to the 100k cap), loaded machine" } },
  "soltanolkotabi2019/fig3": { paper: { secondsPerRun: 77.7, basis: "3 W* (shard 1/70), k = 1, 8 and d = 24, loaded machine" } },
  "soltanolkotabi2019/fig4": {
    paper: { secondsPerRun: 1440, basis: "no run: fig2's measured 1.0 ms per GD iteration at k·d = 40, scaled by k·d and the 10⁶ / 10⁵ iteration budgets" },
  },
  "soltanolkotabi2019/theorem25-radius": { paper: { secondsPerRun: 34.5, basis: "4 runs (shard 1/40), both sizes, loaded machine" } },
  "taheri2025/sim": { paper: { secondsPerRun: 14.9, basis: "4 runs (shard 1/720), linear and ReLU, loaded machine" } },
};
