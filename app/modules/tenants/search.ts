import { foldText } from "./slug.ts";

// Municipality search: by any name form (Norwegian, Sami, Kven), by
// kommunenummer, or by county. Diacritics and case do not matter, so
// "guovdageaidnu", "Guovdageaidnu" and "kárášjohka"/"karasjohka" all match.
export interface Searchable {
  number: string;
  officialName: string;
  nameForms: string[];
  countyNumber: string;
  countyName: string;
  population: number;
}

export interface SearchIndexEntry<T> {
  item: T;
  names: string[]; // folded name forms
  county: string; // folded county name
}

export function buildSearchIndex<T extends Searchable>(items: T[]): SearchIndexEntry<T>[] {
  return items.map((item) => ({
    item,
    names: [...new Set([item.officialName, ...item.nameForms].map(foldText))],
    county: foldText(item.countyName),
  }));
}

/**
 * Ranks: exact number, then a name form that starts with the query, then a
 * word inside a name, then a county match; larger municipalities first within
 * a rank. An empty query lists everything (filtered by county if given).
 */
export function searchMunicipalities<T extends Searchable>(
  index: SearchIndexEntry<T>[],
  query: string,
  opts: { county?: string | null; limit?: number } = {},
): T[] {
  const q = foldText(query.trim()).replace(/\s+/g, " ").slice(0, 100);
  const county = opts.county?.trim() || null;
  const scored: { item: T; rank: number }[] = [];
  for (const e of index) {
    if (county && e.item.countyNumber !== county) continue;
    let rank: number;
    if (!q) rank = 5;
    else if (/^\d{1,4}$/.test(q))
      rank = e.item.number === q.padStart(4, "0") ? 0 : e.item.number.startsWith(q) ? 1 : -1;
    else if (e.names.some((n) => n === q)) rank = 1;
    else if (e.names.some((n) => n.startsWith(q))) rank = 2;
    else if (e.names.some((n) => n.split(/[\s-]+/).some((w) => w.startsWith(q)))) rank = 3;
    else if (e.county.startsWith(q) || e.county.split(/[\s-]+/).some((w) => w.startsWith(q))) rank = 4;
    else rank = -1;
    if (rank >= 0) scored.push({ item: e.item, rank });
  }
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      (q ? b.item.population - a.item.population : a.item.officialName.localeCompare(b.item.officialName, "nb")),
  );
  const out = scored.map((s) => s.item);
  return opts.limit ? out.slice(0, opts.limit) : out;
}
