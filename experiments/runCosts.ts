/**
 * Measured wall time per run of each experiment's paper preset on the machine this project is
 * developed on (2 cores, AVX-512), for the estimates `reproduce --list` prints (seconds per run ×
 * runs / workers: an estimate, since run times vary across a grid).
 *
 * How: `nice -n 19 shallowcheck reproduce ID --preset paper --workers 1 --shard 1/N --out DIR`,
 * N chosen so the shard holds 1–4 runs spread over the grid (shard i takes every N-th run), and
 * the mean of the `ms` its runs.jsonl records. Measured 2026-12-06 on a shared machine; each basis
 * gives the load average it was measured at (≈ 7 for the dana2025 figures, ≈ 24 for the
 * soltanolkotabi2019 ones after the fused kernels: a nice-19 sweep's share of the 2 cores falls
 * with the load, so these are upper estimates for a quieter machine); dana2025 exp1.0 is the full
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
  "soltanolkotabi2019/fig2": {
    paper: { secondsPerRun: 456, basis: "3 W* (shard 1/100: k = 4 failing after 2 of its 10 runs, k = 14 passing, d = 9 failing after 1), fused kernel and early exit, load average ≈ 24; before: 807 s for the k = 4 W* alone at load ≈ 7" },
  },
  "soltanolkotabi2019/fig3": { paper: { secondsPerRun: 306, basis: "3 W* (shard 1/70: k = 1, 8 and d = 24), fused kernel and early exit, load average ≈ 24; before: 77.7 s for the same 3 W* at load ≈ 7" } },
  "soltanolkotabi2019/fig4": {
    paper: { secondsPerRun: 3960, basis: "no run: fig2's k = 4 W* (2.9 ms per iteration at k·d = 40, load ≈ 24) scaled by k·d and the 10⁶ softplus budget (7.6e3 s per run), fig3's 0.028 ms per iteration per unit of k·d for the 10⁵ quadratic budget (0.31e3 s), averaged" },
  },
  "soltanolkotabi2019/theorem25-radius": { paper: { secondsPerRun: 86.0, basis: "the paper sweep's runs so far: 80 at k = 20 (54.7 s each) and 14 at k = 40 (117.4 s), 2 workers, fused kernel, load average ≈ 24; before: 34.5 s at load ≈ 7" } },
  "taheri2025/sim": { paper: { secondsPerRun: 9.3, basis: "the 4-run shard measured before (14.9 s, linear and ReLU, load ≈ 7) ÷ 1.6, the speed-up measured old against new in one process; the paper sweep's first 410 runs (linear, n = 250 and 500) took 2.3 and 5.4 s each at load ≈ 24" } },
};
