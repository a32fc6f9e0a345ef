/**
 * Finds spurious local minima of the ReLU teacher–student population loss (Safran & Shamir 2018,
 * spec soltanolkotabi2019.md §6.1) and stores them as `relu-teacher-student-minimum` fixtures
 * in fixtures/certified-minima/, for `shallowcheck certify-minimum` to prove.
 *
 * Protocol (the spec's reading of findBadMinima.m, with a Newton finish for speed): teacher
 * V = I_k (d = k), student with k rows, Xavier init W = randn/√d from a named seed, gradient
 * descent with step 0.1 until ‖∇F‖_F ≤ 1e-6 (runs whose loss falls below 1e-4 are abandoned as
 * headed to the global minimum), then float64 Newton steps until ‖∇F‖_F ≤ 1e-13. A point counts
 * as a candidate spurious minimum when F ≥ 1e-3 (Safran & Shamir's threshold) and the float64
 * Hessian's smallest eigenvalue is > 0. Nothing here is a proof: the certifier decides.
 *
 * Usage: npm run build && node dist/scripts/findSpuriousMinimum.js [k …] [--runs N] [--write]
 */
import { EigenvalueDecomposition, Matrix, solve } from "ml-matrix";
import { float64Field } from "../src/field/float64.js";
import { populationGradient, populationHessian, populationLoss } from "../src/population/reluTeacherStudent.js";
import { writeFileAtomic } from "../src/io/atomicWrite.js";
import { deriveSeed, gaussian, seededRandom } from "../src/random/rng.js";

const F = float64Field;
const STEP = 0.1;
const GD_TOLERANCE = 1e-6;
const NEWTON_TOLERANCE = 1e-13;
const MAX_GD_STEPS = 200_000;
const SPURIOUS_LOSS = 1e-3;

const identity = (k: number): number[][] => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, c) => (i === c ? 1 : 0)));
const norm = (G: number[][]) => Math.sqrt(G.flat().reduce((s, x) => s + x * x, 0));

interface Found {
  k: number;
  seed: string;
  W: number[][];
  loss: number;
  gradientNorm: number;
  lambdaMin: number;
}

function newton(W: number[][], V: number[][]): number[][] {
  let current = W;
  for (let step = 0; step < 10; step++) {
    const G = populationGradient(F, current, V);
    if (norm(G) <= NEWTON_TOLERANCE) break;
    const H = new Matrix(populationHessian(F, current, V));
    const delta = solve(H, Matrix.columnVector(G.flat()));
    const d = W[0].length;
    current = current.map((row, i) => row.map((x, c) => x - delta.get(i * d + c, 0)));
  }
  return current;
}

function run(k: number, seed: string): Found | undefined {
  const d = k;
  const V = identity(k);
  const random = seededRandom(seed);
  let W = Array.from({ length: k }, () => Array.from({ length: d }, () => gaussian(random) / Math.sqrt(d)));
  for (let step = 0; step < MAX_GD_STEPS; step++) {
    const G = populationGradient(F, W, V);
    if (norm(G) <= GD_TOLERANCE) break;
    if (step % 500 === 0 && populationLoss(F, W, V) < 1e-4) return undefined;
    W = W.map((row, i) => row.map((x, c) => x - STEP * G[i][c]));
  }
  const loss = populationLoss(F, W, V);
  if (loss < SPURIOUS_LOSS) return undefined;
  try {
    W = newton(W, V);
    const H = new Matrix(populationHessian(F, W, V));
    const lambdaMin = Math.min(...new EigenvalueDecomposition(H, { assumeSymmetric: true }).realEigenvalues);
    const gradientNorm = norm(populationGradient(F, W, V));
    const finalLoss = populationLoss(F, W, V);
    if (!(lambdaMin > 0) || !(gradientNorm <= NEWTON_TOLERANCE) || finalLoss < SPURIOUS_LOSS) return undefined;
    return { k, seed, W, loss: finalLoss, gradientNorm, lambdaMin };
  } catch {
    return undefined; // a parallel pair or zero row: not a smooth candidate
  }
}

function main(argv: string[]): void {
  const runsIndex = argv.indexOf("--runs");
  const runs = runsIndex >= 0 ? Number(argv[runsIndex + 1]) : 50;
  const write = argv.includes("--write");
  const ks = argv.filter((a, i) => /^\d+$/.test(a) && argv[i - 1] !== "--runs").map(Number);
  for (const k of ks.length > 0 ? ks : [6, 7, 8]) {
    for (let r = 0; r < runs; r++) {
      const seed = deriveSeed("safran-shamir-xavier", k, r);
      const started = Date.now();
      const found = run(k, seed);
      process.stderr.write(`k=${k} run ${r}: ${found ? `spurious F=${found.loss.toExponential(4)} λmin=${found.lambdaMin.toExponential(3)}` : "no"} (${Date.now() - started} ms)\n`);
      if (!found) continue;
      const fixture = {
        kind: "relu-teacher-student-minimum",
        description: `Spurious local minimum candidate of the ReLU teacher–student population loss, k = n = d = ${k}, teacher V = I (omitted), found by scripts/findSpuriousMinimum.ts from Xavier init seed ${seed}: GD step ${STEP} then float64 Newton; float64 F = ${found.loss}, ‖∇F‖ = ${found.gradientNorm.toExponential(2)}, λ_min(∇²F) = ${found.lambdaMin}.`,
        k,
        n: k,
        student: found.W.map((row) => row.map((x) => String(x))),
      };
      const path = `fixtures/certified-minima/spurious-k${k}.json`;
      if (write) writeFileAtomic(path, JSON.stringify(fixture, null, 2) + "\n");
      process.stdout.write(`${write ? "wrote" : "found"} ${path}: ${JSON.stringify({ seed, loss: found.loss, lambdaMin: found.lambdaMin })}\n`);
      break;
    }
  }
}

main(process.argv.slice(2));
