/**
 * Safran & Shamir's protocol with a proof at the end (Safran & Shamir, arXiv:1712.08968): gradient
 * descent from an initialization W₀ on the ReLU teacher–student population loss, and, when it
 * ends at F ≥ 1e-3, the computer-assisted local-minimum certificate of src/population/localMinimum.ts
 * (Newton refinement, then interval λ, ‖∇F‖, B and the criterion 9λ² − 25‖∇F‖B ≥ 0). A certified
 * minimum whose loss enclosure lies above 0 is a proved spurious local minimum; only such a point
 * becomes a `relu-teacher-student-minimum` fixture (src/io/teacherStudentMinimumFile.ts), so a
 * stored minimum is a proof that `shallowcheck certify` re-checks.
 *
 * Used by the catalogue entry soltanolkotabi2019/relu-no-spurious-minima (its evaluation and its
 * `hunt` storage) and by scripts/recertifySpuriousMinima.ts (the stored fixtures).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_INTERVAL_DIGITS } from "../field/interval.js";
import {
  CERTIFIED_LOCAL_MINIMUM,
  readTeacherStudentMinimumFile,
  storedMinimumCertificate,
  TEACHER_STUDENT_MINIMUM_KIND,
  writeTeacherStudentMinimumFile,
  type LocalMinimumCertificate,
  type TeacherStudentMinimumFile,
} from "../io/teacherStudentMinimumFile.js";
import { certifyLocalMinimum } from "./localMinimum.js";
import type { NumberLike } from "../io/instanceSchema.js";
import { VERSION } from "../version.js";
import { BAD_LOSS_THRESHOLD, gradientDescent, type DescentResult } from "./spuriousMinimum.js";

/** Where stored spurious minima live (one directory, one format). */
export const STORED_MINIMA_DIR = join("fixtures", "soltanolkotabi2019");

export interface ProtocolOptions {
  /** GD step (default 0.1, the protocol's). */
  step?: number;
  maxIterations?: number;
  /** Interval digits of the certificate (default DEFAULT_INTERVAL_DIGITS, also `certify`'s default). */
  digits?: number;
}

export interface ProtocolTextOptions extends ProtocolOptions {
  /** Where W0 came from (default "Xavier init W0"). */
  init?: string;
}

/** The protocol in one sentence, stored as provenance. */
export function protocolText(options: ProtocolTextOptions = {}): string {
  const digits = options.digits ?? DEFAULT_INTERVAL_DIGITS;
  return `Safran & Shamir, arXiv:1712.08968: ${options.init ?? "Xavier init W0"}, GD step ${options.step ?? 0.1} to max row gradient 1e-9 (stopped once F ≤ 1e-4), then certifyLocalMinimum at ${digits} digits (Newton at ${digits + 10})`;
}

export interface ProtocolResult {
  run: DescentResult;
  /** Absent when the run ended below the bad threshold (nothing to certify). */
  certificate?: LocalMinimumCertificate;
  /** A certified local minimum with loss certainly above the global minimum 0. */
  provedSpurious: boolean;
}

/**
 * GD from W₀ (n student rows) with teacher V (k rows), then the certificate at a bad end point.
 * The early stop at F ≤ 1e-4: a monotone descent cannot end at F ≥ 1e-3 from there.
 */
export function runProtocol(W0: readonly (readonly number[])[], V: readonly (readonly number[])[], options: ProtocolOptions = {}): ProtocolResult {
  const run = gradientDescent(W0, V, { step: options.step ?? 0.1, maxIterations: options.maxIterations ?? 200_000, stopBelowLoss: BAD_LOSS_THRESHOLD / 10 });
  if (run.loss < BAD_LOSS_THRESHOLD) return { run, provedSpurious: false };
  const certificate = certifyLocalMinimum(run.W, V, { digits: options.digits ?? DEFAULT_INTERVAL_DIGITS });
  return { run, certificate, provedSpurious: certificate.verdict === CERTIFIED_LOCAL_MINIMUM && certificate.spurious === true };
}

const isIdentity = (V: readonly (readonly number[])[]) => V.every((row, j) => row.length === V.length && row.every((x, c) => x === (c === j ? 1 : 0)));

export interface FixtureProvenance {
  description?: string;
  property?: string;
  seed?: string;
  protocol?: string;
}

/** The fixture of a proved spurious minimum (throws when the result is not one). */
export function minimumFixture(W0: readonly (readonly NumberLike[])[], V: readonly (readonly number[])[], result: ProtocolResult, provenance: FixtureProvenance): TeacherStudentMinimumFile {
  const c = result.certificate;
  if (!c || !result.provedSpurious) throw new Error(`not a proved spurious minimum: ${c?.reason ?? "gradient descent ended below the bad threshold"}`);
  const k = V.length;
  const n = W0.length;
  return {
    kind: TEACHER_STUDENT_MINIMUM_KIND,
    description:
      provenance.description ??
      `Spurious local minimum of the ReLU teacher–student population loss, k = ${k} targets, n = ${n} students, d = ${c.d}${isIdentity(V) ? ", teacher I (omitted)" : ""}: found by gradient descent from W0, proved by certifyLocalMinimum.`,
    k,
    n,
    ...(isIdentity(V) ? {} : { teacher: V.map((row) => [...row]) }),
    student: c.W,
    ...(provenance.property ? { property: provenance.property } : {}),
    ...(provenance.seed ? { seed: provenance.seed } : {}),
    protocol: provenance.protocol ?? protocolText({ digits: c.digits }),
    W0: W0.map((row) => [...row]),
    tool: `shallowcheck ${VERSION}`,
    certificate: storedMinimumCertificate(c),
  };
}

/** A name from the sizes and 12 hex digits of SHA-256 over W₀: the same initialization, the same file. */
function minimumFileName(k: number, n: number, W0: readonly (readonly NumberLike[])[]): string {
  const hash = createHash("sha256").update(JSON.stringify(W0)).digest("hex").slice(0, 12);
  return `relu-spurious-minimum-k${k}-n${n}-${hash}.json`;
}

/**
 * Write the fixture into `dir` under {@link minimumFileName}; an existing file with the same W₀ is
 * left alone (created: false).
 */
export function storeMinimumFixture(dir: string, fixture: TeacherStudentMinimumFile): { path: string; created: boolean } {
  const path = join(dir, minimumFileName(fixture.k, fixture.n, fixture.W0 ?? fixture.student));
  if (existsSync(path)) {
    const existing = readTeacherStudentMinimumFile(path);
    if (JSON.stringify(existing.W0) !== JSON.stringify(fixture.W0)) throw new Error(`${path} exists and holds a different initialization; not overwriting it`);
    return { path, created: false };
  }
  writeTeacherStudentMinimumFile(path, fixture);
  return { path, created: true };
}
