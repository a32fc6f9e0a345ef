/**
 * `flow --precision float32` semantics (src/dynamics/float32FlowSystem.ts): the right-hand side is
 * the float32 kernel's gradient times −c rounded to float32, and one gradient-descent step is
 * θ' = fl32(θ + fl32(fl32(η)·rhs)) entry by entry — the integrator's arithmetic is float32 too.
 * The expected step is formed here from the float32 kernel the dispatcher names for the instance
 * (called directly) and Math.fround, independently of the integrator's code.
 */
import { expect, it } from "vitest";
import { float32GradientFlowSystem } from "../../src/dynamics/float32FlowSystem.js";
import { initialState } from "../../src/dynamics/flowSystem.js";
import { integrate } from "../../src/dynamics/integrate.js";
import { createFloat32Workspace, toFloat32Instance } from "../../src/fast/float32Instance.js";
import { availableFloat32Kernels, float32KernelName } from "../../src/fast/float32Kernels.js";
import { mapInstance } from "../../src/model/instance.js";
import { sampleInstance } from "../../src/random/sampleInstance.js";

const f = Math.fround;

it.each(["tanh", "relu"] as const)("one float32 GD step (%s) is fl32(θ + fl32(fl32(η)·fl32(−c·∇L))) with ∇L from a float32 kernel", (name) => {
  const instance = mapInstance(
    sampleInstance({ n: 10, d: 6, p: 6, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name }, scaling: "mean-field" }, seed: `float32-flow/${name}` }),
    f,
  );
  const eta = 0.1;
  const trajectory = integrate(float32GradientFlowSystem(instance), initialState(instance), { method: "gd", step: eta, maxSteps: 1, kinks: false });

  const flat = toFloat32Instance(instance);
  const workspace = createFloat32Workspace(flat.n, flat.d, flat.p);
  const kernel = availableFloat32Kernels().find((candidate) => candidate.name === float32KernelName(flat))!;
  kernel.lossAndGradient(flat, workspace);
  const minusC = -flat.p;
  const gradient = [...workspace.gradA, ...workspace.gradW];
  const expected = initialState(instance).map((theta, m) => f(theta + f(f(eta) * f(minusC * gradient[m]!))));
  // The flow's right-hand side runs on that same kernel, so the step is bit for bit.
  expect(trajectory.finalState).toEqual(expected);
  expect(expected.every((x) => f(x) === x)).toBe(true);
});
