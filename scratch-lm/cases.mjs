import { certifyLocalMinimum } from "../dist/src/certify/localMinimum.js";
import { seededRandom, gaussian } from "../dist/src/random/rng.js";
const brief = (c) => ({ v: c.verdict, reason: c.reason, r: c.r?.hi.slice(0, 10), lam: c.lambda, est: c.lambdaEstimate, g: c.gradientNorm?.hi.slice(0, 10), loss: c.loss, lossW0: c.lossAtW0?.lo.slice(0,12), ref: c.refinement, ms: c.milliseconds });
const I3 = [["1","0","0"],["0","1","0"],["0","0","1"]];
console.log("V", brief(certifyLocalMinimum(I3, undefined, { digits: 30 })));
const pert = I3.map((r, i) => r.map((x, c) => String(Number(x) + 1e-3 * Math.sin(3 * i + c + 1))));
console.log("V+pert", brief(certifyLocalMinimum(pert, undefined, { digits: 30 })));
for (let s = 0; s < 8; s++) {
  const rnd = seededRandom("saddle-" + s);
  const W = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => gaussian(rnd) / Math.sqrt(3)));
  const c = certifyLocalMinimum(W, undefined, { digits: 30 });
  console.log(s, brief(c));
}
