import { certifyLocalMinimum } from "../dist/src/certify/localMinimum.js";
import { seededRandom, gaussian } from "../dist/src/random/rng.js";
for (const k of [2, 3]) for (let s = 0; s < 10; s++) {
  const rnd = seededRandom(`saddle-${k}-${s}`);
  const W = Array.from({ length: k }, () => Array.from({ length: k }, () => gaussian(rnd) / Math.sqrt(k)));
  const c = certifyLocalMinimum(W, undefined, { digits: 30 });
  console.log(k, s, c.verdict, c.refinement.stopped, c.refinement.steps, c.lambdaEstimate, c.gradientNorm?.hi.slice(0, 8)+"e"+c.gradientNorm?.hi.split("e")[1], c.lossAtW0?.lo.slice(0, 10), (c.reason ?? "").slice(0, 80));
}
