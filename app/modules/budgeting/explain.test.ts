import { describe, expect, it } from "vitest";
import { cheapestWin, explainLosers } from "./explain.ts";
import { equalShares, greedy } from "./tally.ts";
import { approvalElection } from "./test-helpers.ts";

describe("the cheapest way a losing project could have won", () => {
  // Budget 100. Greedy order by votes: a (4 votes, 60), b (3 votes, 50), c (2 votes, 30).
  const e = approvalElection({ a: 60, b: 50, c: 30 }, 100, [["a", "b"], ["a", "b"], ["a", "c"], ["a", "b"], ["c"]]);

  it("greedy: b loses at 50; it wins at any cost up to the 40 left at its turn", () => {
    const r = greedy(e);
    expect(r.selected).toEqual(["a", "c"]);
    const b = cheapestWin(e, { rule: "greedy", options: {} }, "b");
    expect(b).toEqual({ kind: "cheaper", maxCost: 40n, cost: 50n });
    // and it really is the boundary: at 40 it wins, at 41 it does not
    const at = (c: bigint) =>
      greedy({ ...e, projects: e.projects.map((p) => (p.id === "b" ? { ...p, cost: c } : p)) }).selected.includes("b");
    expect(at(40n)).toBe(true);
    expect(at(41n)).toBe(false);
    expect(r.projects.find((p) => p.id === "b")).toMatchObject({
      reason: "did-not-fit",
      budgetLeftAtTurn: 40n,
      shortfall: 10n,
    });
  });

  it("MES: the answer is a cost at which MES selects it, and one unit more is not", () => {
    const spec = { rule: "mes" as const, options: { completion: "add1" as const } };
    const r = equalShares(e, spec.options);
    const losers = explainLosers(e, spec, r);
    expect(Object.keys(losers).sort()).toEqual(
      r.projects
        .filter((p) => !p.selected)
        .map((p) => p.id)
        .sort(),
    );
    for (const [id, w] of Object.entries(losers)) {
      if (w.kind !== "cheaper") continue;
      const at = (c: bigint) =>
        equalShares(
          { ...e, projects: e.projects.map((p) => (p.id === id ? { ...p, cost: c } : p)) },
          spec.options,
        ).selected.includes(id);
      expect(at(w.maxCost)).toBe(true);
      expect(at(w.maxCost + 1n)).toBe(false);
      expect(w.maxCost).toBeLessThan(w.cost);
    }
  });

  it("a project nobody chose cannot win at any cost", () => {
    // (greedy funds whatever fits, supported or not; MES pays only with its supporters' money)
    const f = approvalElection({ a: 60, z: 10 }, 100, [["a"], ["a"]]);
    expect(cheapestWin(f, { rule: "mes", options: {} }, "z")).toEqual({ kind: "none", cost: 10n });
  });
});
