/**
 * How Theorem 1's margin (dana2025/theorem1-pl-bound) behaves as the data correlation grows past
 * the suite's Assumption-2 encoding. Draws candidates from the entry's own generator with
 * `assumption2` dropped (A1 and the data bounds still met), bins them by the correlation ratio
 * κ_eff = (n−1)·max_{i≠k}|⟨x_i,x_k⟩| / (C_x^-)² (the encoding requires κ_eff ≤ 1/2), and prints, per
 * bin, how many candidates were drawn, how many violate the bound, and the smallest margin.
 *
 * Run: npm run build && node dist/scripts/experiments/theorem1Correlation.js [samples] [seed]
 */
import fc from "fast-check";
import { missedAssumptions } from "../../src/check/runner.js";
import { dataConstants, exactInstance, maxCorrelation } from "../../properties/dana2025/lib/assumptions.js";
import { theorem1PlBound } from "../../properties/dana2025/theorem1-pl-bound.js";

const samples = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? 1);
const context = { digits: 50 };
const EDGES = [0, 0.25, 0.5, 1, 2, 4, 8, Infinity];

const bins = EDGES.slice(0, -1).map((low, k) => ({ low, high: EDGES[k + 1], drawn: 0, failing: 0, minMargin: Infinity }));
for (const candidate of fc.sample(theorem1PlBound.generate(new Set(["assumption2"])), { numRuns: samples, seed })) {
  const missed = missedAssumptions(theorem1PlBound, candidate, context, new Set(["assumption2"]));
  if (missed.length > 0) continue;
  const instance = exactInstance(candidate, context);
  const n = instance.X.length;
  if (n < 2) continue;
  const { minSquaredNorm } = dataConstants(instance, context);
  const ratio = maxCorrelation(instance, context).times(n - 1).div(minSquaredNorm).toNumber();
  const { margin } = theorem1PlBound.evaluate(candidate, context);
  const bin = bins.find((b) => ratio >= b.low && ratio < b.high)!;
  bin.drawn++;
  if (margin < 0) bin.failing++;
  bin.minMargin = Math.min(bin.minMargin, margin);
}
console.log(`dana2025/theorem1-pl-bound with assumption2 dropped: ${samples} candidates, seed ${seed}`);
console.log("κ_eff = (n−1)ρ/(C_x^-)²   drawn   failing   min margin");
for (const b of bins) {
  const range = `[${b.low}, ${b.high === Infinity ? "∞" : b.high})`.padEnd(22);
  console.log(`${range}  ${String(b.drawn).padStart(6)}  ${String(b.failing).padStart(8)}   ${b.drawn ? b.minMargin.toFixed(4) : "—"}`);
}
