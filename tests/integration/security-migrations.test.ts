import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, inject, it } from "vitest";
import { openDb, type DbHandle } from "#db/client.ts";
import { migrate, migrationsFolder } from "#db/migrate.ts";
import { withDatabase } from "#tests/setup/global-db.ts";

// Issue 21: migrations run under an advisory lock, so two processes starting
// together on a fresh database both come up, and every migration is applied
// once. On PostgreSQL the two handles are two pools (as two processes would
// have); on PGlite they share its one connection.
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function twoHandles(): Promise<[DbHandle, DbHandle]> {
  const info = inject("testDb");
  if (info.driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create();
    cleanup.push(() => pg.close());
    return [await openDb({ pglite: pg }), await openDb({ pglite: pg })];
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  const name = `medvirk_race${randomBytes(4).toString("hex")}_${info.template.split("_").pop()}`;
  await admin.unsafe(`create database ${name} template template0`);
  const url = withDatabase(info.adminUrl, name);
  const handles: [DbHandle, DbHandle] = [await openDb({ url }), await openDb({ url })];
  cleanup.push(async () => {
    for (const h of handles) await h.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  return handles;
}

it("two migrations racing on a fresh database both succeed and apply each migration once", async () => {
  const [a, b] = await twoHandles();
  const results = await Promise.allSettled([migrate(a), migrate(b)]);
  expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const [applied] = await a.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  expect(applied!.n).toBe(journal.entries.length);
  const [tables] = await b.rows<{ n: number }>(
    sql`select count(*)::int as n from information_schema.tables where table_name = 'audit_checkpoints'`,
  );
  expect(tables!.n).toBe(1);
});
