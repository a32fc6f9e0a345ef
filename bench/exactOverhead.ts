/**
 * The exact path's field overhead (issue 19 item 4), for `npm run bench`: generic `evaluate` over
 * decimalField({ digits: 50 }) at (n, d, p) = (10, 20, 8), ReLU mean-field, against decimal.js's
 * raw multiply-add rate measured in the same run on the same numbers.
 * - The multiplications M and additions/subtractions A of one evaluation are counted by wrapping
 *   the field (the other operations — negation, positive part, the rare division — are cheap
 *   next to them and not credited to the raw side).
 * - Raw costs t_mul and t_add: decimal.js directly (same Decimal clone: 50 digits,
 *   round-half-even) on the instance's own numbers — x·w over its X and W entries as exact
 *   decimals, and the sum of those products — the dot products that dominate the evaluation.
 * Ratio = (M·t_mul + A·t_add) / evaluation time: the share of the evaluation spent in decimal.js's
 * own multiply-adds; 100% would mean the field abstraction, the model's bookkeeping and
 * allocation cost nothing beyond them. CPU time per repetition, medians.
 */
import type { Decimal } from "decimal.js";
import { decimalField } from "../src/field/decimal.js";
import type { Field } from "../src/field/field.js";
import { mapInstance } from "../src/model/instance.js";
import { evaluate } from "../src/model/network.js";
import { sampleInstance } from "../src/random/sampleInstance.js";
import { time } from "./peer.js";

const SIZE = { n: 10, d: 20, p: 8 };

const medianMs = (fn: () => void, reps: number): number => time(fn, reps).medianMs;

/** The field with its multiplications and additions/subtractions counted. */
function counting<T>(F: Field<T>): { field: Field<T>; multiplications: () => number; additions: () => number } {
  let multiplications = 0;
  let additions = 0;
  const field: Field<T> = {
    ...F,
    mul: (x, y) => (multiplications++, F.mul(x, y)),
    add: (x, y) => (additions++, F.add(x, y)),
    sub: (x, y) => (additions++, F.sub(x, y)),
  };
  return { field, multiplications: () => multiplications, additions: () => additions };
}

export interface ExactOverheadFigures {
  size: string;
  multiplications: number;
  additions: number;
  evaluateMs: number;
  /** Raw decimal.js cost of one multiplication and one addition, in µs. */
  rawMulUs: number;
  rawAddUs: number;
  /** (M·t_mul + A·t_add) / evaluation time. */
  ratio: number;
}

export function measureExactOverhead(): ExactOverheadFigures {
  const D = decimalField({ digits: 50 });
  const instance = mapInstance(
    sampleInstance({ ...SIZE, data: { law: "gaussian" }, init: { law: "gaussian" }, model: { activation: { name: "relu" }, scaling: "mean-field" }, seed: "bench/exact/10x20x8" }),
    D.fromNumber,
  );
  const counter = counting(D);
  evaluate(counter.field, instance);
  const multiplications = counter.multiplications();
  const additions = counter.additions();
  let sink = 0;
  const evaluateMs = medianMs(() => {
    sink += D.toNumber(evaluate(D, instance).loss);
  }, 30);
  const xs = instance.X.flat() as Decimal[];
  const ws = instance.W.flat() as Decimal[];
  const products = Array.from({ length: 4096 }, (_, m) => xs[m % xs.length]!.times(ws[(m * 7) % ws.length]!));
  const REPS = 20_000;
  const mulMs = medianMs(() => {
    let last = D.zero;
    for (let m = 0; m < REPS; m++) last = xs[m % xs.length]!.times(ws[(m * 7) % ws.length]!);
    sink += last.toNumber();
  }, 9);
  const addMs = medianMs(() => {
    let acc = D.zero;
    for (let m = 0; m < REPS; m++) acc = acc.plus(products[m % products.length]!);
    sink += acc.toNumber();
  }, 9);
  if (!Number.isFinite(sink)) process.stderr.write("(non-finite checksum)\n");
  const rawMulUs = (mulMs * 1000) / REPS;
  const rawAddUs = (addMs * 1000) / REPS;
  return {
    size: `(${SIZE.n}, ${SIZE.d}, ${SIZE.p})`,
    multiplications,
    additions,
    evaluateMs,
    rawMulUs,
    rawAddUs,
    ratio: (multiplications * rawMulUs + additions * rawAddUs) / (evaluateMs * 1000),
  };
}

export function printExactOverhead(f: ExactOverheadFigures): void {
  console.log("");
  console.log(
    `exact evaluate, decimal 50 digits, ${f.size}: ${f.multiplications} multiplications and ${f.additions} additions in ${f.evaluateMs.toFixed(2)} CPU ms;`,
  );
  console.log(
    `  raw decimal.js in the same run: ${f.rawMulUs.toFixed(2)} µs per multiplication, ${f.rawAddUs.toFixed(2)} µs per addition; evaluate runs at ${(100 * f.ratio).toFixed(0)}% of decimal.js's raw multiply-add rate`,
  );
}
