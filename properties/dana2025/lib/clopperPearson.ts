/**
 * Exact binomial (Clopper–Pearson) confidence bounds for the Monte Carlo entries: no normal
 * approximation, valid for every M and every success count. No beta-quantile library is in the
 * dependency tree (ml-*, d3-array, decimal.js, fast-check), so the bound is found by bisection on the
 * exact binomial tail, summed in log space. Checked against scipy.stats.beta.ppf in
 * test/properties/dana2025/clopper-pearson.test.ts (fixture made by fixtures/clopperPearson.py there).
 *
 * One-sided upper bound at level c: U(k) = sup{u : P(Bin(M, u) ≤ k) > 1 − c}; for every true
 * probability q, P(U(K) < q) ≤ 1 − c. Lower bound likewise from the upper tail.
 */

/** P(Bin(M, u) ≤ k), summed in log space (no under/overflow for any M used here). */
export function binomialCdf(k: number, M: number, u: number): number {
  if (k >= M || u <= 0) return 1;
  if (u >= 1) return 0;
  const logRatio = Math.log(u) - Math.log1p(-u);
  let logTerm = M * Math.log1p(-u);
  let maxLog = logTerm;
  const logs = [logTerm];
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((M - i) / (i + 1)) + logRatio;
    logs.push(logTerm);
    maxLog = Math.max(maxLog, logTerm);
  }
  let total = 0;
  for (const l of logs) total += Math.exp(l - maxLog);
  return Math.min(1, Math.exp(maxLog) * total);
}

/**
 * One-sided Clopper–Pearson upper bound at level `confidence`: the u with P(Bin(M, u) ≤ k) = 1 − confidence
 * (1 when k = M). Bisection to 2⁻⁶⁰, returning the upper end, so the bound is never too small.
 */
export function clopperPearsonUpper(k: number, M: number, confidence: number): number {
  if (k >= M) return 1;
  const alpha = 1 - confidence;
  let low = k / M;
  let high = 1;
  for (let iteration = 0; iteration < 60; iteration++) {
    const middle = (low + high) / 2;
    if (binomialCdf(k, M, middle) > alpha) low = middle;
    else high = middle;
  }
  return high;
}


/**
 * One-sided Clopper–Pearson lower bound at level `confidence`: the u with P(Bin(M, u) ≥ k) = 1 − confidence
 * (0 when k = 0). Bisection to 2⁻⁶⁰, returning the lower end, so the bound is never too large.
 */
export function clopperPearsonLower(k: number, M: number, confidence: number): number {
  if (k <= 0) return 0;
  const alpha = 1 - confidence;
  let low = 0;
  let high = k / M;
  for (let iteration = 0; iteration < 60; iteration++) {
    const middle = (low + high) / 2;
    // P(Bin(M, u) ≥ k) = 1 − P(Bin(M, u) ≤ k − 1), increasing in u.
    if (1 - binomialCdf(k - 1, M, middle) < alpha) low = middle;
    else high = middle;
  }
  return low;
}
