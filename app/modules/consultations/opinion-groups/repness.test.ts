import { describe, expect, it } from "vitest";
import { Z_90, consensusStatements, propTest, representativeStatements, twoPropTest } from "./repness.ts";

describe("Polis's tests with pseudo-counts", () => {
  it("propTest adds 1 to both counts", () => {
    // (9 + 1) / (10 + 1) = 10/11; 2·√11·(10/11 − 1/2)
    expect(propTest(9, 10)).toBeCloseTo(2 * Math.sqrt(11) * (10 / 11 - 0.5), 12);
    expect(propTest(0, 0)).toBeCloseTo(2 * (1 - 0.5), 12);
  });

  it("twoPropTest compares in-group and out-group shares", () => {
    // in 9/10 → 10/11, out 2/20 → 3/21, pooled 13/32
    const p = 13 / 32;
    const z = (10 / 11 - 3 / 21) / Math.sqrt(p * (1 - p) * (1 / 11 + 1 / 21));
    expect(twoPropTest(9, 2, 10, 20)).toBeCloseTo(z, 12);
    expect(twoPropTest(10, 20, 10, 20)).toBe(0); // everyone agrees: pooled share 1
  });
});

describe("representative and consensus statements", () => {
  const statements = ["split", "shared", "noise"];
  // Group 0 agrees with "split", group 1 disagrees; both agree with "shared"; "noise" is mixed.
  const tallies = [
    [
      { agree: 20, disagree: 0, seen: 20 },
      { agree: 19, disagree: 1, seen: 20 },
      { agree: 10, disagree: 10, seen: 20 },
    ],
    [
      { agree: 1, disagree: 14, seen: 15 },
      { agree: 14, disagree: 0, seen: 15 },
      { agree: 7, disagree: 8, seen: 15 },
    ],
  ];

  it("picks the statement that splits the groups, on each group's side", () => {
    const [g0, g1] = representativeStatements(statements, tallies);
    expect(g0!.map((r) => [r.statement, r.side])).toEqual([["split", "agree"]]);
    expect(g1!.map((r) => [r.statement, r.side])).toEqual([["split", "disagree"]]);
    expect(g0![0]!.z).toBeGreaterThan(Z_90);
    expect(g0![0]!.probability).toBeCloseTo(21 / 22, 12);
  });

  it("finds the statement every group agrees with", () => {
    const c = consensusStatements(statements, tallies);
    expect(c.agree.map((s) => s.statement)).toEqual(["shared"]);
    expect(c.agree[0]!.probability).toBeCloseTo((20 / 22) * (15 / 17), 12);
    expect(c.disagree).toEqual([]);
  });

  it("falls back to the single most distinctive statement when none passes the tests", () => {
    const weak = [[{ agree: 2, disagree: 1, seen: 3 }], [{ agree: 1, disagree: 2, seen: 3 }]];
    const [g0, g1] = representativeStatements(["s"], weak);
    expect(g0).toHaveLength(1);
    expect(g1).toHaveLength(1);
  });
});
