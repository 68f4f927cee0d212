import { describe, expect, it } from "vitest";
import { createRng, sample } from "./prng.ts";

describe("seeded generator (the published draw spec)", () => {
  it("matches an independent implementation of the spec (FNV-1a + splitmix32 seeding, xoshiro128**)", () => {
    // Values computed with a separate Python transcription of the comment in prng.ts.
    const rng = createRng("medvirk");
    expect([rng.next(), rng.next(), rng.next(), rng.next(), rng.next()]).toEqual([
      4252959728, 2705828194, 920267992, 3881095179, 3225073686,
    ]);
    const empty = createRng("");
    expect([empty.next(), empty.next(), empty.next()]).toEqual([1413779769, 4014477655, 3774044741]);
    expect(createRng("Lørenskog 2026").float()).toBe(0.758904593084657);
  });

  it("same seed, same stream; another seed, another stream", () => {
    const a = createRng("seed-1");
    const b = createRng("seed-1");
    const c = createRng("seed-2");
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it("below(n) stays in range and hits every value; float() is in [0, 1)", () => {
    const rng = createRng("range");
    const seen = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) {
      const v = rng.below(7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      seen[v]!++;
    }
    for (const c of seen) expect(c).toBeGreaterThan(800); // 1000 expected each
    for (let i = 0; i < 1000; i++) {
      const f = rng.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(() => rng.below(0)).toThrow(RangeError);
    expect(() => rng.below(1.5)).toThrow(RangeError);
  });

  it("sample() picks distinct items and is reproducible", () => {
    const items = [...Array(20).keys()];
    const s = sample(createRng("x"), items, 8);
    expect(new Set(s).size).toBe(8);
    expect(sample(createRng("x"), items, 8)).toEqual(s);
    expect(() => sample(createRng("x"), items, 21)).toThrow(RangeError);
  });
});
