import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "#db/schema/index.ts";
import { LOOKS_PERSONAL, NOT_PERSONAL, PERSONAL } from "#db/schema/personal.ts";

// Every column that can hold personal data is declared in db/schema/personal.ts
// (issue 21): this walks the drizzle schema and fails on a column whose name
// looks personal but is neither declared personal nor declared not personal.
const tables = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => v instanceof PgTable)
  .map((t) => getTableConfig(t));
const columnsOf = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

describe("the personal-data registry", () => {
  it("declares every column whose name looks personal", () => {
    const undeclared: string[] = [];
    for (const t of tables)
      for (const c of t.columns) {
        if (!LOOKS_PERSONAL.test(c.name)) continue;
        const personal = (PERSONAL as Record<string, Record<string, string>>)[t.name]?.[c.name];
        const not = NOT_PERSONAL[t.name]?.[c.name];
        if (!personal && !not) undeclared.push(`${t.name}.${c.name}`);
      }
    expect(undeclared, "declare these in db/schema/personal.ts (PERSONAL or NOT_PERSONAL)").toEqual([]);
  });

  it("names only columns that exist, and none as both personal and not", () => {
    const stale: string[] = [];
    const both: string[] = [];
    for (const [table, cols] of Object.entries({ ...NOT_PERSONAL }))
      for (const c of Object.keys(cols)) if (!columnsOf.get(table)?.has(c)) stale.push(`${table}.${c}`);
    for (const [table, cols] of Object.entries(PERSONAL))
      for (const c of Object.keys(cols)) {
        if (!columnsOf.get(table)?.has(c)) stale.push(`${table}.${c}`);
        if (NOT_PERSONAL[table]?.[c]) both.push(`${table}.${c}`);
      }
    expect(stale).toEqual([]);
    expect(both).toEqual([]);
  });
});
