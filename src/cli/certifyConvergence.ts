/**
 * The branches of `shallowcheck certify` that prove convergence to zero loss: `certify FILE
 * --converges --gd [K] [--lr η]` (src/certify/convergence.ts: certified GD until the trapping
 * argument of src/certify/trap.ts closes, at most K steps), `certify FILE --converges --flow T`
 * (the validated flow enclosure until the flow trap closes) and `certify CERTFILE` on a stored
 * `gd-convergence-certificate` or `flow-convergence-certificate` (re-checked from its instance).
 * Returns the exit code: 0 proved (and a stored certificate reproduced), 1 otherwise.
 */
import { Decimal } from "decimal.js";
import type { Candidate } from "../check/property.js";
import { theorem1Constant, theorem1DataConstants, plLowerBound } from "../../properties/dana2025/lib/plBound.js";
import { certifyConvergence, trapAlongRun, type ConvergenceResult } from "../certify/convergence.js";
import type { GdCertificate } from "../certify/gd.js";
import { intervalField, type Interval } from "../field/interval.js";
import { instanceOverField } from "../io/instanceFile.js";
import { forward } from "../model/network.js";
import { withParameters } from "../model/parameters.js";
import {
  convergenceCertificate,
  parseConvergenceCertificate,
  recheckConvergence,
  writeConvergenceCertificate,
} from "../certify/convergenceCertificate.js";
import type { TrapOutcome } from "../certify/trap.js";
import { certifyFlowConvergence, type FlowConvergenceResult } from "../certify/flowConvergence.js";
import {
  flowConvergenceCertificate,
  parseFlowConvergenceCertificate,
  recheckFlowConvergence,
  writeFlowConvergenceCertificate,
  type FlowRecheck,
} from "../certify/flowConvergenceCertificate.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { progressOnStderr } from "../io/progress.js";

const SHOWN = 6;
const up = (text: string) => (/Infinity/.test(text) ? text : new Decimal(text).toSignificantDigits(SHOWN, Decimal.ROUND_CEIL).toString());
const down = (text: string) => new Decimal(text).toSignificantDigits(SHOWN, Decimal.ROUND_FLOOR).toString();

/** The argument's numbers, one per line. */
export function formatTrap(trap: TrapOutcome | undefined, p: number): string[] {
  if (!trap) return [];
  const lines: string[] = [];
  if (trap.reason) lines.push(`  reason: ${trap.reason}`);
  const t = trap.numbers;
  lines.push(`  ball   R = ${trap.radius} around the entry box's midpoint (one activation pattern on it for ReLU)`);
  if (!t) return lines;
  lines.push(`  μ      ≥ ${down(t.mu)}   (‖∇L‖² ≥ 2μL on the ball, μ = λ_min(JJᵀ)/n; in dana2025's μ = p‖∇L‖²/L: ≥ ${down(new Decimal(t.mu).times(2 * p).toString())})`);
  lines.push(`  Λ      ≤ ${up(t.gramMax)}   (λ_max(JJᵀ) on the ball)`);
  if (t.smoothness) lines.push(`  M      ≤ ${up(t.smoothness)}   (λ_max(∇²L) on the ball)`);
  if (t.contraction) lines.push(`  q      ≤ ${up(t.contraction)}   (L(θ_{k+1}) ≤ q·L(θ_k) inside the ball)`);
  lines.push(`  L      ≤ ${up(t.lossAtEntry)}   (at the entry iterate)`);
  lines.push(`  ρ₀ + S ≤ ${up(t.entryRadius)} + ${up(t.pathLength)}   (entry box radius + remaining path length; must be ≤ R)`);
  return lines;
}

function formatResult(result: ConvergenceResult, p: number): string[] {
  const head = result.proved
    ? `converges to a zero-loss global minimum: proved (GD, η = ${result.lr})`
    : `convergence to zero loss: not proved within ${result.entryStep} GD steps (η = ${result.lr})`;
  return [
    head,
    `  entry  step K = ${result.entryStep} (certified GD: ${result.lohnerSteps} Lohner-set steps, ${result.boxSteps} box steps at a ReLU kink)`,
    ...formatTrap(result.trap, p),
    `  ${result.digits} digits; ${result.milliseconds} ms`,
  ];
}

export interface ConvergeOptions {
  lr: string;
  digits: number;
  maxSteps: number;
  json?: string;
  certificate?: string;
}

export function runCertifyConvergence(file: string, candidate: Candidate, options: ConvergeOptions): number {
  const progress = progressOnStderr("certify --converges");
  let result: ConvergenceResult;
  try {
    result = certifyConvergence(candidate, { lr: options.lr, digits: options.digits, maxSteps: options.maxSteps, onStep: (k) => progress.update(undefined, `step ${k}`) });
  } finally {
    progress.stop();
  }
  const p = candidate.file.params.a.length;
  for (const line of formatResult(result, p)) process.stdout.write(line + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify({ file, convergence: result }, null, 2) + "\n");
  if (options.certificate) {
    if (result.proved) {
      writeConvergenceCertificate(options.certificate, convergenceCertificate(candidate.file, result));
      process.stdout.write(`  certificate written to ${options.certificate} (re-check: shallowcheck certify ${options.certificate})\n`);
    } else process.stdout.write(`  no certificate written (nothing proved)\n`);
  }
  return result.proved ? 0 : 1;
}

export function runRecheckConvergence(file: string, json: unknown, options: { digits?: number; jsonOut?: string }): number {
  const certificate = parseConvergenceCertificate(json, file);
  const started = Date.now();
  const progress = progressOnStderr("re-check");
  let outcome: ReturnType<typeof recheckConvergence>;
  try {
    outcome = recheckConvergence(certificate, { digits: options.digits, onStep: (k) => progress.update(k / Math.max(1, certificate.entryStep), `step ${k}/${certificate.entryStep}`) });
  } finally {
    progress.stop();
  }
  const p = certificate.instance.params.a.length;
  const lines = [
    outcome.trap.closed ? `converges to a zero-loss global minimum: proved (GD, η = ${certificate.lr})` : `convergence to zero loss: not proved (GD, η = ${certificate.lr})`,
    `  entry  step K = ${certificate.entryStep} (certified GD recomputed from the instance)`,
    ...formatTrap(outcome.trap, p),
    `  ${outcome.digits} digits; ${Date.now() - started} ms`,
    `  stored certificate (${certificate.digits} digits): ${outcome.agreement}`,
  ];
  for (const line of lines) process.stdout.write(line + "\n");
  if (options.jsonOut) writeFileAtomic(options.jsonOut, JSON.stringify({ file, recheck: outcome }, null, 2) + "\n");
  return outcome.trap.closed && outcome.agreement !== "not reproduced" ? 0 : 1;
}

/**
 * dana2025 eq. (6) at every iterate inside the trap's ball: there p‖∇L‖²/L ≥ 2pμ, and
 * B(θ) = f·(C/n)·min_i|h_i/y_i| is enclosed on the ball; B ≤ 2pμ proves (6) at every later step.
 */
function theorem1BoundOnBall(candidate: Candidate, digits: number, trap: TrapOutcome): { holds: boolean; bound: string } {
  const F = intervalField({ digits });
  const instance = instanceOverField(F, candidate.file);
  const radius = F.fromDecimalString(trap.radius);
  const ball = withParameters(
    instance,
    trap.center.map((m) => F.add(F.fromDecimalString(m), F.interval(radius.hi.neg(), radius.hi))),
  );
  const factor = F.fromDecimalString(String(candidate.settings.factor ?? 1));
  const C = theorem1Constant(F, theorem1DataConstants(F, candidate, ball));
  const bound = plLowerBound(F, C, instance.X.length, forward(F, ball).outputs, instance.y, factor);
  const p = instance.a.length;
  const muDana = F.mul(F.fromNumber(2 * p), F.fromDecimalString(trap.numbers!.mu));
  return { holds: bound.hi.lte(muDana.lo), bound: bound.hi.toString() };
}

/**
 * What the trapping argument adds to a certified GD run: the first scheduled step K₀ at which it
 * closes, and then, for every k ≥ K₀, the monotone loss (L(θ_{k+1}) ≤ q·L(θ_k)) and — for
 * dana2025/theorem1-pl-bound — eq. (6) on the whole ball. Returns the lines and the checks so
 * proved for every later step.
 */
export function gdBeyondTheBoxes(candidate: Candidate, result: GdCertificate, boxes: readonly (readonly Interval[])[]): { lines: string[]; provedFrom: Map<string, number> } {
  const provedFrom = new Map<string, number>();
  const found = trapAlongRun(candidate, { lr: result.lr, digits: result.digits }, boxes);
  if (!found) return { lines: ["  trapping argument: did not close on this run (no statement beyond the last step)"], provedFrom };
  const { step, trap } = found;
  const t = trap.numbers!;
  const lines = [
    `  trapping argument closes at step ${step} (ball R = ${trap.radius}, μ ≥ ${down(t.mu)}, q ≤ ${up(t.contraction!)}; certify --converges prints all of it): for every k ≥ ${step} the iterate stays in the ball and`,
    `    monotone-loss: L(θ_{k+1}) ≤ q·L(θ_k) — certified for every step after ${step}, with no horizon`,
  ];
  provedFrom.set("monotone-loss", step);
  if (result.checks.some((c) => c.name === "dana2025/theorem1-pl-bound")) {
    const six = theorem1BoundOnBall(candidate, result.digits, trap);
    if (six.holds) provedFrom.set("dana2025/theorem1-pl-bound", step);
    lines.push(
      six.holds
        ? `    dana2025/theorem1-pl-bound: p‖∇L‖²/L ≥ 2pμ ≥ ${down(new Decimal(t.mu).times(2 * candidate.file.params.a.length).toString())} ≥ ${up(six.bound)} ≥ B on the whole ball — certified for every step after ${step}`
        : `    dana2025/theorem1-pl-bound: not decided on the ball (B ≤ ${up(six.bound)} exceeds 2pμ)`,
    );
  }
  return { lines, provedFrom };
}

/** The flow result's lines (also what a re-check prints, with its own head). */
function formatFlowTrap(trap: TrapOutcome | undefined, p: number): string[] {
  return formatTrap(trap, p).map((line) => line.replace("(entry box radius + remaining path length; must be ≤ R)", "(entry box radius + path length √(2L̄/μ); must be ≤ R)"));
}

/**
 * `certify FILE --converges --flow T`: the validated flow enclosure until the flow trap closes
 * (src/certify/flowConvergence.ts), at most flow time T. --json writes the whole result,
 * --certificate the proof object (a `flow-convergence-certificate`, re-checked by `certify OUT`).
 * Exit 0 when convergence is proved, else 1.
 */
export function runCertifyFlowConvergence(file: string, candidate: Candidate, options: { maxTime: string; digits: number; order: number; json?: string; certificate?: string }): number {
  const progress = progressOnStderr("certify --converges --flow");
  const T = Number(options.maxTime);
  let result: FlowConvergenceResult;
  try {
    result = certifyFlowConvergence(candidate, { ...options, onProgress: (t, steps) => progress.update(t / T, `t = ${t.toPrecision(6)}, ${steps} steps`) });
  } finally {
    progress.stop();
  }
  const p = candidate.file.params.a.length;
  const e = result.enclosure;
  const lines = [
    result.proved
      ? `converges to a zero-loss global minimum: proved (gradient flow)`
      : `convergence to zero loss: not proved within flow time ${e.certifiedUntil} (gradient flow${e.undecided ? `; the enclosure stopped: ${e.undecided.reason}` : ""})`,
    `  entry  t = ${result.entryTime}, step ${result.entryStep} of the validated flow enclosure (${e.crossings.length} kink crossings, θ(t) width ${e.finalWidth})`,
    ...formatFlowTrap(result.trap, p),
    `  ${result.digits} digits, Taylor order ${result.order}; ${result.milliseconds} ms`,
  ];
  for (const line of lines) process.stdout.write(line + "\n");
  if (options.json) writeFileAtomic(options.json, JSON.stringify({ kind: "gradient-flow-convergence", file, instance: candidate.file, convergence: result }, null, 2) + "\n");
  if (options.certificate) {
    if (result.proved) {
      writeFlowConvergenceCertificate(options.certificate, flowConvergenceCertificate(candidate.file, result));
      process.stdout.write(`  certificate written to ${options.certificate} (re-check: shallowcheck certify ${options.certificate})\n`);
    } else process.stdout.write(`  no certificate written (nothing proved)\n`);
  }
  return result.proved ? 0 : 1;
}

/** `certify CERTFILE` on a flow-convergence-certificate: the enclosure and the trap recomputed from its instance. */
export function runRecheckFlowConvergence(file: string, json: unknown, options: { digits?: number; jsonOut?: string }): number {
  const certificate = parseFlowConvergenceCertificate(json, file);
  const started = Date.now();
  const T = Number(certificate.entryTime);
  const progress = progressOnStderr("re-check");
  let outcome: FlowRecheck;
  try {
    outcome = recheckFlowConvergence(certificate, { digits: options.digits, onProgress: (t, steps) => progress.update(t / T, `t = ${t.toPrecision(6)}, ${steps}/${certificate.entryStep} steps`) });
  } finally {
    progress.stop();
  }
  const p = certificate.instance.params.a.length;
  const proved = outcome.trap?.closed === true && outcome.agreement !== "not reproduced";
  const lines = [
    proved ? "converges to a zero-loss global minimum: proved (gradient flow)" : "convergence to zero loss: not proved (gradient flow)",
    `  entry  t = ${certificate.entryTime}, step ${certificate.entryStep} (validated flow enclosure recomputed from the instance; it reached t = ${outcome.reachedTime})`,
    ...(outcome.trap ? formatFlowTrap(outcome.trap, p) : [`  reason: ${outcome.reason}`]),
    `  ${outcome.digits} digits, Taylor order ${certificate.order}; ${Date.now() - started} ms`,
    `  stored certificate (${certificate.digits} digits): ${outcome.agreement}${outcome.agreement === "not reproduced" && outcome.trap?.closed ? ` (${outcome.reason})` : ""}`,
  ];
  for (const line of lines) process.stdout.write(line + "\n");
  if (options.jsonOut) writeFileAtomic(options.jsonOut, JSON.stringify({ file, recheck: outcome }, null, 2) + "\n");
  return proved ? 0 : 1;
}
