import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  anonymised,
  checkQuotaRows,
  composition,
  instanceFiles,
  instanceOf,
  profileIssues,
  resolveQuotas,
  type QuotaRow,
} from "./quotas.ts";
import { effectiveSampleSize, rake, weightedShares } from "./raking.ts";
import { chooseReplacement } from "./replacement.ts";
import { parseCategories, parseRespondents } from "./sortition/csv.ts";
import { checkPanel, compile } from "./sortition/instance.ts";

const row = (category: string, feature: string, b: Partial<QuotaRow> = {}): QuotaRow => ({
  category,
  feature,
  min: null,
  max: null,
  populationShare: null,
  tolerance: null,
  ...b,
});

describe("quotas", () => {
  it("explicit bounds win; a population share gives floor/ceil of share × k ∓ tolerance", () => {
    const q = resolveQuotas(
      [
        row("age", "young", { min: 2, max: 4 }),
        row("age", "old", { populationShare: 0.33, tolerance: 1 }),
        row("g", "f", { populationShare: 0.5, tolerance: 0 }),
      ],
      20,
    );
    expect(q).toEqual([
      { category: "age", feature: "young", min: 2, max: 4 },
      { category: "age", feature: "old", min: 5, max: 8 },
      { category: "g", feature: "f", min: 10, max: 10 },
    ]);
  });

  it("names the line of each bad row and the first line of a category whose sums miss k", () => {
    expect(
      checkQuotaRows(
        [
          row("", "x", { min: 1 }),
          row("a", "", { min: 1 }),
          row("a", "b", { min: 3, max: 2 }),
          row("a", "c"),
          row("a", "d", { populationShare: 2 }),
        ],
        5,
      ).map((i) => [i.code, i.line]),
    ).toEqual([
      ["categoryRequired", 1],
      ["featureRequired", 2],
      ["boundsInvalid", 3],
      ["noBounds", 4],
      ["shareInvalid", 5],
    ]);
    expect(
      checkQuotaRows(
        [
          row("g", "f", { min: 1, max: 2 }),
          row("g", "m", { min: 1, max: 2 }),
          row("age", "y", { min: 4, max: 5 }),
          row("age", "o", { min: 3, max: 4 }),
        ],
        6,
      ),
    ).toEqual([
      { code: "sumBelowK", line: 1, category: "g", value: 4 },
      { code: "sumAboveK", line: 3, category: "age", value: 7 },
    ]);
    expect(
      checkQuotaRows([row("g", "f", { min: 1, max: 3 }), row("g", "f", { min: 1, max: 3 })], 4).map((i) => i.code),
    ).toEqual(["duplicate"]);
  });

  it("composition counts the pool per feature, flags cells short of their minimum, suppresses small counts for the public", () => {
    const rows = [row("g", "f", { min: 2, max: 3 }), row("g", "m", { min: 2, max: 3 })];
    const people = [{ g: "f" }, { g: "f" }, { g: "m" }];
    const c = composition(rows, 4, people);
    expect(c.map((x) => [x.feature, x.pool, x.status])).toEqual([
      ["f", 2, "ok"],
      ["m", 1, "short"],
    ]);
    expect(anonymised(c, 2).map((x) => x.pool)).toEqual([2, null]);
    expect(profileIssues(rows, { g: "x" })).toEqual([{ category: "g", code: "unknown" }]);
    expect(profileIssues(rows, {})).toEqual([{ category: "g", code: "missing" }]);
  });

  it("the instance files read back through the CLI's reader unchanged", () => {
    const inst = instanceOf(
      [row("area, north", 'a "1"', { min: 0, max: 2 }), row("area, north", "b", { min: 0, max: 2 })],
      2,
      [{ "area, north": 'a "1"' }, { "area, north": "b" }, { "area, north": "b" }],
    );
    const files = instanceFiles(inst);
    const cats = parseCategories(files.categories);
    expect(cats.quotas).toEqual(inst.quotas);
    expect(parseRespondents(files.respondents, cats.quotas).people).toEqual(inst.people);
  });
});

describe("raking", () => {
  it("the weights reproduce every margin (two crossed categories)", () => {
    const profiles = [
      ...Array.from({ length: 30 }, () => ({ g: "f", a: "young" })),
      ...Array.from({ length: 10 }, () => ({ g: "f", a: "old" })),
      ...Array.from({ length: 5 }, () => ({ g: "m", a: "young" })),
      ...Array.from({ length: 15 }, () => ({ g: "m", a: "old" })),
    ];
    const r = rake(profiles, { g: { f: 500, m: 500 }, a: { young: 300, old: 700 } });
    expect(r.converged).toBe(true);
    expect(r.used).toEqual(["g", "a"]);
    const share = (cat: "g" | "a", f: string) =>
      profiles.reduce((s, p, i) => s + (p[cat] === f ? r.weights[i]! : 0), 0) / profiles.length;
    expect(share("g", "f")).toBeCloseTo(0.5, 9);
    expect(share("a", "old")).toBeCloseTo(0.7, 9);
    expect(r.effectiveSize).toBeLessThan(profiles.length);
    expect(r.marginOfError).toBeCloseTo(1.96 * Math.sqrt(0.25 / r.effectiveSize), 12);
  });

  it("random samples: raked weights reproduce random margins whenever every cell has a respondent (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 6,
          maxLength: 60,
        }),
        fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })),
        fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })),
        (pairs, am, bm) => {
          const profiles = pairs.map(([a, b]) => ({ a: `a${a}`, b: `b${b}` }));
          const margins = { a: { a0: am[0], a1: am[1], a2: am[2] }, b: { b0: bm[0], b1: bm[1] } };
          const r = rake(profiles, margins);
          for (const [cat, counts] of Object.entries(margins)) {
            if (!r.used.includes(cat)) continue;
            const total = Object.values(counts).reduce((x, y) => x + y, 0);
            for (const [f, c] of Object.entries(counts)) {
              const s =
                profiles.reduce((acc, p, i) => acc + (p[cat as "a" | "b"] === f ? r.weights[i]! : 0), 0) /
                profiles.length;
              if (r.converged) expect(Math.abs(s - c / total)).toBeLessThan(1e-6);
            }
          }
          expect(r.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(profiles.length, 6);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a category with an empty cell or an unknown feature is left out and named", () => {
    const r = rake([{ g: "f" }, { g: "f" }], { g: { f: 1, m: 1 } });
    expect(r.skipped).toEqual([{ category: "g", reason: "emptyCell" }]);
    expect(r.weights).toEqual([1, 1]);
    expect(rake([{ g: "x" }], { g: { f: 1 } }).skipped).toEqual([{ category: "g", reason: "unknownFeature" }]);
    expect(effectiveSampleSize([1, 1, 1, 1])).toBe(4);
    const s = weightedShares(["yes", "no", null, "yes"], [1, 3, 1, 1]);
    expect(s.get("yes")).toEqual({ raw: 2 / 3, weighted: 2 / 5, count: 2 });
  });
});

describe("replacement", () => {
  const inst = instanceOf(
    [
      row("g", "f", { min: 1, max: 1 }),
      row("g", "m", { min: 1, max: 1 }),
      row("a", "y", { min: 1, max: 2 }),
      row("a", "o", { min: 0, max: 1 }),
    ],
    2,
    [
      { g: "f", a: "y" },
      { g: "m", a: "o" },
      { g: "f", a: "y" },
      { g: "f", a: "o" },
      { g: "m", a: "y" },
    ],
  );
  const model = compile(inst);
  it("prefers someone with the same features, and keeps quotas", () => {
    const r = chooseReplacement(model, [0, 1], 0, [2, 3, 4], "s");
    expect(r).toEqual({ row: 2, sameProfile: true, candidates: 1 });
  });
  it("otherwise anyone who keeps every quota; null when nobody does", () => {
    const r = chooseReplacement(model, [0, 1], 1, [4], "s");
    expect(r).toEqual({ row: 4, sameProfile: false, candidates: 1 });
    expect(chooseReplacement(model, [0, 1], 1, [2, 3], "s")).toBeNull();
    expect(checkPanel(model, [0, 4]).ok).toBe(true);
  });
});
