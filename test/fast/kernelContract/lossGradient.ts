/**
 * The loss / residuals / gradient / balance / μ part of the float64 kernel contract
 * (../kernelContract.ts registers it with the other parts for each kernel): a differential test
 * against exact arithmetic, with tolerances derived from a rigorous running error bound, never
 * tuned.
 *
 * For every activation × scaling, 200 seeded instances (n, d, p ∈ 1…9, so the 4-row and
 * 4-neuron blocks of the kernels and their remainders all occur; Gaussian data and
 * initialization from `sampleInstance`, seeds `differential/${activation}/${scaling}/${k}`),
 * plus 2 medium ones (n ≤ 24, d ≤ 20, p ≤ 12: several blocks in a row; seeds
 * `…/medium/${k}`), are evaluated three ways:
 * - exact: the generic `evaluate` over decimalField({ digits: 50 }) on the exact doubles;
 * - bounded: the generic `evaluate` over `errorBoundField`, giving for each quantity a value b
 *   and a bound errorBound(b) on its distance from exact arithmetic, valid for ANY summation
 *   order (src/field/errorBound.ts), hence also for the kernels' reordered, blocked sums;
 * - fast: the kernel under test.
 * A kernel's tanh/exp/log1p may be less accurate than V8's (< 1 ulp, what errorBoundField
 * charges): with K = kernel.elementaryUlps, each elementary result's bound is widened by
 * (K − 1)·2u·|value| (1 ulp ≤ 2u relative), and the field propagates that like any other error.
 * Requirements, for the loss, every residual, every gradient entry, every balance and μ:
 *   |fast − exact| ≤ errorBound(b)·(1 + u_dec/u)
 * where u = 2^-53 and u_dec = 5·10^-50 is the decimal field's unit roundoff: the decimal
 * result has rounding errors of its own (transcendental activations), which scale with its
 * unit roundoff. And the plain float64Field `evaluate` must equal b.value bitwise (the
 * bounded field computes exactly the float path's values).
 *
 * ReLU-type activations: where a pre-activation's sign is not certain, float and exact
 * arithmetic may take different branches and the bound says nothing useful, so such instances
 * are counted and reported, not compared. "Certain" is `signDecided` strengthened to cover
 * every summation order: the bound e = errorBound(z) holds for the kernels' z as well as for
 * b.value, so the kernels' z is certainly on the exact side only if |b.value| > 2e (or z and e
 * are both 0, when every product is 0 in any order). Every group must compare ≥ 90% of its
 * instances, so the test cannot pass vacuously.
 *
 * Style (as zod's compile-generative tests): every instance of a group is checked and ALL
 * failing seeds are collected before a single assertion, so one run reports every
 * counterexample with the seed that reproduces it. Each activation also has two known-bad
 * kernels that must be flagged, showing the comparison can fail: the kernel's output with one
 * gradient entry moved by 4× its tolerance, and the kernel run one row short (the last data
 * point's terms missing from the loss and gradient).
 */
import { describe, expect, it } from "vitest";
import { errorBound, errorBoundField, exactValue, type ErrorBounded } from "../../../src/field/errorBound.js";
import { float64Field } from "../../../src/field/float64.js";
import { type FloatInstance, toFloatInstance } from "../../../src/fast/floatInstance.js";
import { evaluateFloat, type FloatEvaluation, type FloatKernel } from "../../../src/fast/kernels.js";
import { ACTIVATION_NAMES, type ActivationName } from "../../../src/model/activation.js";
import { SCALINGS, mapInstance, type Instance, type Scaling } from "../../../src/model/instance.js";
import { evaluate, forward, type Evaluation } from "../../../src/model/network.js";
import { deriveSeed, seededRandom } from "../../../src/random/rng.js";
import { sampleInstance } from "../../../src/random/sampleInstance.js";
import { D, type Dec, MIN_COMPARED_FRACTION, TOLERANCE_FACTOR, distance, fieldWithElementaryUlps, instanceFor, piecewise, signCertainInAnyOrder } from "./shared.js";

const INSTANCES_PER_GROUP = 200;
/** A few larger instances per group, so several row and neuron blocks follow each other. */
const MEDIUM_INSTANCES_PER_GROUP = 2;


interface Quantity {
  label: string;
  fast: number | undefined;
  plain: number | undefined;
  bounded: ErrorBounded | undefined;
  exact: Dec | undefined;
}

/** Every compared quantity, flattened in one order for all four evaluations. */
function quantities(fast: FloatEvaluation, plain: Evaluation<number>, bounded: Evaluation<ErrorBounded>, exact: Evaluation<Dec>): Quantity[] {
  const out: Quantity[] = [
    { label: "loss", fast: fast.loss, plain: plain.loss, bounded: bounded.loss, exact: exact.loss },
    { label: "pl", fast: fast.pl, plain: plain.pl, bounded: bounded.pl, exact: exact.pl },
  ];
  exact.residuals.forEach((v, i) =>
    out.push({ label: `residual[${i}]`, fast: fast.residuals[i], plain: plain.residuals[i], bounded: bounded.residuals[i], exact: v }),
  );
  exact.gradient.a.forEach((v, j) =>
    out.push({ label: `gradA[${j}]`, fast: fast.gradA[j], plain: plain.gradient.a[j], bounded: bounded.gradient.a[j], exact: v }),
  );
  const d = exact.gradient.W[0].length;
  exact.gradient.W.forEach((row, j) =>
    row.forEach((v, k) =>
      out.push({
        label: `gradW[${j}][${k}]`,
        fast: fast.gradW[j * d + k],
        plain: plain.gradient.W[j][k],
        bounded: bounded.gradient.W[j][k],
        exact: v,
      }),
    ),
  );
  exact.balance.forEach((v, j) =>
    out.push({ label: `balance[${j}]`, fast: fast.balance[j], plain: plain.balance[j], bounded: bounded.balance[j], exact: v }),
  );
  return out;
}

interface Failure {
  seed: string;
  quantity: string;
  problem: string;
}

interface Reference {
  plain: Evaluation<number>;
  bounded: Evaluation<ErrorBounded>;
  exact: Evaluation<Dec>;
  /** False when some ReLU-type pre-activation sign is not certain (see header). */
  decided: boolean;
}

/** Exact evaluations by instance, shared by every kernel's run of the contract (the costly part). */
const exactCache = new WeakMap<Instance<number>, Evaluation<Dec>>();

function exactEvaluation(instance: Instance<number>): Evaluation<Dec> {
  let exact = exactCache.get(instance);
  if (exact === undefined) {
    exact = evaluate(D, mapInstance(instance, D.fromNumber));
    exactCache.set(instance, exact);
  }
  return exact;
}

function reference(instance: Instance<number>, ulps: number): Reference {
  const boundedInstance = mapInstance(instance, exactValue);
  const bounded = fieldWithElementaryUlps(ulps);
  const decided =
    !piecewise(instance.model.activation.name) ||
    forward(errorBoundField, boundedInstance).preactivations.every((row) => row.every(signCertainInAnyOrder));
  return {
    plain: evaluate(float64Field, instance),
    bounded: evaluate(bounded, boundedInstance),
    exact: exactEvaluation(instance),
    decided,
  };
}

/** Every violated requirement of one instance (empty when all hold). */
function compare(seed: string, fast: FloatEvaluation, ref: Reference): Failure[] {
  const failures: Failure[] = [];
  for (const q of quantities(fast, ref.plain, ref.bounded, ref.exact)) {
    const fail = (problem: string) => failures.push({ seed, quantity: q.label, problem });
    if (q.bounded === undefined || q.exact === undefined || q.fast === undefined || q.plain === undefined) {
      // Only μ may be undefined (at L = 0), and then in every evaluation alike.
      const defined = [q.fast, q.plain, q.bounded, q.exact].map((v) => v !== undefined);
      if (defined.some((v) => v !== defined[0])) fail(`defined in (fast, plain, bounded, exact) = (${defined.join(", ")})`);
      continue;
    }
    if (!Object.is(q.plain, q.bounded.value)) fail(`float64Field ${q.plain} ≠ errorBoundField ${q.bounded.value} bitwise`);
    const tolerance = errorBound(q.bounded) * TOLERANCE_FACTOR;
    const off = distance(q.fast, q.exact);
    if (!(off <= tolerance)) fail(`|fast − exact| = ${off} > ${tolerance} (fast ${q.fast}, exact ${q.exact.toString()})`);
  }
  return failures;
}

/** The kernel fed all rows but the last (a known-bad kernel), its outputs padded back to n rows. */
function oneRowShort(kernel: FloatKernel, instance: Instance<number>): FloatEvaluation {
  const flat = toFloatInstance(instance);
  const { n, d } = flat;
  const short: FloatInstance = { ...flat, n: n - 1, X: flat.X.subarray(0, (n - 1) * d), y: flat.y.subarray(0, n - 1) };
  const evaluation = evaluateFloat(short, undefined, kernel);
  const pad = (values: Float64Array, last: number) => Float64Array.from([...values, last]);
  return { ...evaluation, residuals: pad(evaluation.residuals, flat.y[n - 1]), outputs: pad(evaluation.outputs, 0) };
}

/** Registers this part for one kernel (call inside a describe block per kernel). */
export function lossGradientContractTests(kernel: FloatKernel): void {
  const fastEvaluation = (instance: Instance<number>) => evaluateFloat(toFloatInstance(instance), undefined, kernel);
  const referenceFor = (instance: Instance<number>) => reference(instance, kernel.elementaryUlps);

  describe.each(ACTIVATION_NAMES)(`${kernel.name} vs exact arithmetic: %s`, (name) => {
    it.each(SCALINGS)(`%s scaling, ${INSTANCES_PER_GROUP} + ${MEDIUM_INSTANCES_PER_GROUP} seeded instances`, (scaling) => {
      const failures: Failure[] = [];
      const undecided: string[] = [];
      const total = INSTANCES_PER_GROUP + MEDIUM_INSTANCES_PER_GROUP;
      for (let k = 0; k < total; k++) {
        const medium = k >= INSTANCES_PER_GROUP;
        const seed = medium ? `differential/${name}/${scaling}/medium/${k - INSTANCES_PER_GROUP}` : `differential/${name}/${scaling}/${k}`;
        const instance = instanceFor(name, scaling, seed, medium);
        const ref = referenceFor(instance);
        if (!ref.decided) {
          undecided.push(seed);
          continue;
        }
        failures.push(...compare(seed, fastEvaluation(instance), ref));
      }
      if (undecided.length > 0) {
        console.info(`${kernel.name} ${name}/${scaling}: ${undecided.length} of ${total} instances with an undecided ReLU sign, not compared: ${undecided.join(", ")}`);
      }
      // Every failing seed first (to reproduce), then the first violations in detail.
      const failingSeeds = [...new Set(failures.map((f) => f.seed))];
      expect({ failingSeeds, violations: failures.length, first: failures.slice(0, 20) }).toEqual({ failingSeeds: [], violations: 0, first: [] });
      expect(total - undecided.length).toBeGreaterThanOrEqual(MIN_COMPARED_FRACTION * total);
    });

    it("flags a kernel output with one gradient entry off by 4× its tolerance", () => {
      let k = 0;
      let seed: string;
      let instance: Instance<number>;
      let ref: Reference;
      // The first decided instance of this activation's mutant seeds with at least one W entry.
      do {
        seed = `differential/${name}/mutant/${k++}`;
        instance = instanceFor(name, "mean-field", seed);
        ref = referenceFor(instance);
      } while (!ref.decided);
      const fast = fastEvaluation(instance);
      expect(compare(seed, fast, ref)).toEqual([]);

      // Perturb the gradW entry with the largest tolerance (so the perturbation is not 0).
      const bounds = ref.bounded.gradient.W.flat().map((b) => errorBound(b) * TOLERANCE_FACTOR);
      const target = bounds.indexOf(Math.max(...bounds));
      expect(bounds[target]).toBeGreaterThan(0);
      const mutant: FloatEvaluation = { ...fast, gradW: fast.gradW.slice() };
      mutant.gradW[target] += 4 * bounds[target];
      const d = instance.X[0].length;
      const flagged = compare(seed, mutant, ref);
      expect(flagged.map((f) => f.quantity)).toEqual([`gradW[${Math.floor(target / d)}][${target % d}]`]);
    });

    it("flags the kernel run one row short", () => {
      let k = 0;
      let seed: string;
      let instance: Instance<number>;
      let ref: Reference;
      // The first decided instance of this activation's seeds with at least 2 rows.
      do {
        seed = `differential/${name}/one-row-short/${k++}`;
        instance = instanceFor(name, "mean-field", seed);
        ref = instance.X.length >= 2 ? referenceFor(instance) : ({ decided: false } as Reference);
      } while (!ref.decided);
      const flagged = compare(seed, oneRowShort(kernel, instance), ref);
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.map((f) => f.quantity)).toContain("loss");
    });
  });
}
