/**
 * The catalogue's flow entries decided along a validated flow enclosure (Property.alongFlow,
 * src/certify/flowProperties.ts): certified on the ReLU instance with two kink crossings, and each
 * tracker refutes a step on which its conclusion is certainly false.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../properties/index.js";
import { balanceAlongFlow, lossDecayAlongFlow, signKeptAlongFlow } from "../../properties/dana2025/lib/alongFlow.js";
import type { Candidate } from "../../src/check/property.js";
import { certifyFlow } from "../../src/certify/flowEnclosure.js";
import { watchAlongFlow } from "../../src/certify/flowProperties.js";
import { intervalField } from "../../src/field/interval.js";
import { instanceOverField } from "../../src/io/instanceFile.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";
import { initialState } from "../../src/dynamics/flowSystem.js";

const file = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/certify/flow-relu.json"), "utf8")) as InstanceFile;
const candidate: Candidate = { file, settings: {} };
const F = intervalField({ digits: 14 });
const initial = initialState(instanceOverField(F, file));

describe("flow entries along the enclosure", () => {
  it("the five dana2025 flow entries are certified (the balance identity consistent) on [0, 0.25] through two kink crossings", { timeout: 600_000 }, () => {
    const entries = CATALOGUE.filter((p) => p.alongFlow !== undefined);
    expect(entries.map((p) => p.id).sort()).toEqual(
      ["dana2025/lemma1-balance-flow", "dana2025/lemma1-sign-preservation", "dana2025/monotone-loss-flow", "dana2025/theorem1-loss-decay", "dana2025/theorem1-pl-trajectory"].sort(),
    );
    const watch = watchAlongFlow(F, candidate, entries, initial, 14);
    const result = certifyFlow(candidate, { horizon: "0.25", digits: 14, order: 6, onStep: (s) => watch.onStep(s) });
    expect(result.complete).toBe(true);
    expect(result.crossings).toHaveLength(2);
    for (const o of watch.outcomes()) {
      expect(o.verdict, o.id).toBe(o.id === "dana2025/lemma1-balance-flow" ? "consistent" : "certified");
      expect(o.through).toBe("0.25");
    }
  });

  // Steps on which the conclusion is certainly false: the trackers must say so.
  const shifted = (index: number, to: string) => initial.map((x, i) => (i === index ? F.fromDecimalString(to) : x));
  const step = (end: ReturnType<typeof shifted>) => ({ from: "0", to: "0.1", tube: end.map((x, i) => F.hull(x, initial[i])), end, initial });
  it("sign preservation: a_0 ending below 0 (it starts at 1) is refuted", () => {
    expect(signKeptAlongFlow(F, candidate)(step(shifted(0, "-0.5")))).toBe("refuted");
    expect(signKeptAlongFlow(F, candidate)(step(shifted(0, "0.9")))).toBe("certified");
  });
  it("balance: an end box whose δ_0 moved is refuted", () => {
    expect(balanceAlongFlow(F, candidate)(step(shifted(0, "1.1")))).toBe("refuted");
    expect(balanceAlongFlow(F, candidate)(step(initial))).toBe("consistent");
  });
  it("loss decay: a loss that went up is refuted", () => {
    // a_0 = −0.5 raises the loss (0.611 → 0.727): D(0.1) < 0 ≤ G.
    expect(lossDecayAlongFlow(F, candidate)(step(shifted(0, "-0.5")))).toBe("refuted");
  });
});
