/**
 * soltanolkotabi2019/lemma6-1-global-certificate: the generated points are exact S = 0 points with
 * nonzero residuals (so L > 0 and the certificate says something), the entry holds on them, and a
 * moved label with a step along −∇L makes it fail (the known bad case and a hunt).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { missedAssumptions, runProperty } from "../../../src/check/runner.js";
import { hunt } from "../../../src/check/hunt.js";
import { rationalField as F } from "../../../src/field/rational.js";
import { instanceOverField } from "../../../src/io/instanceFile.js";
import { residuals, sMatrix } from "../../../properties/soltanolkotabi2019/lib/quadratic.js";
import { lemma61GlobalCertificate } from "../../../properties/soltanolkotabi2019/lemma6-1-global-certificate.js";

const context = { digits: 50 };

describe("soltanolkotabi2019/lemma6-1-global-certificate", () => {
  it("generated points have S = 0 exactly and residuals ≠ 0", () => {
    const points = fc.sample(lemma61GlobalCertificate.generate(new Set()), { seed: 4, numRuns: 20 });
    for (const c of points) {
      const i = instanceOverField(F, c.file);
      const P = { X: i.X, y: i.y, v: i.a, W: i.W };
      expect(sMatrix(F, P).flat().every((x) => F.sign(x) === 0)).toBe(true);
      expect(residuals(F, P).some((r) => F.sign(r) !== 0)).toBe(true);
    }
  });

  it("holds on random certified points, none skipped, none vacuous", () => {
    const result = runProperty(lemma61GlobalCertificate, { runs: 40, seed: 2, digits: 50 });
    expect(result.status).toBe("passed");
    expect(result.skipped).toBe(0);
    expect(result.vacuous).toBe(0);
  });

  it("fails on its known bad case: S = −2, one step of 1/10 along −∇L lowers L from 1/2 to 0.1568", () => {
    const bad = lemma61GlobalCertificate.knownBad!()[0].candidate;
    expect(missedAssumptions(lemma61GlobalCertificate, bad, context)).toEqual(["s-zero"]);
    const evaluation = lemma61GlobalCertificate.evaluate(bad, context);
    expect(evaluation.detail).toMatchObject({ loss: 0.5, worstStep: "0.1" });
    expect(evaluation.detail!.comparisonLoss as number).toBeCloseTo(0.1568, 12);
    expect(evaluation.margin).toBeCloseTo((0.1568 - 0.5) / 0.5, 12);
  });

  it("a hunt with s-zero dropped (a moved label, U = −∇L) finds a counterexample", () => {
    const result = hunt(lemma61GlobalCertificate, { budget: 40, seed: "lemma61", digits: 50, dropped: new Set(["s-zero"]), shrink: 20 });
    expect(result.found).toBe(true);
    expect(result.violatesDropped).toEqual(["s-zero"]);
  });
});
