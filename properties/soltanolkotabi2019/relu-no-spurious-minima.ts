/**
 * soltanolkotabi2019/relu-no-spurious-minima — the landscape claim "gradient descent on the ReLU
 * teacher–student population loss never ends at a spurious local minimum", which Safran & Shamir
 * (ICML 2018, arXiv 1712.08968) refute for 6 ≤ k ≤ 20; Soltanolkotabi, Javanmard, Lee (arXiv
 * 1707.04926 v3, Section 4, their reference [42]) cite it as the reason over-parameterization matters.
 * The statement is FALSE as stated: `refutations()` re-proves a stored spurious minimum (k = n = 6),
 * so the default `check` reports the entry `refuted` with that file, whatever the k = 4 runs show.
 *
 * Candidate encoding (our reading; an instance file has no slot for a population teacher):
 * `data.X` holds the k teacher rows v_j (here e_j, d = k) and `data.y` zeros; `params.W` holds the
 * n student rows of the Xavier initialization W₀ (N(0,1)/√d entries) and `params.a` ones (the
 * fixed output layer). Model `relu`, scaling `standard`. Settings: `k`, `n` (targets, students;
 * the generator's sizes, default 4 and 4 — a regime where Safran & Shamir's 1000 runs found no
 * spurious point), `step` (0.1), `maxIterations`, `certifyDigits` (interval digits of the proof,
 * default 50).
 *
 * Evaluation (src/population/certifiedSpuriousMinimum.ts): Safran & Shamir's protocol (GD step 0.1,
 * stop at max_i‖∂F/∂w_i‖ ≤ 1e-9, halve the step on divergence) from W₀, plus an early stop once
 * F ≤ 1e-4 (a monotone descent cannot end at F ≥ 1e-3 from there; it spares the slow tail of
 * n > k runs); an end point with F ≥ 1e-3 goes to the computer-assisted proof certifyLocalMinimum
 * (Newton refinement, interval Cholesky λ, third-derivative bound B, 9λ² − 25‖∇F‖B ≥ 0). The margin
 * is a decision set by that stopping rule, never a distance:
 *   +1 when the run stops in the global minimum's basin (F < 1e-3);
 *   0, counted as vacuous, when the end point is bad but not proved a spurious minimum (saddle,
 *     non-smooth, criterion undecided): the claim is neither confirmed nor refuted by it;
 *   −F < 0 (F the lower end of the certified loss enclosure, > 0) when a local minimum with loss
 *     certainly > 0 is proved within r of the refined end point: a proof, not a float accident.
 * The detail says which (`verdict`, `certified`, `spurious`, r, λ, the loss enclosure).
 * `hunt soltanolkotabi2019/relu-no-spurious-minima --k 6 --n 6` stores what it finds (only after
 * the proof) as a relu-teacher-student-minimum file in fixtures/soltanolkotabi2019/, which
 * `shallowcheck certify FILE` re-checks.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import type { Assumption, Candidate, KnownBadCase, Property, Refutation, Settings, StoredCounterexample, StoreOptions } from "../../src/check/property.js";
import { certifyLocalMinimum, identityTeacher } from "../../src/population/localMinimum.js";
import { CERTIFIED_LOCAL_MINIMUM } from "../../src/io/teacherStudentMinimumFile.js";
import { readTeacherStudentMinimumFile } from "../../src/io/teacherStudentMinimumFile.js";
import { DEFAULT_INTERVAL_DIGITS } from "../../src/field/interval.js";
import { minimumFixture, protocolText, runProtocol, STORED_MINIMA_DIR, storeMinimumFixture, type ProtocolOptions } from "../../src/population/certifiedSpuriousMinimum.js";
import { orthonormalTeacher, xavierInit } from "../../src/population/spuriousMinimum.js";
import { seededRandom } from "../../src/random/rng.js";
import { numberSetting } from "../../src/check/settings.js";

export const DEFAULT_TARGETS = 4;
const ID = "soltanolkotabi2019/relu-no-spurious-minima";

const teacherOf = (candidate: Candidate) => candidate.file.data.X.map((row) => row.map(Number));
const studentOf = (candidate: Candidate) => candidate.file.params.W.map((row) => row.map(Number));

export const orthonormalTeacherAssumption: Assumption = {
  name: "orthonormal-teacher",
  description: "the teacher rows (data.X) are e_1..e_k in R^k, exactly (Safran & Shamir's target)",
  holds: (c) => {
    const X = c.file.data.X;
    return X.every((row, j) => row.length === X.length && row.every((x, i) => Number(x) === (i === j ? 1 : 0)));
  },
};

export const enoughStudents: Assumption = {
  name: "enough-students",
  description: "n ≥ k student rows (params.W), so the global minimum F = 0 is attainable and F ≥ 1e-3 means spurious",
  holds: (c) => c.file.params.W.length >= c.file.data.X.length && c.file.params.W.every((row) => row.length === c.file.data.X.length),
};

export const unitOutputWeights: Assumption = {
  name: "unit-output-weights",
  description: "params.a is all ones: the student's output layer is fixed to 1, as the teacher's",
  holds: (c) => c.file.params.a.every((a) => Number(a) === 1),
};

function reluCandidate(k: number, n: number, settings: Settings): fc.Arbitrary<Candidate> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed): Candidate => {
    const W0 = xavierInit(seededRandom(`soltanolkotabi2019/relu-no-spurious-minima/init/${seed}`), n, k);
    const file = {
      model: { activation: "relu", scaling: "standard" },
      data: { X: orthonormalTeacher(k), y: new Array<number>(k).fill(0) },
      params: { W: W0, a: new Array<number>(n).fill(1) },
    } as InstanceFile;
    return { file, settings: { k, n, ...settings } };
  });
}

/** The stored proof the refutation re-checks: the smallest stored minimum (k = n = 6), the cheapest to re-prove. */
const STORED_MINIMUM = "fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json";

/** A file of the package, from the source tree (properties/…) or the build (dist/properties/…). */
function packageFile(path: string): string {
  for (const up of ["../../", "../../../"]) {
    const candidate = fileURLToPath(new URL(up + path, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${ID}: ${path} not found next to the package`);
}

/**
 * The stored spurious minimum as a refutation: its interval proof is re-derived now at the stored
 * point and digits (no Newton refinement, as `shallowcheck certify FILE` does), and must again give
 * a certified local minimum with loss certainly > 0, for the statement's own setting (teacher
 * e_1..e_k, n ≥ k students, output weights 1).
 */
export function storedMinimumRefutation(path = packageFile(STORED_MINIMUM)): Refutation {
  const file = relative(process.cwd(), path).startsWith("..") ? path : relative(process.cwd(), path);
  return {
    file,
    summary: "a spurious local minimum at k = n = 6 (gradient descent from the stored Xavier init W0 ends there), re-proved now by the interval local-minimum certificate",
    verify() {
      const stored = readTeacherStudentMinimumFile(path);
      if (stored.property !== ID || stored.teacher !== undefined || stored.n < stored.k || !stored.certificate) return false;
      const proof = certifyLocalMinimum(stored.student, identityTeacher(stored.student[0].length), { digits: stored.certificate.digits, refine: false });
      return proof.verdict === CERTIFIED_LOCAL_MINIMUM && proof.spurious === true;
    },
  };
}

/** Gradient descent from the stored minimum's Xavier init W0 (k = n = 6) ends at a proved spurious minimum. */
function storedInitCase(): KnownBadCase {
  const stored = readTeacherStudentMinimumFile(packageFile(STORED_MINIMUM));
  const file = {
    model: { activation: "relu", scaling: "standard" },
    data: { X: orthonormalTeacher(stored.k), y: new Array<number>(stored.k).fill(0) },
    params: { W: stored.W0!.map((row) => [...row]), a: new Array<number>(stored.n).fill(1) },
  } as InstanceFile;
  return { why: `k = n = ${stored.k} ≥ 6 (outside the default k = 4): the stored Xavier init of ${STORED_MINIMUM}, whose gradient descent ends at a proved spurious minimum`, candidate: { file, settings: { k: stored.k, n: stored.n } } };
}

function makeProperty(configured: Settings): Property {
  const k = numberSetting(configured, "k", DEFAULT_TARGETS);
  const n = numberSetting(configured, "n", k);
  if (!(Number.isInteger(k) && k >= 1 && Number.isInteger(n) && n >= 1)) throw new RangeError(`relu-no-spurious-minima: k and n must be positive integers, got k = ${k}, n = ${n}`);
  return {
    id: ID,
    title: "ReLU teacher–student (Gaussian population loss): gradient descent from Xavier init ends at no spurious local minimum",
    reference: {
      paper: "safran2018",
      statement: "the landscape claim refuted in the abstract (spurious local minima for 6 ≤ k ≤ 20); cited by Soltanolkotabi, Javanmard, Lee (arXiv 1707.04926 v3) in Section 4 as reference [42]",
      provenance: "setting and search protocol from the authors' public code; the paper's text and Table 1 were not available to us; the interval certificate of each minimum is derived and proved here",
    },
    margin: {
      kind: "decision",
      formula: "set by the stopping rule: +1 when gradient descent stops with F < 1e-3 (early stop at F ≤ 1e-4); 0 (vacuous) for an end point with F ≥ 1e-3 not proved a local minimum; −F_lo < 0 for a proved local minimum whose loss enclosure [F_lo, F_hi] lies above 0",
    },
    mode: "trajectory",
    statement:
      "For F(W) = ½E_{x~N(0,I)}[(Σ_i relu(⟨w_i,x⟩) − Σ_j relu(⟨e_j,x⟩))²], gradient descent from a Xavier initialization does not end at a local minimum with F ≥ 1e-3. False for k = n ≥ 6: a stored, re-proved spurious minimum refutes it.",
    reading:
      "Teacher rows in data.X, Xavier init in params.W (settings k targets, n students; default k = n = 4, where the statement happens to hold — it is refuted at k = n = 6 by the stored proof, which check re-derives). The margin is a decision set by the stopping rule (F < 1e-3 at the stop, or a proof), not a distance: +1 for a run that stops in the global basin; an end point with F ≥ 1e-3 is proved a local minimum by certifyLocalMinimum (Newton refinement, interval Cholesky λ, third-derivative bound B, 9λ² − 25‖∇F‖B ≥ 0, loss enclosure), margin −F_lo < 0 when its loss is certainly > 0; a bad end point without a proof is vacuous (margin 0).",
    assumptions: [orthonormalTeacherAssumption, enoughStudents, unitOutputWeights],
    generate: () => reluCandidate(k, n, {}),
    evaluate(candidate) {
      const V = teacherOf(candidate);
      const result = runProtocol(studentOf(candidate), V, protocolOptions(candidate.settings));
      const { run, certificate: c } = result;
      const base = { iterations: run.iterations, converged: run.converged, stoppedBelowLoss: run.stoppedBelowLoss, monotone: run.monotone, floatLoss: run.loss, maxRowGradient: run.maxRowGradient };
      if (!c) return { margin: 1, detail: { ...base, verdict: "global basin (F < 1e-3 at the stop)" } };
      const detail = {
        ...base,
        verdict: c.verdict,
        certified: c.verdict === CERTIFIED_LOCAL_MINIMUM,
        spurious: c.spurious,
        digits: c.digits,
        lossLo: c.loss?.lo ?? null,
        lossHi: c.loss?.hi ?? null,
        r: c.r?.hi ?? null,
        lambdaLo: c.lambda?.lo ?? null,
        gradientNorm: c.gradientNorm?.hi ?? null,
        newtonSteps: c.refinement.steps,
        ...(c.reason ? { reason: c.reason } : {}),
      };
      if (result.provedSpurious) return { margin: -Number(c.loss!.lo), detail };
      return { margin: 0, vacuous: `bad end point (F ≥ 1e-3) not proved a spurious minimum: ${c.verdict}`, detail };
    },
    knownBad: () => [storedInitCase()],
    refutations: () => [storedMinimumRefutation()],
    storeCounterexample: (candidate, options) => storeFound(candidate, options),
    configure: (settings) => makeProperty({ ...configured, ...settings }),
    defaultRuns: 20,
  };
}

function protocolOptions(settings: Settings): ProtocolOptions {
  return {
    step: numberSetting(settings, "step", 0.1),
    maxIterations: numberSetting(settings, "maxIterations", 200_000),
    digits: numberSetting(settings, "certifyDigits", DEFAULT_INTERVAL_DIGITS),
  };
}

/**
 * `hunt`'s storage: re-run the protocol on the counterexample (deterministic), and write the
 * relu-teacher-student-minimum file only when the proof succeeds.
 */
export function storeFound(candidate: Candidate, options: StoreOptions): StoredCounterexample {
  const V = teacherOf(candidate);
  const W0 = candidate.file.params.W;
  const settings = protocolOptions(candidate.settings);
  options.onProgress?.("gradient descent and the local-minimum proof");
  const result = runProtocol(studentOf(candidate), V, settings);
  const c = result.certificate;
  if (!c || !result.provedSpurious) {
    const why = !c ? `gradient descent ended at F = ${result.run.loss.toExponential(3)} < 1e-3` : c.reason ?? "the minimum's loss is not certainly above 0";
    return { stored: false, summary: `not stored: ${c ? c.verdict : "no bad end point"} (${why})` };
  }
  const fixture = minimumFixture(W0, V, result, { property: ID, seed: options.seed, protocol: protocolText({ ...settings, init: "W0 = a Xavier init as hunt left it (its shrinker may have simplified entries)" }) });
  const { path, created } = storeMinimumFixture(options.dir ?? STORED_MINIMA_DIR, fixture);
  const certificate = fixture.certificate!;
  const summary = `${certificate.verdict} (interval, ${certificate.digits} digits; r ≤ ${Number(certificate.r.hi).toExponential(3)}, λ > ${Number(certificate.lambda.lo).toPrecision(6)}, loss in [${certificate.loss.lo.slice(0, 22)}…, ${certificate.loss.hi.slice(0, 22)}…]) — a proved spurious local minimum`;
  return { stored: true, path, created, summary, certificate };
}

export const reluNoSpuriousMinima: Property = makeProperty({});
