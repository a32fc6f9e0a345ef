/**
 * The catalogue contract: what every entry, built-in or a user's, must satisfy before its
 * verdicts mean anything (after fast-check's contract assertions for arbitraries). Returns the
 * violations found, all of them, so a test can print the whole list at once.
 *
 * 1. it is a valid definition (id, title, statement, reading, citation, margin kind);
 * 2. its generator's candidates meet the declared assumptions, or are counted as skipped — and
 *    not all of them are skipped;
 * 3. evaluation is deterministic: the same seed gives the same candidates, the same candidate
 *    the same margin;
 * 4. the field-generic margin (over intervals) or the rational margin, where given, has the
 *    sign of `evaluate`'s margin whenever the intervals decide it;
 * 5. it has a known bad case, and fails on every one it declares.
 */
import fc from "fast-check";
import { defineProperty, type PropertyDefinition } from "../check/define.js";
import type { Candidate, Property } from "../check/property.js";
import { missedAssumptions } from "../check/runner.js";
import { DEFAULT_DIGITS } from "../field/decimal.js";
import { intervalField } from "../field/interval.js";
import { rationalField } from "../field/rational.js";
import { instanceOverField } from "../io/instanceFile.js";

export interface ContractOptions {
  /** Candidates drawn from the generator (default 8). */
  samples?: number;
  seed?: number;
  digits?: number;
}

export interface ContractReport {
  id: string;
  violations: string[];
  /** Of the sampled candidates: how many were evaluated, skipped, vacuous. */
  sampled: { evaluated: number; skipped: number; vacuous: number };
}

const message = (error: unknown) => (error instanceof Error ? error.message.split("\n")[0] : String(error));

export function catalogueContract(property: Property, options: ContractOptions = {}): ContractReport {
  const violations: string[] = [];
  const digits = options.digits ?? DEFAULT_DIGITS;
  const context = { digits };
  const sampled = { evaluated: 0, skipped: 0, vacuous: 0 };
  const report = () => ({ id: property.id, violations, sampled });

  try {
    defineProperty({ ...property } as PropertyDefinition);
  } catch (error) {
    violations.push(`definition: ${message(error)}`);
  }
  if (!property.reading) violations.push("definition: no reading (our precise reading of the statement and its knobs)");

  const draw = () => fc.sample(property.generate(new Set()), { numRuns: options.samples ?? 8, seed: options.seed ?? 42 });
  let candidates: Candidate[];
  try {
    candidates = draw();
  } catch (error) {
    violations.push(`generator threw: ${message(error)}`);
    return report();
  }
  if (JSON.stringify(draw()) !== JSON.stringify(candidates)) violations.push("generator: the same seed gave different candidates");

  for (const [k, candidate] of candidates.entries()) {
    try {
      if (missedAssumptions(property, candidate, context).length > 0) {
        sampled.skipped++;
        continue;
      }
      const first = property.evaluate(candidate, context);
      const again = property.evaluate(candidate, context);
      sampled.evaluated++;
      if (first.vacuous !== undefined) sampled.vacuous++;
      if (!Object.is(first.margin, again.margin)) violations.push(`candidate ${k}: evaluate gave ${first.margin}, then ${again.margin}`);
      if (!(first.margin >= 0)) violations.push(`candidate ${k}: the generator's candidate meets every assumption but fails (margin ${first.margin}) — a counterexample, or a bug`);
      const disagreement = fieldMarginDisagrees(property, candidate, first.margin, digits);
      if (disagreement) violations.push(`candidate ${k}: ${disagreement}`);
    } catch (error) {
      violations.push(`candidate ${k}: threw: ${message(error)}`);
    }
  }
  if (candidates.length > 0 && sampled.evaluated === 0) violations.push(`generator: all ${candidates.length} candidates missed an assumption`);

  const bad = property.knownBad?.() ?? [];
  if (bad.length === 0) violations.push("knownBad: no known bad case (a candidate on which the entry must fail)");
  for (const { why, candidate } of bad) {
    try {
      const { margin } = property.evaluate(candidate, context);
      if (!(margin < 0)) violations.push(`knownBad "${why}": margin ${margin}, expected < 0`);
    } catch (error) {
      violations.push(`knownBad "${why}": threw: ${message(error)}`);
    }
  }
  return report();
}

/** Why the field-generic or rational margin's sign disagrees with `evaluate`'s, or undefined. */
function fieldMarginDisagrees(property: Property, candidate: Candidate, margin: number, digits: number): string | undefined {
  const holds = margin >= 0;
  if (property.marginOver) {
    const I = intervalField({ digits: Math.min(Math.max(digits, 30), 1000) });
    const enclosure = property.marginOver(I, candidate, { digits }, instanceOverField(I, candidate.file));
    const decided = enclosure.lo.gte(0) ? true : enclosure.hi.lt(0) ? false : undefined;
    if (decided !== undefined && decided !== holds) return `marginOver's enclosure [${enclosure.lo}, ${enclosure.hi}] disagrees with evaluate's margin ${margin}`;
  }
  if (property.rationalMargin) {
    const exact = property.rationalMargin(candidate, { digits });
    if (((rationalField.sign(exact) ?? 0) >= 0) !== holds) return `rationalMargin's sign ${rationalField.sign(exact)} disagrees with evaluate's margin ${margin}`;
  }
  return undefined;
}
