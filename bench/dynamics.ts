/**
 * Dynamics figures for `npm run bench`:
 * - float gradient-descent steps per second at (n, d, p) = (2000, 100, 37) on the fast kernels,
 *   with the generic float64 model as the baseline measured in the same run;
 * - gradient evaluations Dormand–Prince needs to reach L < 1e-6 on a dana2025 Exp 1 instance
 *   (shell data ‖x_i‖ ∈ [1, 2], |y_i| ∈ [1, 2], asymmetric init, p = nb_neurons(n, 0.05),
 *   mean-field, flow factor p) against fixed-step GD with η = 1, the paper's own dynamics.
 */
import { float64Field } from "../src/field/float64.js";
import { fastGradientFlowSystem } from "../src/dynamics/fastFlowSystem.js";
import { gradientFlowSystem, initialState, type FlowSystem } from "../src/dynamics/flowSystem.js";
import { integrate, type IntegrateOptions } from "../src/dynamics/integrate.js";
import type { Instance } from "../src/model/instance.js";
import { sampleInstance } from "../src/random/sampleInstance.js";

function gdStepsPerSecond(system: FlowSystem<number>, instance: Instance<number>, steps: number): number {
  const started = performance.now();
  integrate(system, initialState(instance), { method: "gd", step: 1, maxSteps: steps, checkpoints: { kind: "every", steps } });
  return steps / ((performance.now() - started) / 1000);
}

/** The authors' nb_neurons for dana2025 (the width of its Lemma 5, our reading): ⌊log(n/ε)/log(4/3)⌋ + 1. */
export function nbNeurons(n: number, epsilon: number): number {
  return Math.floor(Math.log(n / epsilon) / Math.log(4 / 3)) + 1;
}

export interface DynamicsFigures {
  gd: { size: string; fastStepsPerSecond: number; genericStepsPerSecond: number };
  exp1: { size: string; gd: RunFigures; dopri: RunFigures };
}

interface RunFigures {
  evaluations: number;
  finalLoss: number;
  stopReason: string;
  seconds: number;
}

function run(instance: Instance<number>, options: IntegrateOptions): RunFigures {
  const started = performance.now();
  const trajectory = integrate(fastGradientFlowSystem(instance), initialState(instance), options);
  return {
    evaluations: trajectory.summary.rhsEvaluations,
    finalLoss: trajectory.summary.finalLoss,
    stopReason: trajectory.summary.stopReason,
    seconds: (performance.now() - started) / 1000,
  };
}

export function measureDynamics(): DynamicsFigures {
  const model = { activation: { name: "relu" as const }, scaling: "mean-field" as const };
  const large = sampleInstance({ n: 2000, d: 100, p: 37, data: { law: "shell" }, init: { law: "asymmetric" }, model, seed: "bench/gd/2000x100x37" });
  process.stderr.write("measuring GD steps per second (2000,100,37) …\n");
  const fastStepsPerSecond = gdStepsPerSecond(fastGradientFlowSystem(large), large, 150);
  const genericStepsPerSecond = gdStepsPerSecond(gradientFlowSystem(float64Field, large), large, 15);

  const n = 200;
  const d = 100;
  const p = nbNeurons(n, 0.05);
  const exp1 = sampleInstance({ n, d, p, data: { law: "shell" }, init: { law: "asymmetric" }, model, seed: "bench/exp1/200x100" });
  process.stderr.write(`measuring GD (η = 1) and Dormand–Prince to L < 1e-6 on an Exp 1 instance (${n},${d},${p}) …\n`);
  const budget = { untilLoss: 1e-6, maxSteps: 200_000, wallClockMs: 60_000, checkpoints: { kind: "every" as const, steps: 1_000_000 } };
  const gd = run(exp1, { method: "gd", step: 1, ...budget });
  // Thousands of (i, j) pairs cross over a run this size: kinks are not located (see --no-kinks).
  // Between kinks the field is smooth, but they are dense in time: at rtol 1e-4 the step stalls
  // near 3e-3 (measured), so the loosest tolerance that still tracks the flow is used.
  const dopri = run(exp1, { method: "dopri", rtol: 1e-3, atol: 1e-6, kinks: false, ...budget });
  return {
    gd: { size: "(2000, 100, 37)", fastStepsPerSecond, genericStepsPerSecond },
    exp1: { size: `(${n}, ${d}, ${p})`, gd, dopri },
  };
}

export function printDynamics(figures: DynamicsFigures): void {
  const { gd, exp1 } = figures;
  console.log("");
  console.log(`gradient descent ${gd.size}: ${gd.fastStepsPerSecond.toFixed(1)} steps/s on the fast kernels, ${gd.genericStepsPerSecond.toFixed(2)} steps/s on the generic model (${(gd.fastStepsPerSecond / gd.genericStepsPerSecond).toFixed(1)}×)`);
  console.log(`to L < 1e-6 on a dana2025 Exp 1 instance ${exp1.size}, gradient evaluations:`);
  for (const [name, r] of [["GD, η = 1", exp1.gd], ["Dormand–Prince (rtol 1e-3, atol 1e-6)", exp1.dopri]] as const) {
    console.log(`  ${name.padEnd(40)} ${String(r.evaluations).padStart(8)}  final L ${r.finalLoss.toExponential(2)}  (${r.stopReason}, ${r.seconds.toFixed(1)} s)`);
  }
  console.log(`  ratio Dormand–Prince / GD: ${(exp1.dopri.evaluations / exp1.gd.evaluations).toFixed(2)}`);
}
