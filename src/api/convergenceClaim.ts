/**
 * An entry's limit claim (Property.convergenceClaim, e.g. dana2025 Theorem 1's "L(θ(t)) → 0 along
 * the gradient flow") decided on one instance by the flow convergence proof
 * (src/certify/flowConvergence.ts: a validated enclosure of the exact flow until a PL trapping
 * argument closes). No finite run shows a limit, so the answer is `proved` with the proof's
 * numbers, or `not proved` with the reason — never a silent pass. It is a statement about this
 * instance, independent of the entry's assumptions (the proof uses none of them).
 */
import { Decimal } from "decimal.js";
import type { Candidate, Property } from "../check/property.js";
import { certifyFlowConvergence } from "../certify/flowConvergence.js";
import { InputError } from "../io/inputError.js";

export interface ConvergenceClaimResult {
  statement: string;
  proved: boolean;
  /** Which proof, with its numbers (proved) or why none closed. */
  summary: string;
  entryTime?: string;
  radius?: string;
  mu?: string;
  lossAtEntry?: string;
  pathLength?: string;
}

export interface ConvergenceClaimOptions {
  /** The longest flow time tried (decimal string). */
  maxTime: string;
  digits: number;
  order: number;
  onProgress?: (time: number, steps: number) => void;
}

/** What `check --instance FILE --certify` tries: the flow-relu fixture closes at t ≈ 12 in about a minute (docs/certify.md). */
export const CONVERGENCE_CLAIM_DEFAULTS: ConvergenceClaimOptions = { maxTime: "30", digits: 16, order: 8 };

const six = (text: string, rounding: Decimal.Rounding) => new Decimal(text).toSignificantDigits(6, rounding).toString();

export function proveConvergenceClaim(property: Property, candidate: Candidate, options: ConvergenceClaimOptions = CONVERGENCE_CLAIM_DEFAULTS): ConvergenceClaimResult | undefined {
  const claim = property.convergenceClaim;
  if (!claim) return undefined;
  const statement = claim.statement;
  let result;
  try {
    result = certifyFlowConvergence(candidate, options);
  } catch (error) {
    if (error instanceof InputError) throw error;
    return { statement, proved: false, summary: `not proved: the flow convergence proof failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)})` };
  }
  const trap = result.trap;
  const numbers = trap?.numbers;
  const how = `validated gradient-flow enclosure (${result.digits} digits, Taylor order ${result.order})`;
  if (result.proved && trap && numbers) {
    return {
      statement,
      proved: true,
      summary:
        `proved on this instance (the proof uses none of the entry's assumptions): ${how} to t = ${result.entryTime} (${result.entryStep} steps), then the PL trap on a ball of radius R = ${trap.radius}: ` +
        `μ ≥ ${six(numbers.mu, Decimal.ROUND_FLOOR)}, L ≤ ${six(numbers.lossAtEntry, Decimal.ROUND_CEIL)} at entry, ρ₀ + √(2L̄/μ) ≤ ${six(numbers.entryRadius, Decimal.ROUND_CEIL)} + ${six(numbers.pathLength, Decimal.ROUND_CEIL)} ≤ R`,
      entryTime: result.entryTime,
      radius: trap.radius,
      mu: numbers.mu,
      lossAtEntry: numbers.lossAtEntry,
      pathLength: numbers.pathLength,
    };
  }
  const stopped = result.enclosure.undecided ? `; the enclosure stopped at t = ${result.enclosure.undecided.from}: ${result.enclosure.undecided.reason}` : "";
  const last = trap?.reason ? `; last trap attempt (R = ${trap.radius}): ${trap.reason}` : "";
  return { statement, proved: false, summary: `not proved within flow time ${result.enclosure.certifiedUntil} by the ${how}${stopped}${last}` };
}
