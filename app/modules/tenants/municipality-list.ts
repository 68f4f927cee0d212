import { parseCsvRecords } from "#app/lib/csv.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { slugify } from "./slug.ts";

// Turns the published municipality list (db/seed-data/kommuner_2024.csv) into
// the records we seed. Pure; the seed runner reads the file.
export interface MunicipalityRecord {
  number: string;
  slug: string;
  slugAliases: string[];
  officialName: string;
  name: LocalizedText;
  nameForms: string[];
  countyNumber: string;
  countyName: string;
  population: number;
  areaKm2: string | null;
  maalform: "nb" | "nn" | "neutral";
  samiArea: boolean;
  administrativeCentre: string | null;
}

const MAALFORM: Record<string, MunicipalityRecord["maalform"]> = { Bokmål: "nb", Nynorsk: "nn", Nøytral: "neutral" };

export function parseMunicipalityCsv(text: string): MunicipalityRecord[] {
  const rows = parseCsvRecords(text);
  const records = rows.map((r, i) => {
    const line = i + 2;
    const number = r.kommunenummer ?? "";
    if (!/^\d{4}$/.test(number)) throw new Error(`line ${line}: kommunenummer "${number}" is not four digits`);
    const maalform = MAALFORM[r.maalform ?? ""];
    if (!maalform) throw new Error(`line ${line}: unknown maalform "${r.maalform}"`);
    const population = Number(r.population_2024_01_01);
    if (!Number.isInteger(population) || population < 0) throw new Error(`line ${line}: bad population`);
    const norwegian = (r.name_norwegian ?? "").trim();
    // "Omasvuotna (Northern Sami); Omasvuono (Kven Finnish)"
    const others = (r.names_other_languages ?? "")
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const m = /^(.*?)\s*\(([^)]*)\)$/.exec(s);
        return m ? { name: m[1]!.trim(), language: m[2]!.trim() } : { name: s, language: "" };
      });
    const northernSami = others.find((o) => o.language === "Northern Sami")?.name;
    const nameForms = [
      ...new Set(
        [r.name_official_2024 ?? "", norwegian, ...others.map((o) => o.name)].map((s) => s.trim()).filter(Boolean),
      ),
    ];
    const name: LocalizedText = { nb: norwegian, nn: norwegian };
    if (northernSami) name.se = northernSami;
    return {
      number,
      slug: slugify(norwegian),
      slugAliases: [] as string[],
      officialName: (r.name_official_2024 ?? norwegian).trim(),
      name,
      nameForms,
      countyNumber: r.fylkesnummer ?? "",
      countyName: r.fylkesnavn ?? "",
      population,
      areaKm2: r.area_km2 ? r.area_km2 : null,
      maalform,
      samiArea: r.sami_language_admin_area_2023 === "true",
      administrativeCentre: r.administrative_centre || null,
    } satisfies MunicipalityRecord;
  });
  return assignSlugs(records);
}

/**
 * Slugs are the Norwegian name (e.g. /kautokeino). Where two municipalities
 * share a name (Herøy, Våler) both get the county appended
 * (/heroy-nordland, /heroy-more-og-romsdal). Every other name form becomes an
 * alias that redirects (/guovdageaidnu → /kautokeino).
 */
export function assignSlugs(records: MunicipalityRecord[]): MunicipalityRecord[] {
  const count = new Map<string, number>();
  for (const r of records) count.set(r.slug, (count.get(r.slug) ?? 0) + 1);
  const out = records.map((r) => ({
    ...r,
    slug: (count.get(r.slug) ?? 0) > 1 ? `${r.slug}-${slugify(r.countyName)}` : r.slug,
  }));
  const taken = new Set(out.map((r) => r.slug));
  for (const r of out) {
    const aliases = new Set<string>();
    for (const form of r.nameForms) {
      for (const part of [form, ...form.split(" - ")]) {
        const s = slugify(part);
        if (s && s !== r.slug && !taken.has(s)) aliases.add(s);
      }
    }
    r.slugAliases = [...aliases];
  }
  // An alias that two municipalities share (e.g. a plain "heroy") maps to neither.
  const aliasCount = new Map<string, number>();
  for (const r of out) for (const a of r.slugAliases) aliasCount.set(a, (aliasCount.get(a) ?? 0) + 1);
  for (const r of out) r.slugAliases = r.slugAliases.filter((a) => aliasCount.get(a) === 1);
  return out;
}
