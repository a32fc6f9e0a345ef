/**
 * seedrandom's default generator (ARC4, seedrandom 3.0.5's `seedrandom(seed).double()`), rewritten
 * over a typed array so that one double costs a few nanoseconds instead of a closure call per byte.
 *
 * It must reproduce seedrandom's stream bit for bit: every published sweep and instance file was
 * drawn from it. Three parts are copied exactly:
 * - the key schedule of seedrandom's `mixkey` (a string seed smeared into ≤ 256 key bytes),
 * - ARC4 with the first 256 output bytes dropped (seedrandom's `ARC4` constructor),
 * - the double composition: 6 bytes (48 bits), then more bytes until 52 significant bits, then
 *   shifted right until exactly 53 bits remain, divided by the matching power of 2. All of it is
 *   integer arithmetic below 2^53, so it is exact in doubles and order-independent.
 * test/random/arc4.test.ts compares it with seedrandom itself over many seeds and millions of
 * draws; src/random/rng.ts also checks a few draws at load and falls back to seedrandom on any
 * difference.
 */

const WIDTH = 256;
const MASK = WIDTH - 1;
/** 2^48: the denominator of the first six bytes. */
const START_DENOMINATOR = 2 ** 48;
/** 2^52: the numerator must reach this many significant bits. */
const SIGNIFICANCE = 2 ** 52;
/** 2^53: and must stay below this to be exact. */
const OVERFLOW = 2 ** 53;

/** The key bytes seedrandom's `mixkey(seed, [])` derives from a string seed. */
export function seedrandomKey(seed: string): Uint8Array {
  const key = new Uint8Array(Math.min(seed.length, WIDTH));
  // seedrandom's `smear ^= key[j] * 19` starts from undefined entries, which XOR as 0: a zeroed key is the same.
  let smear = 0;
  for (let j = 0; j < seed.length; j++) {
    smear ^= key[j & MASK] * 19;
    key[j & MASK] = MASK & (smear + seed.charCodeAt(j));
  }
  return key;
}

/** Output bytes generated per refill: one tight loop over locals, then read out one by one. */
const BUFFER_BYTES = 4096;

/** An ARC4 stream keyed and composed exactly as seedrandom's default generator. */
export class Arc4Stream {
  private readonly state = new Uint8Array(WIDTH);
  private i = 0;
  private j = 0;
  private readonly buffer = new Uint8Array(BUFFER_BYTES);
  private position = BUFFER_BYTES;

  constructor(seed: string) {
    const key = seedrandomKey(seed);
    // seedrandom replaces an empty key by [0].
    const keyBytes = key.length === 0 ? new Uint8Array(1) : key;
    const s = this.state;
    for (let k = 0; k < WIDTH; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < WIDTH; k++) {
      const t = s[k];
      j = MASK & (j + keyBytes[k % keyBytes.length] + t);
      s[k] = s[j];
      s[j] = t;
    }
    // RC4-drop[256], as seedrandom's constructor does with `g(width)`.
    for (let k = 0; k < WIDTH; k++) this.byte();
  }

  /** The next output byte. */
  byte(): number {
    if (this.position === BUFFER_BYTES) this.refill();
    return this.buffer[this.position++];
  }

  private refill(): void {
    const s = this.state;
    const out = this.buffer;
    let i = this.i;
    let j = this.j;
    for (let k = 0; k < BUFFER_BYTES; k++) {
      i = (i + 1) & MASK;
      const t = s[i];
      j = (j + t) & MASK;
      const swapped = s[j];
      s[i] = swapped;
      s[j] = t;
      out[k] = s[(swapped + t) & MASK];
    }
    this.i = i;
    this.j = j;
    this.position = 0;
  }

  /** seedrandom's `double()`: a uniform in [0, 1) with 53 significant bits. */
  double(): number {
    let n = this.byte();
    for (let k = 1; k < 6; k++) n = n * WIDTH + this.byte();
    let d = START_DENOMINATOR;
    let x = 0;
    while (n < SIGNIFICANCE) {
      n = (n + x) * WIDTH;
      d *= WIDTH;
      x = this.byte();
    }
    while (n >= OVERFLOW) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  }
}
