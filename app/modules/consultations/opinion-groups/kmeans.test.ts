import { describe, expect, it } from "vitest";
import { createRng } from "#app/modules/panels/sortition/prng.ts";
import { countDistinct, firstDistinct, kmeans, kmeansPlusPlus, silhouette } from "./kmeans.ts";

// Two tight blobs around (0, 0) and (10, 0), interleaved.
const blobs = Float64Array.from([0, 0, 10, 0, 0.1, 0, 10.1, 0, 0, 0.1, 10, 0.1]);

describe("k-means", () => {
  it("takes the first k distinct points as Polis does", () => {
    expect([...firstDistinct(Float64Array.from([1, 1, 1, 1, 2, 2, 3, 3]), 2)]).toEqual([1, 1, 2, 2]);
    expect(countDistinct(Float64Array.from([1, 1, 1, 1, 2, 2]))).toBe(2);
  });

  it("separates two obvious blobs and reports their centres", () => {
    const c = kmeans(blobs, firstDistinct(blobs, 2));
    expect(c.k).toBe(2);
    expect([...c.labels]).toEqual([0, 1, 0, 1, 0, 1]);
    expect(c.centers[0]).toBeCloseTo(0.1 / 3, 12);
    expect(c.centers[2]).toBeCloseTo(30.1 / 3, 12);
  });

  it("drops a centre that attracts no point", () => {
    const c = kmeans(Float64Array.from([0, 0, 1, 0]), Float64Array.from([0, 0, 1, 0, 100, 100]));
    expect(c.k).toBe(2);
    expect([...c.labels]).toEqual([0, 1]);
  });

  it("k-means++ is reproducible for a seed and picks distinct points", () => {
    const a = kmeansPlusPlus(blobs, 2, createRng("s"));
    expect([...a]).toEqual([...kmeansPlusPlus(blobs, 2, createRng("s"))]);
    expect(Math.abs(a[0]! - a[2]!)).toBeGreaterThan(5);
  });
});

describe("silhouette", () => {
  it("is near 1 for tight, far-apart clusters and lower for a bad split", () => {
    const good = kmeans(blobs, firstDistinct(blobs, 2));
    expect(silhouette(blobs, good.labels, 2)).toBeGreaterThan(0.98);
    expect(silhouette(blobs, Int32Array.from([0, 0, 0, 1, 1, 1]), 2)).toBeLessThan(0.2);
  });

  it("scores a point alone in its cluster 0", () => {
    // Points 0 and 1 together, point 2 alone: s0 = 1 − 1/10, s1 = 1 − 1/9, s2 = 0.
    const pts = Float64Array.from([0, 0, 1, 0, 10, 0]);
    const s = silhouette(pts, Int32Array.from([0, 0, 1]), 2);
    expect(s).toBeCloseTo((1 - 1 / 10 + 1 - 1 / 9 + 0) / 3, 12);
  });
});
