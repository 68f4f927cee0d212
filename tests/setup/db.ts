import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openDb, type DbHandle } from "#db/client.ts";
import { withDatabase } from "./global-db.ts";

/** A fresh, migrated, empty database for one test file, on the run's driver. */
export async function freshDb(): Promise<DbHandle & { dispose(): Promise<void> }> {
  const info = inject("testDb");
  if (info.driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create({ loadDataDir: new Blob([readFileSync(info.dump)]) });
    const h = await openDb({ pglite: pg });
    return { ...h, dispose: () => h.close() };
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  const name = `medvirk_t${randomBytes(4).toString("hex")}_${info.template.split("_").pop()}`;
  await admin.unsafe(`create database ${name} template ${info.template}`);
  const h = await openDb({ url: withDatabase(info.adminUrl, name) });
  return {
    ...h,
    dispose: async () => {
      await h.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A brand-new database with no tables at all (for "migrations apply from zero"). */
export async function emptyDb(): Promise<DbHandle & { dispose(): Promise<void> }> {
  const info = inject("testDb");
  if (info.driver === "pglite") {
    const h = await openDb({ memory: true });
    return { ...h, dispose: () => h.close() };
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  const name = `medvirk_t${randomBytes(4).toString("hex")}_${info.template.split("_").pop()}`;
  await admin.unsafe(`create database ${name} template template0`);
  const h = await openDb({ url: withDatabase(info.adminUrl, name) });
  return {
    ...h,
    dispose: async () => {
      await h.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
