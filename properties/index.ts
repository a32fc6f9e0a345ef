/** The catalogue: every entry, in the order `shallowcheck list` prints them. */
import type { Property } from "../src/check/property.js";
import { kernelIdentity } from "./dana2025/kernel-identity.js";
import { lemma1BalanceGd } from "./dana2025/lemma1-balance-gd.js";
import { orthogonalPlSandwich } from "./dana2025/orthogonal-pl-sandwich.js";
import { outputEnergyBound } from "./dana2025/output-energy-bound.js";
import { scalingEquivalence } from "./dana2025/scaling-equivalence.js";
import { theorem1PlBound } from "./dana2025/theorem1-pl-bound.js";
import { groupAsymptoticPl } from "./dana2025/group-asymptotic-pl.js";
import { lemma5GoodInit } from "./dana2025/lemma5-good-init.js";
import { theorem2GroupClosedForm } from "./dana2025/theorem2-group-closed-form.js";
import { theorem2TransitionWindow } from "./dana2025/theorem2-transition-window.js";
import { lemma1BalanceFlow } from "./dana2025/lemma1-balance-flow.js";
import { lemma1SignPreservation } from "./dana2025/lemma1-sign-preservation.js";
import { monotoneLossFlow } from "./dana2025/monotone-loss-flow.js";
import { orthogonalDichotomy } from "./dana2025/orthogonal-dichotomy.js";
import { theorem1PlTrajectory } from "./dana2025/theorem1-pl-trajectory.js";
import { theorem1LossDecay } from "./dana2025/theorem1-loss-decay.js";
import { theorem1ConvergenceProbability } from "./dana2025/theorem1-convergence-probability.js";
import { corollary1LowCorrelation } from "./dana2025/corollary1-low-correlation.js";
import { theorem1GdDecay } from "./dana2025/theorem1-gd-decay.js";
import { eulerIdentity } from "./taheri2025/euler-identity.js";
import { energyIdentity } from "./taheri2025/energy-identity.js";
import { stationaryNormBound } from "./taheri2025/stationary-norm-bound.js";
import { lassoInFeatures } from "./taheri2025/lasso-in-features.js";
import { basicIdentity } from "./taheri2025/basic-identity.js";
import { theorem1Linear } from "./taheri2025/theorem1-linear.js";
import { theorem1PaperForm } from "./taheri2025/theorem1-paper-form.js";
import { lemma1UniformNoise } from "./taheri2025/lemma1-uniform-noise.js";
import { theorem2Transfer } from "./taheri2025/theorem2-transfer.js";
import { theorem3Relu } from "./taheri2025/theorem3-relu.js";
import { d2ImpliesD1 } from "./taheri2025/d2-implies-d1.js";
import { variantBCharacterization } from "./taheri2025/variant-b-characterization.js";
import { reluNoSpuriousMinima } from "./soltanolkotabi2019/relu-no-spurious-minima.js";
import { strictSaddleEscape } from "./soltanolkotabi2019/strict-saddle-escape.js";
import { zeroOptimumRank } from "./soltanolkotabi2019/zero-optimum-rank.js";
import { approxSospLossBound } from "./soltanolkotabi2019/approx-sosp-loss-bound.js";
import { lemma61GlobalCertificate } from "./soltanolkotabi2019/lemma6-1-global-certificate.js";
import { plantedIdentity } from "./soltanolkotabi2019/planted-identity.js";

export const CATALOGUE: readonly Property[] = [
  lemma1BalanceGd,
  lemma1BalanceFlow,
  lemma1SignPreservation,
  kernelIdentity,
  orthogonalPlSandwich,
  outputEnergyBound,
  theorem1PlBound,
  theorem1PlTrajectory,
  theorem1LossDecay,
  theorem1ConvergenceProbability,
  corollary1LowCorrelation,
  theorem1GdDecay,
  monotoneLossFlow,
  orthogonalDichotomy,
  scalingEquivalence,
  lemma5GoodInit,
  theorem2GroupClosedForm,
  theorem2TransitionWindow,
  groupAsymptoticPl,
  eulerIdentity,
  energyIdentity,
  stationaryNormBound,
  lassoInFeatures,
  basicIdentity,
  lemma1UniformNoise,
  variantBCharacterization,
  theorem1Linear,
  theorem1PaperForm,
  theorem2Transfer,
  theorem3Relu,
  d2ImpliesD1,
  strictSaddleEscape,
  zeroOptimumRank,
  lemma61GlobalCertificate,
  plantedIdentity,
  approxSospLossBound,
  reluNoSpuriousMinima,
];

export function findProperty(id: string): Property | undefined {
  return CATALOGUE.find((property) => property.id === id);
}
