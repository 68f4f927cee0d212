// k-means on 2-D points, two deterministic initialisations, and the silhouette.
// Points are flat arrays: x at 2i, y at 2i + 1.
import type { Rng } from "#app/modules/panels/sortition/prng.ts";

export type Clustering = {
  /** Cluster index of each point, 0..k-1. */
  readonly labels: Int32Array;
  /** Flat centres, 2k. */
  readonly centers: Float64Array;
  readonly k: number;
  /** Sum of squared distances to the assigned centre. */
  readonly inertia: number;
};

const dist2 = (p: Float64Array, i: number, c: Float64Array, j: number) => {
  const dx = p[2 * i]! - c[2 * j]!;
  const dy = p[2 * i + 1]! - c[2 * j + 1]!;
  return dx * dx + dy * dy;
};

/** The first k distinct points in order (Polis's initialisation); fewer if there are fewer distinct points. */
export function firstDistinct(points: Float64Array, k: number): Float64Array {
  const seen = new Set<string>();
  const out: number[] = [];
  for (let i = 0; i < points.length / 2 && out.length < 2 * k; i++) {
    const key = `${points[2 * i]},${points[2 * i + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(points[2 * i]!, points[2 * i + 1]!);
  }
  return Float64Array.from(out);
}

/** Number of distinct points. */
export function countDistinct(points: Float64Array): number {
  return firstDistinct(points, Infinity).length / 2;
}

/** k-means++: the first centre drawn uniformly, each next one with probability ∝ squared distance to the nearest centre. */
export function kmeansPlusPlus(points: Float64Array, k: number, rng: Rng): Float64Array {
  const n = points.length / 2;
  const centers: number[] = [];
  const d2 = new Float64Array(n).fill(1);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += d2[i]!;
    if (total <= 0) break; // every point already sits on a centre
    let target = rng.float() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= d2[i]!;
      if (target < 0) {
        pick = i;
        break;
      }
    }
    centers.push(points[2 * pick]!, points[2 * pick + 1]!);
    const cc = Float64Array.of(points[2 * pick]!, points[2 * pick + 1]!);
    for (let i = 0; i < n; i++) d2[i] = c === 0 ? dist2(points, i, cc, 0) : Math.min(d2[i]!, dist2(points, i, cc, 0));
  }
  return Float64Array.from(centers);
}

/**
 * Lloyd's iterations from the given centres until no label changes (or `maxIterations`); ties go
 * to the lower-numbered centre. A cluster that loses all its points is dropped, so `k` may end
 * below the number of centres given.
 */
export function kmeans(points: Float64Array, initial: Float64Array, maxIterations = 100): Clustering {
  const n = points.length / 2;
  let centers = initial.slice();
  let k = centers.length / 2;
  const labels = new Int32Array(n).fill(-1);
  for (let it = 0; it <= maxIterations; it++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const d = dist2(points, i, centers, j);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed = true;
      }
    }
    // New centres; empty clusters are dropped and the others renumbered in order.
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      sx[l] = sx[l]! + points[2 * i]!;
      sy[l] = sy[l]! + points[2 * i + 1]!;
      count[l] = count[l]! + 1;
    }
    const renumber = new Int32Array(k).fill(-1);
    const next: number[] = [];
    for (let j = 0; j < k; j++) {
      if (count[j] === 0) continue;
      renumber[j] = next.length / 2;
      next.push(sx[j]! / count[j]!, sy[j]! / count[j]!);
    }
    if (next.length / 2 !== k) {
      for (let i = 0; i < n; i++) labels[i] = renumber[labels[i]!]!;
      changed = true;
    }
    centers = Float64Array.from(next);
    k = centers.length / 2;
    if (!changed) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(points, i, centers, labels[i]!);
  return { labels, centers, k, inertia };
}

/**
 * Mean silhouette over `sample` (point indices; default all): for a point, a = its mean distance
 * to the other points of its cluster, b = the smallest mean distance to the points of another
 * cluster, s = (b − a) / max(a, b); a point alone in its cluster scores 0 (as in Polis).
 * Distances are to every point, not only to the sample.
 */
export function silhouette(points: Float64Array, labels: Int32Array, k: number, sample?: readonly number[]): number {
  const n = points.length / 2;
  if (k < 2 || n < 2) return 0;
  const who = sample ?? Array.from({ length: n }, (_, i) => i);
  let total = 0;
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  for (const i of who) {
    sum.fill(0);
    count.fill(0);
    const xi = points[2 * i]!;
    const yi = points[2 * i + 1]!;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = xi - points[2 * j]!;
      const dy = yi - points[2 * j + 1]!;
      const l = labels[j]!;
      sum[l] = sum[l]! + Math.sqrt(dx * dx + dy * dy);
      count[l] = count[l]! + 1;
    }
    const own = labels[i]!;
    if (count[own] === 0) continue;
    const a = sum[own]! / count[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    if (!Number.isFinite(b)) continue;
    const d = Math.max(a, b);
    total += d > 0 ? (b - a) / d : 0;
  }
  return who.length ? total / who.length : 0;
}
