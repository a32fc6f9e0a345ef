import { readFileSync } from "node:fs";
import { decimalField } from "../dist/src/field/decimal.js";
import { intervalField } from "../dist/src/field/interval.js";
import { populationGradient, populationHessian, populationLoss } from "../dist/src/population/reluTeacherStudent.js";
import { smallestEigenvalueEnclosure } from "../dist/src/certify/positiveDefinite.js";
const f = JSON.parse(readFileSync("fixtures/certified-minima/spurious-k6.json", "utf8"));
const V = f.student.map((r, i) => r.map((_, c) => (i === c ? "1" : "0")));
for (const [name, F] of [["dec70", decimalField({ digits: 70 })], ["int50", intervalField({ digits: 50 })]]) {
  const W = f.student.map((r) => r.map((x) => F.fromDecimalString(x)));
  const Vv = V.map((r) => r.map((x) => F.fromDecimalString(x)));
  let t = Date.now(); populationLoss(F, W, Vv); console.log(name, "loss", Date.now() - t);
  t = Date.now(); populationGradient(F, W, Vv); console.log(name, "grad", Date.now() - t);
  t = Date.now(); const H = populationHessian(F, W, Vv); console.log(name, "hess", Date.now() - t);
  if (name === "int50") { t = Date.now(); smallestEigenvalueEnclosure(F, H); console.log("eig+chol", Date.now() - t); }
}
let t = Date.now(); const D = decimalField({ digits: 70 }); let x = D.fromDecimalString("0.3"); for (let i = 0; i < 100; i++) D.acos(D.add(x, D.fromNumber(i * 1e-5))); console.log("100 acos", Date.now() - t);
