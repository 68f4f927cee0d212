import { describe, expect, it } from "vitest";
import {
  aggregate,
  ageBand,
  balance,
  checkSpec,
  consequences,
  parseAmount,
  validateAllocation,
  weightedQuantile,
  type PrioritiesSpec,
  type Response,
} from "./priorities.ts";

const M = 1_000_000n;
const spec: PrioritiesSpec = {
  sectors: [
    {
      key: "school",
      name: "Skole",
      amount: 100n * M,
      min: 90n * M,
      max: 120n * M,
      less: "Større klasser.",
      more: "Flere lærere.",
    },
    {
      key: "care",
      name: "Helse og omsorg",
      amount: 150n * M,
      min: 140n * M,
      max: 170n * M,
      less: "Færre sykehjemsplasser.",
    },
    { key: "culture", name: "Kultur", amount: 10n * M, min: 5n * M, max: 15n * M },
  ],
  revenue: [
    {
      key: "property-tax",
      name: "Høyere eiendomsskatt",
      delta: 5n * M,
      consequence: "Om lag 2 000 kr mer i året for en vanlig bolig.",
    },
  ],
};
const alloc = (school: bigint, care: bigint, culture: bigint, revenue: string[] = []) => ({
  amounts: { school: school * M, care: care * M, culture: culture * M },
  revenue,
});

describe("validateAllocation", () => {
  it("accepts this year's budget and a balanced move of money", () => {
    expect(validateAllocation(spec, alloc(100n, 150n, 10n)).ok).toBe(true);
    expect(validateAllocation(spec, alloc(105n, 150n, 5n)).ok).toBe(true);
  });

  it("a revenue change adds money that must then be spent", () => {
    expect(validateAllocation(spec, alloc(105n, 150n, 10n))).toMatchObject({
      ok: false,
      errors: [{ code: "over-spent", difference: 5n * M }],
    });
    const r = validateAllocation(spec, alloc(105n, 150n, 10n, ["property-tax"]));
    expect(r).toEqual({
      ok: true,
      normalized: { amounts: { school: 105n * M, care: 150n * M, culture: 10n * M }, revenue: ["property-tax"] },
    });
    expect(validateAllocation(spec, alloc(100n, 150n, 10n, ["property-tax"]))).toMatchObject({
      ok: false,
      errors: [{ code: "under-spent", spent: 260n * M, available: 265n * M }],
    });
  });

  it("names every sector outside its limits, missing or unknown, before looking at the balance", () => {
    const r = validateAllocation(spec, { amounts: { school: 80n * M, care: 180n * M, roads: 1n }, revenue: ["toll"] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.code).sort()).toEqual([
      "above-max",
      "below-min",
      "missing-sector",
      "unknown-revenue",
      "unknown-sector",
    ]);
  });

  it("keeps a running total and says what each change means", () => {
    expect(balance(spec, alloc(110n, 150n, 10n))).toEqual({
      spent: 270n * M,
      available: 260n * M,
      difference: 10n * M,
    });
    const c = consequences(spec, alloc(110n, 145n, 5n));
    expect(c).toEqual([
      { key: "school", change: 10n * M, direction: "more", text: "Flere lærere." },
      { key: "care", change: -5n * M, direction: "less", text: "Færre sykehjemsplasser." },
      { key: "culture", change: -5n * M, direction: "less", text: null },
    ]);
  });

  it("staff sectors are checked: limits around this year's amount, unique keys", () => {
    expect(checkSpec(spec)).toBeNull();
    expect(checkSpec({ ...spec, sectors: [spec.sectors[0]!] })).toBe("errors.prioritiesSectors");
    expect(checkSpec({ ...spec, sectors: [spec.sectors[0]!, { ...spec.sectors[1]!, min: 160n * M }] })).toBe(
      "errors.prioritiesLimits",
    );
    expect(checkSpec({ ...spec, sectors: [spec.sectors[0]!, { ...spec.sectors[1]!, key: "school" }] })).toBe(
      "errors.prioritiesSectors",
    );
  });

  it("reads amounts as typed", () => {
    expect(parseAmount("1 250 000")).toBe(1_250_000n);
    expect(parseAmount("1.250.000")).toBe(1_250_000n);
    expect(parseAmount("-5")).toBeNull();
    expect(parseAmount("12,5")).toBeNull();
  });
});

describe("aggregate", () => {
  it("weighted quantiles take the smallest value whose cumulative weight reaches the share", () => {
    expect(weightedQuantile([1, 2, 3, 4], [1, 1, 1, 1], 0.5)).toBe(2);
    expect(weightedQuantile([1, 2, 3, 4], [1, 1, 1, 5], 0.5)).toBe(4);
    expect(weightedQuantile([], [], 0.5)).toBe(0);
  });

  const responses: Response[] = [
    { allocation: alloc(110n, 145n, 5n), profile: { area: "sentrum", ageBand: "18-29" } },
    { allocation: alloc(110n, 150n, 5n, ["property-tax"]), profile: { area: "sentrum", ageBand: "18-29" } },
    { allocation: alloc(120n, 140n, 10n, ["property-tax"]), profile: { area: "sentrum", ageBand: "30-44" } },
    { allocation: alloc(90n, 160n, 10n), profile: { area: "kiby", ageBand: "60-74" } },
  ];

  it("medians, quartiles and who wants more or less, overall and by area and age band", () => {
    const a = aggregate(spec, responses);
    expect(a.respondents).toBe(4);
    expect(a.weighted).toBe(false);
    const school = a.sectors.find((s) => s.key === "school")!;
    expect(school).toMatchObject({
      base: 100_000_000,
      median: 110_000_000,
      q1: 90_000_000,
      q3: 110_000_000,
      more: 0.75,
      less: 0.25,
      count: 4,
    });
    expect(school.byGroup.area!.kiby).toMatchObject({ median: 90_000_000, less: 1, count: 1 });
    expect(school.byGroup.ageBand!["18-29"]).toMatchObject({ median: 110_000_000, more: 1, count: 2 });
    expect(a.revenue).toEqual([{ key: "property-tax", share: 0.5, count: 2 }]);
  });

  it("weighted to the population like panel results: an under-represented area counts for more", () => {
    // Population: half in Kiby, half in Sentrum; respondents: 3 in Sentrum, 1 in Kiby.
    const a = aggregate(spec, responses, { margins: { area: { sentrum: 500, kiby: 500 } } });
    expect(a.weighted).toBe(true);
    const school = a.sectors.find((s) => s.key === "school")!;
    expect(school.less).toBeCloseTo(0.5, 9);
    expect(school.more).toBeCloseTo(0.5, 9);
    expect(a.effectiveSize).toBeCloseTo(3, 9); // weights 2/3, 2/3, 2/3, 2 → (4)²/(3·4/9 + 4) = 3
    expect(a.revenue[0]!.share).toBeCloseTo(1 / 3, 9);
  });

  it("age bands", () => {
    expect([15, 18, 29, 30, 59, 74, 75].map(ageBand)).toEqual([
      "under-18",
      "18-29",
      "18-29",
      "30-44",
      "45-59",
      "60-74",
      "75+",
    ]);
  });
});
