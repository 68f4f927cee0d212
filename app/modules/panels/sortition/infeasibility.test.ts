import { describe, expect, it } from "vitest";
import { loadUnitExample } from "./fixtures.testing.ts";
import { describeReport, diagnose, quotaConflicts, relaxQuotas } from "./infeasibility.ts";
import { checkPanel, compile, type Instance, SortitionInputError, validateInstance } from "./instance.ts";
import { leximin } from "./leximin.ts";
import { defaultSolver } from "./solver.ts";

const people = (rows: [string, string][]) => rows.map(([g, a]) => ({ g, a }));

describe("infeasible quotas: which quotas conflict, and the smallest relaxation", () => {
  it("example4: each quota alone can be met, together they cannot; one unit of relaxation fixes it", async () => {
    const { instance } = loadUnitExample("example4_infeasible");
    const model = compile(instance);
    expect(quotaConflicts(model)).toEqual([]);
    const r = await leximin(instance);
    if (r.ok) throw new Error("expected infeasible");
    const report = r.infeasible;
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]!.kind).toBe("no-feasible-panel");
    expect(report.relaxation?.total).toBe(1);
    const change = report.relaxation!.changes[0]!;
    expect(report.relaxation!.changes).toHaveLength(1);
    // Lowering one of the three "v1 exactly once" minima or raising one maximum is enough.
    expect(change.feature).toBe("v1");
    expect(report.conflicts[0]!.quotas).toEqual([{ category: change.category, feature: "v1" }]);
    expect(describeReport(report)).toMatch(
      /^no panel meets all quotas together \(each quota alone can be met\); conflicting quotas: f\d\/v1\. smallest relaxation \(total 1\): f\d\/v1 (min 1→0|max 1→2)$/,
    );
    // The relaxed quotas really admit a panel: apply the change and solve again.
    const relaxed: Instance = {
      ...instance,
      quotas: instance.quotas.map((q) =>
        q.category === change.category && q.feature === change.feature
          ? { ...q, min: change.newMin, max: change.newMax }
          : q,
      ),
    };
    expect((await leximin(relaxed)).ok).toBe(true);
  });

  it("counting conflicts: a minimum above the people available, category sums against k", async () => {
    const instance: Instance = {
      k: 3,
      quotas: [
        { category: "g", feature: "f", min: 3, max: 3 },
        { category: "g", feature: "m", min: 0, max: 3 },
        { category: "a", feature: "young", min: 0, max: 1 },
        { category: "a", feature: "old", min: 0, max: 1 },
      ],
      people: people([
        ["f", "young"],
        ["f", "old"],
        ["m", "old"],
        ["m", "young"],
      ]),
    };
    const model = compile(instance);
    const conflicts = quotaConflicts(model);
    expect(conflicts.map((c) => c.message)).toEqual([
      "g/f: min 3 but only 2 in the pool",
      "category a: maximums sum to 2, less than the panel size 3",
    ]);
    expect(conflicts[1]!.quotas).toEqual([
      { category: "a", feature: "young" },
      { category: "a", feature: "old" },
    ]);
    const report = await diagnose(model, defaultSolver());
    // Smallest relaxation: f min 3→2 (1) and one of the age maxima 1→2 (1).
    expect(report.relaxation?.total).toBe(2);
    expect(report.relaxation?.changes).toContainEqual({
      category: "g",
      feature: "f",
      min: 3,
      max: 3,
      newMin: 2,
      newMax: 3,
    });
  });

  it("relaxQuotas finds total 0 for feasible quotas, with a witness panel's counts", async () => {
    const { instance } = loadUnitExample("example1");
    const model = compile(instance);
    const r = await relaxQuotas(model, defaultSolver());
    expect(r?.total).toBe(0);
    expect(r?.changes).toEqual([]);
    expect(r?.witness.reduce((a, b) => a + b, 0)).toBe(model.k * model.categories.length);
  });
});

describe("structural input errors", () => {
  it("lists every problem with a clear message", () => {
    const bad: Instance = {
      k: 5,
      quotas: [
        { category: "g", feature: "f", min: 2, max: 1 },
        { category: "g", feature: "f", min: 0, max: 1 },
        { category: "a", feature: "old", min: 0, max: 1.5 },
      ],
      people: [{ g: "f" }, { g: "x", a: "old" }],
    };
    expect(validateInstance(bad).map((i) => i.message)).toEqual([
      "quota g/f: min 2 is larger than max 1",
      "quota g/f is given twice",
      "quota a/old: min and max must be non-negative integers",
      "person 0 has no value for category a",
      "person 1 has g=x, which has no quota",
      "panel size k=5 is larger than the pool (2 people)",
    ]);
    expect(() => compile(bad)).toThrow(SortitionInputError);
    expect(validateInstance({ k: 0, quotas: [], people: [] }).map((i) => i.code)).toEqual(["bad-k", "no-quotas"]);
  });

  it("checkPanel names wrong size, duplicates, strangers and broken quotas", () => {
    const model = compile(loadUnitExample("example1").instance);
    // lisa (child, simpsons) + marge (adult, simpsons) has no ducktales character.
    expect(checkPanel(model, [0, 1]).problems).toEqual(["franchise/ducktales: 0 selected, quota 1..2"]);
    expect(checkPanel(model, [0, 4]).ok).toBe(true); // lisa + scrooge
    expect(checkPanel(model, [0]).problems).toEqual(["panel has 1 members, expected 2"]);
    expect(checkPanel(model, [2, 2]).problems).toEqual(["person 2 appears twice"]);
    expect(checkPanel(model, [0, 9]).problems).toEqual(["9 is not a pool member"]);
  });
});
