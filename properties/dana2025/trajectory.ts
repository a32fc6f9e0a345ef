/**
 * The float run behind dana2025's trajectory entries, and the integration-error bounds they
 * derive their tolerances from.
 *
 * The flow is eq. (3), dθ/dt = −p∇L, integrated by Dormand–Prince 5(4) on the fast kernels with
 * kink location and Filippov sliding (src/dynamics). Its global error estimate E (the sum of the
 * accepted steps' local error estimates, max-norm) stands in for the error of every parameter; a
 * smooth function f of θ is then off by at most ‖∇f‖₁·E plus a second-order term, which each
 * entry states. Float rounding of the state is far below E at these tolerances (the rounding bound
 * grows like steps·u·max|θ|; it is added where an entry compares quantities that E alone would not
 * cover).
 */
import { float64Field } from "../../src/field/float64.js";
import { UNIT_ROUNDOFF } from "../../src/field/errorBound.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { Candidate } from "../../src/check/property.js";
import { fastGradientFlowSystem } from "../../src/dynamics/fastFlowSystem.js";
import { initialState } from "../../src/dynamics/flowSystem.js";
import { integrate, type IntegrateOptions, type Trajectory } from "../../src/dynamics/integrate.js";
import type { Instance } from "../../src/model/instance.js";
import { setting } from "./assumptions.js";

/** Dormand–Prince tolerances of the trajectory entries: tight, so E is small next to the margins. */
export const FLOW_TOLERANCES = { rtol: 1e-10, atol: 1e-12 } as const;

/**
 * A run that has not reached its horizon after this many steps or this much wall-clock time is cut
 * there (summary.stopReason says so): the entries then speak about [0, t_reached], and the
 * dichotomy, which needs the limit, fails visibly rather than hanging a `check`.
 */
export const FLOW_BUDGET = { maxSteps: 50_000, wallClockMs: 20_000 } as const;

export interface FlowRun {
  instance: Instance<number>;
  trajectory: Trajectory<number>;
  /** Global error estimate E of the run (0 for gradient descent, which is its own dynamics). */
  error: number;
  /** A bound on the float rounding carried by every parameter: steps·4u·max|θ|. */
  rounding: number;
}

/**
 * The candidate's flow up to settings.horizon (default `horizon`), checkpointed at `checkpoints`
 * evenly spaced times. settings.method "gd" with settings.eta runs gradient descent instead — the
 * deliberately different dynamics the known-bad tests use.
 */
export function runFlow(candidate: Candidate, horizon: number, checkpoints: number, extra: Partial<IntegrateOptions> = {}): FlowRun {
  const instance = instanceOverField(float64Field, candidate.file);
  const T = setting(candidate, "horizon", horizon);
  const times = Array.from({ length: checkpoints }, (_, k) => (T * (k + 1)) / checkpoints);
  const method = candidate.settings.method === "gd" ? "gd" : "dopri";
  const options: IntegrateOptions =
    method === "gd"
      ? { method, step: setting(candidate, "eta", 1), horizon: T, checkpoints: { kind: "every", steps: 1 } }
      : { method, ...FLOW_TOLERANCES, ...FLOW_BUDGET, horizon: T, checkpoints: { kind: "times", times }, ...extra };
  const trajectory = integrate(fastGradientFlowSystem(instance), initialState(instance), options);
  const largest = Math.max(...trajectory.checkpoints.flatMap((c) => c.parameters.map(Math.abs)));
  return {
    instance,
    trajectory,
    error: trajectory.summary.globalErrorEstimate ?? 0,
    rounding: trajectory.summary.steps * 4 * UNIT_ROUNDOFF * largest,
  };
}
