import { municipalities } from "#db/schema/index.ts";
import type { DbHandle } from "#db/client.ts";
import type { TenantLanguage } from "#app/lib/i18n.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { buildSearchIndex, searchMunicipalities, type SearchIndexEntry } from "./search.ts";

export interface Municipality extends TenantLanguage {
  id: string;
  number: string;
  slug: string;
  slugAliases: string[];
  officialName: string;
  name: LocalizedText;
  nameForms: string[];
  countyNumber: string;
  countyName: string;
  population: number;
  administrativeCentre: string | null;
}

/**
 * The 357 municipalities change only when the seed runs, so they are read
 * once and kept in memory: slug lookups and search cost no database round
 * trip. `reload()` after anything that changes the table.
 */
export class TenantDirectory {
  private list: Municipality[] = [];
  private bySlug = new Map<string, Municipality>();
  private byAlias = new Map<string, Municipality>();
  private byNumber = new Map<string, Municipality>();
  private byId = new Map<string, Municipality>();
  private index: SearchIndexEntry<Municipality>[] = [];
  private countyList: { number: string; name: string }[] = [];

  constructor(private readonly db: DbHandle) {}

  async reload(): Promise<void> {
    const rows = await this.db.db.select().from(municipalities);
    this.list = rows
      .map((r) => ({
        id: r.id,
        number: r.number,
        slug: r.slug,
        slugAliases: r.slugAliases,
        officialName: r.officialName,
        name: r.name,
        nameForms: r.nameForms,
        countyNumber: r.countyNumber,
        countyName: r.countyName,
        population: r.population,
        maalform: r.maalform,
        samiArea: r.samiArea,
        administrativeCentre: r.administrativeCentre,
      }))
      .sort((a, b) => a.officialName.localeCompare(b.officialName, "nb"));
    this.bySlug = new Map(this.list.map((m) => [m.slug, m]));
    this.byNumber = new Map(this.list.map((m) => [m.number, m]));
    this.byId = new Map(this.list.map((m) => [m.id, m]));
    this.byAlias = new Map(this.list.flatMap((m) => m.slugAliases.map((a) => [a, m] as const)));
    this.index = buildSearchIndex(this.list);
    const counties = new Map<string, string>();
    for (const m of this.list) counties.set(m.countyNumber, m.countyName);
    this.countyList = [...counties]
      .map(([number, name]) => ({ number, name }))
      .sort((a, b) => a.name.localeCompare(b.name, "nb"));
  }

  all(): readonly Municipality[] {
    return this.list;
  }
  counties(): readonly { number: string; name: string }[] {
    return this.countyList;
  }
  bySlugOrAlias(slug: string): { municipality: Municipality; canonical: boolean } | null {
    const s = slug.toLowerCase();
    const m = this.bySlug.get(s);
    if (m) return { municipality: m, canonical: s === slug };
    const a = this.byAlias.get(s);
    return a ? { municipality: a, canonical: false } : null;
  }
  getByNumber(number: string): Municipality | undefined {
    return this.byNumber.get(number);
  }
  getById(id: string): Municipality | undefined {
    return this.byId.get(id);
  }
  search(query: string, opts: { county?: string | null; limit?: number } = {}): Municipality[] {
    return searchMunicipalities(this.index, query, opts);
  }
}
