import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { municipalities } from "#db/schema/index.ts";
import type { DbHandle } from "#db/client.ts";
import { parseMunicipalityCsv } from "#app/modules/tenants/municipality-list.ts";
import { seedDemo } from "#app/modules/demo/seed.server.ts";
import { seedDemoStaff } from "#app/modules/demo/staff.server.ts";

export const MUNICIPALITY_CSV = fileURLToPath(new URL("../db/seed-data/kommuner_2024.csv", import.meta.url));

/**
 * Upserts all 357 municipalities by kommunenummer. Running it again leaves
 * the same rows (same ids, same values); corrections in the file flow in.
 */
export async function seedMunicipalities(h: DbHandle): Promise<number> {
  const records = parseMunicipalityCsv(readFileSync(MUNICIPALITY_CSV, "utf8"));
  await h.db
    .insert(municipalities)
    .values(records.map((r) => ({ ...r })))
    .onConflictDoUpdate({
      target: municipalities.number,
      set: {
        slug: sql`excluded.slug`,
        slugAliases: sql`excluded.slug_aliases`,
        officialName: sql`excluded.official_name`,
        name: sql`excluded.name`,
        nameForms: sql`excluded.name_forms`,
        countyNumber: sql`excluded.county_number`,
        countyName: sql`excluded.county_name`,
        population: sql`excluded.population`,
        areaKm2: sql`excluded.area_km2`,
        maalform: sql`excluded.maalform`,
        samiArea: sql`excluded.sami_area`,
        administrativeCentre: sql`excluded.administrative_centre`,
      },
    });
  return records.length;
}

export async function runSeed(
  h: DbHandle,
  opts: { demo: boolean; demoStaff?: boolean; now: Date },
): Promise<{ municipalities: number; demoTenantId: string | null }> {
  const n = await seedMunicipalities(h);
  const demo = opts.demo ? await seedDemo(h.db, opts.now) : null;
  if (demo && opts.demoStaff) await seedDemoStaff(h.db, opts.now);
  return { municipalities: n, demoTenantId: demo?.tenantId ?? null };
}
