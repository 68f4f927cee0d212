import { describe, expect, it } from "vitest";
import { createRng } from "#app/modules/panels/sortition/prng.ts";
import { type Vote, buildVoteMatrix } from "./matrix.ts";
import { project } from "./pca.ts";

/** Two camps of `size` participants: camp A agrees with s0..s3 and disagrees with s4..s7, camp B the reverse. */
function camps(size: number, skip: (p: number, s: number) => boolean = () => false): Vote[] {
  const votes: Vote[] = [];
  let time = 0;
  for (let p = 0; p < 2 * size; p++) {
    for (let s = 0; s < 8; s++) {
      if (skip(p, s)) continue;
      const a = p < size;
      votes.push({ participant: `p${p}`, statement: `s${s}`, vote: s < 4 === a ? 1 : -1, time: time++ });
    }
  }
  return votes;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("project", () => {
  it("puts two opposite camps at opposite ends of the first component", () => {
    const m = buildVoteMatrix(camps(5));
    const { components, points, center } = project(m, createRng("t"));
    expect(dot(components[0], components[0])).toBeCloseTo(1, 9);
    expect([...center].every((c) => c === 0)).toBe(true);
    const xs = m.participants.map((_, r) => points[2 * r]!);
    const a = xs.slice(0, 5);
    const b = xs.slice(5);
    expect(new Set(a.map((x) => x.toFixed(9))).size).toBe(1);
    expect(a[0]! * b[0]!).toBeLessThan(0);
    expect(Math.abs(a[0]! + b[0]!)).toBeLessThan(1e-9);
  });

  it("gives orthogonal components", () => {
    const votes = camps(6).map((v, i) => (i % 5 === 0 ? { ...v, vote: 0 as const } : v));
    const { components } = project(buildVoteMatrix(votes), createRng("t"));
    expect(Math.abs(dot(components[0], components[1]))).toBeLessThan(1e-9);
  });

  it("scales a sparse voter out by sqrt(statements / voted)", () => {
    // Participant p0 votes on s0..s3 only; with the column means at 0 the unscaled projection is
    // half that of a full camp member; the scaling by sqrt(8 / 4) brings it to 1/√2 of it.
    const m = buildVoteMatrix(camps(5, (p, s) => p === 0 && s >= 4));
    const scaled = project(m, createRng("t"));
    const plain = project(m, createRng("t"), { sparsityScaling: false });
    const r0 = m.participants.indexOf("p0");
    const r1 = m.participants.indexOf("p1");
    expect(scaled.points[2 * r0]! / plain.points[2 * r0]!).toBeCloseTo(Math.SQRT2, 9);
    expect(Math.abs(scaled.points[2 * r0]!)).toBeGreaterThan(Math.abs(plain.points[2 * r0]!));
    expect(Math.abs(plain.points[2 * r0]!)).toBeLessThan(Math.abs(plain.points[2 * r1]!));
  });

  it("finds eigenvectors of the covariance of the imputed, centred matrix, largest eigenvalue first", () => {
    // Uneven, noisy votes with gaps; check Xᵀ X v = λ v for both components, λ1 ≥ λ2.
    const votes = camps(7, (p, s) => (p * 5 + s * 3) % 7 === 0).map((v, i) =>
      i % 4 === 0 ? { ...v, vote: 0 as const } : i % 9 === 0 ? { ...v, vote: (-v.vote || 1) as -1 | 1 } : v,
    );
    const m = buildVoteMatrix(votes);
    const { components, center } = project(m, createRng("e"));
    const cols = m.statements.length;
    const x = (r: number, j: number) => {
      const c = m.cells[r * cols + j]!;
      return Number.isNaN(c) ? 0 : c - center[j]!;
    };
    const lambdas = components.map((v) => {
      const out = new Float64Array(cols);
      for (let r = 0; r < m.participants.length; r++) {
        let p = 0;
        for (let j = 0; j < cols; j++) p += x(r, j) * v[j]!;
        for (let j = 0; j < cols; j++) out[j] = out[j]! + p * x(r, j);
      }
      const lambda = dot(out, v);
      // Power iteration converges at the rate λ3/λ2, close to 1 here: 100 steps give about 4 digits.
      for (let j = 0; j < cols; j++) expect(out[j]).toBeCloseTo(lambda * v[j]!, 3);
      return lambda;
    });
    expect(lambdas[0]).toBeGreaterThanOrEqual(lambdas[1]!);
    expect(lambdas[1]).toBeGreaterThan(0);
  });

  it("is deterministic for a seed and does not depend on the sign of the start vector", () => {
    const m = buildVoteMatrix(camps(4).map((v, i) => (i % 3 === 0 ? { ...v, vote: 0 as const } : v)));
    const a = project(m, createRng("same"));
    const b = project(m, createRng("same"));
    const c = project(m, createRng("other"));
    expect([...a.points]).toEqual([...b.points]);
    for (let i = 0; i < a.points.length; i += 2) expect(c.points[i]).toBeCloseTo(a.points[i]!, 6);
  });
});
