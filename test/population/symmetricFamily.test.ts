/**
 * The symmetric 5-parameter family: Newton from a 2-digit start converges (40 digits) to the
 * point gradient descent found at k = n = 6 — the same loss to 30 digits and a full-space gradient
 * below 1e-30 (half the working digits is Newton's own floor here, ~1e-39 observed).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { refineSymmetricFamily } from "../../src/population/symmetricFamily.js";

const fixture = JSON.parse(readFileSync("fixtures/soltanolkotabi2019/relu-spurious-minimum-k6-n6.json", "utf8")) as { certificate: { loss: { lo: string; hi: string } } };

describe("symmetric family of spurious minima", () => {
  it("k = 6: refines from (0.99, −0.05, 0.3, 0.2, −0.6) to the GD-found minimum", () => {
    const refined = refineSymmetricFamily(6, { a: "0.99", b: "-0.05", c: "0.3", p: "0.2", q: "-0.6" });
    expect(refined.fullGradientNorm).toBeLessThan(1e-30);
    expect(Math.abs(Number(refined.loss) - Number(fixture.certificate.loss.lo))).toBeLessThan(1e-15);
    expect(refined.loss.slice(0, 32)).toBe(fixture.certificate.loss.lo.slice(0, 32));
  });
});
