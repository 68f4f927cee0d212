import { fileURLToPath } from "node:url";
import type { DbHandle } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** pg_advisory_lock key held while migrating (any fixed number no other lock uses). */
export const MIGRATION_LOCK = 7_340_114;

// Applies the committed drizzle-kit migrations; the same files on both drivers.
// Under an advisory lock: processes starting together against one database
// migrate one after the other, and the later ones find nothing left to do
// (issue 21). Needs a pool of at least two connections (DB_POOL_MAX ≥ 2).
export async function migrate(h: DbHandle): Promise<void> {
  await h.withAdvisoryLock(MIGRATION_LOCK, () => apply(h));
}

async function apply(h: DbHandle): Promise<void> {
  if (h.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // postgres.js prints NOTICEs ("schema already exists") to the console otherwise
    await migrate(h.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(h.db as never, { migrationsFolder });
  }
}
