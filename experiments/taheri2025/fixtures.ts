/**
 * The stored counterexample fixtures of taheri2025 (fixtures/taheri2025/), built deterministically
 * from named seeds so they can be regenerated and compared (test/experiments/taheri2025):
 * - origin-linear-A.json: (γ, Θ) = (0, 0), stationary and reasonable; fails taheri2025/theorem1-linear
 *   (violates `nondegenerate`), a degenerate stationary point derived here;
 * - dead-relu.json: Θ̃_j = −s_j e_1 on data with x_i1 > 0, γ̃ = 0; fails taheri2025/theorem3-relu
 *   (violates `near-identity`), a degenerate stationary point derived here;
 * - variant-c-drift-t<t>.json, t = 10, 10², 10³, 10⁶: variant C's drift path, dist(0, ∂obj) = O(1/t²)
 *   while obj stays below ‖y‖²_n, the only stationary value; fails taheri2025/d2-implies-d1 (violates
 *   `coercive-penalty`) — an exact D2-but-not-D1 counterexample derived here.
 *
 * Run `node dist/experiments/taheri2025/writeFixtures.js` to (re)write them.
 */
import { gaussian, seededRandom } from "../../src/random/rng.js";
import { deadRelu, labels, origin, variantCPath, type RawProblem } from "../../src/penalized/stationaryPoints.js";
import { rationalField as Q } from "../../src/field/rational.js";
import type { Candidate } from "../../src/check/property.js";
import { candidateToFile } from "../../src/check/candidateFile.js";

const hundredths = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

/** A raw problem from a named seed: X ~ N(0, 1) rounded to 0.01, the target as given, u ~ N(0, σ²) rounded. */
export function seededRaw(seed: string, n: number, d: number, truth: { W: string[][]; a: string[] }, activation: "identity" | "relu", sigma: number, r: string): RawProblem {
  const random = seededRandom(seed);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: d }, () => hundredths(gaussian(random)))),
    truth: { ...truth, noise: Array.from({ length: n }, () => hundredths(sigma * gaussian(random))) },
    activation,
    r,
  };
}

export interface Fixture {
  name: string;
  property: string;
  violates: string;
  candidate: Candidate;
}

export function buildFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  const linear = seededRaw("taheri2025/fixtures/origin", 20, 3, { W: [["1", "0", "-0.5"]], a: ["1.5"] }, "identity", 0.1, "0.1");
  fixtures.push({ name: "origin-linear-A", property: "taheri2025/theorem1-linear", violates: "nondegenerate", candidate: origin(linear, 3, "A") });
  const relu = seededRaw("taheri2025/fixtures/dead-relu", 20, 3, { W: [["1", "0.02", "0"], ["0", "1", "-0.03"], ["0.01", "0", "1"]], a: ["1", "-0.5", "0.8"] }, "relu", 0.1, "0.05");
  const dead = deadRelu(relu, ["1", "0.5", "2"], "C", { delta: "0.1" })!;
  fixtures.push({ name: "dead-relu", property: "taheri2025/theorem3-relu", violates: "near-identity", candidate: dead });
  const drift = seededRaw("taheri2025/fixtures/drift", 8, 2, { W: [["1", "-0.5"]], a: ["1"] }, "identity", 0.2, "0.1");
  const y = labels(drift).map((v) => Q.toString(v));
  for (const t of ["10", "100", "1000", "1000000"]) {
    const point = variantCPath(drift.X, y, t, "0.5")!;
    fixtures.push({ name: `variant-c-drift-t${t}`, property: "taheri2025/d2-implies-d1", violates: "coercive-penalty", candidate: point.candidate });
  }
  return fixtures;
}

/** The file content of a fixture (a candidate file with its property and the assumption it violates). */
export function fixtureContent(fixture: Fixture): string {
  return JSON.stringify(candidateToFile(fixture.candidate, { name: fixture.name, property: fixture.property, violates: fixture.violates }), null, 1) + "\n";
}
