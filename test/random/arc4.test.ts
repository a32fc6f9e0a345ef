import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { Arc4Stream, seedrandomKey } from "../../src/random/arc4.js";
import { deriveSeed, gaussian, seededRandom, tapeRandom, type Random } from "../../src/random/rng.js";

/** Seeds of every shape the project uses, plus the key schedule's edge cases. */
function seeds(): string[] {
  const out = ["", "a", "0", "seed", "é", "日本語の種", "\u0000", "x".repeat(255), "y".repeat(256), "z".repeat(257), "ab".repeat(700)];
  for (let k = 0; k < 300; k++) out.push(deriveSeed(`dana2025/exp1.0/n=${1300 + 50 * (k % 17)}/rep=${k}`, k % 2 === 0 ? "data" : "init"));
  for (let k = 0; k < 100; k++) out.push(String.fromCharCode(...Array.from({ length: 1 + ((k * 37) % 300) }, (_, i) => (i * 7919 + k * 104729) % 0xffff)));
  return out;
}

describe("Arc4Stream reproduces seedrandom's default generator exactly", () => {
  it("draws the same doubles as seedrandom(seed).double() on 411 seeds × 2000 draws", () => {
    for (const seed of seeds()) {
      const fast = new Arc4Stream(seed);
      const reference = seedrandom(seed);
      for (let k = 0; k < 2000; k++) {
        const [got, want] = [fast.double(), reference.double()];
        if (got !== want) expect({ seed, k, got }).toEqual({ seed, k, got: want });
      }
    }
  });

  it("stays identical over 10^6 consecutive draws on each of 3 seeds (past many buffer refills)", () => {
    for (const seed of ["long-run", deriveSeed("dana2025/exp1.0/n=2100/rep=79", "data"), ""]) {
      const fast = new Arc4Stream(seed);
      const reference = seedrandom(seed);
      let mismatches = 0;
      for (let k = 0; k < 1_000_000; k++) if (fast.double() !== reference.double()) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it("derives a key of min(length, 256) bytes, and an empty seed keys as seedrandom's [0]", () => {
    expect(seedrandomKey("").length).toBe(0);
    expect(seedrandomKey("x".repeat(300)).length).toBe(256);
    expect(new Arc4Stream("").double()).toBe(seedrandom("").double());
  });

  it("is distinguishable: a one-character change of the seed changes the stream", () => {
    expect(new Arc4Stream("seed-a").double()).not.toBe(new Arc4Stream("seed-b").double());
  });
});

describe("seededRandom and gaussian draw the numbers they drew before", () => {
  /** Box–Muller exactly as rng.ts wrote it with its WeakMap, over seedrandom itself. */
  function referenceGaussians(seed: string, count: number): number[] {
    const prng = seedrandom(seed);
    const out: number[] = [];
    while (out.length < count) {
      const radius = Math.sqrt(-2 * Math.log1p(-prng.double()));
      const angle = 2 * Math.PI * prng.double();
      out.push(radius * Math.cos(angle), radius * Math.sin(angle));
    }
    return out.slice(0, count);
  }

  it("uniforms equal seedrandom's on 100 derived seeds", () => {
    for (let k = 0; k < 100; k++) {
      const seed = deriveSeed("s", k);
      const random = seededRandom(seed);
      const reference = seedrandom(seed);
      let mismatches = 0;
      for (let i = 0; i < 500; i++) if (random.uniform() !== reference.double()) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it("Gaussians, with the spare kept on the stream, equal Box–Muller over seedrandom (10^5 draws)", () => {
    const random = seededRandom("gaussian-stream");
    const want = referenceGaussians("gaussian-stream", 100_000);
    let mismatches = 0;
    for (const value of want) if (gaussian(random) !== value) mismatches++;
    expect(mismatches).toBe(0);
  });

  it("a Random made outside rng.ts keeps its spare separately (the WeakMap path) and gets the same numbers", () => {
    const prng = seedrandom("foreign");
    const foreign: Random = { uniform: () => prng.double() };
    const other = seededRandom("interleaved");
    const want = referenceGaussians("foreign", 1001);
    const got: number[] = [];
    for (let k = 0; k < 1001; k++) {
      got.push(gaussian(foreign));
      gaussian(other); // interleaving another stream must not steal this one's spare
    }
    expect(got).toEqual(want);
  });

  it("a tape stream's spare is its own: two tapes interleaved give what each gives alone", () => {
    const tape = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const solo = tapeRandom(tape, "fallback");
    const alone = Array.from({ length: 6 }, () => gaussian(solo));
    const first = tapeRandom(tape, "fallback");
    const second = tapeRandom([0.9, 0.8], "other");
    const interleaved: number[] = [];
    for (let k = 0; k < 6; k++) {
      interleaved.push(gaussian(first));
      gaussian(second);
    }
    expect(interleaved).toEqual(alone);
  });
});
