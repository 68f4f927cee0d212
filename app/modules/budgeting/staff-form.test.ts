import { describe, expect, it } from "vitest";
import {
  areasFromText,
  categoriesFromText,
  osloEndOfDay,
  revenueFromText,
  rulesFromForm,
  sectorsFromText,
} from "./staff-form.ts";

const form = (o: Record<string, string>) => (k: string) => o[k] ?? "";

describe("staff forms", () => {
  it("reads the four ballot kinds and the tally rule", () => {
    expect(rulesFromForm(form({ kind: "approval", limit: "5", rule: "mes", completion: "add1" }))).toEqual({
      ballot: { kind: "approval", maxProjects: 5 },
      tally: { rule: "mes", completion: "add1" },
    });
    expect(rulesFromForm(form({ kind: "knapsack", rule: "greedy" }))).toEqual({
      ballot: { kind: "knapsack" },
      tally: { rule: "greedy" },
    });
    expect(rulesFromForm(form({ kind: "cumulative", limit: "10", rule: "greedy" }))).toEqual({
      ballot: { kind: "cumulative", points: 10 },
      tally: { rule: "greedy" },
    });
    expect(rulesFromForm(form({ kind: "ranking", limit: "3", minimum: "1", rule: "mes", completion: "none" }))).toEqual(
      { ballot: { kind: "ranking", maxRanked: 3, minRanked: 1 }, tally: { rule: "mes", completion: "none" } },
    );
    expect(rulesFromForm(form({ kind: "cumulative", rule: "greedy" }))).toBeNull();
    expect(rulesFromForm(form({ kind: "approval", rule: "mes", completion: "x" }))).toBeNull();
    expect(rulesFromForm(form({ kind: "lottery", rule: "greedy" }))).toBeNull();
  });

  it("reads areas and categories", () => {
    expect(areasFromText("sentrum; Sentrum; 50 000\nkiby;Kiby;30000\n")).toEqual([
      { key: "sentrum", name: "Sentrum", budget: 50_000n },
      { key: "kiby", name: "Kiby", budget: 30_000n },
    ]);
    expect(areasFromText("Sentrum; Sentrum; 50000")).toBeNull();
    expect(areasFromText("sentrum; Sentrum; mye")).toBeNull();
    expect(areasFromText("")).toEqual([]);
    expect(categoriesFromText("park, idrett,park\nkultur")).toEqual(["park", "idrett", "kultur"]);
  });

  it("a closing date is the end of that day in Norway, summer and winter", () => {
    expect(osloEndOfDay("2026-12-01")).toBe("2026-12-01T22:59:00.000Z");
    expect(osloEndOfDay("2027-06-15")).toBe("2027-06-15T21:59:00.000Z");
    expect(osloEndOfDay("2027-02-30")).toBeNull();
    expect(osloEndOfDay("1. desember")).toBeNull();
  });

  it("reads budget sectors and revenue options", () => {
    expect(
      sectorsFromText(
        "school; Skole; 100 000 000; 90 000 000; 120 000 000; Større klasser.; Flere lærere.\ncare; Omsorg; 150000000; 140000000; 170000000",
      ),
    ).toEqual([
      {
        key: "school",
        name: { nb: "Skole" },
        amount: "100000000",
        min: "90000000",
        max: "120000000",
        less: { nb: "Større klasser." },
        more: { nb: "Flere lærere." },
      },
      { key: "care", name: { nb: "Omsorg" }, amount: "150000000", min: "140000000", max: "170000000" },
    ]);
    expect(sectorsFromText("school; Skole; mye; 1; 2")).toBeNull();
    expect(revenueFromText("tax; Eiendomsskatt; 5 000 000; Dyrere å bo.\nfee; Lavere avgift; -500000")).toEqual([
      { key: "tax", name: { nb: "Eiendomsskatt" }, delta: "5000000", consequence: { nb: "Dyrere å bo." } },
      { key: "fee", name: { nb: "Lavere avgift" }, delta: "-500000" },
    ]);
  });
});
