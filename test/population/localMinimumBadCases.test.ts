/**
 * The local-minimum certifier on bad cases: "not certified" with the reason — never a wrong
 * certificate — on a saddle, a point far from stationary, near a zero row, at nearly coincident
 * rows and at the global minimum W = V itself (where the Hessian formula is undefined); and a
 * certificate just off W = V whose ball holds V and whose loss interval holds 0. Small
 * problems (k = n = d = 3) keep this file fast.
 */
import { Decimal } from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { CERTIFIED_LOCAL_MINIMUM, NOT_CERTIFIED } from "../../src/io/teacherStudentMinimumFile.js";
import { certifyLocalMinimum, identityTeacher } from "../../src/population/localMinimum.js";
import { decimalField } from "../../src/field/decimal.js";
import { gaussian, seededRandom } from "../../src/random/rng.js";

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

const V = identityTeacher(3);
/** V moved by about 1e-3 (no symmetry left). */
const nearV = V.map((row, i) => row.map((x, c) => String(Number(x) + 1e-3 * Math.sin(3 * i + c + 1))));

describe("certifyLocalMinimum on bad cases: not certified, with the reason", () => {
  /** The certified point next to V (refined from nearV), the base of the perturbed cases. */
  let base: string[][];
  beforeAll(() => {
    const c = certifyLocalMinimum(nearV, undefined, { digits: 30 });
    expect(c.verdict, c.reason).toBe(CERTIFIED_LOCAL_MINIMUM);
    base = c.W;
  }, 60_000);

  it("far from stationary (the minimum moved by 1e-3, no refinement): the criterion fails", () => {
    const moved = base.map((row, i) => row.map((x, c) => new Decimal(x).plus(i === c ? "1e-3" : "0").toString()));
    const c = certifyLocalMinimum(moved, undefined, { digits: 30, refine: false });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/criterion 9λ² − 25‖∇F‖B ≥ 0 fails/);
    expect(new Decimal(c.lambda!.lo).gt(0)).toBe(true); // the Hessian is still positive definite there
  });

  it("a saddle (Newton converges to a critical point with a negative Hessian eigenvalue)", () => {
    // Seed found by a sweep of 10 seeds for k = 3 (see the report); Newton reaches ‖∇F‖ < 1e-28.
    const random = seededRandom("saddle-3-0");
    const W = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => gaussian(random) / Math.sqrt(3)));
    const c = certifyLocalMinimum(W, undefined, { digits: 30 });
    expect(c.refinement.stopped).toBe("tolerance");
    expect(new Decimal(c.gradientNorm!.hi).lt("1e-25")).toBe(true);
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/certainly has a negative eigenvalue/);
    expect(new Decimal(c.lambda!.hi).lt(0)).toBe(true);
  });

  it("the global minimum W = V itself: the Hessian formula is undefined at parallel pairs", () => {
    const c = certifyLocalMinimum(V, undefined, { digits: 30 });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/parallel/);
    expect(c.loss).toBeNull();
  });

  it("near the global minimum: certified, with a loss interval holding 0 and V inside the ball", () => {
    const c = certifyLocalMinimum(nearV, undefined, { digits: 30 });
    expect(c.verdict, c.reason).toBe(CERTIFIED_LOCAL_MINIMUM);
    expect(new Decimal(c.loss!.lo).lte(0) && new Decimal(c.loss!.hi).gte(0)).toBe(true);
    expect(c.spurious).toBe(false);
    expect(distance(40, c.W, V).lte(c.r!.hi)).toBe(true);
  });

  it("a student row near 0 (no refinement): not certified", () => {
    const W = base.map((row, i) => row.map((x) => (i === 2 ? new Decimal(x).times("1e-6").toString() : x)));
    const c = certifyLocalMinimum(W, undefined, { digits: 30, refine: false });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/certainly has a negative eigenvalue/);
  });

  it("a student row exactly 0: not certified (F is not differentiable there)", () => {
    const W = base.map((row, i) => row.map((x) => (i === 2 ? "0" : x)));
    const c = certifyLocalMinimum(W, undefined, { digits: 30, refine: false });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/zero/);
  });

  it("two nearly coincident student rows (w_1 = w_0 + 1e-9·e_2, no refinement): not certified", () => {
    const W = base.map((row, i) => (i === 1 ? base[0].map((x, c) => new Decimal(x).plus(c === 1 ? "1e-9" : "0").toString()) : row));
    const c = certifyLocalMinimum(W, undefined, { digits: 30, refine: false });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/certainly has a negative eigenvalue/);
  });

  it("nearly coincident and nearly parallel rows (w_1 = w_0 + 1e-9·e_1): not certified, the intervals blow up", () => {
    const W = base.map((row, i) => (i === 1 ? base[0].map((x, c) => new Decimal(x).plus(c === 0 ? "1e-9" : "0").toString()) : row));
    const c = certifyLocalMinimum(W, undefined, { digits: 30, refine: false });
    expect(c.verdict).toBe(NOT_CERTIFIED);
    expect(c.reason).toMatch(/could not be certified positive definite|negative eigenvalue/);
  });
});

