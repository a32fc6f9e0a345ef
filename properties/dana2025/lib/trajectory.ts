/**
 * What every dana2025 trajectory entry shares: {@link runFlow} (the float run and its state-error
 * estimate e), {@link boundedPoint} (a checkpoint's loss, outputs, PL curvature and balances with
 * their rounding bounds and the shifts e can cause), and what makes a run say nothing
 * ({@link frozenRun}, {@link laterCheckpoints}: t = 0 is never judged). The settings they read:
 * method ("dopri", default, or "gd" — gradient descent with step settings.eta, the deliberately
 * different dynamics of the known-bad cases, for which e counts only the initial rounding: GD's
 * iterates are taken as if they were the flow), horizon, rtol, atol, maxSteps.
 *
 * Integration error: E is Dormand–Prince's own estimate (Σ over accepted steps of the max-norm
 * local error estimate), taken as if it bounded every parameter's global error at every
 * checkpoint, as test/dynamics/conservation.test.ts and closedForm.test.ts do. It is an estimate,
 * not a bound: it ignores how earlier local errors grow along the flow. Every allowance built on it
 * is therefore an estimate too; only the rounding bounds of the error-bounded field are rigorous.
 */
import { decimalField } from "../../../src/field/decimal.js";
import { errorBoundField, exactValue, type ErrorBounded } from "../../../src/field/errorBound.js";
import { float64Field } from "../../../src/field/float64.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import type { NumberLike } from "../../../src/io/instanceSchema.js";
import type { Candidate } from "../../../src/check/property.js";
import { initialState } from "../../../src/dynamics/flowSystem.js";
import { fastGradientFlowSystem } from "../../../src/dynamics/fastFlowSystem.js";
import { integrate, type Checkpoint, type IntegrateOptions, type Trajectory } from "../../../src/dynamics/integrate.js";
import { withParameters } from "../../../src/model/parameters.js";
import type { Instance } from "../../../src/model/instance.js";
import { balance, forward, gradient, lossFromResiduals, plCurvature } from "../../../src/model/network.js";
import { numberSetting } from "../../../src/check/settings.js";

/** Dormand–Prince tolerances of the trajectory entries (settings rtol, atol override them). */
export const FLOW_TOLERANCES = { rtol: 1e-9, atol: 1e-12 } as const;

/**
 * Step budget of a run (settings.maxSteps overrides it). Typical runs take 50–300 accepted steps;
 * about 1 candidate in 150 makes the integrator's steps collapse near a kink it does not treat as
 * sliding (d = 1, where w_j = 0 puts every pair of neuron j on its kink at once; or a pair pushed
 * onto its kink from the inactive side, stages landing inside the kink band) — tens of thousands of
 * steps without reaching t = 0.2. The budget stops those deterministically; the entries then check
 * the time span the run covered, which they report (detail.timeReached, detail.stopReason = "steps").
 */
export const MAX_FLOW_STEPS = 5_000;

export interface FlowRun {
  candidate: Candidate;
  /** The instance the run integrates: the file read into doubles. */
  instance: Instance<number>;
  /** The same instance over the error-bounded field (decimal strings charged their rounding), for {@link boundedPoint}. */
  bounded: Instance<ErrorBounded>;
  trajectory: Trajectory<number>;
  method: "dopri" | "gd";
  /** Dormand–Prince's global error estimate E (0 for gd). */
  errorEstimate: number;
  /** max |double − decimal| over the file's parameters (0 when they are doubles already). */
  initialRounding: number;
  /** max |double − decimal| over the file's data; the run integrates the rounded data. */
  dataRounding: number;
  /** e = E + initialRounding: the estimate taken for every parameter's error at every checkpoint. */
  stateError: number;
}

/** Largest |double(s) − s| over the decimal strings among `values` (JSON numbers are doubles already). */
export function roundingToDoubles(values: readonly NumberLike[]): number {
  const D = decimalField({ digits: 60 });
  let worst = 0;
  for (const value of values) {
    if (typeof value === "number") continue;
    const exact = D.fromDecimalString(value);
    worst = Math.max(worst, D.toNumber(D.abs(D.sub(exact, D.fromNumber(Number(value))))));
  }
  return worst;
}

/**
 * The candidate's flow in float64 on the fast kernels (src/dynamics/fastFlowSystem.ts: right-hand
 * side, switching functions and loss; sliding motion on the generic system), every accepted step a
 * checkpoint. The kernels reorder sums, which the rounding bounds of {@link boundedPoint} do not
 * need: they are computed afresh at each checkpoint's parameters.
 */
export function runFlow(candidate: Candidate, defaultHorizon: number, extra: Partial<IntegrateOptions> = {}): FlowRun {
  const instance = instanceOverField(float64Field, candidate.file);
  const method = candidate.settings.method === "gd" ? "gd" : "dopri";
  const horizon = numberSetting(candidate.settings, "horizon", defaultHorizon);
  const maxSteps = numberSetting(candidate.settings, "maxSteps", MAX_FLOW_STEPS);
  const checkpoints = { kind: "every", steps: 1 } as const;
  const options: IntegrateOptions =
    method === "gd"
      ? { method, step: numberSetting(candidate.settings, "eta", 1), horizon, maxSteps, checkpoints, ...extra }
      : {
          method,
          rtol: numberSetting(candidate.settings, "rtol", FLOW_TOLERANCES.rtol),
          atol: numberSetting(candidate.settings, "atol", FLOW_TOLERANCES.atol),
          horizon,
          maxSteps,
          checkpoints,
          ...extra,
        };
  const trajectory = integrate(fastGradientFlowSystem(instance), initialState(instance), options);
  const errorEstimate = trajectory.summary.globalErrorEstimate ?? 0;
  const initialRounding = roundingToDoubles([...candidate.file.params.a, ...candidate.file.params.W.flat()]);
  return {
    candidate,
    instance,
    bounded: instanceOverField(errorBoundField, candidate.file),
    trajectory,
    method,
    errorEstimate,
    initialRounding,
    dataRounding: roundingToDoubles([...candidate.file.data.X.flat(), ...candidate.file.data.y]),
    stateError: errorEstimate + initialRounding,
  };
}

export interface PointBounds {
  time: number;
  parameters: readonly number[];
  /** Values of the error-bounded field: `.value` is the float, errorBound(·) its rounding bound. */
  loss: ErrorBounded;
  outputs: ErrorBounded[];
  residuals: ErrorBounded[];
  /** δ_j = a_j² − ‖w_j‖². */
  balance: ErrorBounded[];
  /** μ = p‖∇L‖²/L (only when asked for; undefined at L = 0). */
  pl?: ErrorBounded;
  /**
   * What the state error e can do to the outputs: |h_i(θ̂) − h_i(θ)| ≤ s·e·Σ_j [σ(ẑ_ij) + (|â_j| + e)‖x_i‖₁]
   * for ‖θ̂ − θ‖_∞ ≤ e (s = 1/p; from âσ(ẑ) − aσ(z) = (â − a)σ(ẑ) + a(σ(ẑ) − σ(z)) and σ 1-Lipschitz).
   */
  outputShift: number[];
  /** |L(θ̂) − L(θ)| ≤ (1/2n)·Σ_i (2|r̂_i|·η_i + η_i²), η_i = outputShift[i]. */
  lossShift: number;
}

/**
 * Loss, outputs, residuals, balances (and μ when `withPl`) at a checkpoint's parameters, each with
 * its rigorous rounding bound, plus the shifts the state error e allows. The tolerance formulas
 * themselves are evaluated in float: their own rounding is a relative O(10⁻¹⁵) of a tolerance.
 */
export function boundedPoint(run: FlowRun, parameters: readonly number[], time: number, withPl = false): PointBounds {
  const F = errorBoundField;
  const at = withParameters(run.bounded, parameters.map(exactValue));
  const pass = forward(F, at);
  const lossValue = lossFromResiduals(F, pass.residuals);
  const pl = withPl ? plCurvature(F, at, lossValue, gradient(F, at, pass)) : undefined;
  const e = run.stateError;
  const n = run.instance.X.length;
  const p = run.instance.a.length;
  const s = run.instance.model.scaling === "mean-field" ? 1 / p : 1;
  const outputShift = run.instance.X.map((x, i) => {
    if (e === 0) return 0;
    const l1 = x.reduce((t, v) => t + Math.abs(v), 0);
    let total = 0;
    for (let j = 0; j < p; j++) total += Math.max(0, pass.preactivations[i][j].value) + (Math.abs(parameters[j]) + e) * l1;
    return s * e * total;
  });
  const lossShift = pass.residuals.reduce((t, r, i) => t + 2 * Math.abs(r.value) * outputShift[i] + outputShift[i] ** 2, 0) / (2 * n);
  return {
    time,
    parameters,
    loss: lossValue,
    outputs: pass.outputs,
    residuals: pass.residuals,
    balance: balance(F, at),
    pl,
    outputShift,
    lossShift,
  };
}

/**
 * The checkpoints the entries judge: all of them, or — when the integrator gave up locating kinks
 * (src/dynamics/integrate.ts's Zeno guard; later steps straddle kinks with a stale pattern) — those
 * up to that time, so every judged step had its kinks located.
 */
export function judgedCheckpoints(run: FlowRun): Checkpoint<number>[] {
  const stop = run.trajectory.summary.kinkLocationStoppedAt;
  return stop === undefined ? run.trajectory.checkpoints : run.trajectory.checkpoints.filter((c) => c.time <= stop);
}

/** Every judged checkpoint of the run as a {@link PointBounds}. */
export function boundedCheckpoints(run: FlowRun, withPl = false): PointBounds[] {
  return judgedCheckpoints(run).map((c) => boundedPoint(run, c.parameters, c.time, withPl));
}

/** Run facts every trajectory entry reports. */
export function runDetail(run: FlowRun): Record<string, number | string> {
  const { summary } = run.trajectory;
  const judged = judgedCheckpoints(run);
  return {
    method: run.method,
    timeReached: summary.time,
    judgedUntil: judged[judged.length - 1].time,
    steps: summary.steps,
    stopReason: summary.stopReason,
    errorEstimate: run.errorEstimate,
    stateError: run.stateError,
    dataRounding: run.dataRounding,
    kinkEvents: summary.kinkEvents,
    slidingIntervals: summary.slidingIntervals.length,
  };
}

/** Vacuous reasons shared by the trajectory entries (reports group runs by reason). */
export const FROZEN = "frozen run: the parameters never move (every pair inactive, the loss constant)";
export const NO_LATER_CHECKPOINT = "no accepted step after t = 0";

/** The judged checkpoints after t = 0 (at t = 0 a comparison with the start holds trivially). */
export function laterCheckpoints<P extends { time: number }>(points: readonly P[]): P[] {
  return points.filter((point, k) => k > 0 && point.time > 0);
}

/** Why a run cannot test anything: its parameters never moved (every pair inactive, the loss constant); undefined otherwise. */
export function frozenRun(run: FlowRun): string | undefined {
  const checkpoints = judgedCheckpoints(run);
  const start = checkpoints[0].parameters;
  const moved = checkpoints.some((c) => c.parameters.some((v, m) => v !== start[m]));
  return moved ? undefined : FROZEN;
}
