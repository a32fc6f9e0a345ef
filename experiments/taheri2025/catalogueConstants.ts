/**
 * The smallest constants for which the taheri2025 catalogue bounds held on the catalogue's own
 * generated instances: `node dist/experiments/taheri2025/catalogueConstants.js [samples] [seed]`.
 * For each theorem entry it draws candidates from the entry's generator (assumptions all kept),
 * keeps those meeting every assumption, evaluates them exactly and reports the largest
 * error/bound ratio (the detail's `smallestConstant`, `slackShare`), next to the constant the entry
 * checks (C = 2, 1, …). Output: one JSON object on stdout.
 */
import fc from "fast-check";
import { missedAssumptions, seedFromString } from "../../src/check/runner.js";
import type { Property } from "../../src/check/property.js";
import { theorem1Linear } from "../../properties/taheri2025/theorem1-linear.js";
import { theorem2Transfer } from "../../properties/taheri2025/theorem2-transfer.js";
import { theorem3Relu } from "../../properties/taheri2025/theorem3-relu.js";

const samples = Number(process.argv[2] ?? 200);
const seed = process.argv[3] ?? "taheri2025/constants";
const context = { digits: 50 };

function largest(property: Property, keys: string[]) {
  const candidates = fc.sample(property.generate(new Set()), { numRuns: samples, seed: seedFromString(`${seed}/${property.id}`) });
  const result: Record<string, number | null> = {};
  let used = 0;
  let minMargin = Infinity;
  for (const candidate of candidates) {
    if (missedAssumptions(property, candidate, context).length > 0) continue;
    used++;
    const evaluation = property.evaluate(candidate, context);
    minMargin = Math.min(minMargin, evaluation.margin);
    for (const key of keys) {
      const value = evaluation.detail?.[key];
      if (typeof value === "number" && Number.isFinite(value)) result[key] = Math.max(result[key] ?? -Infinity, value);
    }
  }
  return { sampled: candidates.length, evaluated: used, minMargin: Number.isFinite(minMargin) ? minMargin : null, ...result };
}

const report = {
  samples,
  seed,
  "taheri2025/theorem1-linear": { checkedConstant: 2, ...largest(theorem1Linear, ["smallestConstant", "templateRatio"]) },
  "taheri2025/theorem2-transfer": { checkedMultipleOf2rGamma: 1, ...largest(theorem2Transfer, ["slackShare"]) },
  "taheri2025/theorem3-relu": { checkedConstant: 1, ...largest(theorem3Relu, ["smallestConstant", "smallestConstantSharp"]) },
};
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
