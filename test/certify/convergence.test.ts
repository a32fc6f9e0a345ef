/**
 * Certified convergence to zero loss (src/certify/trap.ts, convergence.ts, convergenceCertificate.ts):
 * the proof's claims are checked against GD computed independently in decimal at high precision
 * (every later iterate inside the ball, the loss under the proved geometric bound); an instance
 * whose GD stalls is not proved, with the reason; a stored certificate is reproduced exactly and a
 * tampered one is not.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Decimal as BaseDecimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { certifyConvergence, certifiedIterate } from "../../src/certify/convergence.js";
import { convergenceCertificate, recheckConvergence } from "../../src/certify/convergenceCertificate.js";
import { gdTrap } from "../../src/certify/trap.js";
import type { Candidate } from "../../src/check/property.js";
import { decimalField } from "../../src/field/decimal.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { gradientFlowSystem, initialState } from "../../src/dynamics/flowSystem.js";

const read = (path: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures", path), "utf8")) as InstanceFile;
const example: Candidate = { file: read("examples/certify-gd.json"), settings: {} };
const stalls: Candidate = { file: read("dana2025/theorem1-stalls-n4.json"), settings: {} };
const DIGITS = 30;
/** Checks in decimal.js at 100 digits, beyond the 90-digit reference (its default 20 would round the claims). */
const Decimal = BaseDecimal.clone({ precision: 100 });
const LONG = 600_000;

describe("certify --converges (GD)", () => {
  const result = certifyConvergence(example, { lr: "1", digits: DIGITS, maxSteps: 40 });

  it("proves convergence on the docs/certify.md instance, and exact GD (decimal, 90 digits) obeys every claim", () => {
    expect(result.proved).toBe(true);
    const numbers = result.trap!.numbers!;
    const K = result.entryStep;
    const D = decimalField({ digits: 90 });
    const instance = instanceOverField(D, example.file);
    const system = gradientFlowSystem(D, instance);
    const center = result.trap!.center.map((m) => new Decimal(m));
    const radius = new Decimal(result.trap!.radius);
    const q = new Decimal(numbers.contraction!);
    const lossBar = new Decimal(numbers.lossAtEntry);
    let theta = initialState(instance);
    const escapes: string[] = [];
    for (let k = 0; k <= K + 60; k++) {
      if (k >= K) {
        const distance = theta.map((x, i) => new Decimal(D.toString(x)).minus(center[i]).pow(2)).reduce((s, x) => s.plus(x)).sqrt();
        if (distance.gt(radius)) escapes.push(`step ${k}: outside the ball`);
        const loss = new Decimal(D.toString(system.loss(theta)));
        // The decimal loss carries rounding ~1e-90, far below the bound's scale except near 0.
        if (loss.gt(lossBar.times(q.pow(k - K)).plus("1e-85"))) escapes.push(`step ${k}: L above q^(k−K)·L̄`);
      }
      const v = system.rhs(theta);
      theta = theta.map((x, i) => D.add(x, v[i]));
    }
    expect(escapes).toEqual([]);
  }, LONG);

  it("refuses a ball smaller than the next GD step (the next iterate certainly leaves it)", () => {
    const { F, instance, system, eta, box } = certifiedIterate(example, { lr: "1", digits: DIGITS, steps: result.entryStep });
    const center = result.trap!.center.map((m) => F.fromDecimalString(m));
    const velocity = system.rhs(center);
    const stepLength = Math.hypot(...velocity.map((v) => F.toNumber(v)));
    // The step from any point of the tiny entry box is about as long as the centre's (‖∇²L‖·width ≪ it).
    const quarter = new Decimal(stepLength / 4).toSignificantDigits(3);
    const trap = gdTrap(F, instance, box, eta, system.flowFactor, center, F.interval(quarter.toString(), quarter.toString()));
    expect(trap.closed).toBe(false);
    expect(trap.reason).toMatch(/the path may leave the ball/);
  }, LONG);

  it("a stored certificate is reproduced exactly; a tampered radius or weight is not", () => {
    const stored = convergenceCertificate(example.file, result);
    expect(recheckConvergence(stored).agreement).toBe("reproduced exactly");
    const smallerBall = { ...stored, radius: new Decimal(stored.radius).times(0.9).toString() };
    expect(recheckConvergence(smallerBall).agreement).toBe("not reproduced");
    const params = { ...stored.instance.params, a: stored.instance.params.a.map((a, j) => (j === 0 ? "1.001" : a)) };
    expect(recheckConvergence({ ...stored, instance: { ...stored.instance, params } }).agreement).toBe("not reproduced");
  }, LONG);
});

describe("where the argument cannot close", () => {
  it("GD that stalls at L ≈ 0.56 (a sample no neuron reaches): not proved, and the reason names it", () => {
    const result = certifyConvergence(stalls, { lr: "1", digits: 20, maxSteps: 3 });
    expect(result.proved).toBe(false);
    expect(result.trap?.reason).toMatch(/every neuron is inactive on sample \d|λ_min\(JJᵀ\) not certified positive/);
  }, LONG);
});
