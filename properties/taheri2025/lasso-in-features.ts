/**
 * taheri2025/lasso-in-features — partial global optimality (spec taheri2025.md §3.3 (1)): at every
 * stationary point, γ̃ minimizes the convex Lasso γ ↦ L(γ) = ‖y − Zγ‖²_n + r‖γ‖₁ in the frozen
 * features Z = φ(XΘ̃ᵀ). The γ-KKT condition is exactly this Lasso's optimality condition.
 *
 * Checked against competitors, not by re-checking KKT: the exact Lasso solution computed afresh
 * (src/penalized/exactLasso.ts), γ = 0, and moves γ̃ ± h·e_k (h ∈ {1, 1/10, 1/100}) along every
 * coordinate. Margin: min over competitors of (L(γ′) − L(γ̃))/‖y‖²_n, exact; negative exactly
 * when some competitor is strictly better. Bad case: γ moved off the Lasso solution.
 */
import type { Evaluation, Property } from "../../src/check/property.js";
import { features, l1Norm, matVec, squaredNormN } from "../../src/penalized/network.js";
import { exactLasso } from "../../src/penalized/exactLasso.js";
import { gammaStationary, standardModel } from "./assumptions.js";
import { anyStationaryCandidate, perturbGamma } from "./candidates.js";
import { exact, num, Q, type Rational } from "./common.js";
import { exactMargin } from "../../src/check/margin.js";

export const lassoInFeatures: Property = {
  id: "taheri2025/lasso-in-features",
  title: "At a stationary point, γ̃ is a Lasso solution in the fixed features φ(XΘ̃ᵀ)",
  reference: { paper: "taheri2025", statement: "the role of stationarity in the proofs ('line 968', Reviewer 1); not quoted from the paper", spec: "taheri2025.md §3.3 (1)", provenance: "[D]" },
  mode: "exact",
  statement: "If β̃ = (γ̃, Θ̃) is stationary (any penalty variant), then ‖y − Zγ̃‖²_n + r‖γ̃‖₁ ≤ ‖y − Zγ‖²_n + r‖γ‖₁ for every γ, with Z = φ(XΘ̃ᵀ).",
  reading: "Checked against a finite competitor set: the exact Lasso minimizer (solved afresh), 0, and coordinate moves of three sizes; a competitor strictly better falsifies the claim.",
  assumptions: [standardModel, gammaStationary],
  generate: (dropped) => (dropped.has(gammaStationary.name) ? perturbGamma(anyStationaryCandidate()) : anyStationaryCandidate()),
  evaluate(candidate): Evaluation {
    const c = exact(candidate);
    const Z = features(Q, c.data, c.params.theta).features;
    const lassoValue = (gamma: readonly Rational[]) => {
      const f = matVec(Q, Z, gamma);
      return Q.add(squaredNormN(Q, c.data.y.map((y, i) => Q.sub(y, f[i]))), Q.mul(c.r, l1Norm(Q, gamma)));
    };
    const at = lassoValue(c.params.gamma);
    const competitors: { name: string; gamma: Rational[] }[] = [{ name: "zero", gamma: c.params.gamma.map(() => Q.zero) }];
    const fresh = exactLasso(Q, Z, c.data.y, c.r);
    if (fresh) competitors.push({ name: "exact-lasso", gamma: fresh.gamma });
    for (const h of ["1", "0.1", "0.01"]) {
      c.params.gamma.forEach((_, k) => {
        for (const sign of [1, -1]) {
          const gamma = [...c.params.gamma];
          gamma[k] = Q.add(gamma[k], Q.mul(Q.fromNumber(sign), Q.fromDecimalString(h)));
          competitors.push({ name: `e${k}${sign > 0 ? "+" : "-"}${h}`, gamma });
        }
      });
    }
    let best = competitors[0];
    let bestGap: Rational | undefined;
    for (const competitor of competitors) {
      const gap = Q.sub(lassoValue(competitor.gamma), at);
      if (bestGap === undefined || Q.sign(Q.sub(gap, bestGap)) === -1) {
        bestGap = gap;
        best = competitor;
      }
    }
    const scale = squaredNormN(Q, c.data.y);
    const margin = Q.sign(scale) === 1 ? Q.div(bestGap!, scale) : bestGap!;
    return { margin: exactMargin(Q, margin), detail: { lassoValue: num(at), bestCompetitor: best.name, improvement: num(Q.neg(bestGap!)), freshSolved: fresh !== undefined } };
  },
  defaultRuns: 30,
};
