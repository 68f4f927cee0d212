import { describe, expect, it } from "vitest";
import { loadInstanceDir, loadUnitExample } from "./fixtures.testing.ts";
import { checkPanel } from "./instance.ts";
import { leximin } from "./leximin.ts";
import { ALGORITHM_VERSION, auditOf, selectPanel } from "./select.ts";
import { createHighsSolver, SolverError } from "./solver.ts";

describe("selectPanel", () => {
  it("LEXIMIN: reproducible draw from the fair distribution, with probabilities per row", async () => {
    const instance = loadInstanceDir("example_small_20");
    const a = await selectPanel(instance, { method: "leximin", seed: "Bergen 2026" });
    const b = await selectPanel(instance, { method: "leximin", seed: "Bergen 2026" });
    if (!a.ok || !b.ok) throw new Error("unexpectedly infeasible");
    expect(b.selection.panel).toEqual(a.selection.panel);
    expect(checkPanel(a.model, a.selection.panel).ok).toBe(true);
    expect(a.selection.probabilities.reduce((x, y) => x + y, 0)).toBeCloseTo(20, 6);
    expect(a.selection.algorithmVersion).toBe(ALGORITHM_VERSION);
  });

  it("LEGACY: reproducible, and refuses infeasible quotas with the same report as LEXIMIN", async () => {
    const instance = loadInstanceDir("example_small_20");
    const a = await selectPanel(instance, { method: "legacy", seed: "x", legacyRuns: 500 });
    const b = await selectPanel(instance, { method: "legacy", seed: "x", legacyRuns: 500 });
    if (!a.ok || !b.ok) throw new Error("unexpectedly infeasible");
    expect(b.selection).toEqual(a.selection);
    expect(checkPanel(a.model, a.selection.panel).ok).toBe(true);
    const bad = await selectPanel(loadUnitExample("example4_infeasible").instance, { method: "legacy", seed: "x" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^no panel meets all quotas together/);
  });

  it("the audit is anonymous (sorted probabilities, small pool counts suppressed) and says how to re-run the draw", async () => {
    const instance = loadUnitExample("example1").instance;
    const s = await selectPanel(instance, { method: "leximin", seed: "it's 2026" });
    if (!s.ok) throw new Error("unexpectedly infeasible");
    const audit = auditOf(s.model, s.selection, { anonymity: 3, instanceDir: "pools/example" });
    expect(audit.probabilities).toEqual([...s.selection.probabilities].sort((x, y) => x - y));
    expect(audit.quotas.find((q) => q.feature === "adult")).toMatchObject({ pool: null }); // 2 adults < 3
    expect(audit.quotas.find((q) => q.feature === "child")).toMatchObject({ pool: 3 });
    expect(audit.quotas.reduce((n, q) => n + q.selected, 0)).toBe(instance.k * 2);
    expect(audit.distribution?.reduce((w, c) => w + c.weight, 0)).toBeCloseTo(1, 9);
    expect(audit.reproduce).toBe(
      `npx medvirk panel draw --method leximin --instance 'pools/example' --size 2 --seed 'it'\\''s 2026'`,
    );
    expect(JSON.stringify(audit)).not.toContain("lisa");
  });
});

describe("the HiGHS solver wrapper", () => {
  it("turns a broken model into a SolverError and keeps working afterwards", async () => {
    const solver = createHighsSolver();
    await expect(solver.solve("Maximize\n obj: x\nSubject To\n c1: x +\nEnd\n")).rejects.toBeInstanceOf(SolverError);
    const r = await solver.solve("Maximize\n obj: x + y\nSubject To\n c1: x + 2 y <= 4\n c2: 3 x + y <= 6\nEnd\n");
    expect(r.status).toBe("Optimal");
    expect(r.objective).toBeCloseTo(2.8, 9);
  });

  it("the master LP gives the same LEXIMIN with warm starts and with one-shot text solves", async () => {
    const { instance } = loadUnitExample("example6");
    const warm = await leximin(instance, { persistentLp: true });
    const cold = await leximin(instance, { persistentLp: false });
    if (!warm.ok || !cold.ok) throw new Error("unexpectedly infeasible");
    expect(warm.result.stats.persistentLpSolves).toBeGreaterThan(0);
    expect(cold.result.stats.persistentLpSolves).toBe(0);
    warm.result.probabilities.forEach((p, i) => expect(p).toBeCloseTo(cold.result.probabilities[i]!, 7));
  });
});
