import { describe, expect, it } from "vitest";
import { ballotTotals, validateBallot } from "./rules.ts";

const projects = [
  { id: "a", cost: 100n },
  { id: "b", cost: 250n },
  { id: "c", cost: 400n },
  { id: "d", cost: 50n },
];

describe("validateBallot", () => {
  it("approval: counts, cost limit, unknown and repeated projects", () => {
    const rules = { kind: "approval", minProjects: 1, maxProjects: 2, maxCost: 400n } as const;
    expect(validateBallot(rules, projects, { projects: ["d", "a"] })).toEqual({
      ok: true,
      normalized: { projects: ["a", "d"] },
    });
    expect(validateBallot(rules, projects, { projects: [] })).toEqual({
      ok: false,
      errors: [{ code: "too-few-projects", min: 1, count: 0 }],
    });
    expect(validateBallot(rules, projects, { projects: ["a", "b", "d"] })).toEqual({
      ok: false,
      errors: [{ code: "too-many-projects", max: 2, count: 3 }],
    });
    expect(validateBallot(rules, projects, { projects: ["c", "a"] })).toEqual({
      ok: false,
      errors: [{ code: "over-budget", limit: 400n, total: 500n }],
    });
    expect(validateBallot(rules, projects, { projects: ["a", "x", "a"] })).toEqual({
      ok: false,
      errors: [
        { code: "unknown-project", project: "x" },
        { code: "duplicate-project", project: "a" },
        { code: "too-many-projects", max: 2, count: 3 },
      ],
    });
    expect(validateBallot(rules, projects, { projects: ["a"], points: [1] })).toEqual({
      ok: false,
      errors: [{ code: "points-not-allowed" }],
    });
  });

  it("knapsack: total cost within the budget", () => {
    const rules = { kind: "knapsack", budget: 500n } as const;
    expect(validateBallot(rules, projects, { projects: ["c", "a"] }).ok).toBe(true);
    expect(validateBallot(rules, projects, { projects: ["c", "a", "d"] })).toEqual({
      ok: false,
      errors: [{ code: "over-budget", limit: 500n, total: 550n }],
    });
  });

  it("cumulative: whole positive points, per-project cap, total", () => {
    const rules = { kind: "cumulative", points: 10, maxPerProject: 6 } as const;
    expect(validateBallot(rules, projects, { projects: ["a", "b", "c"], points: [2, 6, 0] })).toEqual({
      ok: true,
      normalized: { projects: ["b", "a"], points: [6, 2] },
    });
    expect(validateBallot(rules, projects, { projects: ["a", "b"], points: [7, 4] })).toEqual({
      ok: false,
      errors: [
        { code: "too-many-points-on-project", project: "a", max: 6, points: 7 },
        { code: "too-many-points", max: 10, total: 11 },
      ],
    });
    expect(validateBallot(rules, projects, { projects: ["a"], points: [1.5] })).toEqual({
      ok: false,
      errors: [{ code: "points-invalid", project: "a", points: 1.5 }],
    });
    expect(validateBallot(rules, projects, { projects: ["a"] })).toEqual({
      ok: false,
      errors: [{ code: "points-missing" }],
    });
    expect(validateBallot(rules, projects, { projects: ["a", "b"], points: [1] })).toEqual({
      ok: false,
      errors: [{ code: "points-mismatch", projects: 2, points: 1 }],
    });
    expect(validateBallot({ ...rules, useAll: true }, projects, { projects: ["a"], points: [4] })).toEqual({
      ok: false,
      errors: [{ code: "too-few-points", required: 10, total: 4 }],
    });
  });

  it("ranking: top-K without duplicates, order kept", () => {
    const rules = { kind: "ranking", maxRanked: 3, minRanked: 1 } as const;
    expect(validateBallot(rules, projects, { projects: ["c", "a", "b"] })).toEqual({
      ok: true,
      normalized: { projects: ["c", "a", "b"] },
    });
    expect(validateBallot(rules, projects, { projects: ["c", "a", "b", "d"] })).toEqual({
      ok: false,
      errors: [{ code: "too-many-projects", max: 3, count: 4 }],
    });
    expect(validateBallot(rules, projects, { projects: ["c", "c"] })).toEqual({
      ok: false,
      errors: [{ code: "duplicate-project", project: "c" }],
    });
  });
});

describe("ballotTotals", () => {
  it("keeps a running total while a ballot is filled in", () => {
    expect(ballotTotals({ kind: "knapsack", budget: 500n }, projects, { projects: ["a", "b", "b", "zz"] })).toEqual({
      count: 2,
      cost: 350n,
      points: 0,
      budgetLeft: 150n,
      pointsLeft: null,
    });
    expect(
      ballotTotals({ kind: "cumulative", points: 10 }, projects, { projects: ["a", "b"], points: [3, 4] }),
    ).toEqual({
      count: 2,
      cost: 350n,
      points: 7,
      budgetLeft: null,
      pointsLeft: 3,
    });
  });
});
