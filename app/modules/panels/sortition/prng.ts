// A small, fully specified pseudo-random generator, so that a published seed
// lets anyone re-run a draw in any language.
//
//   seed string --UTF-8--> bytes b
//   for i in 0..3: h_i = FNV-1a-32 over the bytes [i, ...b]  (offset basis
//                  2166136261, prime 16777619), then mixed by splitmix32
//   state (s0, s1, s2, s3) = (h_0, h_1, h_2, h_3)   (all-zero state → s0 = 1)
//   generator: xoshiro128** (Blackman & Vigna), 32-bit outputs
//
// Derived values:
//   float()    = ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53 for two outputs a, b
//   below(n)   = unbiased integer in [0, n): rejection sampling on 32-bit
//                outputs x, accepting x < floor(2^32 / n) * n, returning x mod n

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a32(prefix: number, bytes: Uint8Array): number {
  let h = FNV_OFFSET;
  h ^= prefix & 0xff;
  h = Math.imul(h, FNV_PRIME);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** splitmix32 finaliser (one step from state x). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export interface Rng {
  /** Next 32-bit unsigned output. */
  next(): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number;
  /** Uniform integer in [0, n), without modulo bias. */
  below(n: number): number;
}

export function createRng(seed: string): Rng {
  const bytes = new TextEncoder().encode(seed);
  let s0 = splitmix32(fnv1a32(0, bytes));
  let s1 = splitmix32(fnv1a32(1, bytes));
  let s2 = splitmix32(fnv1a32(2, bytes));
  let s3 = splitmix32(fnv1a32(3, bytes));
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };

  const float = (): number => {
    const a = next() >>> 5;
    const b = next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  const below = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new RangeError(`below(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    }
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const x = next();
      if (x < limit) return x % n;
    }
  };

  return { next, float, below };
}

/** Picks `count` distinct items of `items` uniformly (partial Fisher–Yates on a copy); result keeps draw order. */
export function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  if (count > items.length) throw new RangeError(`cannot sample ${count} of ${items.length}`);
  const a = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.below(a.length - i);
    const tmp = a[i] as T;
    a[i] = a[j] as T;
    a[j] = tmp;
  }
  return a.slice(0, count);
}
