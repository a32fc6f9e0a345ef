/**
 * Re-derives every stored spurious minimum fixtures/soltanolkotabi2019/relu-spurious-minimum-*.json
 * from its stored initialization W0, by the same code path `hunt soltanolkotabi2019/relu-no-spurious-minima`
 * stores with (src/population/certifiedSpuriousMinimum.ts): gradient descent from W0, then the
 * computer-assisted proof certifyLocalMinimum at 50 interval digits. A file is (re)written only
 * when the proof succeeds, so no number in it is edited by hand.
 *
 * Reads either format: the relu-teacher-student-minimum file (W0, seed, property from it) or the
 * earlier one (`generator.seed`, `W0`, a 40-digit numerical `certificate`); for the latter it also
 * prints how far the proved loss lies from the stored 40-digit value (a check that the same
 * minimum was found again).
 *
 * Usage: npm run build && node dist/scripts/recertifySpuriousMinima.js [--write] [FILE …]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { isTeacherStudentMinimumJson, parseTeacherStudentMinimum, writeTeacherStudentMinimumFile } from "../src/io/teacherStudentMinimumFile.js";
import { minimumFixture, protocolText, runProtocol, STORED_MINIMA_DIR } from "../src/population/certifiedSpuriousMinimum.js";
import { orthonormalTeacher } from "../src/population/spuriousMinimum.js";

const PROPERTY = "soltanolkotabi2019/relu-no-spurious-minima";

interface Source {
  k: number;
  n: number;
  W0: number[][];
  seed?: string;
  /** The 40-digit loss of the earlier numerical certificate, when the file is in the earlier format. */
  previousLoss?: string;
}

function readSource(path: string): Source {
  const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  if (isTeacherStudentMinimumJson(json)) {
    const file = parseTeacherStudentMinimum(json, path);
    if (!file.W0 || file.teacher) throw new Error(`${path}: needs W0 and the identity teacher to be re-derived`);
    return { k: file.k, n: file.n, W0: file.W0.map((row) => row.map(Number)), seed: file.seed };
  }
  const old = json as { k: number; n: number; W0: number[][]; generator?: { seed?: string }; certificate?: { loss?: string } };
  return { k: old.k, n: old.n, W0: old.W0, seed: old.generator?.seed, previousLoss: old.certificate?.loss };
}

function main(argv: string[]): void {
  const write = argv.includes("--write");
  const named = argv.filter((a) => !a.startsWith("--"));
  const paths =
    named.length > 0
      ? named
      : readdirSync(STORED_MINIMA_DIR)
          .filter((name) => /^relu-spurious-minimum-.*\.json$/.test(name))
          .sort()
          .map((name) => join(STORED_MINIMA_DIR, name));
  let failures = 0;
  for (const path of paths) {
    const source = readSource(path);
    // W0 numbers are doubles; rows as stored (a double is its exact binary value to the certifier).
    const V = orthonormalTeacher(source.k);
    const started = Date.now();
    const result = runProtocol(source.W0, V);
    const c = result.certificate;
    const ms = Date.now() - started;
    if (!c || !result.provedSpurious) {
      failures++;
      process.stdout.write(`${path}: NOT proved (${c ? `${c.verdict}: ${c.reason ?? "loss not certainly > 0"}` : `GD ended at F = ${result.run.loss}`}); left unchanged\n`);
      continue;
    }
    const fixture = minimumFixture(source.W0, V, result, {
      description: `Safran–Shamir spurious local minimum of the ReLU teacher–student population loss, k = ${source.k} targets, n = ${source.n} students, d = ${source.k}, teacher I (omitted). Gradient descent from W0 (Xavier init${source.seed ? `, seed ${source.seed}` : ""}), proved by certifyLocalMinimum; re-derived by scripts/recertifySpuriousMinima.ts.`,
      property: PROPERTY,
      seed: source.seed,
      protocol: protocolText(),
    });
    const loss = fixture.certificate!.loss;
    const previous = source.previousLoss ? `; |F − earlier 40-digit F| ≤ ${Decimal.max(new Decimal(source.previousLoss).minus(loss.lo).abs(), new Decimal(source.previousLoss).minus(loss.hi).abs()).toSignificantDigits(2).toString()}` : "";
    process.stdout.write(`${path}: ${c.verdict}, r ≤ ${new Decimal(c.r!.hi).toSignificantDigits(3).toString()}, λ > ${new Decimal(c.lambda!.lo).toSignificantDigits(6).toString()}, loss ∈ [${loss.lo.slice(0, 24)}…, ${loss.hi.slice(0, 24)}…]${previous} (${ms} ms)${write ? ", written" : ""}\n`);
    if (write) writeTeacherStudentMinimumFile(path, fixture);
  }
  if (failures > 0) process.exitCode = 1;
}

main(process.argv.slice(2));
