/**
 * Local-minimum certificate timings for `npm run bench`: Newton refinement (decimal, 60 digits)
 * and the interval certificate (50 digits) of the stored spurious minima k = n = d = 6 and 8
 * (fixtures/soltanolkotabi2019/), one run each — each takes seconds, so one sample is the figure.
 * Newton starts from the stored point, which is already refined: what is timed is mostly the
 * certificate; `certify FILE` itself skips the refinement for a stored certificate.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { certifyLocalMinimum } from "../src/population/localMinimum.js";
import { parseTeacherStudentMinimum } from "../src/io/teacherStudentMinimumFile.js";

export interface CertifyMinimumFigure {
  k: number;
  verdict: string;
  refineMs: number;
  certifyMs: number;
}

export function measureCertifyMinimum(root = join(import.meta.dirname, "../..")): CertifyMinimumFigure[] {
  return [6, 8].map((k) => {
    const path = join(root, `fixtures/soltanolkotabi2019/relu-spurious-minimum-k${k}-n${k}.json`);
    const fixture = parseTeacherStudentMinimum(JSON.parse(readFileSync(path, "utf8")), path);
    process.stderr.write(`measuring the local-minimum certificate k = ${k} …\n`);
    const c = certifyLocalMinimum(fixture.student, fixture.teacher, { digits: 50 });
    return { k, verdict: c.verdict, refineMs: c.milliseconds.refine, certifyMs: c.milliseconds.certify };
  });
}

export function printCertifyMinimum(figures: CertifyMinimumFigure[]): void {
  console.log("certify on a teacher–student minimum (50 interval digits, Newton at 60): spurious minima of fixtures/soltanolkotabi2019");
  for (const f of figures) console.log(`  k = n = d = ${f.k}: ${f.verdict}; Newton ${f.refineMs} ms, certificate ${f.certifyMs} ms`);
}
