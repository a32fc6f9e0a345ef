/**
 * Measured time per run of each experiment's paper preset on the machine this project is
 * developed on (2 cores, AVX-512), for the estimates `reproduce --list` prints (seconds per run ×
 * runs / workers: an estimate, since run times vary across a grid).
 *
 * How: `shallowcheck reproduce ID --preset paper --workers 1 --shard i/N --out DIR`, N chosen so
 * the shard holds 1–10 runs spread over the grid (shard i takes every N-th run). The dana2025
 * figures are the mean of the wall `ms` its runs.jsonl records (measured 2026-12-06 at load
 * average ≈ 7); dana2025 exp1.0 is the full sweep's own time (README: 262.8 s with 2 workers on
 * the native kernel, idle machine). The soltanolkotabi2019 Figs 2–4 and taheri2025 figures are
 * CPU seconds, user + sys of the whole process by /usr/bin/time (≈ 0.7 s of it start-up), measured
 * 2026-12-06 at load average 15–20 on the 2 cores: CPU time hardly depends on the load, so it is
 * the wall time one worker takes with a core to itself; wall times at that load were 10× larger,
 * which is what inflated the earlier wall-clock figures for these presets (456 s per fig2 W*, 306
 * s per fig3 W*, 3960 s per fig4 run, 9.3 s per taheri2025 run: 7–36× too high).
 */
export interface RunCost {
  /** Mean seconds of one run (wall, or CPU where the basis says so). */
  secondsPerRun: number;
  /** How it was obtained. */
  basis: string;
}

export const RUN_COSTS: Record<string, Record<string, RunCost>> = {
  "dana2025/exp1.0": { paper: { secondsPerRun: (262.8 * 2) / 1360, basis: "the full paper sweep, 2 workers, idle machine" } },
  "dana2025/exp1.1": { paper: { secondsPerRun: 4.59, basis: "4 runs (shard 1/1195), d = 10…80, loaded machine" } },
  "dana2025/exp1.2": { paper: { secondsPerRun: 1.83, basis: "4 runs (shard 1/2980), p = 50…300, loaded machine" } },
  "dana2025/exp2": { paper: { secondsPerRun: 0.4, basis: "CPU-s of 22 runs (every n of the grid, repetitions 0 and 1) in one process, 8.8 CPU-s; the earlier 4.41 s was the wall time of 4 runs on a loaded machine" } },
  "soltanolkotabi2019/fig2": {
    paper: { secondsPerRun: 73, basis: "the 10⁶-cap paper sweep's own runs (300 W*, 2 workers at nice 19 beside other work): per grid point the median wall seconds of its W* times their count, summed and divided by 300 (medians, because W* that spanned a pause of the sweep carry the pause in their wall time); an upper estimate. Failing W* at small kd run a whole 10⁶-iteration budget (≈ 60 s each); at the former 10⁵ cap a run cost 4.9 CPU-s" },
  },
  "soltanolkotabi2019/fig3": {
    paper: { secondsPerRun: 1.25, basis: "CPU-s of shard 1/21 (10 W*, k = 1…9 and d = 20…28), native kernel with the fixed-point exit: 12.5 CPU-s; the TypeScript kernel without the exit takes 3.8× as long (shard 1/70: 21.4 against 5.6 CPU-s, rows identical, also to the sweep's)" },
  },
  "soltanolkotabi2019/fig4": {
    paper: { secondsPerRun: 12.5, basis: "CPU-s of 3 runs, native kernel: softplus k = 8 (10⁶ iterations, 40.6 CPU-s; the TypeScript kernel 98.1), softplus k = 13 (interpolates, stops at a fixed point, 6.6) and quadratic k = 3 (1.4); the panels' means averaged. Upper estimate: 50 CPU-s for a softplus run that never reaches a fixed point" },
  },
  "soltanolkotabi2019/theorem25-radius": { paper: { secondsPerRun: 6.9, basis: "CPU-s of 12 probe runs at ρ = 10, 12, 14 (k = 20: 2.4–5.7 s, k = 40: 9–10 s; 20 000 fused float64 steps unless L diverges, which stops a run within ~10 steps at ρ ≥ 16); the first paper sweep's 86 s per run was wall time at load ≈ 24" } },
  "taheri2025/sim": { paper: { secondsPerRun: 0.9, basis: "CPU-s of shard 1/720 with the moment-form finder (5.03 CPU-s for linear n = 250 and 2000, ReLU n = 500 and 1000; 9.65 before it), split by the runs' wall ms: ≈ 2.3 CPU-s per linear run, ≈ 0.2 per ReLU run, weighted by the grid's 960 linear and 1920 ReLU runs" } },
};
