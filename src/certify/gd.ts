/**
 * Certified gradient descent: K steps θ_{k+1} = θ_k − η·c∇L(θ_k) (c = p mean-field, 1 standard;
 * dana2025 eq. (3) discretized as in its code) in interval arithmetic, so every iterate is a box
 * Θ_k that contains the exact GD iterate — the divisions by n and p, which do not terminate in
 * decimal, are enclosed instead of rounded. Along the run, per step:
 *
 * - `balance-identity` (dana2025, Lemma 1, in the discrete form derived here): δ_j = a_j² − ‖w_j‖² is enclosed twice —
 *   directly on the box, and by the identity δ_j(k+1) = δ_j(k) + η²(v_a,j² − ‖v_w,j‖²)(θ_k) carried
 *   from step 0. Both contain the exact δ_j(θ_k), so they must meet: an empty intersection would
 *   refute the identity. Intervals can refute an equality but never prove one, so its verdict is
 *   `consistent` at best; the intersection is then the enclosure of δ used below (the identity
 *   keeps it far tighter than the box does: `balanceTightening`). It needs σ'(z)·z = σ(z) (ReLU,
 *   leaky ReLU, identity); for any other activation the check is `not-applicable` and δ is the
 *   box's own enclosure.
 * - `A1-weak` (δ_j ≥ 0 for every j: Assumption 1 kept by the discrete dynamics; the flow keeps it by
 *   dana2025, Lemma 1, GD may break it through the η² term above): certified / refuted / undecided at each iterate.
 * - `monotone-loss` (L(θ_{k+1}) ≤ L(θ_k); guaranteed for the flow, not for GD — reported as an
 *   observation): certified / refuted / undecided from step 1.
 * - each selected pointwise entry (default: dana2025/theorem1-pl-bound, the PL bound (6)) on the
 *   box Θ_k, through {@link certify} with its assumptions decided on the box (no exact fallback:
 *   a box has no rational point value).
 *
 * Width growth: a plain interval step θ + η·rhs(θ) over a box loses the dependency between θ and
 * ∇L(θ), so widths grow at least like (1 + ηc|∇²L|)^k. Each step is therefore also taken in
 * mean-value form ({@link meanValueStep}) where that is valid, and the two enclosures are
 * intersected. The mean-value form still wraps the image of a box in a box (×1.8 per step on
 * docs/certify.md's instance); the default form carries a Lohner set instead (lohner.ts), which
 * keeps the set's shape. `lastCertified` per check is the largest K through which that check is certified at
 * every step, the figure to compare across precisions.
 * The run stops early once a parameter's enclosure is unbounded.
 */
import type { Candidate, Property } from "../check/property.js";
import { squaredNorm } from "../field/field.js";
import { intervalField, type Interval, type IntervalField } from "../field/interval.js";
import type { Instance } from "../model/instance.js";
import { instanceOverField } from "../io/instanceFile.js";
import { balance, forward } from "../model/network.js";
import { hessianColumn, hessianValidOnBox } from "./hessian.js";
import { gradientFlowSystem, initialState, type FlowSystem } from "../dynamics/flowSystem.js";
import { unpackParameters, withParameters } from "../model/parameters.js";
import { certify, type Verdict } from "./certify.js";
import { all, nonNegative, type Maybe } from "../field/decide.js";
import { lohnerFromBox, lohnerGdStep, lohnerHull, type LohnerSet } from "./lohner.js";

export type StepVerdict = Verdict | "consistent";

export interface GdCheckSummary {
  name: string;
  /** Verdict at each step it is evaluated at (index = step; null where not evaluated). */
  verdicts: (StepVerdict | null)[];
  /** Largest k such that the check is certified (or consistent) at every evaluated step ≤ k; −1 if not even at its first. */
  lastCertified: number;
  firstRefuted: number | null;
  firstUndecided: number | null;
  /** First step where an assumption of the entry certainly fails on the box. */
  firstNotApplicable: number | null;
}

export interface GdStep {
  step: number;
  loss: { lo: string; hi: string };
  /** Widths, 3 significant digits. */
  lossWidth: string;
  parameterWidth: string;
  /** Width of the direct box enclosure of δ over the identity-carried one (largest over j). */
  balanceTightening: string | null;
}

export interface GdCertificate {
  digits: number;
  lr: string;
  stepsRequested: number;
  /** Steps actually taken (fewer when an enclosure became unbounded). */
  stepsTaken: number;
  /** Steps on which the mean-value form applied (the others, and every step of form "naive", are plain interval steps). */
  meanValueSteps: number;
  /** Steps taken as Lohner/QR set steps (form "lohner"; lohner.ts); the others fell back to the box forms. */
  lohnerSteps: number;
  form: GdForm;
  steps: GdStep[];
  checks: GdCheckSummary[];
}

export interface GdOptions {
  steps: number;
  /** η as a decimal string (entered exactly). */
  lr: string;
  digits: number;
  properties: readonly Property[];
  onStep?: (k: number) => void;
  /** Called with each iterate's box Θ_k (flat [a, W] as in src/model/parameters.ts), e.g. for containment tests. */
  onIterate?: (k: number, box: readonly Interval[]) => void;
  /**
   * "lohner" (default): the iterate carried as a Lohner set c + B·R with a QR-re-orthogonalised
   * basis (lohner.ts), its hull intersected with the plain step; where that does not apply (a
   * ReLU kink in the hull) the box step of "mean-value" is taken and the set restarts from the box.
   * "mean-value": each step also in centred form on the box, intersected with the plain one;
   * "naive": plain interval steps only.
   */
  form?: GdForm;
}

export type GdForm = "lohner" | "mean-value" | "naive";
export const GD_FORMS: readonly GdForm[] = ["lohner", "mean-value", "naive"];

const three = (d: import("decimal.js").Decimal) => (d.isFinite() ? d.toSignificantDigits(3).toString() : d.toString());

export function certifyGradientDescent(candidate: Candidate, options: GdOptions): GdCertificate {
  const F = intervalField({ digits: options.digits });
  const instance = instanceOverField(F, candidate.file);
  const p = instance.a.length;
  const d = instance.X[0].length;
  const system = gradientFlowSystem(F, instance);
  const eta = F.fromDecimalString(options.lr);
  const etaSquared = F.mul(eta, eta);
  const settings = { ...candidate.settings, eta: Number(options.lr) };
  const stepCandidate: Candidate = { file: candidate.file, settings };

  const checkNames = ["balance-identity", "A1-weak", "monotone-loss", ...options.properties.map((q) => q.id)];
  const verdicts = new Map<string, (StepVerdict | null)[]>(checkNames.map((name) => [name, []]));
  const record = (name: string, k: number, v: StepVerdict | null) => (verdicts.get(name)![k] = v);
  const fromMaybe = (m: Maybe): Verdict => (m === true ? "certified" : m === false ? "refuted" : "undecided");

  let state: Interval[] = initialState(instance);
  let carried = balance(F, instance);
  // The identity needs a·v_a = ⟨w, v_w⟩, i.e. σ'(z)·z = σ(z): positively 1-homogeneous σ only.
  const homogeneous = ["relu", "leaky-relu", "identity"].includes(instance.model.activation.name);
  let previousLoss: Interval | undefined;
  const steps: GdStep[] = [];
  let taken = 0;
  let meanValueSteps = 0;
  let lohnerSteps = 0;
  const form = options.form ?? "lohner";
  let set: LohnerSet | undefined = form === "lohner" ? lohnerFromBox(F, state) : undefined;
  for (let k = 0; k <= options.steps; k++) {
    const box = withParameters(instance, state);
    const lossValue = system.loss(state);
    // δ two ways; both enclose δ(θ_k), so they must meet.
    const direct = balance(F, box);
    let consistent = true;
    let tightening: import("decimal.js").Decimal | undefined;
    const delta = direct.map((b, j) => {
      if (!homogeneous) return b;
      try {
        const met = F.intersect(b, carried[j]);
        const ratio = F.width(met).isZero() ? undefined : F.width(b).div(F.width(met));
        if (ratio && (!tightening || ratio.gt(tightening))) tightening = ratio;
        return met;
      } catch {
        // Disjoint enclosures of one number: the identity is refuted; the box's own one stays sound.
        consistent = false;
        return b;
      }
    });
    record("balance-identity", k, homogeneous ? (consistent ? "consistent" : "refuted") : "not-applicable");
    record("A1-weak", k, fromMaybe(all(delta.map((b) => nonNegative(F, b)))));
    record("monotone-loss", k, previousLoss === undefined ? null : fromMaybe(nonNegative(F, F.sub(previousLoss, lossValue))));
    for (const property of options.properties) record(property.id, k, certify(property, stepCandidate, { digits: options.digits, exactFallback: false }, box).verdict);
    const widths = state.map((x) => F.width(x));
    const widest = widths.reduce((m, w) => (w.gt(m) ? w : m));
    steps.push({
      step: k,
      loss: { lo: lossValue.lo.toString(), hi: lossValue.hi.toString() },
      lossWidth: three(F.width(lossValue)),
      parameterWidth: three(widest),
      balanceTightening: tightening && tightening.isFinite() ? three(tightening) : null,
    });
    options.onStep?.(k);
    options.onIterate?.(k, state);
    if (k === options.steps || !widest.isFinite()) break;

    // One GD step on the box; the identity carries δ to the next iterate.
    const velocity = system.rhs(state);
    const v = unpackParameters(velocity, p, d);
    carried = delta.map((b, j) => F.add(b, F.mul(etaSquared, F.sub(F.mul(v.a[j], v.a[j]), squaredNorm(F, v.W[j])))));
    const naive = state.map((x, i) => F.add(x, F.mul(eta, velocity[i])));
    const carriedSet = set && lohnerGdStep(F, instance, system, set, eta);
    if (carriedSet) {
      lohnerSteps++;
      set = carriedSet;
      const hull = lohnerHull(F, carriedSet);
      state = naive.map((x, i) => F.intersect(x, hull[i]));
    } else {
      const centred = form === "naive" ? undefined : meanValueStep(F, instance, system, state, eta);
      if (centred) meanValueSteps++;
      state = centred ? naive.map((x, i) => F.intersect(x, centred[i])) : naive;
      if (set) set = lohnerFromBox(F, state);
    }
    previousLoss = lossValue;
    taken = k + 1;
  }

  const checks: GdCheckSummary[] = checkNames.map((name) => {
    const list = verdicts.get(name)!;
    let lastCertified = -1;
    let firstRefuted: number | null = null;
    let firstUndecided: number | null = null;
    let firstNotApplicable: number | null = null;
    let unbroken = true;
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      if (v === null || v === undefined) {
        if (unbroken) lastCertified = k;
        continue;
      }
      if (v === "refuted" && firstRefuted === null) firstRefuted = k;
      if (v === "not-applicable" && firstNotApplicable === null) firstNotApplicable = k;
      if ((v === "undecided" || v === "unsupported") && firstUndecided === null) firstUndecided = k;
      if (v === "certified" || v === "consistent") {
        if (unbroken) lastCertified = k;
      } else unbroken = false;
    }
    return { name, verdicts: list.map((v) => v ?? null), lastCertified, firstRefuted, firstUndecided, firstNotApplicable };
  });
  return { digits: options.digits, lr: options.lr, stepsRequested: options.steps, stepsTaken: taken, meanValueSteps, lohnerSteps, form, steps, checks };
}

/**
 * The mean-value (centred) form of one GD step g(θ) = θ + η·rhs(θ) over the box Θ:
 * g(Θ) ⊆ g(m) + J(Θ)·(Θ − m), m ∈ Θ a point, J = I + η·∂rhs/∂θ = I − ηc∇²L, each column from a
 * Hessian-vector product on the box. Valid where g is C¹ on Θ: always for smooth σ; for ReLU-type
 * σ only when every pre-activation's sign is decided on Θ (one activation pattern, on which L is a
 * polynomial and the HVP is its exact Hessian) — otherwise undefined and the naive step stands.
 * Its width grows like |J|·w instead of (1 + ηc|∇²L|)·w: the dependency between θ and ∇L(θ) is
 * kept, so a contracting step contracts the box too.
 */
function meanValueStep(F: IntervalField, instance: Instance<Interval>, system: FlowSystem<Interval>, state: readonly Interval[], eta: Interval): Interval[] | undefined {
  const box = withParameters(instance, state);
  const pass = forward(F, box);
  if (!hessianValidOnBox(F, box, pass)) return undefined;
  const c = system.flowFactor;
  // m: the rounded midpoint of each coordinate, kept inside its interval.
  const middle = state.map((x) => {
    if (x.lo.eq(x.hi)) return x;
    const mid = F.interval(x.lo, x.hi).lo.plus(x.hi).div(2);
    const clamped = mid.lt(x.lo) ? x.lo : mid.gt(x.hi) ? x.hi : mid;
    return F.interval(clamped, clamped);
  });
  const atMiddle = system.rhs(middle);
  const image = middle.map((m, i) => F.add(m, F.mul(eta, atMiddle[i])));
  const offsets = state.map((x, i) => F.sub(x, middle[i]));
  const out = image.slice();
  const minusEtaC = F.neg(F.mul(eta, c));
  for (let k = 0; k < state.length; k++) {
    if (F.sign(offsets[k]) === 0) continue;
    const column = hessianColumn(F, box, k, pass);
    for (let i = 0; i < state.length; i++) {
      const entry = F.add(i === k ? F.one : F.zero, F.mul(minusEtaC, column[i]));
      out[i] = F.add(out[i], F.mul(entry, offsets[k]));
    }
  }
  return out;
}

/** Lines for the terminal: widths at a few steps, then each check's certified range. */
export function formatGdSummary(result: GdCertificate): string[] {
  const lines = [
    `certified GD: ${result.stepsTaken} of ${result.stepsRequested} steps, η = ${result.lr}, ${result.digits} digits (${result.form === "lohner" ? `Lohner/QR set on ${result.lohnerSteps} steps, ` : ""}mean-value form on ${result.meanValueSteps} steps)`,
  ];
  const shown = new Set<number>([0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, result.steps.length - 1]);
  lines.push("  step  loss (midpoint)          loss width   parameter width   δ tightening");
  for (const s of result.steps) {
    if (!shown.has(s.step)) continue;
    const mid = (Number(s.loss.lo) + Number(s.loss.hi)) / 2;
    lines.push(`  ${String(s.step).padStart(4)}  ${mid.toPrecision(17).padEnd(23)}  ${s.lossWidth.padEnd(11)}  ${s.parameterWidth.padEnd(16)}  ${s.balanceTightening ?? "—"}`);
  }
  for (const c of result.checks) {
    const evaluated = c.verdicts.filter((v) => v !== null).length;
    if (c.name === "balance-identity" && c.verdicts.every((v) => v === "not-applicable")) {
      lines.push(`  ${c.name}: not applicable (the activation is not positively 1-homogeneous)`);
      continue;
    }
    const through = c.lastCertified >= 0 ? `${c.name === "balance-identity" ? "consistent" : "certified"} through step ${c.lastCertified}` : "not certified at its first step";
    const extra = [
      c.firstRefuted !== null ? `refuted at step ${c.firstRefuted}` : undefined,
      c.firstUndecided !== null ? `first undecided at step ${c.firstUndecided}` : undefined,
      c.firstNotApplicable !== null ? `an assumption certainly fails at step ${c.firstNotApplicable}` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    lines.push(`  ${c.name}: ${through} (${evaluated} steps checked)${extra ? `; ${extra}` : ""}`);
  }
  return lines;
}
