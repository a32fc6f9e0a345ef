/**
 * soltanolkotabi2019/approx-sosp-loss-bound's `slackOver` against its float64 `evaluate`: the
 * certified enclosure of L(W)/bound at the gradient-descent end point must contain the float
 * ratio up to the float's rounding, bounded here to first order by the standard error bounds of
 * sums and dot products (|fl(Σ) − Σ| ≤ γ_K·Σ|terms|, γ_K = Ku/(1 − Ku)):
 * - residuals r_i = xᵢᵀMxᵢ − yᵢ with M = Σ_p v_p w_p w_pᵀ: |Δr_i| ≤ γ_{k+2d+4}·m_i,
 *   m_i = Σ_p |v_p|(|w_p|·|xᵢ|)² + |yᵢ| (this is where the cancellation near a minimum shows);
 * - L = Σ r_i²/(2n): |ΔL| ≤ Σ(2|r_i||Δr_i| + Δr_i²)/(2n) + γ_{n+2}·L;
 * - ∇L = (2/n)D_v W S, S = Σ r_i xᵢxᵢᵀ: |ΔS_ab| ≤ Σ_i (|Δr_i| + γ_{n+2}|r_i|)|x_ia x_ib|,
 *   |Δ∇L_pb| ≤ (2/n)|v_p|Σ_a|W_pa|(|ΔS_ab| + γ_{d+2}(|S|)_ab); ε_g = ‖∇L‖_F within ‖Δ∇L‖_F + γ_{kd+2}ε_g;
 * - ε_H is the same double on both sides; ‖M*‖_* is a float eigenvalue sum against the exact
 *   trace, each eigenvalue of the symmetric solver within 10·d·u·‖M*‖ (backward stability with
 *   the constant taken as 10) — its term is ≤ the bound, so it adds ≤ 10d²u relative;
 * the bound is at most quadratic in ε_g, so its relative error is ≤ 2·(Δε_g/ε_g) + 10d²u + 10u.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { expect, it } from "vitest";
import { certifyRatio, ratioOf } from "../../src/api/tighten.js";
import { approxSospLossBound, descend } from "../../properties/soltanolkotabi2019/approx-sosp-loss-bound.js";
import { numberSetting } from "../../src/check/settings.js";
import type { Candidate } from "../../src/check/property.js";

const u = 2 ** -53;
const gamma = (K: number) => (K * u) / (1 - K * u);

/** First-order bound on the relative error of evaluate's float ratio (file comment). */
function floatRatioError(candidate: Candidate): number {
  const X = candidate.file.data.X.map((row) => row.map(Number));
  const y = candidate.file.data.y.map(Number);
  const v = candidate.file.params.a.map(Number);
  const P = { X, y, v, W: candidate.file.params.W.map((row) => row.map(Number)) };
  const { W } = descend(P, { tolerance: numberSetting(candidate.settings, "gradientTolerance", 1e-7), maxSteps: numberSetting(candidate.settings, "maxSteps", 20_000), step: numberSetting(candidate.settings, "step", 0.05) });
  const [n, d, k] = [X.length, X[0].length, W.length];
  const absDot = (a: number[], b: number[]) => a.reduce((t, x, i) => t + Math.abs(x * b[i]), 0);
  const r = X.map((x, i) => W.reduce((t, w, p) => t + v[p] * w.reduce((s, wc, c) => s + wc * x[c], 0) ** 2, 0) - y[i]);
  const dr = X.map((x, i) => gamma(k + 2 * d + 4) * (W.reduce((t, w, p) => t + Math.abs(v[p]) * absDot(w, x) ** 2, 0) + Math.abs(y[i])));
  const L = r.reduce((t, ri) => t + ri * ri, 0) / (2 * n);
  const dL = r.reduce((t, ri, i) => t + 2 * Math.abs(ri) * dr[i] + dr[i] ** 2, 0) / (2 * n) + gamma(n + 2) * L;
  const cell = (f: (i: number) => number, a: number, b: number) => X.reduce((t, x, i) => t + f(i) * Math.abs(x[a] * x[b]), 0);
  let gradSq = 0;
  let dGradSq = 0;
  for (let p = 0; p < k; p++) {
    for (let b = 0; b < d; b++) {
      let g = 0;
      let dg = 0;
      for (let a = 0; a < d; a++) {
        const S = X.reduce((t, x, i) => t + r[i] * x[a] * x[b], 0);
        g += W[p][a] * S;
        dg += Math.abs(W[p][a]) * (cell((i) => dr[i] + gamma(n + 2) * Math.abs(r[i]), a, b) + gamma(d + 2) * cell((i) => Math.abs(r[i]), a, b));
      }
      gradSq += ((2 / n) * v[p] * g) ** 2;
      dGradSq += ((2 / n) * Math.abs(v[p]) * dg) ** 2;
    }
  }
  const epsilonG = Math.sqrt(gradSq);
  const relativeG = Math.sqrt(dGradSq) / epsilonG + gamma(k * d + 2);
  return dL / L + 2 * relativeG + 10 * d * d * u + 10 * u;
}

it("approx-sosp-loss-bound: slackOver encloses evaluate's float ratio up to its derived rounding", () => {
  const [candidate] = fc.sample(approxSospLossBound.generate(new Set()), { numRuns: 1, seed: 20261206 });
  const ratio = ratioOf(approxSospLossBound.evaluate(candidate, { digits: 50 }))!;
  expect(ratio).toBeGreaterThan(0);
  const certificate = certifyRatio(approxSospLossBound, candidate, 50);
  expect(certificate.verdict, certificate.hint).toBe("certified");
  const tolerance = floatRatioError(candidate);
  // The derived tolerance must be small enough for the comparison to mean something.
  expect(tolerance).toBeLessThan(1e-3);
  const { lo, hi } = certificate.ratio!;
  expect(new Decimal(lo).times(1 - tolerance).lte(ratio) && new Decimal(hi).times(1 + tolerance).gte(ratio)).toBe(true);
}, 300_000);
