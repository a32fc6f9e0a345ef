import { describe, expect, it } from "vitest";
import { InputError } from "../../src/io/inputError.js";
import { sampleInstance, sampleInstanceWithGenerator, type SampleOptions } from "../../src/random/sampleInstance.js";

const BASE: SampleOptions = {
  n: 4,
  d: 6,
  p: 3,
  data: { law: "shell" },
  init: { law: "asymmetric" },
  model: { activation: { name: "relu" }, scaling: "mean-field" },
  seed: "instance-test",
};

describe("sampleInstance", () => {
  it("same seed and options give the identical instance", () => {
    expect(sampleInstance(BASE)).toEqual(sampleInstance({ ...BASE }));
  });

  it("a different seed gives different data and parameters", () => {
    const first = sampleInstance(BASE);
    const second = sampleInstance({ ...BASE, seed: "instance-test-2" });
    expect(second.X).not.toEqual(first.X);
    expect(second.y).not.toEqual(first.y);
    expect(second.W).not.toEqual(first.W);
    expect(second.a).not.toEqual(first.a);
  });

  it("data and init streams are independent: p and the init law leave X and y unchanged", () => {
    const reference = sampleInstance(BASE);
    for (const variant of [{ p: 17 }, { init: { law: "gaussian" as const } }, { init: { law: "asymmetric" as const, wScale: 0.01 } }]) {
      const other = sampleInstance({ ...BASE, ...variant });
      expect(other.X).toEqual(reference.X);
      expect(other.y).toEqual(reference.y);
    }
    expect(sampleInstance({ ...BASE, p: 17 }).W).not.toEqual(reference.W);
  });

  it("the data law and n leave W and a unchanged", () => {
    const reference = sampleInstance(BASE);
    for (const variant of [{ n: 2 }, { data: { law: "orthogonal-rotated" as const } }, { data: { law: "gaussian" as const, scale: 4 } }]) {
      const other = sampleInstance({ ...BASE, ...variant });
      expect(other.W).toEqual(reference.W);
      expect(other.a).toEqual(reference.a);
    }
  });

  it("has the requested dimensions and model", () => {
    const model = { activation: { name: "leaky-relu" as const, alpha: "0.2" }, scaling: "standard" as const };
    const instance = sampleInstance({ ...BASE, n: 3, d: 5, p: 7, model });
    expect(instance.X).toHaveLength(3);
    expect(instance.X.every((row) => row.length === 5)).toBe(true);
    expect(instance.y).toHaveLength(3);
    expect(instance.W).toHaveLength(7);
    expect(instance.W.every((row) => row.length === 5)).toBe(true);
    expect(instance.a).toHaveLength(7);
    expect(instance.model).toEqual(model);
  });

  it("generator metadata names the laws with their defaults filled in, the seed and the dimensions", () => {
    const { generator } = sampleInstanceWithGenerator({ ...BASE, data: { law: "near-orthogonal", cxMin: 2 }, init: { law: "small" } });
    expect(generator).toMatchObject({
      tool: "shallowcheck sample",
      seed: "instance-test",
      n: 4,
      d: 6,
      p: 3,
      data: { law: "near-orthogonal", cxMin: 2, cxMax: 2, cyMin: 1, cyMax: 2, correlation: 4 / 6 },
      init: { law: "small", scale: 1e-3 },
    });
    expect(generator.data.certifiedCorrelation).toBeLessThanOrEqual(4 / 6);
    expect(typeof generator.version).toBe("string");
  });

  it("rejects bad options with an InputError naming the flag", () => {
    const cases: [Partial<SampleOptions>, RegExp][] = [
      [{ seed: "" }, /^--seed: /],
      [{ p: 0 }, /^--p: /],
      [{ n: -1 }, /^--n: /],
      [{ d: Number.NaN }, /^--d: /],
      [{ data: { law: "orthogonal" }, n: 7, d: 6 }, /^--n: orthogonal data needs n ≤ d \(n = 7, d = 6\)$/],
      [{ init: { law: "balanced", scale: 2 } }, /^--init-scale: /],
    ];
    for (const [change, message] of cases) {
      const attempt = () => sampleInstance({ ...BASE, ...change });
      expect(attempt).toThrow(InputError);
      expect(attempt).toThrow(message);
    }
  });
});
