/**
 * The local-minimum certifier (src/population/localMinimum.ts) on the stored spurious minimum
 * (fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json), the criterion's checks one by
 * one, and the fixture format. Independent checks of a certificate: a further Newton refinement at 100 digits
 * must stay within r of W₀ with its 100-digit loss inside the certified loss interval, and every
 * width must shrink when the digits grow. Bad cases: localMinimumBadCases.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { CERTIFIED_LOCAL_MINIMUM, type LocalMinimumCertificate } from "../../src/io/teacherStudentMinimumFile.js";
import { certifyLocalMinimum, decideCriterion, identityTeacher } from "../../src/population/localMinimum.js";
import { newtonRefine } from "../../src/population/newtonRefine.js";
import { decimalField } from "../../src/field/decimal.js";
import { intervalField } from "../../src/field/interval.js";
import { parseTeacherStudentMinimum } from "../../src/io/teacherStudentMinimumFile.js";
import { populationLoss } from "../../src/population/reluTeacherStudent.js";
import { gradientDescent, orthonormalTeacher } from "../../src/population/spuriousMinimum.js";

const SLOW = { timeout: 60_000 };
const STORED_DIR = "fixtures/soltanolkotabi2019";
const fixture = parseTeacherStudentMinimum(JSON.parse(readFileSync(`${STORED_DIR}/relu-spurious-minimum-k6-n6.json`, "utf8")), "relu-spurious-minimum-k6-n6.json");
const width = (x: { lo: string; hi: string }) => new Decimal(x.hi).minus(x.lo);

/** ‖A − B‖_F of two string matrices in a decimal field. */
function distance(digits: number, A: readonly (readonly string[])[], B: readonly (readonly string[])[]): Decimal {
  const D = decimalField({ digits });
  let total = D.zero;
  A.forEach((row, i) =>
    row.forEach((x, c) => {
      const diff = D.sub(D.fromDecimalString(x), D.fromDecimalString(B[i][c]));
      total = D.add(total, D.mul(diff, diff));
    }),
  );
  return D.sqrt(total);
}

describe("certifyLocalMinimum on the stored spurious minimum (k = n = d = 6)", () => {
  let at30: LocalMinimumCertificate;
  let at50: LocalMinimumCertificate;
  beforeAll(() => {
    at30 = certifyLocalMinimum(fixture.student, undefined, { digits: 30 });
    at50 = certifyLocalMinimum(fixture.student, undefined, { digits: 50 });
  }, 60_000);

  it("is a certified local minimum with loss certainly above Safran & Shamir's 1e-3 (spurious)", () => {
    for (const c of [at30, at50]) {
      expect(c.verdict, c.reason).toBe(CERTIFIED_LOCAL_MINIMUM);
      expect(new Decimal(c.lambda!.lo).gt(0)).toBe(true);
      expect(new Decimal(c.lambda!.lo).lte(c.lambda!.hi)).toBe(true);
      expect(new Decimal(c.criterion!.lo).gte(0)).toBe(true);
      expect(new Decimal(c.r!.hi).lt(c.ballRadius!)).toBe(true);
      expect(new Decimal(c.loss!.lo).gt("1e-3")).toBe(true);
      expect(c.spurious).toBe(true);
    }
  });

  it("every width shrinks when the digits grow (30 → 50)", () => {
    expect(width(at50.loss!).lt(width(at30.loss!))).toBe(true);
    expect(width(at50.lossAtW0!).lt(width(at30.lossAtW0!))).toBe(true);
    expect(new Decimal(at50.gradientNorm!.hi).lt(at30.gradientNorm!.hi)).toBe(true);
    expect(new Decimal(at50.r!.hi).lt(at30.r!.hi)).toBe(true);
    expect(width(at50.thirdDerivativeBound!).lt(width(at30.thirdDerivativeBound!))).toBe(true);
    // The loss enclosure is as narrow as the precision allows: ~10^(−digits) relative, give or take.
    expect(width(at50.loss!).lt("1e-40")).toBe(true);
  });

  it("a further 100-digit Newton refinement stays within r, and its loss lies in the certified interval", SLOW, () => {
    const further = newtonRefine(at50.W, identityTeacher(6), { digits: 100, tolerance: "1e-90", maxSteps: 8 });
    expect(further.stopped).toBe("tolerance");
    expect(distance(100, further.W, at50.W).lte(at50.r!.hi)).toBe(true);
    const D = decimalField({ digits: 100 });
    const toD = (M: readonly (readonly string[])[]) => M.map((row) => row.map((x) => D.fromDecimalString(x)));
    const loss = populationLoss(D, toD(further.W), toD(identityTeacher(6)));
    expect(loss.gte(at50.loss!.lo) && loss.lte(at50.loss!.hi)).toBe(true);
  });

  it("certifies the unrefined float64 GD end point from the stored W0 too, with a much larger r", () => {
    const run = gradientDescent(fixture.W0!.map((row) => row.map(Number)), orthonormalTeacher(6));
    expect(run.converged).toBe(true);
    const c = certifyLocalMinimum(run.W, undefined, { digits: 30, refine: false });
    expect(c.verdict, c.reason).toBe(CERTIFIED_LOCAL_MINIMUM);
    expect(new Decimal(c.r!.hi).gt(at30.r!.hi)).toBe(true);
    expect(c.W.map((row) => row.map(Number))).toEqual(run.W);
  });
});

describe("decideCriterion: each check can fail on its own", () => {
  const I = intervalField({ digits: 40 });
  const at = (x: string) => I.interval(x, x);
  // λ = 1e-2, g = 1e-10, B = 100: 9λ² − 25gB = 9e-4 − 2.5e-7 > 0 and r ≈ 25g/(12λ) ≈ 2.08e-8.
  const good = {
    lambda: new Decimal("1e-2"),
    gradientNorm: new Decimal("1e-10"),
    B: new Decimal("100"),
    R: new Decimal("1e-3"),
    minStudentNorm: at("0.5"),
    minStudentDistance: at("0.5"),
  };

  it("certifies a clean case, and r agrees with Safran & Shamir's (3λ − √(9λ² − 25gB))/(2B) at 100 digits", () => {
    const decision = decideCriterion(I, good);
    expect(decision.certified).toBe(true);
    const D = decimalField({ digits: 100 });
    const [l, g, B] = [good.lambda, good.gradientNorm, good.B].map((x) => D.fromDecimalString(x.toString()));
    const spec = D.div(D.sub(D.mul(D.fromNumber(3), l), D.sqrt(D.sub(D.mul(D.fromNumber(9), D.mul(l, l)), D.mul(D.fromNumber(25), D.mul(g, B))))), D.mul(D.fromNumber(2), B));
    expect(I.contains(decision.r!, spec)).toBe(true);
  });

  it.each([
    ["λ not positive", { lambda: new Decimal(0) }, /not a positive lower bound/],
    ["criterion fails", { gradientNorm: new Decimal("1e-3") }, /fails/],
    ["r beyond R", { R: new Decimal("1e-9") }, /radius where B holds/],
    ["ball reaches a zero row", { minStudentNorm: at("1e-8") }, /zero row/],
    ["rows too close", { minStudentDistance: at("3e-8") }, /too close/],
  ])("%s", (_name, change, reason) => {
    const decision = decideCriterion(I, { ...good, ...change });
    expect(decision.certified).toBe(false);
    expect(decision.reason).toMatch(reason);
  });
});

describe("relu-teacher-student-minimum files", () => {
  it.each([
    [{ ...fixture, kind: "other" }, /kind/],
    [{ ...fixture, n: 5 }, /student has 6 rows, expected n = 5/],
    [{ ...fixture, k: 4 }, /k is 4, but without a teacher/],
    [{ ...fixture, teacher: [["1", "0", "0", "0", "0", "0"]] }, /teacher has 1 rows, expected k = 6/],
    [{ ...fixture, W0: fixture.W0!.slice(1) }, /W0 has 5 rows, expected n = 6/],
    [{ ...fixture, student: [["1", "x"]], k: 2, n: 1, W0: undefined }, /student\[0\]\[1\] must be a decimal/],
    [{ ...fixture, certificate: { ...fixture.certificate, verdict: "not certified" } }, /certificate\.verdict/],
    [{ ...fixture, certificate: { ...fixture.certificate, r: undefined } }, /certificate\.r is missing/],
    [{ ...fixture, extra: 1 }, /unknown field "extra"/],
  ])("bad file %# is one line naming the field", (json, message) => {
    expect(() => parseTeacherStudentMinimum(json, "f.json")).toThrow(message);
  });

  it("every stored minimum parses and carries a certified, spurious certificate and its provenance", () => {
    const names = readdirSync(STORED_DIR).filter((name) => name.startsWith("relu-spurious-minimum-"));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const file = parseTeacherStudentMinimum(JSON.parse(readFileSync(`${STORED_DIR}/${name}`, "utf8")), name);
      expect(file.student.length).toBe(file.n);
      expect(file.W0?.length).toBe(file.n);
      expect(file.property).toBe("soltanolkotabi2019/relu-no-spurious-minima");
      expect(file.certificate).toMatchObject({ verdict: CERTIFIED_LOCAL_MINIMUM, spurious: true });
      expect(new Decimal(file.certificate!.loss.lo).gt("1e-3")).toBe(true);
    }
  });
});
