/**
 * Phase 1 of a hunt: fast-check samples of `property.generate(dropped)`, seeded from the named
 * seed; a candidate missing an active assumption is skipped, the rest evaluated. The pool, best
 * margin first, seeds the climb; the settings its samples vary are the ones the climb may move.
 */
import fc from "fast-check";
import type { Candidate } from "./property.js";
import { seedFromString } from "./runner.js";
import { isFailure } from "./shrink.js";
import { score, type HuntSession } from "./huntSession.js";

/** Which numeric settings the search may mutate: those the generator varies (default), all, or none. */
export type SettingsPolicy = "varying" | "all" | "none";

export interface PoolEntry {
  candidate: Candidate;
  margin: number;
}

export interface Sampling {
  /** Evaluated samples, best margin first. */
  pool: PoolEntry[];
  skipped: number;
  skippedBy: Record<string, number>;
}

/**
 * Samples in batches until `target` are evaluated, a violation appears, 20·target + 100 are drawn,
 * or the session is hopeless (every assumption check or evaluation so far threw).
 */
export function sampleCandidates(session: HuntSession, seed: string, target: number): Sampling {
  const { property, dropped } = session;
  const pool: PoolEntry[] = [];
  const skippedBy: Record<string, number> = {};
  let skipped = 0;
  const maxDraws = 20 * target + 100;
  let draws = 0;
  for (let batch = 0; pool.length < target && draws < maxDraws && !session.found && !session.hopeless; batch++) {
    const size = Math.min(target - pool.length, maxDraws - draws);
    const candidates = fc.sample(property.generate(dropped), { numRuns: size, seed: seedFromString(`${seed}/${property.id}/hunt/${batch}`) });
    for (const candidate of candidates) {
      draws++;
      if (session.hopeless) break;
      const missed = session.missedActive(candidate);
      if (missed === undefined) continue;
      if (missed.length > 0) {
        skipped++;
        for (const name of missed) skippedBy[name] = (skippedBy[name] ?? 0) + 1;
        continue;
      }
      const evaluation = session.evaluate(candidate);
      if (!evaluation) continue;
      pool.push({ candidate, margin: evaluation.margin });
      if (isFailure(evaluation.margin)) {
        session.markFound("sampling");
        break;
      }
      if (pool.length >= target) break;
    }
  }
  pool.sort((x, y) => score(x.margin) - score(y.margin));
  return { pool, skipped, skippedBy };
}

/**
 * Numeric settings to mutate under a policy: "varying" = those taking two or more values among
 * the samples — the settings the generator varies are free parameters of the statement; the
 * others are left alone.
 */
export function settingNames(samples: readonly Candidate[], policy: SettingsPolicy): Set<string> {
  const names = new Set<string>();
  if (policy === "none") return names;
  const values = new Map<string, Set<number>>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample.settings)) {
      if (typeof value !== "number") continue;
      if (!values.has(name)) values.set(name, new Set());
      values.get(name)!.add(value);
    }
  }
  for (const [name, seen] of values) if (policy === "all" || seen.size >= 2) names.add(name);
  return names;
}
