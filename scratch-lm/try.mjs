import { readFileSync } from "node:fs";
import { certifyLocalMinimum } from "../dist/src/certify/localMinimum.js";
const f = JSON.parse(readFileSync(process.argv[2], "utf8"));
const digits = Number(process.argv[3] ?? 50);
const t = Date.now();
const c = certifyLocalMinimum(f.student, f.teacher, { digits });
const { W, ...rest } = c;
console.log(JSON.stringify(rest, null, 1), Date.now() - t, "ms");
