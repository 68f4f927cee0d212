import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseMunicipalityCsv } from "./municipality-list.ts";
import { buildSearchIndex, searchMunicipalities } from "./search.ts";
import { RESERVED_SLUGS, slugify } from "./slug.ts";

const csv = readFileSync(path.resolve(__dirname, "../../../db/seed-data/kommuner_2024.csv"), "utf8");
const all = parseMunicipalityCsv(csv);
const index = buildSearchIndex(all);
const byNumber = (n: string) => all.find((m) => m.number === n)!;

describe("municipality list", () => {
  it("has all 357 municipalities with their population", () => {
    expect(all).toHaveLength(357);
    expect(all.reduce((s, m) => s + m.population, 0)).toBe(5_550_203);
    expect(all.filter((m) => m.samiArea)).toHaveLength(13);
  });
  it("keeps name forms, county, written standard", () => {
    const k = byNumber("5612");
    expect(k.officialName).toBe("Guovdageaidnu - Kautokeino");
    expect(k.nameForms).toEqual(expect.arrayContaining(["Kautokeino", "Guovdageaidnu"]));
    expect(k.name.se).toBe("Guovdageaidnu");
    expect(k.samiArea).toBe(true);
    expect(k.countyName).toBe("Finnmark");
    expect(all.filter((m) => m.maalform === "nn")).toHaveLength(88);
  });
  it("rejects a broken line with its number", () => {
    const header = csv.split("\n")[0];
    expect(() => parseMunicipalityCsv(`${header}\n12,X,X,X,,03,Oslo,Oslo,1,1,Bokmål,X,false\n`)).toThrowError(
      /^line 2: kommunenummer/,
    );
  });
});

describe("slugs", () => {
  it("folds Norwegian and Sami letters", () => {
    expect(slugify("Bø")).toBe("bo");
    expect(slugify("Ås")).toBe("as");
    expect(slugify("Kárášjohka")).toBe("karasjohka");
    expect(slugify("Porsáŋgu")).toBe("porsangu");
    expect(slugify("Dielddanuorri - Tjeldsund")).toBe("dielddanuorri-tjeldsund");
    expect(slugify("Sør-Varanger")).toBe("sor-varanger");
  });
  it("gives every municipality a unique slug from its Norwegian name", () => {
    const slugs = all.map((m) => m.slug);
    expect(new Set(slugs).size).toBe(357);
    expect(byNumber("5612").slug).toBe("kautokeino");
    expect(byNumber("0301").slug).toBe("oslo");
  });
  it("disambiguates shared names by county", () => {
    const heroy = all
      .filter((m) => m.name.nb === "Herøy")
      .map((m) => m.slug)
      .sort();
    expect(heroy).toEqual(["heroy-more-og-romsdal", "heroy-nordland"]);
    expect(all.filter((m) => m.name.nb === "Våler")).toHaveLength(2);
  });
  it("makes other name forms aliases, never clashing with a slug", () => {
    expect(byNumber("5612").slugAliases).toContain("guovdageaidnu");
    const slugs = new Set(all.map((m) => m.slug));
    for (const m of all) for (const a of m.slugAliases) expect(slugs.has(a)).toBe(false);
  });
  it("never takes a reserved top-level path", () => {
    for (const m of all) {
      expect(RESERVED_SLUGS.has(m.slug)).toBe(false);
      for (const a of m.slugAliases) expect(RESERVED_SLUGS.has(a)).toBe(false);
    }
  });
});

describe("municipality search", () => {
  const names = (q: string, county?: string) => searchMunicipalities(index, q, { county }).map((m) => m.number);
  it("finds Kautokeino by its Sami name, in any case, with or without diacritics", () => {
    expect(names("Guovdageaidnu")[0]).toBe("5612");
    expect(names("guovdageaidnu")[0]).toBe("5612");
    expect(names("Kárášjohka")[0]).toBe("5610");
    expect(names("karasjohka")[0]).toBe("5610");
  });
  it("finds by number", () => {
    expect(names("0301")).toEqual(["0301"]);
    expect(names("301")[0]).toBe("0301");
    expect(names("56").every((n) => n.startsWith("56"))).toBe(true);
  });
  it("finds by county name and filters by county number", () => {
    const finnmark = names("Finnmark");
    expect(finnmark).toHaveLength(18);
    expect(names("", "56")).toHaveLength(18);
    expect(names("Vadsø", "03")).toEqual([]);
  });
  it("ranks prefix matches, larger places first", () => {
    expect(names("Bergen")[0]).toBe("4601");
    expect(names("Tromsø")[0]).toBe("5501");
  });
  it("returns nothing for nonsense and everything for an empty query", () => {
    expect(names("zzzzqqq")).toEqual([]);
    expect(names("")).toHaveLength(357);
    expect(names("<script>")).toEqual([]);
  });
});
