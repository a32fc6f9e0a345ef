/**
 * Instances whose every number is a short decimal string (k/1000 with |k| ≤ 2000), so a decimal
 * field at 60 digits computes forward passes, losses and gradients without rounding when the
 * divisors n and p are of the form 2^a·5^b. Used where a test claims an identity with zero
 * tolerance.
 */
import { fc } from "@fast-check/vitest";
import type { ActivationName } from "../../src/model/activation.js";
import type { Scaling } from "../../src/model/instance.js";
import type { InstanceFile } from "../../src/io/instanceSchema.js";

export const shortDecimal = fc.integer({ min: -2000, max: 2000 }).map((k) => (k / 1000).toFixed(3));

export interface ShortDecimalConstraints {
  activation: ActivationName;
  scaling: Scaling;
  n: fc.Arbitrary<number>;
  d: fc.Arbitrary<number>;
  p: fc.Arbitrary<number>;
}

export function shortDecimalInstance({ activation, scaling, n, d, p }: ShortDecimalConstraints): fc.Arbitrary<InstanceFile> {
  return fc.tuple(n, d, p).chain(([rows, inputs, width]) =>
    fc.record({
      X: fc.array(fc.array(shortDecimal, { minLength: inputs, maxLength: inputs }), { minLength: rows, maxLength: rows }),
      y: fc.array(shortDecimal, { minLength: rows, maxLength: rows }),
      W: fc.array(fc.array(shortDecimal, { minLength: inputs, maxLength: inputs }), { minLength: width, maxLength: width }),
      a: fc.array(shortDecimal, { minLength: width, maxLength: width }),
    }).map(({ X, y, W, a }) => ({
      model: { activation, scaling, ...(activation === "leaky-relu" ? { alpha: "0.125" } : {}) },
      data: { X, y },
      params: { W, a },
    })),
  );
}
