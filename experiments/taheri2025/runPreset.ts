/**
 * Runs taheri2025/sim in-process, sequentially, without the `reproduce` runner (which is built
 * separately): `node dist/experiments/taheri2025/runPreset.js [preset] [out.json] [reps]` writes the summary
 * (smallest constants for which the reconstructed bounds held, slopes, per-point tables) and the
 * rows atomically. Same seeds as the runner (`${id}/${preset}/${point}/rep${rep}`).
 */
import { writeFileAtomic } from "../../src/io/atomicWrite.js";
import { progressOnStderr } from "../../src/io/progress.js";
import type { ExperimentOptions, Row } from "../../src/reproduce/experiment.js";
import { taheri2025Sim as experiment } from "./sim.js";

const preset = process.argv[2] ?? "quick";
const out = process.argv[3] ?? `taheri2025-sim-${preset}.json`;
const options: ExperimentOptions = { preset, precision: "float64", ...(process.argv[4] ? { reps: Number(process.argv[4]) } : {}) };
const points = experiment.grid(options);
const reps = experiment.repetitions(options);
const progress = progressOnStderr(`taheri2025/sim ${preset}`);
const rows: Row[] = [];
for (const point of points) {
  for (let rep = 0; rep < reps; rep++) {
    const seed = `${experiment.id}/${preset}/${point.key}/rep${rep}`;
    rows.push({ ...(await experiment.run({ point, rep, seed }, options)), experiment: experiment.id, point: point.key, rep, seed });
    progress.update(rows.length / (points.length * reps), `${point.key} rep ${rep}`);
  }
}
progress.stop();
const summary = experiment.summarize(rows, options);
writeFileAtomic(out, JSON.stringify({ experiment: experiment.id, preset, summary, rows }, null, 1) + "\n");
process.stdout.write(JSON.stringify(summary.constants, null, 1) + "\n");
